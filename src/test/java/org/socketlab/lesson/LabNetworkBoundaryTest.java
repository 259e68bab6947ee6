package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.capture.BrokerProbe;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * The lab network is a boundary, not a door (packaging/linux/labnet/), tried as a student would be: as this test's
 * user and, when it runs as root (CI), as nobody. Nothing started in the lab can make a user namespace (with a positive
 * control outside it, so the test cannot pass where namespaces are simply off), the broker takes only its structured
 * requests, and no process but the lab's own program can reach it or look inside it.
 */
class LabNetworkBoundaryTest {
    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void buildLabnet() throws Exception {
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
        Labnet.Outcome probe = Labnet
                .runCommand(asStudent(List.of(labnet.toString(), "enter", "--strict", "--", "true")));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command as a student runs it: nobody when this test is root, else this test's own user. */
    private static List<String> asStudent(List<String> command) {
        if (!root()) return command;
        List<String> all = new ArrayList<>(ChildLessonRun.AS_NOBODY);
        all.add("--");
        all.addAll(command);
        return all;
    }

    private static Labnet.Outcome inLab(List<String> command) throws Exception {
        List<String> all = new ArrayList<>(List.of(labnet.toString(), "enter", "--strict", "--"));
        all.addAll(command);
        return Labnet.runCommand(asStudent(all));
    }

    /** The lab's own program: a JVM labnet started, running BrokerProbe with {@code arguments}. */
    private static Labnet.Outcome probe(String... arguments) throws Exception {
        List<String> command = ChildJvm.command("-cp", String.join(File.pathSeparator, classPath),
                "org.socketlab.capture.BrokerProbe");
        command.addAll(List.of(arguments));
        return inLab(command);
    }

    /**
     * Each request to the broker of one lab network, one after the other from one probe JVM (BrokerProbe's
     * {@code each}), and what was said of each, in their order: a lab and a JVM per request cost a second each on two
     * cores, and a broker that a refused request left unable to refuse or serve the next fails here too.
     */
    private static List<String> probeEach(List<List<String>> requests) throws Exception {
        List<String> args = new ArrayList<>(List.of("each"));
        for (List<String> request : requests) {
            if (args.size() > 1) args.add(BrokerProbe.NEXT);
            args.addAll(request);
        }
        Labnet.Outcome o = probe(args.toArray(String[]::new));
        List<String> said = new ArrayList<>();
        for (int n = 1; n <= requests.size(); n++) {
            int from = o.output().indexOf("request " + n + ":\n"),
                    to = o.output().indexOf("end of request " + n + "\n");
            assertTrue(from >= 0 && to > from, "request " + n + " " + requests.get(n - 1) + " said:\n" + o.output());
            said.add(o.output().substring(from, to));
        }
        return said;
    }

    @Test
    void nothingStartedInTheLabCanMakeAUserNamespaceThoughTheSameUserCanOutsideIt() throws Exception {
        Path unshare = Path.of("/usr/bin/unshare");
        CiRules.requireOrSkip(Files.isExecutable(unshare), "unshare (util-linux)");
        // Positive control: outside the lab this very user makes a user namespace (and a network namespace in it).
        Labnet.Outcome outside = Labnet.runCommand(asStudent(List.of(unshare.toString(), "-Urn", "true")));
        assertEquals(0, outside.status(), "outside the lab the student can make a user namespace: " + outside.output());
        for (List<String> attempt : List.of(List.of("-U", "true"), List.of("-Urn", "true"), List.of("-r", "true"))) {
            List<String> command = new ArrayList<>(List.of(unshare.toString()));
            command.addAll(attempt);
            Labnet.Outcome inside = inLab(command);
            assertNotEquals(0, inside.status(), "unshare " + attempt + " in the lab: " + inside.output());
            assertTrue(inside.output().contains("Operation not permitted"), inside.output());
            // A program the lab's own program starts (the terminal, Watch, check) is refused the same.
            List<String> started = new ArrayList<>(List.of("start"));
            started.addAll(command);
            Labnet.Outcome byTheLab = probe(started.toArray(String[]::new));
            assertNotEquals(0, byTheLab.status(), "started by the lab's program: " + byTheLab.output());
        }
        // What the lab's program holds: no capability at all (root's too), no new privileges, the filter.
        Labnet.Outcome status = inLab(List.of("/bin/cat", "/proc/self/status"));
        for (String line : List.of("CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2"))
            assertTrue(status.output().contains(line), line + " in\n" + status.output());
    }

    @Test
    void theBrokerTakesItsStructuredRequestsAndRefusesEverythingElseRunningNothing() throws Exception {
        // A program that leaves a mark if anything ever runs it, in a folder the student may write.
        Path dir = Files.createDirectories(shared.resolve("marks"));
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
        Path mark = dir.resolve("ran"), program = dir.resolve("evil.sh");
        Files.writeString(program, "#!/bin/sh\ntouch " + mark + "\n");
        assertTrue(program.toFile().setExecutable(true, false) && program.toFile().setReadable(true, false));
        List<List<String>> hostile = List.of(
                List.of("tcpdump", "-i", "lo", "-G", "1", "-w", dir.resolve("f").toString(), "-z", program.toString()),
                List.of("capture", "lo", "-z", program.toString()), List.of("capture", "-z", program.toString()),
                List.of("capture", "lo -z " + program, "256"), List.of("capture", "eth0", "256"),
                List.of("capture", "lo", "256;" + program), List.of("nft", "flush", "ruleset"),
                List.of("nft", "-f", "/etc/passwd"), List.of("sh", "-c", program.toString()), List.of("run", "nft"),
                // contain: its folders come as descriptors (none here), its program is an absolute path, never a shell
                List.of("contain", "64", "10", "64", "512", "16", "t", program.toString()),
                List.of("contain", "64", "10", "64", "512", "16", "", "sh", "-c", program.toString()),
                // the hosts' requests (issue 40): fixed word counts, a rate that is a number, a name that is a name
                List.of("host", program.toString()), List.of("link", "1", "100", program.toString()),
                List.of("link", "1", "100;" + program), List.of("link", program.toString(), "100"),
                List.of("netem", "delay", "100ms"), List.of("endpoint", "../" + program.getFileName(), "1"),
                List.of("endpoint", "server", program.toString()),
                // the second host's table and log (issue 40): only a host this lab made (none here), its log groups
                List.of("nft-in", "1", "fresh", "19", "4000"), List.of("nft-in", "fresh", "19", "4000"),
                List.of("nft-in", "1", "-f", program.toString()), List.of("capture-in", "1", "nflog:19", "256"),
                List.of("capture-in", "nflog:19", "256"), List.of("capture-in", "1", "lo", "256;" + program),
                List.of("capture-in", "1", "nflog:19", "256", "-z", program.toString()));
        List<List<String>> requests = new ArrayList<>();
        for (List<String> request : hostile) {
            List<String> args = new ArrayList<>(List.of("request"));
            args.addAll(request);
            requests.add(args);
        }
        List<String> said = probeEach(requests);
        for (int i = 0; i < hostile.size(); i++) {
            assertTrue(said.get(i).contains("status 126 stdout 0"), hostile.get(i) + ": " + said.get(i));
            assertTrue(said.get(i).contains("labnet: request refused: "), hostile.get(i) + ": " + said.get(i));
        }
        // Status 126 with labnet's own line (not a program's status or words, no pcap header) is the broker's refusal,
        // decided before it forks anything: there was never a tcpdump to rotate its file and run -z. And the lab has
        // ended with the probe, so nothing it started is left to do it later.
        assertFalse(Files.exists(mark), "nothing the refused requests named ever ran");
        assertFalse(Files.exists(dir.resolve("f")), "and nothing was written");
        // Its own requests do run: nft on SocketLab's table, a capture (a pcap header comes out) it then stops.
        // labnet's own capture: no tcpdump needed
        List<String> served = probeEach(List.of(List.of("request", "capture", "lo", "256"),
                List.of("request", "capture", "any", "256"), List.of("request", "nft", "fresh", "19", "4000")));
        assertTrue(served.get(0).contains("stdout 24"), served.get(0));
        assertTrue(served.get(1).contains("stdout 24"), served.get(1));
        Path nft = Path.of("/usr/sbin/nft");
        if (Files.isExecutable(nft) || CiRules.onCi())
            assertTrue(served.get(2).contains("status 0 stdout 0"), served.get(2));
    }

    /**
     * Odd and hostile words where the broker takes a name, a host or a program (issue 54): "..", "/", a name over its
     * length, a word split by a NUL (Java sends none: two words arrive), numbers that are not plain digits, a whole
     * request over the broker's 8 KiB, and a working folder whose path is too long to be read whole. Each is refused
     * with labnet's line (status 126) before anything runs: a word never becomes a path unchecked.
     */
    @Test
    void oddWordsToTheBrokerAreRefusedBeforeAnythingRuns() throws Exception {
        Path work = Files.createDirectories(shared.resolve("odd-work"));
        assertTrue(work.toFile().setWritable(true, false) && work.toFile().setExecutable(true, false));
        String devnull = "/dev/null", folder = work.toString();
        List<String> names = List.of("..", "../../tmp/odd", "a/b", "/etc/passwd", "a".repeat(65), "", "a b", "a\nb",
                "ñ", "name\t");
        List<String> hosts = List.of("../2", "2/..", "/proc/1", "-2", " 2", "2 ", "0x10", "9999999999", "", "+2");
        List<List<String>> refused = new ArrayList<>();
        for (String name : names) refused.add(List.of(devnull, "endpoint", name, "2"));
        for (String host : hosts) {
            refused.add(List.of(devnull, "endpoint", "server", host));
            refused.add(List.of(folder, "contain", "64", "10", "64", "512", "16", host, "t", "0", "-", "/bin/true"));
        }
        // a NUL inside a word arrives as two words; a request whose words do not add up is refused as a whole
        refused.add(List.of(devnull, "endpoint", "a", "../x", "2"));
        for (String odd : List.of("1" + "0".repeat(5000), "../10", "10/", "1e3"))
            refused.add(List.of(folder, "contain", odd, "10", "64", "512", "16", "-", "t", "0", "-", "/bin/true"));
        for (String program : List.of("../bin/true", "bin/true", "true", ""))
            refused.add(List.of(folder, "contain", "64", "10", "64", "512", "16", "-", "t", "0", "-", program));
        for (String kinds : List.of("/", "..", "tt", "r", "t/"))
            refused.add(List.of(folder, "contain", "64", "10", "64", "512", "16", "-", kinds, "0", "-", "/bin/true"));
        refused.add(List.of(folder, "contain", "64", "10", "64", "512", "16", "-", "t", "256", "trace=../x",
                "/bin/true"));
        List<List<String>> requests = new ArrayList<>();
        for (List<String> request : refused) {
            List<String> args = new ArrayList<>(List.of("request-with"));
            args.addAll(request);
            requests.add(args);
        }
        List<String> said = probeEach(requests);
        for (int i = 0; i < refused.size(); i++) {
            assertTrue(said.get(i).contains("status 126 stdout 0"), refused.get(i) + ": " + said.get(i));
            assertTrue(said.get(i).contains("labnet: request refused: "), refused.get(i) + ": " + said.get(i));
        }
        // Over the broker's 8 KiB: cut short in its receive, refused whole (its status, no words to say more).
        Labnet.Outcome big = probe("request", "endpoint", "x".repeat(9000), "2");
        assertTrue(big.output().contains("status 126 stdout 0"), big.output());
        // A working folder 21 levels of 200 bytes deep: its path (over 4 KiB) cannot be read whole, so it is refused,
        // never cut into another path. (The shell's cd stops short of 4 KiB; env -C takes the last step.)
        String level = "d".repeat(200);
        String deep = "cd " + work + " && for i in $(seq 20); do mkdir -p " + level + " && cd " + level
                + " || exit 9; done; mkdir -p " + level + " && exec /usr/bin/env -C " + level + " " + labnet
                + " contain . -- /bin/true";
        try {
            Labnet.Outcome tooLong = inLab(List.of("/bin/sh", "-c", deep));
            assertEquals(126, tooLong.status(), tooLong.output());
            assertTrue(tooLong.output().contains("contain: a folder that is gone"), tooLong.output());
        } finally {
            // rm walks the tree by descriptors; a walk by whole paths (the temporary folder's own) could not
            new ProcessBuilder("/bin/rm", "-rf", level).directory(work.toFile()).start().waitFor();
        }
    }

    @Test
    void noProcessButTheLabsOwnProgramReachesOrLooksInsideTheBroker() throws Exception {
        // A program the lab's program starts has the variable but not the socket: the broker is out of its reach.
        Labnet.Outcome started = probe("start", labnet.toString(), "capture", "lo");
        assertEquals(125, started.status(), started.output());
        assertTrue(started.output().contains("no lab network broker was handed to this process"), started.output());
        // The broker has no name anyone could connect to: the lab network's /proc/net/unix lists no abstract name.
        Labnet.Outcome names = inLab(List.of("/bin/cat", "/proc/net/unix"));
        assertEquals(0, names.status(), names.output());
        assertTrue(names.output().lines().skip(1).noneMatch(l -> l.contains(" @")), names.output());
        // Not dumpable: a process of the same user in the lab cannot look at its descriptors or memory.
        Labnet.Outcome look = inLab(List.of("/bin/sh", "-c",
                "pid=${SOCKETLAB_LABNET#*:}; ls /proc/$pid/fd && exit 10; head -c1 /proc/$pid/mem && exit 11; exit 0"));
        assertEquals(0, look.status(), look.output());
        assertTrue(look.output().contains("Permission denied"), look.output());
        Path strace = Path.of("/usr/bin/strace");
        if (Files.isExecutable(strace) || CiRules.onCi()) {
            Labnet.Outcome trace = inLab(List.of("/bin/sh", "-c",
                    strace + " -p ${SOCKETLAB_LABNET#*:} -e trace=none")); // not exec: the broker is the shell's child
            assertNotEquals(0, trace.status(), trace.output());
            assertTrue(trace.output().contains("Operation not permitted"), trace.output());
        }
    }

    /**
     * The audit of 2026-11-28's R5: a daemon a program of the lab double-forks (setsid, its parent gone) is ended with
     * the lab when the lab's program is killed with SIGKILL (as {@code trace --lab-network}'s program was when SocketLab
     * got kill -9): labnet, its subreaper, ends what is left. The daemon is seen to run first (it writes a file).
     */
    @Test
    void aDaemonOfTheLabEndsWhenTheLabsProgramIsKilled() throws Exception {
        String marker = String.valueOf(8_000_000 + ProcessHandle.current().pid() % 1_000_000);
        Path ran = Path.of("/tmp/socketlab-daemon-" + marker);
        try {
            Labnet.Outcome killed = inLab(List.of("/bin/sh", "-c", "setsid /bin/sh -c 'touch " + ran + "; exec sleep "
                    + marker + "' </dev/null >/dev/null 2>&1 & sleep 1; kill -9 $$"));
            assertEquals(128 + 9, killed.status(), killed.output());
            assertTrue(Files.exists(ran), "the daemon ran");
            Await.until(Duration.ofSeconds(5), () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
                    .map(List::of).orElse(List.of()).contains(marker)), () -> "no sleep " + marker + " left");
        } finally {
            Files.deleteIfExists(ran);
        }
    }

    @Test
    void labnetIsStaticallyLinkedSoNoPreloadedLibraryRunsInIt() throws IOException {
        // An ELF file with no PT_INTERP program header has no dynamic loader: LD_PRELOAD is never read.
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(labnet)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x7f454c46, elf.order(ByteOrder.BIG_ENDIAN).getInt(0));
        elf.order(ByteOrder.LITTLE_ENDIAN);
        long phoff = elf.getLong(0x20);
        int size = Short.toUnsignedInt(elf.getShort(0x36)), count = Short.toUnsignedInt(elf.getShort(0x38));
        assertTrue(count > 0);
        for (int i = 0; i < count; i++) assertNotEquals(3, elf.getInt((int) (phoff + (long) i * size)), "PT_INTERP");
    }
}
