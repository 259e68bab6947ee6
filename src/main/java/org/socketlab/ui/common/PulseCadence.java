package org.socketlab.ui.common;

/**
 * When {@link RestingPulseTimer} ticks next: every period while JavaFX wants pulses, and sooner when a pulse is asked
 * for well after the last tick (issue 23, "a frame behind at most").
 * <p>
 * At a steady 60 Hz an event that reaches the bridge just after a tick waits a whole period for the pulse that draws
 * it, and the drawing comes on top: p99 above 16.7 ms. A pulse asked for after a tick that had nothing to draw is
 * therefore ticked half a period after that tick, or at once when that is past, so such an event waits at most half a
 * period. While pulses follow one another (an animation, a burst of events) the ticks keep the period: JavaFX asks
 * again in every such pulse, and hurrying those would double the frame rate.
 */
final class PulseCadence {
    private final long period;
    private long lastTick;
    private long next;
    private boolean lastTickIdle;

    /** A cadence of {@code periodNanos} whose first tick is due at {@code now}. */
    PulseCadence(long periodNanos, long now) {
        this.period = periodNanos;
        this.lastTick = now - periodNanos;
        this.next = now;
    }

    /** When the next tick is due (System.nanoTime's clock). */
    long next() {
        return next;
    }

    /**
     * The timer ticked at {@code now}, for a pulse when {@code pulseDue} (JavaFX wanted one: an animation runs or a
     * pulse was asked for): the next tick is a period after the one that was due.
     */
    void ticked(long now, boolean pulseDue) {
        lastTick = now;
        lastTickIdle = !pulseDue;
        next += period;
        if (next < now - period) next = now; // fell far behind (a suspended laptop): no burst of ticks
    }

    /** A pulse was asked for: after an idle tick, tick no later than half a period after it. */
    void pulseWanted() {
        if (lastTickIdle) next = Math.min(next, lastTick + period / 2);
    }

    /** The timer resumes after a pause at {@code now}: the first tick comes at once. */
    void resumed(long now) {
        next = now;
    }
}
