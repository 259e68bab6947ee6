package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The rules judge what the kernel did, whoever in the program did it (issue 56), on journals made by hand in the
 * shapes strace's record takes: a forked child that ends with exit(0) holding its connection, a JVM whose calls are on
 * a thread that is not its first, a client a shell starts, a connect that does not block.
 */
class JudgeAttributionTest {
    private final List<Event> events = new ArrayList<>();

    private void call(String endpoint, String name, Integer fd, Map<String, String> args, long result,
            String errno) {
        events.add(new Event(events.size() + 1, events.size() * 1_000_000L, endpoint, new Payload.Call(name, fd, args,
                result, errno == null ? null : 1, errno, null, 0)));
    }

    private void call(String endpoint, String name, Integer fd, long result) {
        call(endpoint, name, fd, Map.of(), result, null);
    }

    private void forked(int pid, int parent, Map<Integer, Long> inherited) {
        events.add(new Event(events.size() + 1, 0, "program-" + pid,
                Payload.Process.forked(pid, parent, "program", inherited)));
    }

    private Verdict judged(String check, Rule rule, LabResult lab, Judge.Outcome outcome) {
        return new Judge(CheckLoader.load(check), events, lab, outcome).verdicts().stream()
                .filter(v -> v.rule() == rule).findFirst().orElseThrow();
    }

    /** A server SocketLab stopped at the end, with these children still there. */
    private static Judge.Outcome stopped(List<Judge.Child> children) {
        return new Judge.Outcome(true, null, false, null, false, 0, children);
    }

    private void forkServerWhoseChildExits() {
        call("program", "socket", null, 3);
        call("program", "bind", 3, 0);
        call("program", "listen", 3, 0);
        call("program", "accept", 3, 4);
        forked(20, 1, Map.of(3, 100L, 4, 200L));
        call("program", "close", 4, 0);
        call("program-20", "close", 3, 0);
        call("program-20", "read", 4, 5);
        call("program-20", "write", 4, 5);
        call("program-20", "read", 4, 0); // then exit(0): the kernel closes fd 4
    }

    @Test
    void aChildThatEndsWithExitHasItsConnectionClosedByTheKernel() {
        forkServerWhoseChildExits();
        Verdict v = judged("tcp-echo-server", Rule.PATTERN, new LabResult(), stopped(List.of()));
        assertTrue(v.passed(), v.toString());
        assertEquals("check.why.pattern.okByExit", v.key());
        assertEquals(List.of("8", "1"), v.args()); // the 8 calls the pattern names, and the close by exit
    }

    @Test
    void aChildStillRunningHasClosedNothing() {
        forkServerWhoseChildExits();
        Verdict v = judged("tcp-echo-server", Rule.PATTERN, new LabResult(),
                stopped(List.of(new Judge.Child(20, false))));
        assertEquals("check.why.pattern.tooShort", v.key(), v.toString());
        assertEquals("read(4) = 0", v.args().get(1));
    }

    @Test
    void aJvmListensOnAThreadOfItsFirstProcess() {
        // java's first thread only starts the JVM; main() runs on another thread (no fork: it shares the descriptors).
        call("program-7", "socket", null, 5);
        call("program-7", "bind", 5, 0);
        call("program-7", "listen", 5, 0);
        call("program-7", "accept", 5, 6);
        call("program-7", "close", 6, 0);
        Verdict v = judged("tcp-echo-server", Rule.LISTENER_OPEN, new LabResult(), stopped(List.of()));
        assertTrue(v.passed(), v.toString());
    }

    @Test
    void aClientAShellStartsAndWhoseConnectDoesNotBlockConnected() {
        forked(30, 1, Map.of());
        call("program-30", "socket", null, 3);
        call("program-30", "connect", 3, Map.of("addr", "127.0.0.1:4000"), -1, "EINPROGRESS");
        call("program-30", "poll", null, 1);
        call("program-30", "write", 3, 4);
        call("program-30", "read", 3, 150_000);
        call("program-30", "read", 3, 50_000);
        call("program-30", "read", 3, 0);
        call("program-30", "close", 3, 0);
        LabResult lab = new LabResult();
        lab.replySent = 200_000;
        lab.clientConnected = true;
        Judge.Outcome ended = new Judge.Outcome(true, 0, false, null, true);
        Verdict v = judged("tcp-client-whole-reply", Rule.WHOLE_REPLY, lab, ended);
        assertTrue(v.passed(), v.toString());
        assertEquals("check.why.reply.okUnderway", v.key());
        assertTrue(judged("tcp-client-whole-reply", Rule.PATTERN, lab, ended).passed());
        assertTrue(judged("tcp-client-whole-reply", Rule.NO_FD_AT_EXIT, lab, ended).passed());
    }

    @Test
    void aSocketItsThreadMadeOnANumberReusedAndLeftOpenIsTheProcesssAtItsExit() {
        call("program", "socket", null, 3);
        call("program", "connect", 3, 0);
        call("program", "close", 3, 0);
        call("program-31", "socket", null, 3); // a thread (no fork): the process's descriptor table
        call("program-31", "connect", 3, 0);
        call("program-31", "write", 3, 5); // then exit(0) without closing it
        Judge.Outcome ended = new Judge.Outcome(true, 0, false, null, true);
        Verdict v = judged("tcp-client-whole-reply", Rule.NO_FD_AT_EXIT, new LabResult(), ended);
        assertEquals("check.why.noFd.open", v.key(), v.toString());
        assertEquals(4L, v.seq(), "the second socket, made by the thread on the number the first had");
        assertEquals(List.of("3", "socket"), v.args());
    }

    @Test
    void aServerStoppedAtTheTimeLimitIsNotToldItWasKilled() {
        call("program", "socket", null, 3);
        call("program", "bind", 3, 0);
        call("program", "listen", 3, 0);
        call("program", "accept", 3, 4);
        call("program", "recvfrom", 4, 4096);
        Judge.Outcome limit = new Judge.Outcome(true, 128 + 9, true, null, true, 0, null);
        Verdict v = judged("tcp-echo-server", Rule.LISTENER_OPEN, new LabResult(), limit);
        assertEquals("check.why.timeLimit", v.key(), v.toString());
        assertEquals(List.of("40"), v.args());
        assertEquals(null, v.hint());
    }
}
