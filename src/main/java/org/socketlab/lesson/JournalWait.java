package org.socketlab.lesson;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;

/** Waits for a condition on the journal, re-checking it whenever an event is appended or a watched call returns. */
public final class JournalWait {
    private JournalWait() {
    }

    /**
     * Returns true as soon as {@code condition} holds, false if it still does not after {@code timeout}. The
     * condition is never evaluated inside the journal's lock (subscribers only wake this thread).
     */
    public static boolean until(Journal journal, Duration timeout, List<CompletableFuture<?>> alsoWakeOn,
            BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return until(journal, () -> deadline, Long.MAX_VALUE, alsoWakeOn, condition);
    }

    /**
     * The same with a deadline ({@link System#nanoTime()}) read again after each check of {@code condition}: a wait
     * that follows TCP's timers moves it as the journal tells of a loss ({@link TcpWait}), and checks again at least
     * every {@code recheckNs} even when nothing wakes it (what it read of the journal may be due again).
     */
    static boolean until(Journal journal, LongSupplier deadlineNs, long recheckNs,
            List<CompletableFuture<?>> alsoWakeOn, BooleanSupplier condition)
            throws InterruptedException {
        Thread waiter = Thread.currentThread();
        try (Subscription ignored = journal.subscribe(e -> LockSupport.unpark(waiter))) {
            for (CompletableFuture<?> f : alsoWakeOn) f.whenComplete((v, t) -> LockSupport.unpark(waiter));
            while (true) {
                if (condition.getAsBoolean()) return true;
                long left = deadlineNs.getAsLong() - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(Math.min(left, recheckNs)); // a spurious wake-up only re-checks
                if (Thread.interrupted()) throw new InterruptedException();
            }
        }
    }
}
