package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.capture.CaptureReason;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * The lab captures with SocketLab's own reader, never tcpdump (issue 77): with every system tcpdump made unusable (a
 * private mount namespace binds /dev/null over it), in the private lab network, as root and as nobody: tcp-basics'
 * segments are captured; tcp-basics over a wire of 50 ms that duplicates every packet journals each packet that crossed
 * it duplicated, with its arrivals; lost-segment passes with its loss shown. Each run's console line and journal say
 * what was captured, from where, and nothing claims a capture that did not happen. Hiding tcpdump takes a mount
 * namespace of one's own, so root: skipped elsewhere, failed on CI.
 */
@Execution(ExecutionMode.CONCURRENT)
class OwnCaptureTest {
    /**
     * A fixed script, the command its arguments: each system folder's tcpdump (the ones labnet and SocketLab would
     * run) becomes an empty file in this mount namespace only, then the command runs.
     */
    private static final String HIDE_TCPDUMP = "for t in /usr/sbin/tcpdump /usr/bin/tcpdump /sbin/tcpdump /bin/tcpdump;"
            + " do if [ -e \"$t\" ]; then mount --bind /dev/null \"$t\" || exit 99; fi; done; exec \"$@\"";
    private static final long MS = 1_000_000L;

    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void prepare() throws Exception {
        CiRules.requireOrSkip("root".equals(System.getProperty("user.name")),
                "root (a mount namespace of its own hides tcpdump)");
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
        Ran probe = run(withoutTcpdump(List.of(labnet.toString(), "enter", "--strict", "--", "/bin/true")), shared);
        CiRules.requireOrSkip(probe.exit() == 0, "a private lab network (user + network namespace): " + probe.out());
    }

    private static List<String> withoutTcpdump(List<String> command) {
        List<String> all = new ArrayList<>(List.of("/usr/bin/unshare", "-m", "/bin/sh", "-c", HIDE_TCPDUMP, "hide"));
        all.addAll(command);
        return all;
    }

    private record Ran(int exit, String out) {
    }

    private static Ran run(List<String> command, Path dir) throws Exception {
        Process child = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child run ended");
            return new Ran(child.exitValue(), out);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Path folder(String name) throws IOException {
        Path dir = Files.createDirectories(shared.resolve(name));
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false)
                && dir.toFile().setReadable(true, false));
        return dir;
    }

    /**
     * {@code socketlab run ARGS --lang en --journal run.jsonl} in the lab network with tcpdump hidden, as root or as
     * nobody; asserts it passed and returns its journal, after checking that tcpdump really was out of reach there.
     */
    private static List<Event> runHidden(String name, boolean nobody, String... args) throws Exception {
        Path dir = folder(name + (nobody ? "-nobody" : "-root"));
        Ran hidden = run(withoutTcpdump(List.of("/bin/sh", "-c",
                "for t in /usr/sbin/tcpdump /usr/bin/tcpdump /sbin/tcpdump /bin/tcpdump; do"
                        + " if [ -s \"$t\" ]; then echo \"$t\"; exit 1; fi; done")),
                dir);
        assertEquals(0, hidden.exit(), "no usable tcpdump in the test's mount namespace: " + hidden.out());
        List<String> command = new ArrayList<>();
        if (nobody) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath),
                "org.socketlab.Main", "run"));
        command.addAll(List.of(args));
        // a step may wait longer than its 5 s on a loaded 2-core box (load 20 once left step 1 unanswered)
        command.addAll(List.of("--step-timeout", "30", "--lang", "en", "--journal", "run.jsonl"));
        Ran ran = run(withoutTcpdump(command), dir);
        assertEquals(0, ran.exit(), ran.out());
        assertFalse(ran.out().contains("not captured"), ran.out());
        // said once, and true: captured, by SocketLab's own capture (the two machines' line claims nothing of it)
        assertEquals(1, ran.out().split("Wire: captured \\(SocketLab’s own capture", -1).length - 1, ran.out());
        assertEquals(1, ran.out().split("captured", -1).length - 1, ran.out());
        assertFalse(ran.out().contains("tcpdump is not installed"), ran.out()); // capture.reason.not_installed
        return JournalJsonl.read(dir.resolve("run.jsonl"));
    }

    private static Payload.Capture started(List<Event> events) {
        Payload.Capture first = events.stream().map(Event::payload).filter(p -> p instanceof Payload.Capture)
                .map(p -> (Payload.Capture) p).findFirst().orElseThrow();
        assertEquals(Payload.Capture.STARTED, first.status(), first.reason());
        return first;
    }

    private static List<Payload.Segment> captured(List<Event> events) {
        return events.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Segment s && Payload.Segment.CAPTURED.equals(s.origin()))
                .map(p -> (Payload.Segment) p).toList();
    }

    private static List<Boolean> users() {
        return List.of(false, true);
    }

    @Test
    void tcpBasicsSegmentsAreCapturedFromTheLabsLoopback() throws Exception {
        for (boolean nobody : users()) {
            List<Event> events = runHidden("tcp-basics", nobody, "tcp-basics");
            assertEquals(CaptureReason.LAB_NETWORK, started(events).reasonCode());
            List<Payload.Segment> wire = captured(events);
            String seen = wire.stream().map(s -> s.flags() + " " + s.len()).toList().toString();
            // the handshake, "hola" and the two FINs, each seen on the lab's loopback with the kernel's stamp
            assertTrue(wire.stream().anyMatch(s -> s.flags().equals(List.of("SYN"))), seen);
            assertTrue(wire.stream().anyMatch(s -> s.flags().containsAll(List.of("SYN", "ACK"))), seen);
            assertTrue(wire.stream().anyMatch(s -> s.len() == 4), seen);
            assertEquals(2, wire.stream().filter(s -> s.flags().contains("FIN")).count(), seen);
            for (Payload.Segment s : wire) {
                assertNotNull(s.wallNs(), "the kernel's stamp");
                assertTrue(s.src().startsWith("127.0.0.1:"), s.src());
                assertNotNull(s.packet(), "the packet's bytes, for the pcap export");
            }
        }
    }

    @Test
    void eachDuplicatedPacketIsJournaledWithItsArrivals() throws Exception {
        for (boolean nobody : users()) {
            List<Event> events = runHidden("duplicate", nobody, "tcp-basics", "--delay", "50", "--duplicate", "100");
            assertEquals(CaptureReason.LAB_LINK, started(events).reasonCode());
            List<Payload.Segment> link = captured(events).stream().filter(s -> s.src().startsWith("10.77.0."))
                    .toList();
            assertTrue(link.size() >= 8, "the lesson's segments crossed the link: " + link.size());
            for (Payload.Segment s : link) {
                String what = s.src() + ">" + s.dst() + " " + s.flags() + " " + s.link();
                assertNotNull(s.link(), "the wire's word on it: " + what);
                assertEquals(Payload.Passage.DUPLICATED, s.link().fate(), what);
                assertTrue(s.arrivedTwice(), what);
                for (long arrived : s.link().arrivedNs())
                    assertTrue(arrived - s.link().departedNs() >= 45 * MS, "50 ms on the link: " + what);
            }
        }
    }

    @Test
    void lostSegmentPassesWithItsLossShown() throws Exception {
        for (boolean nobody : users()) {
            List<Event> events = runHidden("lost-segment", nobody, "lost-segment");
            started(events);
            List<Payload.Segment> wire = captured(events);
            List<Payload.Segment> lost = wire.stream().filter(Payload.Segment::lost).toList();
            assertEquals(1, lost.size(), wire.stream().map(s -> s.flags() + " " + s.len() + " " + s.lost()).toList()
                    .toString());
            Payload.Segment l = lost.getFirst();
            assertTrue(wire.stream().anyMatch(r -> !r.lost() && r.wireNs() > l.wireNs() && r.seqNo().equals(l.seqNo())
                    && r.len() == l.len()), "the lost segment was sent again and arrived");
        }
    }
}
