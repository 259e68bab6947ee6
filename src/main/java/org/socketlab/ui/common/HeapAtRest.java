package org.socketlab.ui.common;

import java.util.function.LongSupplier;

/**
 * Gives the heap back when the window rests after a burst (issue 23, a long session in bounded memory).
 * <p>
 * Under Serial GC, which the launcher runs for its small footprint, the old generation grows with whatever a burst of
 * events promotes (a watched program journaling 6,000 events a second) and is only made smaller by a full collection:
 * a window that had taken 128,000 events stayed at 320 MB RSS, though what was still live (40 MB) was what the idle
 * window holds. With the launcher's {@code -XX:-ShrinkHeapInSteps} and free ratios, one full collection at rest shrinks
 * the heap to what is live and gives the rest back (200 MB). This asks for that collection when the window rests
 * (JavaFX pauses its pulse timer 250 ms after the last drawing), and only when the heap has grown by {@link #GROWTH}
 * bytes since the last one: a rest that follows a few presses collects nothing, and an idle window never wakes for
 * it. A burst that never rests is bounded too: every few seconds of it, a collection once the heap grew by
 * {@link #BUSY_GROWTH}.
 */
public final class HeapAtRest implements RestingPulseTimer.Activity {
    /** How much the committed heap must have grown since the last collection here before another is worth a pause. */
    static final long GROWTH = 4L << 20;
    /**
     * The same while the window is busy: a burst that never rests (a program journaling events for minutes) would
     * otherwise grow the heap for as long as it lasts; a collection then costs one stutter every few seconds.
     */
    static final long BUSY_GROWTH = 32L << 20;

    private final LongSupplier committed;
    private final Runnable collect;
    private long after;

    /** The running JVM's committed heap and its full collection. */
    public HeapAtRest() {
        this(() -> Runtime.getRuntime().totalMemory(), System::gc);
    }

    HeapAtRest(LongSupplier committed, Runnable collect) {
        this.committed = committed;
        this.collect = collect;
        this.after = committed.getAsLong();
    }

    /** Called when the window rests (any thread but the FX thread: the collection stops every thread for a moment). */
    @Override
    public void rested() {
        collectIfGrown(GROWTH);
    }

    /** Called every few seconds while the window is busy without a rest (any thread but the FX thread). */
    @Override
    public void busy() {
        collectIfGrown(BUSY_GROWTH);
    }

    private void collectIfGrown(long growth) {
        if (committed.getAsLong() - after < growth) return;
        collect.run();
        after = committed.getAsLong();
    }
}
