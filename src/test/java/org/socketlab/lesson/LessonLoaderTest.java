package org.socketlab.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lesson.LessonMismatchTest.lesson;
import static org.socketlab.lesson.LessonMismatchTest.step;

/** A malformed lesson file fails with one clear message naming the file and the step, in both languages. */
class LessonLoaderTest {
    private static final String SOCKET = step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"s\"", "{\"result\": \"fd\"}");

    private static String failure(String json) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.parse("bad.json", json));
        String es = Messages.of(Lang.ES).text(e);
        assertFalse(es.contains("!"), () -> "a key is missing in Spanish: " + es);
        assertTrue(es.contains("bad.json"), es);
        return Messages.of(Lang.EN).text(e);
    }

    @Test
    void brokenJsonNamesTheFile() {
        String message = failure("{\"id\": \"t\", ");
        assertTrue(message.startsWith("Lesson file bad.json: it is not valid JSON"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown call | \"endpoint\": \"client\", \"call\": \"dial\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (client dial): unknown call \"dial\"",
            "unknown socket name | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"nope\" | {\"result\": 0} | Lesson file bad.json, step 2 (client close): no earlier step named a socket \"nope\"",
            "bad port | \"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"127.0.0.1:99999\" | {\"result\": 0} | Lesson file bad.json, step 2 (client connect): Port \"99999\" is not valid",
            "not loopback | \"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"s\", \"address\": \"8.8.8.8:{port}\" | {\"result\": 0} | Lesson file bad.json, step 2 (client connect): 8.8.8.8:5000 is not a loopback address",
            "missing field | \"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"s\" | {\"result\": 4} | Lesson file bad.json, step 2 (client send): field \"data\" is missing",
            "unknown field | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"backlog\": 3 | {\"result\": 0} | Lesson file bad.json, step 2 (client close): unknown field \"backlog\"",
            "other endpoint | \"endpoint\": \"server\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (server close): socket \"s\" belongs to client, not to server",
            "errno needed | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": -1} | Lesson file bad.json, step 2 (client close): an expected result of -1 needs the errno",
            "unknown errno | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": -1, \"errno\": \"EOOPS\"} | Lesson file bad.json, step 2 (client close): errno \"EOOPS\" is not a known errno name",
            "fd result on close | \"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": \"fd\"} | Lesson file bad.json, step 2 (client close): result \"fd\" only makes sense",
            "bad choice | \"endpoint\": \"client\", \"call\": \"shutdown\", \"socket\": \"s\", \"how\": \"SHUT_UP\" | {\"result\": 0} | Lesson file bad.json, step 2 (client shutdown): field \"how\" cannot be \"SHUT_UP\"",
            "bad backlog | \"endpoint\": \"client\", \"call\": \"listen\", \"socket\": \"s\", \"backlog\": -3 | {\"result\": 0} | Lesson file bad.json, step 2 (client listen): field \"backlog\" must be a whole number from 0 to 4096",
            "bad endpoint | \"endpoint\": \"router\", \"call\": \"close\", \"socket\": \"s\" | {\"result\": 0} | Lesson file bad.json, step 2 (router close): endpoint \"router\" is not valid",
    })
    void badStepIsNamed(String kind, String fields, String expect, String expectedStart) {
        String message = failure(lesson(SOCKET, step(fields, expect)));
        assertTrue(message.startsWith(expectedStart), () -> kind + ": " + message);
    }

    @Test
    void narrationMissingInOneLanguageIsNamed() {
        String step = "{\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"narration\": {\"es\": \"cierra\"}, \"expect\": {\"result\": 0}}";
        assertEquals("Lesson file bad.json, step 2 (client close): \"narration\" has no text in language \"en\": every text is needed in both es and en.",
                failure(lesson(SOCKET, step)));
    }

    @Test
    void missingExpectationIsNamed() {
        String step = "{\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"s\", \"narration\": {\"es\": \"a\", \"en\": \"b\"}}";
        assertTrue(failure(lesson(SOCKET, step)).startsWith("Lesson file bad.json, step 2 (client close): field \"expect\" is missing"));
    }

    @Test
    void lessonWithoutStepsOrTitleIsNamed() {
        assertTrue(failure("{\"id\": \"t\", \"title\": {\"es\": \"t\", \"en\": \"t\"}, \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": []}")
                .startsWith("Lesson file bad.json: \"steps\" must be a non-empty list"));
        assertTrue(failure("{\"id\": \"t\", \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": []}")
                .startsWith("Lesson file bad.json: \"title\" must be an object"));
    }

    @Test
    void unknownLessonIdIsClear() {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.load("no-such-lesson"));
        assertEquals("lesson.error.unknown", e.key());
        assertThrows(LocalizedException.class, () -> LessonLoader.load("../i18n/messages_en"));
    }
}
