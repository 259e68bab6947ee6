package org.socketlab.lesson;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.testing.BusyLoops;
import org.socketlab.testing.Soak;

/**
 * The lessons that say things about their own run (issue 41 item 1), run for real in the private lab network, in
 * child JVMs: 20 rounds each on one CPU beside a busy loop there ({@link BusyLoops}). Every round must pass (its checks hold: it showed its point) and
 * every sentence it said must be the one its own saved journal gives (a check allows each outcome the kernel may choose
 * by timing, and a sentence says which one this run had: nagle's delayed ACK against the busy loop). As this test's
 * user and, as root, as nobody too.
 * Paced runs are {@link PacedLessonsSoakTest} (a class of their own, so the suite's forks run both at once).
 */
class RunSentencesSoakTest {
    @TempDir
    static Path shared;
    private static LessonRoundsChildren children;

    @BeforeAll
    static void buildLabnet() throws Exception {
        children = new LessonRoundsChildren(shared);
    }

    @Test
    @Soak
    void everySentenceIsItsOwnRunsInTwentyRoundsBesideABusyLoopOnTheirCpu() throws Exception {
        try (BusyLoops busy = BusyLoops.start()) {
            children.rounds("busy", 20, 0, LessonRoundsChildren.TOLD, busy::onItsCpu);
        }
    }
}
