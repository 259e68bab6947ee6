package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * Journals recorded from real runs of the shipped lessons on real loopback sockets, kept for the test run (each
 * lesson is run once per JVM and mode). A check of the captured wire needs tcpdump: on CI ({@code CI=true}) a missing
 * capture fails the test naming it ({@link CiRules}); elsewhere the test is reported skipped, never passed quietly. A
 * check that holds for either wire takes {@link #best}: the captured run when capture works here, else the deduced one.
 */
public final class RecordedRuns {
    private static final Map<String, Optional<List<Event>>> RUNS = new ConcurrentHashMap<>();

    private RecordedRuns() {
    }

    /** The whole journal of the lesson, run with the wire captured; skipped off CI (failed on CI) without capture. */
    public static List<Event> captured(String lesson) {
        Optional<List<Event>> run = capturedIfPossible(lesson);
        if (run.isEmpty()) CiRules.requireOrSkip(false, "loopback capture with tcpdump (root and tcpdump installed)");
        return run.orElseThrow();
    }

    /** The captured run when this machine captures the wire, else the run without capture (on CI: captured or fail). */
    public static List<Event> best(String lesson) {
        return capturedIfPossible(lesson).orElseGet(() -> inferred(lesson));
    }

    /** The whole journal of the lesson, run without capture (segments inferred). */
    public static List<Event> inferred(String lesson) {
        return RUNS.computeIfAbsent(lesson + "-capture", k -> run(lesson, false)).orElseThrow();
    }

    private static Optional<List<Event>> capturedIfPossible(String lesson) {
        return RUNS.computeIfAbsent(lesson + "+capture", k -> run(lesson, true));
    }

    /** The journal, or empty when capture was asked for and is off here (on CI that fails, naming tcpdump). */
    private static Optional<List<Event>> run(String id, boolean capture) {
        Lab lab = capture ? Lab.onThisMachine() : Lab.withoutCapture();
        try {
            if (capture && !CiRules.capturing(lab)) return Optional.empty();
            LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
            assertTrue(report.passed(), () -> id + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
        } finally {
            lab.close();
        }
        return Optional.of(lab.journal().snapshot());
    }
}
