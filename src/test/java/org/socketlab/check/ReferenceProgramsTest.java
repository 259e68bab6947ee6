package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.Libc;
import org.socketlab.trace.Strace;

/**
 * Every shipped check file judges its reference submissions as stated: each good program (C and Python) passes every
 * rule; each broken C program fails, and the rule it breaks is among the failed ones, pointing at a journal event of
 * the program. Real programs, real strace, real sockets on loopback.
 */
@Execution(ExecutionMode.CONCURRENT) // in two lanes, one check at a time in each (see LANE)
class ReferenceProgramsTest {
    /**
     * The checks run in two lanes side by side: each lane is a lock its tests take, so at most two checks load this
     * computer's loopback at once. Four at once (JUnit's parallelism here) were beside the one whole run where another
     * JVM's loopback capture journaled no segment of a traced exchange (ci48); one at a time takes the class 79 s.
     */
    private static final String LANE = "reference-programs-lane-";
    @TempDir
    Path dir;

    /**
     * Each reference: its check, its file, and for a broken one the rule it breaks and the reason's message key (null:
     * any reason). The good ones cover the styles students write (issue 37): iterative, poll/select/epoll loops,
     * threads, fork with waitpid, with a SIGCHLD handler and with SIGCHLD ignored, Python's socketserver, read/write and
     * recv/send, accept4, sendmsg/recvmsg, and UDP clients waiting with alarm, poll, SO_RCVTIMEO and settimeout.
     * Sockets are followed by their inodes: a number closed and reused is another socket (reuse-fds.c passes), and a
     * socket kept under another number is the same one (dup-leak.c leaks). tcp-echo-server's good.c and
     * tcp-client-whole-reply's good.c and one-read.c are judged as stated by the two journal tests below: each
     * submission is run once. A good one's reason key, when given, is the reason one of its rules passes with
     * (graceful-poll.c closes its listener after the check's SIGTERM: its clean shutdown).
     */
    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("tcp-echo-server", "good.py", null, null),
                Arguments.of("tcp-echo-server", "poll.c", null, null),
                Arguments.of("tcp-echo-server", "select.c", null, null),
                Arguments.of("tcp-echo-server", "epoll.c", null, null),
                Arguments.of("tcp-echo-server", "threads.c", null, null),
                Arguments.of("tcp-echo-server", "recv-send.c", null, null),
                Arguments.of("tcp-echo-server", "accept4.c", null, null),
                Arguments.of("tcp-echo-server", "msg.c", null, null),
                Arguments.of("tcp-echo-server", "socketserver_echo.py", null, null),
                Arguments.of("tcp-echo-server", "graceful-poll.c", null, "check.why.listener.okShutdown"),
                Arguments.of("tcp-echo-server", "leak.c", "accepted-closed", null),
                Arguments.of("tcp-echo-server", "closed-listener.c", "listener-open", "check.why.listener.exited"),
                Arguments.of("tcp-echo-server", "closes-and-stays.c", "listener-open", "check.why.listener.closed"),
                Arguments.of("tcp-echo-server", "short-write.c", "short-send", null),
                Arguments.of("tcp-echo-server", "crash-on-reset.c", "survives-reset", null),
                Arguments.of("tcp-echo-server", "crash-signal.c", "survives-reset", "check.why.reset.signal"),
                Arguments.of("tcp-echo-server", "wrong-port.c", "listener-open", "check.why.port.wrong"),
                Arguments.of("tcp-echo-server", "one-client.c", "listener-open", "check.why.listener.exited"),
                Arguments.of("tcp-echo-server", "one-read.c", "echo", "check.why.echo.differs"),
                Arguments.of("tcp-echo-server", "reuse-fds.c", null, null),
                Arguments.of("tcp-echo-server", "dup-leak.c", "accepted-closed", "check.why.accepted.leaked"),
                // A check file of 2 s: a correct server that ignores SIGTERM is still serving the big echo when it runs
                // out; the clients it cut are the check's doing, told "stopped by the check after 2 s".
                Arguments.of("short-limit", "ignores-term.c", "echo", "check.why.timeLimit"),
                Arguments.of("udp-echo-server", "good.c", null, null),
                Arguments.of("udp-echo-server", "good.py", null, null),
                Arguments.of("udp-echo-server", "truncating.c", "echo", null),
                Arguments.of("tcp-concurrent-server", "good.c", null, null),
                Arguments.of("tcp-concurrent-server", "good.py", null, null),
                Arguments.of("tcp-concurrent-server", "fork-sigchld.c", null, null),
                Arguments.of("tcp-concurrent-server", "fork-waitpid.c", null, null),
                Arguments.of("tcp-concurrent-server", "threads.c", null, null),
                Arguments.of("tcp-concurrent-server", "forking_server.py", null, null),
                Arguments.of("tcp-concurrent-server", "threading_server.py", null, null),
                Arguments.of("tcp-concurrent-server", "iterative.c", "concurrent", null),
                Arguments.of("tcp-concurrent-server", "fork-leak.c", "accepted-closed", null),
                Arguments.of("tcp-concurrent-server", "never-exit.c", "children-exit", "check.why.children.alive"),
                Arguments.of("tcp-concurrent-server", "zombies.c", "children-exit", "check.why.children.zombies"),
                Arguments.of("greeting-fork", "good.c", null, "check.why.greeting.ok"),
                Arguments.of("greeting-fork", "good.py", null, null),
                Arguments.of("greeting-fork", "no-close.c", "echo", "check.why.greeting.differs"),
                Arguments.of("greeting-fork", "no-fork.c", "child-pattern", "check.why.child.none"),
                Arguments.of("tcp-client-whole-reply", "good.py", null, null),
                Arguments.of("udp-client-retry", "good.c", null, null),
                Arguments.of("udp-client-retry", "good.py", null, null),
                Arguments.of("udp-client-retry", "alarm.c", null, null),
                Arguments.of("udp-client-retry", "alarm-restart.c", null, null),
                Arguments.of("udp-client-retry", "poll.c", null, null),
                Arguments.of("udp-client-retry", "no-timeout.c", "timeout-retry", null),
                Arguments.of("udp-client-retry", "resend-no-wait.c", "timeout-retry", "check.why.retry.noWait"));
    }

    /**
     * SocketLab's own waits in these runs: a lab socket waits 2 s for an echo, a greeting's end or a request, not 4 s.
     * A correct program answers in milliseconds, so only a broken one waits it out (no-close.c never closes, an
     * iterative server keeps the second client waiting), and its verdict is the same, for the same reason, whatever
     * the length. The others stay as they run.
     */
    static final Waits WAITS = new Waits(Waits.DEFAULT.ready(), Duration.ofSeconds(2), Waits.DEFAULT.accept(),
            Waits.DEFAULT.react(), Waits.DEFAULT.settle(), Waits.DEFAULT.quiet(), Waits.DEFAULT.children());

    /**
     * The time limit, in seconds, of the submissions that run until theirs runs out (the check file's 12 s):
     * no-timeout.c waits for ever for the datagram the lab dropped, so it is judged the same whatever the limit,
     * while the correct clients of the check end in about a second.
     */
    private static final Map<String, Integer> WAITED_OUT = Map.of("udp-client-retry/no-timeout.c", 6);

    static Stream<Arguments> laneOne() {
        return lane(0);
    }

    static Stream<Arguments> laneTwo() {
        return lane(1);
    }

    /** The references at even ({@code parity} 0) or odd places. */
    private static Stream<Arguments> lane(int parity) {
        List<Arguments> all = references().toList();
        return IntStream.range(0, all.size()).filter(i -> i % 2 == parity).mapToObj(all::get);
    }

    @Test
    @ResourceLock(LANE + 1)
    void aRunIsJudgedOnItsOwnEventsInASharedJournal() throws Exception {
        // The window checks into its live journal: an earlier run's calls (a broken client's one read) must not count.
        Strace strace = ReferencePrograms.strace();
        Journal shared = CheckRun.newJournal();
        CheckFile check = CheckLoader.load("tcp-client-whole-reply");
        CheckRun.Result broken = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-client-whole-reply", "one-read.c", dir), dir, strace, shared, WAITS);
        assertJudgedAsStated("tcp-client-whole-reply", "one-read.c", "whole-reply", null, check, broken);
        CheckRun.Result good = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-client-whole-reply", "good.c", dir), dir, strace, shared, WAITS);
        assertJudgedAsStated("tcp-client-whole-reply", "good.c", null, null, check, good);
        assertTrue(good.events().getFirst().seq() > broken.events().getLast().seq(), "only its own events");
    }

    @Test
    @ResourceLock(LANE + 2)
    void aWindowsSmallJournalStillJudgesTheWholeRun() throws Exception {
        // The window's journal keeps its newest events only; a server's run is many more (issue 37 item 6: it judged
        // only what was left, and failed a correct server with "never listened").
        Strace strace = ReferencePrograms.strace();
        Journal small = new Journal(new Journal.Retention(200, Journal.Retention.DEFAULT.previewBytes(),
                Journal.Retention.DEFAULT.maxDataBytes()));
        CheckFile check = CheckLoader.load("tcp-echo-server");
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-echo-server", "good.c", dir), dir, strace, small, WAITS);
        assertTrue(r.events().size() > 1000, () -> "a long run: " + r.events().size() + " events");
        assertTrue(r.events().getFirst().seq() < small.firstHeldSeq(), "its first events left the window's memory");
        assertJudgedAsStated("tcp-echo-server", "good.c", null, null, check, r);
    }

    /**
     * The program's first 4 and last 15 events as the journal writes them (inodes, made descriptors, process events):
     * enough to tell, from a CI log alone, which socket a call the judge counted was on.
     */
    static String programsEvents(CheckRun.Result r) {
        List<String> lines = r.events().stream().filter(e -> e.endpoint().startsWith("program"))
                .map(JournalJsonl::line).toList();
        int tail = Math.max(0, lines.size() - 15), head = Math.min(4, tail);
        List<String> shown = new ArrayList<>(lines.subList(0, head));
        if (head < tail) shown.add("...");
        shown.addAll(lines.subList(tail, lines.size()));
        return "\n" + String.join("\n", shown);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("laneOne")
    @ResourceLock(LANE + 1)
    void judgedAsStatedInLaneOne(String check, String file, String brokenId, String reasonKey) throws Exception {
        judgedAsStated(check, file, brokenId, reasonKey);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("laneTwo")
    @ResourceLock(LANE + 2)
    void judgedAsStatedInLaneTwo(String check, String file, String brokenId, String reasonKey) throws Exception {
        judgedAsStated(check, file, brokenId, reasonKey);
    }

    private void judgedAsStated(String check, String file, String brokenId, String reasonKey) throws Exception {
        Strace strace = ReferencePrograms.strace();
        List<String> command = ReferencePrograms.command(check, file, dir);
        // A teacher's own check file (beside its references), or a shipped one.
        CheckFile checkFile = CheckLoader.IDS.contains(check)
                ? CheckLoader.load(check)
                : CheckLoader.load(ReferencePrograms.source(check, "check.json", dir).toString());
        Integer seconds = WAITED_OUT.get(check + "/" + file);
        if (seconds != null) checkFile = withTimeLimit(checkFile, seconds);
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), checkFile, command, dir, strace, CheckRun.newJournal(),
                WAITS);
        assertJudgedAsStated(check, file, brokenId, reasonKey, checkFile, r);
    }

    /** {@code check} with a time limit of {@code seconds} for the program, its other limits as they are. */
    private static CheckFile withTimeLimit(CheckFile check, int seconds) {
        CheckFile.Limits l = check.limits();
        return new CheckFile(check.id(), check.title(), check.role(), check.proto(), check.args(), check.plays(),
                check.pattern(), check.rules(), new CheckFile.Limits(seconds, l.cpuSeconds(), l.openFiles(),
                        l.memoryMb()),
                check.childPattern());
    }

    /**
     * A good reference ({@code brokenId} null) passed every rule; a broken one failed {@code brokenId} (for the reason
     * {@code reasonKey} unless null), pointing at a journal event of the program that shows it.
     */
    private static void assertJudgedAsStated(String check, String file, String brokenId, String reasonKey,
            CheckFile checkFile, CheckRun.Result r) {
        Messages en = Messages.of(Lang.EN);
        String report = r.verdicts().stream().map(v -> v.line(en)).collect(Collectors.joining("\n")) + "\noutput: "
                + r.output() + "\nthe program's first and last events: " + programsEvents(r);
        assertEquals(checkFile.rules().size(), r.verdicts().size(), report);
        if (brokenId == null) {
            assertTrue(r.passed(), () -> check + "/" + file + " should pass every rule:\n" + report);
            // A good one's reasonKey: the reason one of its rules passes with.
            if (reasonKey != null)
                assertTrue(r.verdicts().stream().anyMatch(v -> v.key().equals(reasonKey)), () -> check + "/" + file
                        + " passes for the reason " + reasonKey + ":\n" + report);
            return;
        }
        assertFalse(r.passed(), report);
        Rule broken = Rule.of(brokenId).orElseThrow(() -> new AssertionError("no rule " + brokenId));
        Verdict v = r.verdicts().stream().filter(x -> x.rule() == broken).findFirst()
                .orElseThrow(() -> new AssertionError(check + " does not ask for " + brokenId + ":\n" + report));
        assertFalse(v.passed(), () -> check + "/" + file + " should fail " + broken.id() + ":\n" + report);
        if (reasonKey != null)
            assertEquals(reasonKey, v.key(), () -> check + "/" + file + " gives the real cause:\n" + report);
        // A cause outside the rule's advice (the program ended by itself) carries no hint about a loop.
        if (Judge.OWN_ADVICE.contains(v.key()))
            assertNull(v.hint(), () -> check + "/" + file + " is told its own cause, not the rule's hint:\n" + report);
        assertNotNull(v.seq(), () -> "a broken rule points at the journal event that shows it:\n" + report);
        Event shown = r.events().stream().filter(e -> e.seq() == v.seq()).findFirst().orElseThrow();
        assertTrue(shown.endpoint().startsWith("program"), () -> "seq " + v.seq() + " is the program's: " + shown);
        assertTrue(showsIt(broken, shown), () -> "seq " + v.seq() + " shows " + broken.id() + ": " + shown);
    }

    /** The kind of event that shows each broken rule. */
    private static boolean showsIt(Rule rule, Event e) {
        if (!(e.payload() instanceof Payload.Call c))
            return rule == Rule.TIMEOUT_RETRY && (e.payload() instanceof Payload.Blocked
                    || e.payload() instanceof Payload.Cancelled);
        return switch (rule) {
            case ACCEPTED_CLOSED -> c.call().startsWith("accept");
            case CHILD_PATTERN -> !c.call().isEmpty();
            case LISTENER_OPEN -> c.call().equals("close") || c.call().equals("listen") || c.call().equals("bind");
            case SHORT_SEND -> c.call().startsWith("send") || c.call().equals("write");
            case SURVIVES_RESET -> "ECONNRESET".equals(c.errnoName()) || "EPIPE".equals(c.errnoName());
            case ECHO, CONCURRENT -> c.call().startsWith("accept") || c.call().equals("recvfrom");
            case WHOLE_REPLY -> c.call().equals("read") || c.call().startsWith("recv");
            case TIMEOUT_RETRY -> c.call().startsWith("send") || c.call().startsWith("recv");
            default -> true;
        };
    }
}
