package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A wait for the program counts only its own silences: not the time SocketLab's reader of its record is behind. */
class PatienceTest {
    /** A call that waits out its slice for what never comes and times out, as a read from a silent program does. */
    private static int silent(int timeoutMs) throws SocketTimeoutException {
        try {
            if (NEVER.await(timeoutMs, TimeUnit.MILLISECONDS)) throw new AssertionError("nothing counts it down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SocketTimeoutException("recv");
    }

    /** What a silent program's peer waits for: never counted down. */
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Test
    void aSilenceWithTheRecordReadUpRunsOutAfterTheWait() {
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> new Patience(300, () -> false).await(PatienceTest::silent));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 300);
    }

    @Test
    void theClockStartsAgainOnceTheRecordIsReadUp() {
        long behindUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class,
                () -> new Patience(300, () -> System.nanoTime() < behindUntil).await(PatienceTest::silent));
        // Up to 600 ms excused (the record is looked at once a 100 ms slice), then a whole wait of the program's own.
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 500 + 300, () -> waited + " ms");
    }

    @Test
    void whatTheCallReturnsEndsTheWait() throws Exception {
        AtomicInteger slices = new AtomicInteger();
        int got = new Patience(5_000, () -> true).await(ms -> slices.incrementAndGet() < 3 ? silent(ms) : 42);
        assertEquals(42, got);
        assertEquals(3, slices.get());
    }

    @Test
    void aWaitUntilSomethingHappensIsExcusedTooAndEndsWithTheProgram() throws Exception {
        long behindUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        long start = System.nanoTime();
        new Patience(0, () -> System.nanoTime() < behindUntil).until(200, () -> false, () -> true);
        // Up to 400 ms excused (looked at every 10 ms), then the 200 ms wait.
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 550);
        long ended = System.nanoTime();
        new Patience(0, () -> true).until(10_000, () -> false, () -> false);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended) < 5_000, "a program that ended: no wait");
    }
}
