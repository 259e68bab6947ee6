package org.socketlab.export.story;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * Journals recorded from real runs of the shipped lessons on real loopback sockets, kept for the test run (each
 * lesson is run once per JVM and mode). With capture, tcpdump must run: without it the test fails naming it,
 * because a story of the wire cannot be checked without the wire.
 */
public final class RecordedRuns {
    private static final Map<String, List<Event>> RUNS = new ConcurrentHashMap<>();

    private RecordedRuns() {
    }

    /** The whole journal of the lesson, run with the wire captured, read once the lab is closed. */
    public static List<Event> captured(String lesson) {
        return RUNS.computeIfAbsent(lesson + "+capture", k -> run(lesson, true));
    }

    /** The whole journal of the lesson, run without capture (segments inferred). */
    public static List<Event> inferred(String lesson) {
        return RUNS.computeIfAbsent(lesson + "-capture", k -> run(lesson, false));
    }

    private static List<Event> run(String id, boolean capture) {
        Lab lab = capture ? Lab.onThisMachine() : Lab.withoutCapture();
        try {
            if (capture && !lab.capturing()) {
                String why = lab.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Capture)
                        .map(e -> ((Payload.Capture) e.payload()).reason()).findFirst().orElse("?");
                fail("tcpdump capture of loopback is needed (run as root with tcpdump installed): " + why);
            }
            LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
            assertTrue(report.passed(), () -> id + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
        } finally {
            lab.close();
        }
        return lab.journal().snapshot();
    }
}
