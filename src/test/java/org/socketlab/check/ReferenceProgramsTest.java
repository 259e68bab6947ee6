package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Payload;
import org.socketlab.syscall.Libc;
import org.socketlab.trace.Strace;

/**
 * Every shipped check file judges its reference submissions as stated: each good program (C and Python) passes every
 * rule; each broken C program fails, and the rule it breaks is among the failed ones, pointing at a journal event of
 * the program. Real programs, real strace, real sockets on loopback.
 */
class ReferenceProgramsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("tcp-echo-server", "good.c", null),
                Arguments.of("tcp-echo-server", "good.py", null),
                Arguments.of("tcp-echo-server", "leak.c", Rule.ACCEPTED_CLOSED),
                Arguments.of("tcp-echo-server", "closed-listener.c", Rule.LISTENER_OPEN),
                Arguments.of("tcp-echo-server", "short-write.c", Rule.SHORT_SEND),
                Arguments.of("tcp-echo-server", "crash-on-reset.c", Rule.SURVIVES_RESET),
                Arguments.of("udp-echo-server", "good.c", null),
                Arguments.of("udp-echo-server", "good.py", null),
                Arguments.of("udp-echo-server", "truncating.c", Rule.ECHO),
                Arguments.of("tcp-concurrent-server", "good.c", null),
                Arguments.of("tcp-concurrent-server", "good.py", null),
                Arguments.of("tcp-concurrent-server", "iterative.c", Rule.CONCURRENT),
                Arguments.of("tcp-concurrent-server", "fork-leak.c", Rule.ACCEPTED_CLOSED),
                Arguments.of("tcp-client-whole-reply", "good.c", null),
                Arguments.of("tcp-client-whole-reply", "good.py", null),
                Arguments.of("tcp-client-whole-reply", "one-read.c", Rule.WHOLE_REPLY),
                Arguments.of("udp-client-retry", "good.c", null),
                Arguments.of("udp-client-retry", "good.py", null),
                Arguments.of("udp-client-retry", "no-timeout.c", Rule.TIMEOUT_RETRY));
    }

    @org.junit.jupiter.api.Test
    void aRunIsJudgedOnItsOwnEventsInASharedJournal() throws Exception {
        // The window checks into its live journal: an earlier run's calls (a broken client's one read) must not count.
        Strace strace = ReferencePrograms.strace();
        Journal shared = CheckRun.newJournal();
        CheckFile check = CheckLoader.load("tcp-client-whole-reply");
        CheckRun.Result broken = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-client-whole-reply", "one-read.c", dir), dir, strace, shared);
        assertFalse(broken.passed());
        CheckRun.Result good = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-client-whole-reply", "good.c", dir),
                dir, strace, shared);
        assertTrue(good.passed(), () -> good.verdicts().stream().map(v -> v.line(Messages.of(Lang.EN)))
                .collect(Collectors.joining("\n")));
        assertTrue(good.events().getFirst().seq() > broken.events().getLast().seq(), "only its own events");
    }

    /** The program's last calls, seq and name, for a failure's message. */
    static String lastCalls(CheckRun.Result r) {
        List<String> calls = r.events().stream().filter(e -> e.endpoint().startsWith("program"))
                .map(e -> e.seq() + " " + e.endpoint() + " " + (e.payload() instanceof Payload.Call c
                        ? c.call() + "(" + c.fd() + ")=" + c.result()
                        : e.type()))
                .toList();
        return String.join(", ", calls.subList(Math.max(0, calls.size() - 15), calls.size()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("references")
    void judgedAsStated(String check, String file, Rule broken) throws Exception {
        Strace strace = ReferencePrograms.strace();
        List<String> command = ReferencePrograms.command(check, file, dir);
        CheckFile checkFile = CheckLoader.load(check);
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), checkFile, command, dir, strace, CheckRun.newJournal());
        Messages en = Messages.of(Lang.EN);
        String report = r.verdicts().stream().map(v -> v.line(en)).collect(Collectors.joining("\n")) + "\noutput: "
                + r.output() + "\nlast calls of the program: " + lastCalls(r);
        assertEquals(checkFile.rules().size(), r.verdicts().size(), report);
        if (broken == null) {
            assertTrue(r.passed(), () -> check + "/" + file + " should pass every rule:\n" + report);
            return;
        }
        assertFalse(r.passed(), report);
        Verdict v = r.verdicts().stream().filter(x -> x.rule() == broken).findFirst().orElseThrow();
        assertFalse(v.passed(), () -> check + "/" + file + " should fail " + broken.id() + ":\n" + report);
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
            case LISTENER_OPEN -> c.call().equals("close") || c.call().equals("listen");
            case SHORT_SEND -> c.call().startsWith("send") || c.call().equals("write");
            case SURVIVES_RESET -> "ECONNRESET".equals(c.errnoName()) || "EPIPE".equals(c.errnoName());
            case ECHO, CONCURRENT -> c.call().startsWith("accept") || c.call().equals("recvfrom");
            case WHOLE_REPLY -> c.call().equals("read") || c.call().startsWith("recv");
            case TIMEOUT_RETRY -> c.call().startsWith("send") || c.call().startsWith("recv");
            default -> true;
        };
    }
}
