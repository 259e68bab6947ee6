package org.socketlab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;

/**
 * The one way the engine tests wait for something to become true: look, rest a moment (or until the journal changes),
 * look again, and fail with what was awaited once the limit is past. Never a fixed sleep that passes by luck.
 */
public final class Await {
    /** The longest rest between two looks when nothing wakes the waiter. */
    private static final long REST_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when it does not within {@code limit}. */
    public static void until(Duration limit, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) fail("not within " + limit.toMillis() + " ms: " + what.get());
            LockSupport.parkNanos(Math.min(left, REST_NS));
            if (Thread.interrupted()) fail("interrupted while waiting for: " + what.get());
        }
    }

    /** As {@link #until}, also looking again at once whenever {@code journal} gets an event. */
    public static void untilJournaled(Journal journal, Duration limit, BooleanSupplier condition,
            Supplier<String> what) {
        Thread waiter = Thread.currentThread();
        try (Subscription wake = journal.subscribe(e -> LockSupport.unpark(waiter))) {
            until(limit, condition, what);
        }
    }
}
