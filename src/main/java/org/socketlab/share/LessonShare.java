package org.socketlab.share;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Pacing;
import org.socketlab.lesson.Step;

/**
 * A lesson shared with the room from the command line, played as presenter mode plays it: each step's narration is
 * said, then its real call waits for the instructor's go ({@link #press()}: Enter), or for {@code pace} to pass. The
 * room's state is the journal as it grows and the step shown; every event and every step changes the version.
 */
public final class LessonShare implements SharedSession, AutoCloseable {
    private final Lesson lesson;
    private final Journal journal;
    private final @Nullable Duration pace;
    private final Pacing pacing;
    private final AtomicLong version = new AtomicLong(1);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Subscription watch;
    private volatile int step;
    private volatile long waitingSinceNs;
    private volatile boolean over;

    /**
     * The share of {@code lesson} whose calls {@code journal} records; with {@code pace}, each step goes by itself that
     * long after it began waiting, else only on {@link #press()}.
     */
    public LessonShare(Lesson lesson, Journal journal, @Nullable Duration pace) {
        this.lesson = lesson;
        this.journal = journal;
        this.pace = pace;
        this.pacing = new Pacing();
        this.watch = journal.subscribe(e -> changed());
    }

    @Override
    public RoomState state() {
        long v = version.get(); // before the events: a view of this version holds at least what it says
        return new RoomState(v, journal.snapshot(), lesson, step, lesson.steps().size(), null);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        version.incrementAndGet();
        for (Runnable l : listeners) l.run();
    }

    /** The instructor's go: the waiting step makes its call. False when none waits (one still runs). */
    public boolean press() {
        return pacing.next();
    }

    /** The rest of the lesson without waiting (the presses' input ended). */
    public void toEnd() {
        pacing.runToEnd();
    }

    /** The number of the step waiting for its go, or 0 (one runs, or the lesson is over). */
    public int waiting() {
        return pacing.waiting();
    }

    /** Whether the lesson has ended (played to its end, a mismatch, or stopped). */
    public boolean over() {
        return over;
    }

    /** The step shown now (its narration said), 0 before the first. */
    public int step() {
        return step;
    }

    /**
     * Plays the lesson on {@code lab} with {@code runner}, on this thread, until its end or its first mismatch;
     * {@code afterEachStep} is told of each step as {@code run} tells it. With a pace, a go comes by itself.
     */
    public LessonReport play(LessonRunner runner, Lab lab, int port, Consumer<LessonReport.StepResult> afterEachStep) {
        Thread pacer = pace == null ? null : Thread.ofVirtual().name("socketlab-share-pace").start(this::paceSteps);
        try {
            return runner.run(lesson, lab, port, this::awaitTurn, result -> {
                afterEachStep.accept(result);
                changed();
            });
        } finally {
            over = true;
            pacing.stop();
            if (pacer != null) {
                pacer.interrupt();
                try {
                    pacer.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void awaitTurn(Step s) {
        step = s.number();
        waitingSinceNs = System.nanoTime(); // before the step is seen waiting: the pace counts from here
        changed();
        pacing.awaitTurn(s);
    }

    /** With {@code --pace}: a go for each step once it has waited the pace. */
    private void paceSteps() {
        long paceNs = pace == null ? 0 : pace.toNanos();
        try {
            while (true) {
                Thread.sleep(20);
                if (pacing.waiting() != 0 && System.nanoTime() - waitingSinceNs >= paceNs) pacing.next();
            }
        } catch (InterruptedException stopped) {
            // the lesson ended
        }
    }

    /** Stops a waiting lesson (Ctrl+C) and stops watching the journal. */
    @Override
    public void close() {
        pacing.stop();
        watch.close();
    }
}
