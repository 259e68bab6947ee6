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
    private boolean go;
    private boolean toEnd;
    private boolean stopped;

    /** The lesson's thread, before the call of {@code step}: waits for a go. Throws {@link Stopped} once stopped. */
    public synchronized void awaitTurn(Step step) {
        if (stopped) throw new Stopped();
        if (toEnd) return;
        waiting = step.number();
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

    /** Whether the rest plays without waiting. */
    public synchronized boolean runningToEnd() {
        return toEnd;
    }
}
