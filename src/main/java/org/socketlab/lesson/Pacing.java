package org.socketlab.lesson;

/**
 * The instructor's pace for a lesson played in front of a room: before each step's call (its narration already
 * said) the lesson's thread waits for a go ({@link #next()}, the clicker's PageDown), so each press makes exactly
 * one step's real call. {@link #runToEnd()} plays the rest without waiting; {@link #stop()} ends the lesson where it
 * is. The lesson's thread waits in {@link #awaitTurn(Step)}; any other thread presses.
 */
public final class Pacing {
    /** Thrown in the lesson's thread when the lesson was stopped while it waited: it ends there, without a verdict. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false); // never shown: the lesson just ends
        }
    }

    private int waiting;
    /** The step given its go whose call (and what it waits for) has not ended yet: the lesson has not waited since. */
    private int running;
    private boolean go;
    private boolean toEnd;
    private boolean stopped;
    /** Told, on the lesson's thread, each time a step waits for its go: the one before has ended. */
    private final Runnable onWaiting;

    public Pacing() {
        this(() -> {
        });
    }

    /** A pace that tells {@code onWaiting} (on the lesson's thread, quickly) each time a step starts waiting. */
    public Pacing(Runnable onWaiting) {
        this.onWaiting = onWaiting;
    }

    /** The lesson's thread, before the call of {@code step}: waits for a go. Throws {@link Stopped} once stopped. */
    public void awaitTurn(Step step) {
        synchronized (this) {
            if (stopped) throw new Stopped();
            if (toEnd) return;
            running = 0;
            waiting = step.number();
        }
        onWaiting.run(); // outside the lock: a press may come meanwhile, and is this step's go
        waitForGo();
    }

    private synchronized void waitForGo() {
        try {
            while (!go && !toEnd && !stopped) wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            waiting = 0;
            go = false;
        }
        if (stopped) throw new Stopped();
    }

    /**
     * Lets the waiting step make its call. Returns whether a step was waiting: a press while a step runs is not kept
     * for the next one (a double press never makes two steps).
     */
    public synchronized boolean next() {
        if (waiting == 0 || go || stopped) return false;
        running = waiting;
        go = true;
        notifyAll();
        return true;
    }

    /** The rest of the lesson without waiting. */
    public synchronized void runToEnd() {
        toEnd = true;
        notifyAll();
    }

    /** Ends the lesson at its next wait (or now, if it waits). */
    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /** The number of the step waiting for its go, or 0 when none waits (it runs, or the lesson is over). */
    public synchronized int waiting() {
        return waiting;
    }

    /**
     * The number of the step a go was given to that has not ended yet (its call runs, or what it expects is awaited),
     * or 0: a press now is dropped, and the window says why.
     */
    public synchronized int running() {
        return running;
    }

    /** Whether the rest plays without waiting. */
    public synchronized boolean runningToEnd() {
        return toEnd;
    }
}
