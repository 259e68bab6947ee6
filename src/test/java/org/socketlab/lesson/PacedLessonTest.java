package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.predict.LessonPlayer;
import org.socketlab.testing.Await;

/**
 * A lesson played at the instructor's pace, on real sockets: it waits before each step's call (its narration said),
 * and each go makes exactly that step's real call; "to the end" plays the rest at once; a stop ends it where it is.
 */
class PacedLessonTest {
    @Test
    void eachGoMakesTheNextStepsRealCallAndNoMore() throws Exception {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.withoutCapture()) {
            Pacing pacing = new Pacing();
            assertFalse(pacing.next(), "nothing waits before the lesson starts: a press is not kept for later");
            CompletableFuture<LessonReport> played = CompletableFuture
                    .supplyAsync(() -> LessonPlayer.play(lesson, lab, null, pacing), PacedLessonTest::thread);
            long start = lab.journal().size();
            for (Step step : lesson.steps()) {
                awaitWaiting(pacing, step.number());
                List<Payload.Call> calls = callsSince(lab, start);
                assertEquals(step.number() - 1, calls.size(), "before step " + step.number() + "'s go: " + calls);
                assertEquals(step.narration().byCode(), lastNote(lab).text(),
                        "the step's narration is said while it waits");
                Thread.sleep(50); // waiting means waiting: no call comes by itself
                assertEquals(step.number() - 1, callsSince(lab, start).size());
                assertTrue(pacing.next(), "the go is taken by the waiting step");
                awaitCalls(lab, start, step.number());
                assertEquals(step.call(), callsSince(lab, start).get(step.number() - 1).call());
            }
            LessonReport report = played.get(20, TimeUnit.SECONDS);
            assertTrue(report.firstMismatch().isEmpty(),
                    () -> report.firstMismatch().get().describe(Messages.of(Lang.EN)));
            Payload.Note verdict = lastNote(lab);
            assertEquals(Messages.of(Lang.EN).get("lesson.play.done", lesson.title().en(),
                    String.valueOf(lesson.steps().size())), verdict.text().get("en"), "named by its title");
            assertEquals(Messages.of(Lang.ES).get("lesson.play.done", lesson.title().es(),
                    String.valueOf(lesson.steps().size())), verdict.text().get("es"), "in each language");
            assertEquals(0, pacing.waiting());
        }
    }

    @Test
    void toTheEndPlaysTheRestAtOnceAndAStopEndsItWhereItIs() throws Exception {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.withoutCapture()) {
            Pacing pacing = new Pacing();
            CompletableFuture<LessonReport> played = CompletableFuture
                    .supplyAsync(() -> LessonPlayer.play(lesson, lab, null, pacing), PacedLessonTest::thread);
            long start = lab.journal().size();
            awaitWaiting(pacing, 1);
            pacing.next();
            awaitWaiting(pacing, 2);
            pacing.runToEnd();
            LessonReport report = played.get(20, TimeUnit.SECONDS);
            assertTrue(report.firstMismatch().isEmpty());
            assertEquals(lesson.steps().size(), callsSince(lab, start).size(), "every step ran, once");

            Pacing stopped = new Pacing();
            CompletableFuture<LessonReport> second = CompletableFuture
                    .supplyAsync(() -> LessonPlayer.play(lesson, lab, null, stopped), PacedLessonTest::thread);
            awaitWaiting(stopped, 1);
            long before = lab.journal().size();
            stopped.next();
            awaitWaiting(stopped, 2);
            int callsBefore = callsSince(lab, before).size();
            stopped.stop();
            assertNull(second.get(20, TimeUnit.SECONDS), "stopped: no verdict");
            assertEquals(1, callsBefore, "one go, one step");
            assertTrue(lab.journal().snapshot().stream().skip(before).noneMatch(
                    e -> e.payload() instanceof Payload.Note n && n.text().get("en").contains("could not run")),
                    "a stop is not an error");
        }
    }

    /**
     * Issue 57: a go marks its step running until the lesson waits again, so a press meanwhile is dropped (never kept for
     * the next step) and the window can say which step still runs; each wait is told.
     */
    @Test
    void aGoMarksItsStepRunningUntilTheNextWaitsAndAPressMeanwhileIsDropped() throws Exception {
        List<Step> steps = LessonLoader.load("connection-refused").steps();
        AtomicInteger waits = new AtomicInteger();
        CountDownLatch stepOneEnds = new CountDownLatch(1);
        Pacing pacing = new Pacing(waits::incrementAndGet);
        CompletableFuture<Void> lesson = CompletableFuture.runAsync(() -> {
            pacing.awaitTurn(steps.get(0));
            try {
                stepOneEnds.await(); // step 1's call runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pacing.awaitTurn(steps.get(1));
        }, PacedLessonTest::thread);
        awaitWaiting(pacing, 1);
        assertEquals(0, pacing.running());
        assertTrue(pacing.next());
        assertEquals(1, pacing.running(), "step 1 runs");
        assertFalse(pacing.next(), "a press while it runs makes nothing");
        assertEquals(1, pacing.running());
        stepOneEnds.countDown();
        awaitWaiting(pacing, 2);
        assertEquals(0, pacing.running(), "step 1 ended: step 2 waits");
        Await.until(Duration.ofSeconds(20), () -> waits.get() == 2, () -> "each wait told: " + waits.get());
        pacing.stop();
        assertThrows(ExecutionException.class, () -> lesson.get(20, TimeUnit.SECONDS), "stopped while waiting");
    }

    /** The last note journaled (the kernel's own events may come after it). */
    private static Payload.Note lastNote(Lab lab) {
        return lab.journal().snapshot().reversed().stream().filter(e -> e.payload() instanceof Payload.Note)
                .map(e -> (Payload.Note) e.payload()).findFirst().orElseThrow();
    }

    /** Each lesson on a thread of its own (the common pool may have one thread on a 2-core box). */
    private static void thread(Runnable r) {
        Thread.ofPlatform().daemon().name("paced-lesson").start(r);
    }

    private static void awaitWaiting(Pacing pacing, int step) {
        Await.until(Duration.ofSeconds(20), () -> pacing.waiting() == step,
                () -> "step " + step + " waits; waiting: " + pacing.waiting());
    }

    private static void awaitCalls(Lab lab, long start, int count) {
        Await.untilJournaled(lab.journal(), Duration.ofSeconds(20), () -> callsSince(lab, start).size() >= count,
                () -> "call " + count + " comes");
    }

    private static List<Payload.Call> callsSince(Lab lab, long start) {
        return lab.journal().snapshot().stream().skip(start).filter(e -> e.payload() instanceof Payload.Call)
                .filter(e -> !e.endpoint().equals("lab")).map(e -> (Payload.Call) e.payload()).toList();
    }
}
