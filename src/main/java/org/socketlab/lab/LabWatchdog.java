package org.socketlab.lab;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The lab's watchdog: notices calls stuck inside the kernel (a connect to a full backlog) and journals them blocked,
 * wakes them on reset, and pumps the loss log while drop rules are logged. One thread, parked while nothing needs it.
 */
final class LabWatchdog {
    private final Supplier<List<Endpoint>> endpoints;
    private final WireCapture wire;
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean closed;
    /** Null only until {@link #start} (while the lab is made, before any call). */
    private volatile @Nullable Thread thread;

    LabWatchdog(Supplier<List<Endpoint>> endpoints, WireCapture wire) {
        this.endpoints = endpoints;
        this.wire = wire;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("socketlab-watchdog").start(this::watch);
    }

    /** An endpoint needs it ({@link CallObserver#needsWatch}): it looks now. */
    void wake() {
        Thread w = thread;
        if (w != null) LockSupport.unpark(w);
    }

    /** How many times it has looked at the endpoints (tests: an idle lab's watchdog rests). */
    long rounds() {
        return rounds.get();
    }

    /** It stops at its next look ({@link #awaitEnd} wakes it for that look). */
    void closing() {
        closed = true;
    }

    /** Wakes it and waits for its thread to end, after {@link #closing}. */
    void awaitEnd() {
        Thread w = thread;
        if (w == null) return; // never started
        LockSupport.unpark(w);
        try {
            w.join(10_000); // it ends within a poll slice; generous for a loaded machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every poll slice while a call is inside the kernel or a reset must wake one; otherwise it rests (parked) until an
     * endpoint says it needs it ({@link CallObserver#needsWatch}, which unparks it): an idle lab wakes nobody.
     */
    private void watch() {
        while (!closed) {
            rounds.incrementAndGet();
            long now = System.nanoTime();
            boolean needed = false, soon = false;
            for (Endpoint e : endpoints.get()) {
                e.wakeIfReset();
                e.announceIfBlocked(now);
                needed |= e.needsWatch();
                soon |= e.callNotYetSeenBlocked();
            }
            // While drop rules are logged, packets wait for their verdict: the loss log is pumped every slice.
            wire.pumpLossLog();
            needed |= wire.lossLogging();
            // An unpark that came after the endpoints were read (a call just entered the kernel) ends the park at once.
            // A call not yet seen asleep in the kernel is looked at again within a millisecond (/proc, two small reads):
            // a lesson's next step waits for its "blocked".
            if (soon) LockSupport.parkNanos(CallWaits.LOOK_EVERY_NS);
            else if (needed) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Endpoint.POLL_SLICE_MS));
            else
                if (!closed) LockSupport.park(this);
        }
    }
}
