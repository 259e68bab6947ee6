package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;

/**
 * The lesson files the step tests (and the code generator's) write: a connected client and server, then the steps
 * under test, run for real or refused in both languages.
 */
public final class LessonScaffold {
    /** A listening server that has accepted its client's connection: {@code listener}, {@code sock}, {@code conn}. */
    public static final String CONNECTED = """
            {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "listener",
             "narration": {"es": "a", "en": "a"}, "expect": {"result": "fd"}},
            {"endpoint": "server", "call": "bind", "socket": "listener", "address": "127.0.0.1:{port}",
             "narration": {"es": "b", "en": "b"}, "expect": {"result": 0}},
            {"endpoint": "server", "call": "listen", "socket": "listener", "backlog": 5,
             "narration": {"es": "c", "en": "c"}, "expect": {"result": 0}},
            {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "sock",
             "narration": {"es": "d", "en": "d"}, "expect": {"result": "fd"}},
            {"endpoint": "client", "call": "connect", "socket": "sock", "address": "127.0.0.1:{port}",
             "narration": {"es": "e", "en": "e"}, "expect": {"result": 0}},
            {"endpoint": "server", "call": "accept", "socket": "listener", "as": "conn",
             "narration": {"es": "f", "en": "f"}, "expect": {"result": "fd"}},
            """;

    private LessonScaffold() {
    }

    /** A lesson file {@code id} of these steps (a JSON list's items, without the brackets). */
    public static String lesson(String id, String steps) {
        return "{\"id\": \"" + id + "\", \"title\": {\"es\": \"T\", \"en\": \"T\"},"
                + " \"summary\": {\"es\": \"T.\", \"en\": \"T.\"}, \"steps\": [" + steps + "]}";
    }

    /** Runs the lesson on a lab of its own (no capture) and returns its journal; it must pass, or say why it did not. */
    static List<Event> passes(String json) {
        Lesson lesson = LessonLoader.parse("scaffold.json", json);
        Journal journal = new Journal();
        try (Lab lab = Lab.withoutCapture(journal)) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
        }
        return journal.snapshot();
    }

    /** The lesson file is refused, in English with {@code en} in the message and in Spanish with {@code es}. */
    static void refusedInBothLanguages(String json, String en, String es) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.parse("bad.json", json));
        assertTrue(Messages.of(Lang.EN).text(e).contains(en), Messages.of(Lang.EN).text(e));
        assertTrue(Messages.of(Lang.ES).text(e).contains(es), Messages.of(Lang.ES).text(e));
    }
}
