package org.socketlab.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.testing.BusyLoops;
import org.socketlab.testing.Soak;

/**
 * The loss lessons, timeouts and select paced as a person presses, one step every 0.2 s and every 5 s (issue 41 item
 * 2), run for real in the private lab network in child JVMs: every run must pass (it showed its point at that pace)
 * and every sentence it said must be the one its own saved journal gives. As this test's user and, as root, as nobody.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class PacedLessonsSoakTest {
    @TempDir
    static Path shared;
    private static LessonRoundsChildren children;

    @BeforeAll
    static void buildLabnet() throws Exception {
        children = new LessonRoundsChildren(shared);
    }

    @Test
    @Soak // half a minute; LossLessonsTest plays them unpaced in the README's lane
    void lossLessonsShowTheirPointPacedEveryFifthOfASecond() throws Exception {
        children.rounds("paced-200", 1, 200, LessonRoundsChildren.PACED);
    }

    /**
     * Issue 59: lost-fin's recv() waits for the resent FIN and backlog-full's connect() for a SYN resent after accept(),
     * whatever the pace: a step a second, as a person reads, on one CPU beside a busy loop. The sentences they say of
     * the SYN schedule and the wait are their own journal's; udp-overflow drops what its full buffer cannot take.
     */
    @Test
    @Soak // a minute beside a busy loop: the soak lane
    void lostFinAndBacklogFullHoldTheirPointPacedEverySecondBesideABusyLoop() throws Exception {
        try (BusyLoops busy = BusyLoops.start()) {
            children.rounds("paced-1000-busy", 1, 1000,
                    List.of("lost-fin", "backlog-full", "backlog-across-systems", "udp-overflow"),
                    busy::onItsCpu);
        }
    }

    @Test
    @Soak
    void lossLessonsShowTheirPointPacedEveryFiveSeconds() throws Exception {
        // The children mostly wait out their 5 s steps: each lesson and user runs at once beside the others, so the
        // suite waits for the longest lesson, not for their sum.
        List<LessonRoundsChildren.Child> started = new ArrayList<>();
        try {
            for (boolean nobody : LessonRoundsChildren.users())
                for (String lesson : LessonRoundsChildren.PACED)
                    started.add(children.start("paced-5000-" + lesson, nobody, 1, 5000, List.of(lesson)));
            for (LessonRoundsChildren.Child c : started) c.assertPassed();
        } finally {
            for (LessonRoundsChildren.Child c : started) c.process().destroyForcibly();
        }
    }
}
