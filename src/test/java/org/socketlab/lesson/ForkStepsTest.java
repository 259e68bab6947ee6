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
 * Lesson files can fork an endpoint ({@code "fork": "server-2"} with the child's names for its copies), end a process
 * with {@code "exit"}, and reap a child with {@code "call": "waitpid"} (issue 39); the runner makes each for real and
 * checks what the kernel did. A malformed value is refused with a clear message in both languages.
 */
class ForkStepsTest {
    private static final String STEPS = LessonScaffold.CONNECTED + """
            {"endpoint": "server", "fork": "server-2", "inherits": {"conn": "child_conn", "listener": "child_listener"},
             "narration": {"es": "g", "en": "g"}},
            """;

    private static String lesson(String lastSteps) {
        return LessonScaffold.lesson("fork-steps", STEPS + lastSteps);
    }

    @Test
    void theChildServesExitsAndItsParentReapsIt() {
        Lesson lesson = LessonLoader.parse("fork-steps.json", lesson("""
                {"endpoint": "server", "call": "close", "socket": "conn",
                 "narration": {"es": "h", "en": "h"}, "expect": {"result": 0, "state": {"sock": "ESTABLISHED"}}},
                {"endpoint": "server-2", "call": "close", "socket": "child_listener",
                 "narration": {"es": "i", "en": "i"}, "expect": {"result": 0, "state": {"listener": "LISTEN"}}},
                {"endpoint": "server-2", "call": "send", "socket": "child_conn", "data": "hola",
                 "narration": {"es": "j", "en": "j"}, "expect": {"result": 4}},
                {"endpoint": "server-2", "exit": 0, "narration": {"es": "k", "en": "k"},
                 "expect": {"state": {"sock": "CLOSE_WAIT"}}},
                {"endpoint": "client", "call": "recv", "socket": "sock", "size": 100,
                 "narration": {"es": "l", "en": "l"}, "expect": {"result": 4, "data": "hola"}},
                {"endpoint": "server", "call": "waitpid", "pid": "server-2",
                 "narration": {"es": "m", "en": "m"}, "expect": {"result": {"min": 1}}},
                {"endpoint": "server", "call": "waitpid", "pid": -1, "options": "WNOHANG",
                 "narration": {"es": "n", "en": "n"}, "expect": {"result": -1, "errno": "ECHILD"}}
                """));
        Journal journal = new Journal();
        try (Lab lab = Lab.withoutCapture(journal)) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
        }
        List<String> childEvents = journal.snapshot().stream().filter(e -> e.endpoint().equals("server-2"))
                .map(Event::payload).filter(p -> p instanceof Payload.Process).map(p -> ((Payload.Process) p).event())
                .toList();
        assertEquals(List.of("forked", "exited", "zombie", "reaped"), childEvents);
    }

    @Test
    void malformedForksAndWaitsAreRefusedInTheUsersLanguage() {
        LessonScaffold.refusedInBothLanguages(lesson(
                "{\"endpoint\": \"server\", \"fork\": \"server\", \"narration\": {\"es\": \"h\", \"en\": \"h\"}}"),
                "\"fork\": \"server\" must be a new endpoint", "\"fork\": \"server\" debe ser un extremo nuevo");
        LessonScaffold.refusedInBothLanguages(
                lesson("{\"endpoint\": \"server\", \"call\": \"waitpid\", \"pid\": \"client\", \"narration\": {\"es\":"
                        + " \"h\", \"en\": \"h\"}, \"expect\": {\"result\": 0}}"),
                "waitpid's \"pid\": \"client\" is neither -1", "\"pid\" de waitpid: \"client\" no es -1");
        LessonScaffold.refusedInBothLanguages(
                lesson("{\"endpoint\": \"server-2\", \"exit\": 0, \"narration\": {\"es\": \"h\", \"en\": \"h\"},"
                        + " \"expect\": {\"result\": 0}}"),
                "an exit step's call never returns",
                "la llamada de un paso exit no devuelve");
        LessonScaffold.refusedInBothLanguages(
                lesson("{\"endpoint\": \"server-2\", \"exit\": 300, \"narration\": {\"es\": \"h\", \"en\": \"h\"}}"),
                "300", "300");
        LessonScaffold.refusedInBothLanguages(LessonScaffold.lesson("fork-steps", LessonScaffold.CONNECTED
                + "{\"endpoint\": \"server\", \"fork\": \"server-2\", \"inherits\": {\"sock\": \"copy\"},"
                + " \"narration\": {\"es\": \"g\", \"en\": \"g\"}}"),
                "socket \"sock\" belongs to client, not to server",
                "el socket \"sock\" pertenece a client, no a server");
    }

}
