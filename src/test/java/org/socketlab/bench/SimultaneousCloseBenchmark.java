package org.socketlab.bench;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * How reliably simultaneous-close reaches CLOSING on this kernel: the lesson run N times ({@code -Druns=N}, 100 by
 * default), each on a lab of its own with capture as the machine allows ({@code -Dcapture=false}: none), counting the runs that passed, the runs whose
 * journal shows a socket in CLOSING (the kernel's TCP_INFO reading), and which step differed otherwise. Not part of the
 * test run: {@code mvn -B test -Dtest=SimultaneousCloseBenchmark}.
 */
class SimultaneousCloseBenchmark {

    @Test
    void runsThatReachClosing() {
        int runs = Integer.getInteger("runs", 100);
        boolean capture = !"false".equals(System.getProperty("capture"));
        int passed = 0, closing = 0, bothClosing = 0;
        Map<String, Integer> differed = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            try (Lab lab = capture ? Lab.onThisMachine() : Lab.withoutCapture()) {
                LessonReport report = new LessonRunner().run(LessonLoader.load("simultaneous-close"), lab);
                if (report.passed()) passed++;
                else
                    differed.merge(report.mismatch().describe(Messages.of(Lang.EN)).replaceAll("\\d{3,}", "N"), 1,
                            Integer::sum);
                long inClosing = lab.journal().snapshot().stream().map(Event::payload)
                        .filter(p -> p instanceof Payload.State s && "CLOSING".equals(s.to())).count();
                if (inClosing >= 1) closing++;
                if (inClosing >= 2) bothClosing++;
            }
        }
        System.out.printf(
                "simultaneous-close (capture %s): %d runs in %.1f s; passed %d, a socket in CLOSING %d, both sockets in CLOSING %d%n",
                capture ? "on" : "off", runs, (System.nanoTime() - start) / 1e9, passed, closing, bothClosing);
        differed.forEach((why, n) -> System.out.printf("  %d x %s%n", n, why));
    }
}
