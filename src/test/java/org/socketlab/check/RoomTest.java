package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.testing.Soak;
import org.socketlab.trace.Strace;

/**
 * Issue 54: {@code check} runs each submission in an empty room. Hostile submissions written for it (hostile.c's
 * room acts, forger.c) aim at what the audit of 2026-11-26 reached, and each is observed from outside: a root-owned
 * socket in /run of a test-made group (docker.sock's stand-in) and another user's socket in /dev/shm are never
 * connected to, a device node of that group is never opened, the grader's SysV segment still holds what it held, a
 * results file outside the home is unchanged, nothing is left in /tmp, /var/tmp, /dev/shm, /run/lock or among the
 * SysV objects, the forger fails whole-reply, and children touching 4 x 200 MB under 256 MB are ended with their
 * total RSS, read from outside, never more than 10 % over. Each batch runs as root (the program is then nobody) and
 * as uid 65534 with the test-made group among its groups (as a grader in the docker group); every correct submission
 * beside the hostile ones passes. The done-when's batch (a soak test): 20 correct clients and 5 cheats, each of which
 * reads the reply once and tries to turn its verdict true through the grader's files, IPC, host sockets, its
 * neighbours or a forged record, or forks a bomb; every cheat's row is false.
 */
class RoomTest {
    private static final String SETPRIV = "/usr/bin/setpriv";
    /** A group nothing on this machine uses: the grader's supplementary group, which goes into the room with it. */
    private static final int GROUP = 61_235;
    /** Another local user, owner of the relay socket in /dev/shm. */
    private static final int OTHER_USER = 61_234;
    private static final FileAttribute<?> OPEN = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx"));
    private static final List<String> ACTS = List.of("none", "read-home", "write-home", "connect-outside", "daemonize",
            "fork-bomb", "kill-all", "kill-parent-group", "fill-disk", "never-exit", "room-socket", "shm-socket",
            "device", "sysv", "rewrite-results", "leftovers", "memory", "neighbours", "cpu", "user-namespace", "daemon",
            "kill-others", "keyring", "keyring-reader", "unseen-memory", "submount", "command-line", "io-uring");

    private final String marker = String.valueOf(700_000 + ProcessHandle.current().pid() % 90_000);
    private final int sysvKey = 0x5ec70000 + (int) (ProcessHandle.current().pid() % 0xffff);
    /** hostile.c's KILL_NEAR: the first bystander's pid, where its sweep of pid numbers starts (0: its default). */
    private long killNear;
    private Path base, home;
    private final List<ServerSocketChannel> outside = new ArrayList<>();
    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (ServerSocketChannel s : outside) s.close();
        for (Path p : made) Files.deleteIfExists(p);
        if (base == null) return;
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path f : walk.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(f);
        }
    }

    @Test
    void aHostileBatchFindsNothingOfTheHostAsRoot() throws Exception {
        hostileBatch(List.of(), List.of());
    }

    @Test
    void aHostileBatchFindsNothingOfTheHostAsNobodyInTheServicesGroup() throws Exception {
        prepare();
        hostileBatch(asNobody(true), readableClassPath(base.resolve("cp")));
    }

    /**
     * The audit's batch saboteur (hostile.c's neighbours: idle connections held to every listener it finds in its
     * network's tables, from before it serves until 8 s later) beside correct iterative servers: in rooms, each with a
     * network of its own, it finds none, and {@code --jobs 2} gives the rows {@code --jobs 1} gives, every one true; as
     * root and as nobody. Where the batch shares one network (SocketLab started without the lab's broker, so nothing
     * is contained) the same saboteur turns its neighbour's row false: what the rooms prevent is real.
     */
    @Test
    @Soak // a minute of batches: the soak lane
    void aBatchSaboteurReachesNoNeighbour() throws Exception {
        prepare();
        Path batch = batch("neighbours", "none");
        List<String> cp = readableClassPath(base.resolve("cp"));
        for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
            String who = prefix.isEmpty() ? "root" : "uid 65534";
            Map<String, String[]> one = batchRun(prefix, cp, "check.json", batch, "--jobs", "1").rows();
            Run two = batchRun(prefix, cp, "check.json", batch, "--jobs", "2");
            assertEquals(4, two.rows().size(), two.output());
            for (String name : two.rows().keySet()) {
                assertEquals("true", two.rows().get(name)[1],
                        who + ", --jobs 2: " + name + " passed:\n" + two.output());
                assertEquals(String.join(",", List.of(one.get(name)).subList(0, 3)),
                        String.join(",", List.of(two.rows().get(name)).subList(0, 3)),
                        who + ": " + name + "'s row is the same at --jobs 1 and 2:\n" + two.output());
            }
        }
        // --no-room: SocketLab outside the lab (as the launcher starts it so), its programs alone in one network.
        Run shared = socketlab(List.of(), cp, (List<String>) null,
                ReferencePrograms.source("hostile", "check.json", base).toString(),
                "--batch", batch.toString(), "--jobs", "2", "--no-room", "--", "server");
        System.out.println("RoomTest: the saboteur in one shared network (root, --jobs 2):\n" + shared.output());
        assertEquals("false", shared.rows().get("02-good")[1],
                "in a shared network the saboteur holds its neighbour's listener:\n" + shared.output());
    }

    /**
     * A forking CPU burner (hostile.c's cpu: four children and the listening parent spin) under cpu_seconds 2: no one
     * process reaches the limit soon, all of them together do; the room's init, adding up the CPU time of every process
     * of the room, ends it, and every rule says so with the time it counted (not far over 2 s); as nobody and as root.
     */
    @Test
    void theCpuLimitHoldsForTheWholeRoom() throws Exception {
        prepare();
        Path burner = Files.createDirectory(base.resolve("cpu"), OPEN);
        compile(burner, "cpu");
        List<String> cp = readableClassPath(base.resolve("cp"));
        Path check = ReferencePrograms.source("hostile", "check-cpu.json", base);
        open(check);
        for (List<String> prefix : List.of(asNobody(false), List.<String>of())) {
            Run r = socketlab(prefix, cp, check.toString(), "--", burner.resolve("server").toString());
            Matcher said = Pattern
                    .compile("✗ echo: killed: over its CPU time, ([0-9]+) s in ([0-9]+) processes together")
                    .matcher(r.output());
            assertTrue(said.find(), "the room's CPU time ended it, and the row says so:\n" + r.output());
            System.out.println("RoomTest: the CPU burner ended at " + said.group(1) + " s in " + said.group(2)
                    + " processes (limit 2 s), " + (prefix.isEmpty() ? "root" : "uid 65534"));
            assertTrue(Integer.parseInt(said.group(1)) <= 3, "ended soon after the limit:\n" + r.output());
            assertTrue(Integer.parseInt(said.group(2)) >= 2, "more than one process counted:\n" + r.output());
            assertEquals(1, r.exit(), r.output());
        }
    }

    /** The audit's N2: a client that reads once and forges its record fails whole-reply; as nobody and as root. */
    @Test
    void theForgerFailsWholeReply() throws Exception {
        prepare();
        Path forger = Files.createDirectory(base.resolve("forger"), OPEN);
        gcc(ReferencePrograms.source("hostile", "forger.c", base), forger.resolve("client"));
        List<String> cp = readableClassPath(base.resolve("cp"));
        for (List<String> prefix : List.of(asNobody(false), List.<String>of())) {
            Run r = socketlab(prefix, cp, "tcp-client-whole-reply", "--", forger.resolve("client").toString());
            assertTrue(r.output().contains("✗ whole-reply"), "the forger fails whole-reply:\n" + r.output());
            assertTrue(r.output().contains("forged 0 time(s)"), "it found nothing to write its record into:\n"
                    + r.output());
            assertEquals(1, r.exit(), r.output());
        }
    }

    /**
     * Children touching 4 x 200 MB under memory_mb 256: the room's init ends the room, the row says so, and the
     * room's total RSS, read from outside every 2 ms, never reaches half the 800 MB the children would hold: at most
     * 50 % over the limit; as nobody and as root. The init reads the room every millisecond past half its limit, and
     * what the children touch in that millisecond passes the limit (two cores fault in ~10 MB a millisecond: 2-11 %
     * over seen at load 1-5), so a bound nearer the limit would measure the machine's load, not the room.
     * The watcher must have seen the room's processes, or its peak proves nothing.
     */
    @Test
    void theMemoryLimitHoldsForTheWholeRoom() throws Exception {
        prepare();
        Path batch = batch("memory");
        List<String> cp = readableClassPath(base.resolve("cp"));
        for (List<String> prefix : List.of(asNobody(false), List.<String>of())) {
            String who = prefix.isEmpty() ? "root" : "uid 65534";
            AtomicLong peakKb = new AtomicLong(), samples = new AtomicLong(), seen = new AtomicLong();
            Thread watch = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long kb = rssKbUnder(batch.resolve("01-memory"));
                    samples.incrementAndGet();
                    if (kb >= 0) seen.incrementAndGet();
                    peakKb.accumulateAndGet(kb, Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Run r;
            try {
                r = batchRun(prefix, cp, "check-256.json", batch);
            } finally {
                watch.interrupt();
                watch.join();
            }
            System.out.println("RoomTest: the room's peak RSS read from outside: " + peakKb.get() / 1024
                    + " MB (limit 256), the room seen in " + seen + " of " + samples + " samples, " + who + ", load "
                    + Files.readString(Path.of("/proc/loadavg")).strip());
            String[] row = r.rows().get("01-memory");
            assertTrue(row != null && row[1].equals("false"), who + ": the room over its memory fails:\n" + r.output());
            assertEquals("true", r.rows().get("02-good")[1], who + ": " + r.output());
            // The batch's row has no reason column: killed (137) before its time limit is the room's memory sum.
            assertTrue(row[3].equals("137") && row[4].equals("false"),
                    who + ": the room ended it, not its time:\n" + r.output());
            assertTrue(seen.get() > 0, who + ": the watcher saw the room's processes");
            assertTrue(peakKb.get() <= 256 * 1024 * 3 / 2,
                    who + ": the room's total never 50 % over 256 MB: peak " + peakKb.get() / 1024 + " MB");
        }
    }

    /**
     * Without a room (--no-room: SocketLab outside the lab, as the launcher starts it so) nobody else adds up the
     * program's memory: CheckRun does, every 10 ms, over every process of the program, so children touching 4 x 200
     * MB under memory_mb 256 are ended, the row says so, and a correct server beside them passes. There is no
     * address-space limit any more (a stock JVM could not start under one): without the sum nothing would end them.
     */
    @Test
    void theMemoryLimitHoldsWithoutARoomToo() throws Exception {
        prepare();
        Path batch = batch("memory");
        List<String> cp = readableClassPath(base.resolve("cp"));
        Path check = ReferencePrograms.source("hostile", "check-256.json", base);
        open(check);
        Run r = socketlab(List.of(), cp, (List<String>) null, check.toString(), "--batch", batch.toString(),
                "--no-room", "--", "server");
        System.out.println("RoomTest: memory without a room (root, the program nobody):\n" + r.output());
        String[] row = r.rows().get("01-memory");
        assertTrue(row != null && row[1].equals("false") && r.output().contains("killed: over its memory"),
                "the program over its memory is ended, and its row says so:\n" + r.output());
        assertEquals("true", r.rows().get("02-good")[1], r.output());
    }

    /**
     * Attacks from inside a room on what is outside it, each beside a correct server, at {@code --jobs 2}, as root and
     * as nobody (hostile.c): every way to a user namespace it knows (unshare, clone and clone3 with CLONE_NEWUSER, the
     * 32-bit unshare, setns into its init's) and a mount; SIGKILL to every pid number of the machine, then kill(-1);
     * a fork bomb; the grader's home read through a link the submission holds, named by the command. Outside, a root
     * process (the grader's stand-in) and one of nobody's (the program's own uid) still run, the namespace maker served,
     * the killer signalled nobody and the reader found no secret (their rows true), the bomb was held in its room
     * and its row failed, and every neighbour passed.
     */
    @Test
    void attacksFromARoomReachNothingOutsideIt() throws Exception {
        prepare();
        List<Process> bystanders = new ArrayList<>();
        try {
            bystanders.add(new ProcessBuilder("/bin/sleep", marker + "7").start());
            bystanders.add(new ProcessBuilder(SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sleep",
                    marker + "8").start());
            killNear = bystanders.getFirst().pid();
            Path batch = batch("user-namespace", "kill-others", "fork-bomb", "read-home");
            // A link the submission holds names the grader's home, and the command names the link (-- server data).
            open(Files.writeString(home.resolve("secret"), "the grader's secret\n"));
            Files.createSymbolicLink(batch.resolve("07-read-home").resolve("data"), home);
            Path check = ReferencePrograms.source("hostile", "check.json", base);
            open(check);
            List<String> cp = readableClassPath(base.resolve("cp"));
            for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
                String who = prefix.isEmpty() ? "root" : "uid 65534";
                Run r = socketlab(prefix, cp, check.toString(), "--batch", batch.toString(), "--jobs", "2", "--",
                        "server", "data");
                System.out.println("RoomTest: attacks from a room, " + who + ":\n" + r.output());
                for (String name : r.rows().keySet())
                    if (!name.endsWith("fork-bomb") && !name.endsWith("read-home"))
                        assertEquals("true", r.rows().get(name)[1], who + ": " + name + " passed:\n" + r.output());
                // The link to the grader's home is refused before anything runs (the audit of 2026-11-28, R8).
                String[] reader = r.rows().get("07-read-home");
                assertTrue(reader[2].equals("not-run") && String.join(",", reader).contains("is a symbolic link"),
                        who + ": the reader's link is refused:\n" + r.output());
                assertFalse(r.output().contains("the grader's secret"), who + ": " + r.output());
                assertEquals(8, r.rows().size(), r.output());
                // Its row fails: killed (137) by its room at the process limit, or, where strace (which follows every
                // fork) slowed the bomb, failed on its own server, which the bomb starved (aForkBombIsEndedAtItsLimit).
                assertEquals("false", r.rows().get("05-fork-bomb")[1], who + ": the bomb's row:\n" + r.output());
                for (Process p : bystanders) assertTrue(p.isAlive(), who + ": " + p.info() + " still runs");
            }
        } finally {
            for (Process p : bystanders) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The doors the audit of 2026-11-28 found open (R1, R2, R3, R6, R9), each beside a correct server, at {@code --jobs
     * 1}, as root and as nobody, SocketLab started in a grader's login session whose session keyring holds a key
     * (hostile.c's --seed-keyring, pam_keyinit's): a submission reads, rewrites or plants no key, and the next one finds
     * nothing planted; memfds, SysV segments and queues are refused, so the host's shared memory never grows past the
     * check's memory_mb and a quarter; a file system the test mounts under /usr/local stays unwritten (read-only all the
     * way down); the room's /proc/1/cmdline is not SocketLab's; no io_uring is made. Every row true (each act, where it
     * gets what it must not, exits without serving).
     */
    @Test
    void theDoorsOfTheSecondAuditStayShut() throws Exception {
        prepare();
        Path submount = Path.of("/usr/local/socketlab-room-" + marker);
        Files.createDirectories(submount);
        exec("/bin/mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "socketlab-room-test", submount.toString());
        try {
            Path batch = batch("keyring", "keyring-reader", "unseen-memory", "submount", "command-line", "io-uring");
            List<String> cp = readableClassPath(base.resolve("cp"));
            long before = shmemKb();
            for (List<String> grader : List.of(List.<String>of(), asNobody(false))) {
                String who = grader.isEmpty() ? "root" : "uid 65534";
                List<String> prefix = new ArrayList<>(List.of(goodServer().toString(), "--seed-keyring",
                        "the grader's ticket"));
                prefix.addAll(grader.isEmpty() ? List.of() : grader);
                AtomicLong peakKb = new AtomicLong(before);
                Run r;
                try (AutoCloseable watch = sampleEvery(5, () -> peakKb.accumulateAndGet(shmemKb(), Math::max))) {
                    r = batchRun(prefix, cp, "check.json", batch, "--jobs", "1");
                }
                long grewMb = (peakKb.get() - before) / 1024;
                System.out.println("RoomTest: the second audit's doors, " + who + ": the host's shared memory grew "
                        + grewMb + " MB at most (memory_mb 1024)\n" + r.output());
                assertEquals(12, r.rows().size(), r.output());
                for (var row : r.rows().entrySet())
                    assertEquals("true", row.getValue()[1], who + ": " + row.getKey() + " passed:\n" + r.output());
                assertTrue(r.output().contains("the grader's key holds: the grader's ticket"),
                        who + ": the grader's key unchanged:\n" + r.output());
                assertTrue(r.output().contains("the grader's session keyring holds 1 key(s)"),
                        who + ": nothing planted in the grader's session keyring:\n" + r.output());
                assertTrue(grewMb <= 1024 * 5 / 4, who + ": shared memory grew " + grewMb + " MB");
                try (Stream<Path> written = Files.list(submount)) {
                    assertEquals(List.of(), written.toList(), who + ": nothing written into the submount");
                }
            }
        } finally {
            exec("/bin/umount", submount.toString());
            Files.delete(submount);
        }
    }

    /**
     * Issue 74: a thread-per-client server in its room, as root as as nobody: every thread's calls are journaled and
     * judged, so C's pthread server and Python's ThreadingTCPServer pass tcp-concurrent-server. As root, strace (root
     * without capabilities) could not read the program's /proc/PID/fd, named none of its descriptors, and every
     * thread's calls but the first's were lost: 13 events where nobody got 74, accepted-closed false.
     */
    @Test
    void threadedServersPassInTheirRoomsAsRootAsAsNobody() throws Exception {
        prepare();
        Path batch = Files.createDirectory(base.resolve("batch-threads"), OPEN);
        Path c = Files.createDirectory(batch.resolve("c-pthreads"), OPEN);
        open(Files.move(ReferencePrograms.compile("tcp-concurrent-server", "threads", c), c.resolve("server")));
        Path python = Files.createDirectory(batch.resolve("python-threading"), OPEN);
        open(ReferencePrograms.source("tcp-concurrent-server", "threading_server.py", python));
        // The system's python3, which every room shows (a version manager's, under the grader's home, is not there).
        Path python3 = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python3), "python3 (apt install python3)");
        Files.writeString(python.resolve("server"), "#!/bin/sh\nexec " + python3 + " \""
                + python.resolve("threading_server.py") + "\" \"$@\"\n");
        open(python.resolve("server"));
        assertTrue(python.resolve("server").toFile().setExecutable(true, false));
        List<String> cp = readableClassPath(base.resolve("cp"));
        for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
            String who = prefix.isEmpty() ? "root" : "uid 65534";
            Run r = socketlab(prefix, cp, "tcp-concurrent-server", "--batch", batch.toString(), "--", "server");
            System.out.println("RoomTest: threaded servers, " + who + ":\n" + r.output());
            assertEquals(2, r.rows().size(), r.output());
            for (var row : r.rows().entrySet())
                assertEquals("true", row.getValue()[1], who + ": " + row.getKey() + " passed:\n" + r.output());
        }
    }

    /**
     * Issue 74: {@code java EchoServer}, typed in the folder of EchoServer.class as every Java tutorial has it, passes
     * tcp-echo-server: the program starts in the folder it was run from (shown read-only in its room), as in a
     * terminal; in a room as root and as nobody, and without one (--no-room, outside the lab). Before, its working
     * folder was the room's empty one: "Could not find or load main class", told as "did not listen".
     */
    @Test
    void javaEchoServerRunFromItsFolderPasses() throws Exception {
        prepare();
        Path folder = Files.createDirectory(base.resolve("java-tutorial"), OPEN);
        Path source = ReferencePrograms.source("world", "EchoServer.java", folder);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        assertEquals(0, javac.run(System.out, System.err, "-d", folder.toString(), source.toString()));
        try (Stream<Path> made = Files.list(folder)) {
            for (Path p : made.toList()) open(p);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cp = readableClassPath(base.resolve("cp"));
        for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
            String who = prefix.isEmpty() ? "root" : "uid 65534";
            Run r = socketlabIn(folder, prefix, cp, List.of(), "tcp-echo-server", "--", java.toString(), "EchoServer");
            System.out.println("RoomTest: java EchoServer from its folder, " + who + ":\n" + r.output());
            assertEquals(0, r.exit(), who + ": " + r.output());
        }
        Run alone = socketlabIn(folder, List.of(), cp, (List<String>) null, "tcp-echo-server", "--no-room", "--",
                java.toString(), "EchoServer");
        assertEquals(0, alone.exit(), "--no-room, root: " + alone.output());
    }

    /**
     * Runs {@code sample} every {@code everyMs} on a thread of its own until closed: a sampling period of a watcher
     * that reads the machine while a run goes on, never a wait for something to happen.
     */
    private static AutoCloseable sampleEvery(long everyMs, Runnable sample) {
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample.run();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(everyMs));
            }
        });
        return () -> {
            t.interrupt();
            t.join();
        };
    }

    /** The host's shared memory (tmpfs, SysV, memfd pages): /proc/meminfo's Shmem, in kB. */
    private static long shmemKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo")))
                if (line.startsWith("Shmem:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no Shmem in /proc/meminfo");
    }

    /**
     * A fork bomb (hostile.c's, run by {@code labnet contain} with its 64 processes and no strace, so nothing slows
     * its growth): the room's init ends the room when its processes reach the limit, with the line a check's row reads
     * (status 137); as root (the program is nobody: the 64 are its own) and as nobody (the init and the room's maker are
     * two of the user's 64). Before, the bomb spun until the room's CPU time ran out, starving its neighbours.
     */
    @Test
    void aForkBombIsEndedAtItsLimit() throws Exception {
        prepare();
        Path bomb = Files.createDirectory(base.resolve("bomb"), OPEN);
        compile(bomb, "fork-bomb");
        Path work = Files.createDirectory(base.resolve("bomb-work"), OPEN);
        String labnet = Labnet.built().toString();
        for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(labnet, "enter", "--strict", "--", labnet, "contain", work.toString(), "--ro",
                    bomb.toString(), "--", bomb.resolve("server").toString(), "0"));
            Labnet.Outcome o = Labnet.runCommand(command);
            System.out.println("RoomTest: the fork bomb, " + (prefix.isEmpty() ? "root" : "uid 65534") + ": "
                    + o.output().strip());
            assertEquals(137, o.status(), o.output());
            assertTrue(o.output().contains("labnet: killed: at its process limit, "), o.output());
        }
    }

    /**
     * A daemon (hostile.c's: setsid and a double fork, twice, every signal blocked, SIGTERM and SIGHUP ignored, one
     * renamed a kernel thread and forking a fresh pid every second, one become {@code sleep MARKER}) is ended with its
     * run: at {@code --jobs 1}, read from this machine's /proc every 20 ms, no process of it is seen once the next
     * submission's program runs, and none is left after; as root and as nobody.
     */
    @Test
    void aDaemonEndsWithItsRun() throws Exception {
        prepare();
        Path batch = batch("daemon");
        List<String> cp = readableClassPath(base.resolve("cp"));
        String daemon = batch.resolve("01-daemon").toString(), next = batch.resolve("02-good").toString();
        for (List<String> prefix : List.of(List.<String>of(), asNobody(false))) {
            String who = prefix.isEmpty() ? "root" : "uid 65534";
            AtomicLong seenDaemon = new AtomicLong(), seenNext = new AtomicLong(), daemonAfterNext = new AtomicLong();
            Thread watch = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    boolean anyDaemon = false, anyNext = false;
                    for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                        String command = p.info().command().orElse("");
                        anyDaemon |= command.startsWith(daemon) || arguments(p).contains(marker);
                        anyNext |= command.startsWith(next);
                    }
                    if (anyDaemon) seenDaemon.incrementAndGet();
                    if (anyNext) seenNext.incrementAndGet();
                    if (anyDaemon && seenNext.get() > 0) daemonAfterNext.incrementAndGet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Run r;
            try {
                r = batchRun(prefix, cp, "check.json", batch, "--jobs", "1");
            } finally {
                watch.interrupt();
                watch.join();
            }
            System.out.println("RoomTest: the daemon seen in " + seenDaemon + " samples, the next program in "
                    + seenNext + ", both at once in " + daemonAfterNext + " (" + who + ")");
            assertEquals("true", r.rows().get("01-daemon")[1], who + ": " + r.output());
            assertEquals("true", r.rows().get("02-good")[1], who + ": " + r.output());
            assertTrue(seenDaemon.get() > 0 && seenNext.get() > 0, who + ": the watcher saw both run");
            assertEquals(0, daemonAfterNext.get(), who + ": nothing of the daemon once the next program ran");
            assertTrue(ProcessHandle.allProcesses().noneMatch(p -> arguments(p).contains(marker)
                    || p.info().command().orElse("").startsWith(daemon)), who + ": nothing of the daemon left");
        }
    }

    private static List<String> arguments(ProcessHandle p) {
        return p.info().arguments().map(List::of).orElse(List.of());
    }

    private void hostileBatch(List<String> prefix, List<String> classPath) throws Exception {
        if (base == null) prepare();
        Path run = Path.of("/run/socketlab-room-" + marker + ".sock");
        Path shm = Path.of("/dev/shm/socketlab-room-" + marker + ".sock");
        Path device = Path.of("/dev/socketlab-room-" + marker);
        listen(run, 0, GROUP, "rw-rw----");
        listen(shm, OTHER_USER, OTHER_USER, "rwxrwxrwx");
        exec("/usr/bin/mknod", "-m", "0660", device.toString(), "c", "1", "3");
        made.add(device);
        exec("/bin/chown", "0:" + GROUP, device.toString());
        Path results = Files.writeString(base.resolve("results.csv"), "a-broken,false\n");
        open(results);
        Path holderOutput = base.resolve("holder.txt");
        Process holder = new ProcessBuilder(goodServer().toString(), "--hold-sysv", String.valueOf(sysvKey),
                "gradebook").redirectErrorStream(true).redirectOutput(holderOutput.toFile()).start();
        try {
            Await.until(Duration.ofSeconds(10), () -> ipcs().contains(String.format("0x%08x", sysvKey)),
                    () -> "the grader's segment is made");
            Path batch = batch("room-socket", "shm-socket", "device", "sysv", "rewrite-results", "leftovers");
            Run r = batchRun(prefix, classPath, "check.json", batch);
            try (Stream<Path> list = Files.list(batch)) {
                for (Path s : list.sorted().toList()) {
                    String[] row = r.rows().get(s.getFileName().toString());
                    assertTrue(row != null && row[1].equals("true"),
                            s.getFileName() + " passed (in its room it found nothing, so it served):\n" + r.output());
                }
            }
            for (ServerSocketChannel s : outside) assertNull(s.accept(), "no connection to a socket of the host");
            assertEquals("a-broken,false\n", Files.readString(results), "the results outside the home unchanged");
            for (String place : List.of("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue"))
                assertFalse(Files.exists(Path.of(place, "left-" + marker)), "nothing left in " + place);
            // its working folder was the room's, and its own folder was shown read-only
            assertFalse(Files.exists(batch.resolve(String.format("%02d-leftovers", 11), "left-" + marker)),
                    "nothing written into the submission's folder");
            try (Stream<Path> list = Files.list(Path.of("/tmp"))) {
                for (Path folder : list.filter(p -> p.getFileName().toString().startsWith("socketlab-check-")).toList())
                    assertFalse(Files.exists(folder.resolve("left-" + marker)), "nothing left in " + folder);
            }
            String ipcs = ipcs();
            assertFalse(ipcs.contains(String.format("0x%08x", Integer.parseInt(marker))),
                    "no SysV segment or queue of the room outlives it:\n" + ipcs);
            assertTrue(ipcs.contains(String.format("0x%08x", sysvKey)), ipcs);
        } finally {
            holder.destroy();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }
        String held = Files.readString(holderOutput);
        assertTrue(held.contains("segment holds: gradebook"), "the grader's segment untouched: " + held);
    }

    /**
     * The done-when's batch: 20 correct clients of tcp-client-whole-reply and 5 that read the reply once and try to
     * turn their verdict true some other way (forger.c writes its own record; cheat.c forges its row into the grader's
     * results file and every stdout it can see and overwrites the grader's SysV segments; runs a neighbour's program in
     * its place and leaves marks in the neighbours' folders; asks the host's sockets with the grader's group to act as
     * root; forks a bomb). At {@code --jobs 1} and {@code 2}, as root and as uid 65534 in that group: the 20 rows true,
     * each cheat's row false (the forger's for whole-reply), every row once, and outside nothing was reached. Prints
     * each batch's time and the load; asserts none.
     */
    @Test
    @Soak
    void aBatchOfCheatsIsJudgedFalse() throws Exception {
        prepare();
        Path results = base.resolve("out.txt"); // where socketlab's rows go: the grader's results file
        listen(Path.of("/run/socketlab-room-" + marker + ".sock"), 0, GROUP, "rw-rw----");
        listen(Path.of("/dev/shm/socketlab-room-" + marker + ".sock"), OTHER_USER, OTHER_USER, "rwxrwxrwx");
        Path holderOutput = base.resolve("holder.txt");
        Process holder = new ProcessBuilder(goodServer().toString(), "--hold-sysv", String.valueOf(sysvKey),
                "gradebook").redirectErrorStream(true).redirectOutput(holderOutput.toFile()).start();
        try {
            Await.until(Duration.ofSeconds(10), () -> ipcs().contains(String.format("0x%08x", sysvKey)),
                    () -> "the grader's segment is made");
            Path batch = cheats(results);
            List<String> cp = readableClassPath(base.resolve("cp"));
            for (List<String> prefix : List.of(List.<String>of(), asNobody(true)))
                for (String jobs : List.of("1", "2")) {
                    String who = (prefix.isEmpty() ? "root" : "uid 65534") + ", --jobs " + jobs;
                    String load = Files.readString(Path.of("/proc/loadavg")).strip();
                    long start = System.nanoTime();
                    Run r = socketlab(prefix, cp, "tcp-client-whole-reply", "--batch", batch.toString(), "--jobs",
                            jobs, "--", "client");
                    System.out.printf(Locale.ROOT, "RoomTest: 20 correct + 5 cheats, %s: %.1f s (load before %s)%n",
                            who, (System.nanoTime() - start) / 1e9, load);
                    assertCheatsFalse(r, Files.readAllLines(results), who);
                    for (ServerSocketChannel s : outside) assertNull(s.accept(), who + ": no host socket reached");
                    try (Stream<Path> marks = Files.walk(batch)) {
                        assertEquals(List.of(), marks.filter(f -> f.getFileName().toString()
                                .startsWith("left-by-a-neighbour-")).toList(), who + ": no mark in a neighbour's");
                    }
                }
        } finally {
            holder.destroy();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }
        String held = Files.readString(holderOutput);
        assertTrue(held.contains("segment holds: gradebook"), "the grader's segment untouched: " + held);
    }

    private static final List<String> CHEATS = List.of("forger", "grader", "neighbours", "host", "fork-bomb");

    /** Every row once (no forged one beside it): the correct ones true, each cheat false, the forger on whole-reply. */
    private static void assertCheatsFalse(Run r, List<String> resultLines, String who) {
        String said = who + ":\n" + r.output();
        assertEquals(25, r.rows().size(), said);
        assertEquals(26, resultLines.size(), who + ": the header and one line a row:\n" + resultLines);
        for (var row : r.rows().entrySet()) {
            String name = row.getKey();
            boolean cheat = CHEATS.stream().anyMatch(name::endsWith);
            assertEquals(cheat ? "false" : "true", row.getValue()[1], name + ", " + said);
            if (name.endsWith("forger") || name.endsWith("grader") || name.endsWith("neighbours"))
                assertTrue(List.of(row.getValue()[2].split(" ")).contains("whole-reply"), name + ", " + said);
            if (cheat) System.out.println("RoomTest: " + who + ": " + String.join(",", row.getValue()));
        }
    }

    /** 20 correct clients and the 5 cheats among them (at 03, 08, 13, 18, 23), each folder with its {@code client}. */
    private Path cheats(Path results) throws Exception {
        Path batch = Files.createDirectory(base.resolve("batch-cheats"), OPEN);
        Path good = ReferencePrograms.compile("tcp-client-whole-reply", "good",
                Files.createDirectory(base.resolve("good-client"), OPEN));
        Path cheatSource = ReferencePrograms.source("hostile", "cheat.c", base);
        for (int i = 1, c = 0; i <= 25; i++) {
            boolean cheat = i % 5 == 3;
            Path folder = Files.createDirectory(batch.resolve(String.format("%02d-%s", i,
                    cheat ? CHEATS.get(c) : "good")), OPEN);
            if (!cheat) {
                Files.copy(good, folder.resolve("client"));
                open(folder.resolve("client"));
            } else if (CHEATS.get(c).equals("forger")) {
                gcc(ReferencePrograms.source("hostile", "forger.c", base), folder.resolve("client"));
            } else {
                gcc(cheatSource, folder.resolve("client"), "-DACT=" + c, define("RESULTS", results),
                        "-DSYSV_KEY=" + sysvKey, define("SOCKET_3", "/run/socketlab-room-" + marker + ".sock"),
                        define("SOCKET_4", "/dev/shm/socketlab-room-" + marker + ".sock"), define("SUBMISSION", folder),
                        define("MARKER", marker));
            }
            if (cheat) c++;
        }
        return batch;
    }

    /** The grader: root, or uid 65534 (with the test-made group when {@code inGroup}, as a grader in docker's). */
    private static List<String> asNobody(boolean inGroup) {
        return List.of(SETPRIV, "--reuid=65534", "--regid=65534",
                inGroup ? "--groups=" + GROUP : "--clear-groups", "--inh-caps=-all");
    }

    private void prepare() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        CiRules.requireOrSkip(ProcessHandle.current().info().user().orElse("").equals("root"),
                "root (to make the host's stand-in services, a device node and a second user's socket)");
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "room-", OPEN);
        home = Files.createDirectory(base.resolve("home"), OPEN);
    }

    /** A Unix socket at {@code path} owned by {@code uid}:{@code gid} with {@code mode}: a service of the host. */
    private void listen(Path path, int uid, int gid, String mode) throws Exception {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        s.configureBlocking(false);
        outside.add(s);
        made.add(path);
        exec("/bin/chown", uid + ":" + gid, path.toString());
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    private static String ipcs() {
        try {
            Process p = new ProcessBuilder("/usr/bin/ipcs", "-m", "-q", "-s").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path goodServer() throws Exception {
        Path good = base.resolve("good");
        if (!Files.exists(good.resolve("server"))) {
            Files.createDirectories(good);
            open(good);
            compile(good, "none");
        }
        return good.resolve("server");
    }

    /** The batch: each hostile act, then a correct server (hostile.c with no act). */
    private Path batch(String... acts) throws Exception {
        Path batch = Files.createDirectory(base.resolve("batch-" + acts[0]), OPEN);
        Path good = goodServer();
        int n = 0;
        for (String act : acts) {
            compile(Files.createDirectory(batch.resolve(String.format("%02d-%s", ++n, act)), OPEN), act);
            Path next = Files.createDirectory(batch.resolve(String.format("%02d-good", ++n)), OPEN);
            Files.copy(good, next.resolve("server"), StandardCopyOption.COPY_ATTRIBUTES);
            open(next.resolve("server"));
        }
        return batch;
    }

    private void compile(Path folder, String act) throws Exception {
        Path source = ReferencePrograms.source("hostile", "hostile.c", base);
        gcc(source, folder.resolve("server"), "-DACT=" + ACTS.indexOf(act), define("SECRET", home.resolve("secret")),
                define("HOME_FILE", home.resolve("written")), define("TMP_FILE", "/tmp/written-" + marker),
                define("SOCKET_1", home.resolve("bus")), define("SOCKET_2", "/tmp/none-" + marker),
                define("SOCKET_3", "/run/socketlab-room-" + marker + ".sock"),
                define("SOCKET_4", "/dev/shm/socketlab-room-" + marker + ".sock"),
                define("DEVICE", "/dev/socketlab-room-" + marker), define("RESULTS", base.resolve("results.csv")),
                define("SUBMISSION", folder), "-DSYSV_KEY=" + sysvKey, "-DMARKER=\"" + marker + "\"",
                define("SUBMOUNT_FILE", "/usr/local/socketlab-room-" + marker + "/written"),
                "-DKILL_NEAR=" + Math.max(killNear, 1024) + "L");
    }

    private static void gcc(Path source, Path binary, String... defines) throws Exception {
        List<String> gcc = new ArrayList<>(List.of(ReferencePrograms.gcc().toString(), "-O1", "-o", binary.toString()));
        gcc.addAll(List.of(defines));
        gcc.add(source.toString());
        Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc " + source + ": " + out);
        open(binary);
    }

    private static String define(String name, Object value) {
        return "-D" + name + "=\"" + value + "\"";
    }

    private static void open(Path p) {
        assertTrue(p.toFile().setReadable(true, false) && p.toFile().setWritable(true, false));
        if (Files.isDirectory(p)) assertTrue(p.toFile().setExecutable(true, false));
    }

    private record Run(int exit, Map<String, String[]> rows, String output) {
    }

    private Run batchRun(List<String> prefix, List<String> classPath, String checkFile, Path batch,
            String... options) throws Exception {
        Path check = ReferencePrograms.source("hostile", checkFile, base);
        open(check);
        List<String> arguments = new ArrayList<>(List.of(check.toString(), "--batch", batch.toString()));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("--", "server"));
        return socketlab(prefix, classPath, arguments.toArray(String[]::new));
    }

    /** socketlab check ... in the lab network (as bin/socketlab starts it), with {@code prefix} before labnet. */
    private Run socketlab(List<String> prefix, List<String> classPath, String... arguments) throws Exception {
        return socketlab(prefix, classPath, List.of(), arguments);
    }

    /**
     * As {@link #socketlab(List, List, String...)}, {@code inLab} between labnet and the JVM; null: not in the lab at
     * all (labnet's alone named for the copied class path, which has no target/native beside it).
     */
    private Run socketlab(List<String> prefix, List<String> classPath, @Nullable List<String> inLab,
            String... arguments) throws Exception {
        return socketlabIn(base, prefix, classPath, inLab, arguments);
    }

    /** As {@link #socketlab(List, List, List, String...)}, run from {@code folder} (its working directory). */
    private Run socketlabIn(Path folder, List<String> prefix, List<String> classPath, @Nullable List<String> inLab,
            String... arguments) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        if (inLab != null) {
            command.addAll(List.of(Labnet.built().toString(), "enter", "--strict", "--"));
            command.addAll(inLab);
        } else {
            command.addAll(List.of("/usr/bin/env", "SOCKETLAB_LABNET_PROGRAM=" + Labnet.built()));
        }
        List<String> java = new ArrayList<>(List.of("-Duser.home=" + home, "-cp",
                classPath.isEmpty()
                        ? System.getProperty("java.class.path")
                        : String.join(File.pathSeparator, classPath),
                "org.socketlab.Main", "check", arguments[0], "--lang", "en"));
        java.addAll(List.of(arguments).subList(1, arguments.length));
        command.addAll(ChildJvm.command(java.toArray(String[]::new)));
        Path out = base.resolve("out.txt"), err = base.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", home.toString());
        Process socketlab = builder.start();
        try {
            assertTrue(socketlab.waitFor(600, TimeUnit.SECONDS), "the check ended");
        } finally {
            socketlab.descendants().forEach(ProcessHandle::destroyForcibly);
            socketlab.destroyForcibly();
        }
        String said = Files.readString(out) + Files.readString(err);
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(",", -1);
            if (cells.length > 1 && !cells[0].equals("submission")) rows.put(cells[0], cells);
        }
        if (inLab != null && inLab.isEmpty()) assertFalse(said.contains("not in a room"), said);
        Await.until(Duration.ofSeconds(20), () -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().command().orElse("").startsWith(base.resolve("batch-").toString())),
                () -> "no submission is left running");
        return new Run(socketlab.exitValue(), rows, said);
    }

    /**
     * The resident memory, in kB, of every process whose program is a file under {@code folder}, read now; -1 when there
     * is none. One readlink of each /proc/PID/exe (ProcessHandle.info() reads several files a process: at load 15 a
     * sweep took longer than the children lived).
     */
    private static long rssKbUnder(Path folder) {
        String prefix = folder.toString();
        long kb = -1;
        File[] pids = new File("/proc").listFiles((dir, name) -> !name.isEmpty() && Character.isDigit(name.charAt(0)));
        for (File pid : pids == null ? new File[0] : pids) {
            try {
                if (!Files.readSymbolicLink(pid.toPath().resolve("exe")).toString().startsWith(prefix)) continue;
                String[] statm = Files.readString(pid.toPath().resolve("statm")).trim().split(" ");
                kb = Math.max(kb, 0) + Long.parseLong(statm[1]) * 4;
            } catch (IOException | RuntimeException goneOrNotOurs) {
                // ended between the list and the read, or another user's (exe unreadable)
            }
        }
        return kb;
    }

    /** This JVM's class path copied where nobody may read it (the Maven repository under /root is not). */
    private static List<String> readableClassPath(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                return list.sorted().map(Path::toString).toList();
            }
        }
        Files.createDirectories(dir);
        List<String> classPath = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = dir.resolve(String.format("cp%03d", i++) + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                try (var walk = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(target);
                        else Files.copy(p, target);
                    }
                }
            } else {
                Files.copy(from, to);
            }
            classPath.add(to.toString());
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) open(p);
        }
        return classPath;
    }
}
