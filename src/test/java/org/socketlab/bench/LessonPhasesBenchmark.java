package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * {@link LessonRunBenchmark}'s lessons by phase: the lab opened (until tcpdump listens), the lesson's steps
 * ({@code LessonRunner.run}) and the lab closed, median of {@code -Drounds=N} (15) after a warm-up. Not part of the test
 * run: {@code mvn -B test -Dtest=LessonPhasesBenchmark}. Like that class it uses only what the build before issue 38 had.
 */
class LessonPhasesBenchmark {
    /** The same figures inside the private lab network: packaging/bench/in-lab-network.sh runs this. */
    public static void main(String[] args) {
        new LessonPhasesBenchmark().printMedianPhases();
    }

    @Test
    void printMedianPhases() {
        int rounds = Integer.getInteger("rounds", 15);
        StringBuilder out = new StringBuilder("LessonPhasesBenchmark (uid " + System.getProperty("user.name")
                + ", " + LessonRunBenchmark.where() + "), open / steps / close:");
        for (String id : LessonRunBenchmark.LESSONS) {
            Lesson lesson = LessonLoader.load(id);
            long[][] ns = new long[3][rounds];
            for (int i = -1; i < rounds; i++) {
                long t0 = System.nanoTime();
                Lab lab = Lab.onThisMachine();
                long t1 = System.nanoTime();
                LessonReport report;
                try {
                    report = new LessonRunner().run(lesson, lab);
                } finally {
                    long t2 = System.nanoTime();
                    lab.close();
                    if (i >= 0) {
                        ns[0][i] = t1 - t0;
                        ns[1][i] = t2 - t1;
                        ns[2][i] = System.nanoTime() - t2;
                    }
                }
                assertTrue(report.passed(), id);
            }
            out.append(' ').append(id).append(' ');
            for (int p = 0; p < 3; p++) {
                Arrays.sort(ns[p]);
                out.append(String.format("%.1f", ns[p][rounds / 2] / 1e6)).append(p < 2 ? " / " : " ms;");
            }
        }
        System.out.println(out);
    }
}
