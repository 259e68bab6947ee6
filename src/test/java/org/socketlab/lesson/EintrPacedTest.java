package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.testing.Soak;

/**
 * Lesson eintr at an instructor's pace (issue 39): whether a step comes 0.2 s or 5 s after the one before, each blocked
 * call is interrupted (or restarted) by its signal and nothing else, so every step does what the lesson says; the
 * waits the narration reports grow with the pace, as they are this run's. At 5 s only the steps a blocked call waits
 * through are slowed (the signals, the child's exit, the sends that end a wait): those are where time could matter.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class EintrPacedTest {
    /** The steps that come while a call blocks: each kill, the send after the restarted recv, server-2's exit. */
    private static final Set<Integer> WHILE_BLOCKED = Set.of(9, 13, 14, 18, 21, 33);

    @ParameterizedTest
    @ValueSource(ints = {200})
    void everyStepHappensAtAnyPace(int paceMs) {
        Lesson lesson = LessonLoader.load("eintr");
        Journal journal = new Journal();
        try (Lab lab = Lab.withoutCapture(journal)) {
            LessonReport report = new LessonRunner().run(lesson, lab, LessonRunner.freePort(), step -> {
                if (paceMs < 1_000 || WHILE_BLOCKED.contains(step.number())) pause(paceMs);
            }, r -> {
            });
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
        }
        List<Payload.Call> eintr = journal.snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && "EINTR".equals(c.errnoName()))
                .map(p -> (Payload.Call) p).toList();
        assertEquals(List.of("recv", "recv", "accept"), eintr.stream().map(Payload.Call::call).toList());
        // Each waited at least the pace before its signal came (a millisecond of slack for the clocks' rounding).
        for (Payload.Call c : eintr)
            assertTrue(c.blockedNs() >= TimeUnit.MILLISECONDS.toNanos(paceMs - 1), c + " waited the pace");
    }

    /** A step every 5 s where a call blocks (half a minute): the soak lane. */
    @Soak
    @ParameterizedTest
    @ValueSource(ints = {5_000})
    void everyStepHappensAtASlowPace(int paceMs) {
        everyStepHappensAtAnyPace(paceMs);
    }

    /**
     * The whole pace: parkNanos may return early (an unpark, or spuriously), and ci23 saw a recv interrupted 13 ms
     * after it began at the 5 s pace, its kill made that soon.
     */
    private static void pause(int paceMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(paceMs);
        for (long left; (left = end - System.nanoTime()) > 0;) LockSupport.parkNanos(left);
    }
}
