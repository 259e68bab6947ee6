package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * Lesson files can kill an endpoint's process ({@code "kill": "SIGKILL"}), set SIGPIPE's disposition
 * ({@code "call": "signal"}) and expect a call whose process dies inside it ({@code "killed_by": "SIGPIPE"}); the
 * runner verifies each on a real run. A malformed value is refused with a clear message in both languages.
 */
class KillStepsTest {
    private static final String STEPS = LessonScaffold.CONNECTED + """
            {"endpoint": "client", "call": "send", "socket": "sock", "data": "unread",
             "narration": {"es": "g", "en": "g"}, "expect": {"result": 6}},
            {"endpoint": "server", "call": "accept", "socket": "listener", "as": "conn2", "wait": false,
             "narration": {"es": "h", "en": "h"}, "expect": {"blocked": true}},
            """;

    private static String lesson(String lastSteps) {
        return LessonScaffold.lesson("kill-steps", STEPS + lastSteps);
    }

    @Test
    void aKilledServerResetsAndTheClientDiesOfSigpipeThenIgnoresIt() {
        // Killed while it waits in accept, with "unread" unread on conn: the kernel resets the connection.
        Lesson lesson = LessonLoader.parse("kill-steps.json", lesson("""
                {"endpoint": "server", "kill": "SIGKILL", "narration": {"es": "i", "en": "i"},
                 "expect": {"state": {"sock": "CLOSED"}}},
                {"endpoint": "client", "call": "recv", "socket": "sock", "size": 100,
                 "narration": {"es": "j", "en": "j"}, "expect": {"result": -1, "errno": "ECONNRESET"}},
                {"endpoint": "client", "call": "send", "socket": "sock", "data": "2",
                 "narration": {"es": "k", "en": "k"}, "expect": {"killed_by": "SIGPIPE"}},
                {"endpoint": "client", "call": "signal", "signal": "SIGPIPE", "handler": "SIG_IGN",
                 "narration": {"es": "l", "en": "l"}, "expect": {"result": 0}}
                """));
        Journal journal = new Journal();
        try (Lab lab = Lab.withoutCapture(journal)) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
        }
        List<Payload.Process> ends = journal.snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Process e && e.event().equals(Payload.Process.EXITED))
                .map(p -> (Payload.Process) p).toList();
        assertEquals("SIGKILL", ends.get(0).signalName(), "the server first");
        assertEquals("SIGPIPE", ends.get(1).signalName(), "then the client");
    }

    @Test
    void aWrongExpectationOfDeathIsAMismatch() {
        Lesson lesson = LessonLoader.parse("kill-steps.json", lesson("""
                {"endpoint": "client", "call": "send", "socket": "sock", "data": "x",
                 "narration": {"es": "i", "en": "i"}, "expect": {"killed_by": "SIGPIPE"}}
                """));
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(!report.passed(), "the send returned 1: its process lives");
            assertTrue(report.mismatch().describe(Messages.of(Lang.EN)).contains("client send"),
                    report.mismatch().describe(Messages.of(Lang.EN)));
        }
    }

    @Test
    void malformedSignalsAreRefusedInTheUsersLanguage() {
        String badKill = lesson("{\"endpoint\": \"server\", \"kill\": \"SIGINT\", \"narration\": {\"es\": \"i\","
                + " \"en\": \"i\"}}");
        String badKilledBy = lesson("{\"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"sock\", \"data\":"
                + " \"x\", \"narration\": {\"es\": \"i\", \"en\": \"i\"}, \"expect\": {\"killed_by\": \"SIGSEGV\"}}");
        String bothOutcomes = lesson("{\"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"sock\", \"data\":"
                + " \"x\", \"narration\": {\"es\": \"i\", \"en\": \"i\"}, \"expect\": {\"killed_by\": \"SIGPIPE\","
                + " \"result\": 1}}");
        String badHandler = lesson("{\"endpoint\": \"client\", \"call\": \"signal\", \"signal\": \"SIGPIPE\","
                + " \"handler\": \"ignore\", \"narration\": {\"es\": \"i\", \"en\": \"i\"}, \"expect\": {\"result\": 0}}");
        LessonScaffold.refusedInBothLanguages(badKill,
                "\"kill\": \"SIGINT\" is not a signal this step takes; write one of: SIGKILL, SIGTERM",
                "\"kill\": \"SIGINT\" no es una señal que admita este paso; escribe una de estas: SIGKILL, SIGTERM");
        LessonScaffold.refusedInBothLanguages(badKilledBy, "\"expect.killed_by\": \"SIGSEGV\" is not a signal",
                "\"expect.killed_by\": \"SIGSEGV\" no es una señal");
        LessonScaffold.refusedInBothLanguages(bothOutcomes,
                "the call never returns, so \"result\" cannot be expected with it",
                "la llamada no vuelve nunca, así que no se puede esperar también \"result\"");
        LessonScaffold.refusedInBothLanguages(badHandler,
                "\"handler\": \"ignore\" is not a signal this step takes; write one of: SIG_DFL, SIG_IGN",
                "\"handler\": \"ignore\" no es una señal");
    }

}
