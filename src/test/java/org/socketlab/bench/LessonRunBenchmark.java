package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.LabNetwork;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * A whole lesson's run time (issue 38: within 10 % of the build before endpoints were processes): each lesson run
 * once to warm up, then {@code -Drounds=N} times (7), each on a lab of its own as {@code socketlab run} does; prints
 * the median per lesson. Not part of the test run: {@code mvn -B test -Dtest=LessonRunBenchmark}. The file only uses
 * what the build before issue 38 had too, so the same class compiled against that build gives its figures.
 */
class LessonRunBenchmark {
    static final List<String> LESSONS = List.of("tcp-basics", "udp-basics", "blocking-accept", "concurrent-server",
            "backlog-full", "nonblocking");

    /** The same figures inside the private lab network: packaging/bench/in-lab-network.sh runs this. */
    public static void main(String[] args) {
        new LessonRunBenchmark().printMedianRunTimes();
    }

    @Test
    void printMedianRunTimes() {
        int rounds = Integer.getInteger("rounds", 7);
        StringBuilder out = new StringBuilder(
                "LessonRunBenchmark (uid " + System.getProperty("user.name") + ", " + where() + "):");
        for (String id : LESSONS) {
            Lesson lesson = LessonLoader.load(id);
            long[] ms = new long[rounds];
            for (int i = -1; i < rounds; i++) {
                long t = System.nanoTime();
                try (Lab lab = Lab.onThisMachine()) {
                    LessonReport report = new LessonRunner().run(lesson, lab);
                    assertTrue(report.passed(), id);
                }
                if (i >= 0) ms[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(ms);
            out.append(' ').append(id).append(' ').append(ms[rounds / 2]).append(" ms;");
        }
        System.out.println(out);
    }

    /** Where the labs capture: the figures of the private lab network and of the host's loopback differ. */
    static String where() {
        return LabNetwork.current().isPrivate() ? "lab network" : "host network";
    }
}
