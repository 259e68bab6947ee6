package org.socketlab.check;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How long a lab socket waits for the program under test, counting only the program's own silences. A traced program
 * writes each call's line into strace's record and is held there while SocketLab's reader of the record is behind: a
 * big echo's lines fill the pipe at every call, and a loaded machine can hold the reader back for seconds. That time
 * is SocketLab's, not the program's, so a wait's clock starts again while the record has unread bytes. At most
 * {@link #MAX_EXCUSED} of one wait is excused; the program's own time limit bounds the run.
 *
 * @param waitMs how long the program may be silent ({@link Waits#labSocket()})
 * @param recordBehind whether strace's record has bytes SocketLab's reader has not taken yet
 */
record Patience(int waitMs, BooleanSupplier recordBehind) {
    static final Duration MAX_EXCUSED = Duration.ofSeconds(20);
    /** How often a wait looks at the record: a silence is judged within this much of its end. */
    private static final int SLICE_MS = 100;

    /** A call that waits at most {@code timeoutMs} and throws {@link SocketTimeoutException} when that ran out. */
    @FunctionalInterface
    interface TimedCall<T> {
        T call(int timeoutMs) throws IOException;
    }

    /** The same, waiting {@code ms} of the program's silence. */
    Patience waiting(int ms) {
        return new Patience(ms, recordBehind);
    }

    /**
     * What {@code call} returns, given slices of the wait; its {@link SocketTimeoutException} once the program was
     * silent for {@link #waitMs} while the record was read up.
     */
    <T> T await(TimedCall<T> call) throws IOException {
        long start = System.nanoTime(), quietSince = start, wait = TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(wait - (System.nanoTime() - quietSince));
            try {
                return call.call(Math.clamp(leftMs, 1, SLICE_MS));
            } catch (SocketTimeoutException e) {
                long now = System.nanoTime();
                if (excused(start, now)) quietSince = now;
                else if (now - quietSince >= wait) throw e;
            }
        }
    }

    /**
     * Waits until {@code done}, or the program is no longer {@code alive}, or {@code millis} of waiting passed with the
     * record read up.
     */
    void until(long millis, BooleanSupplier done, BooleanSupplier alive) throws InterruptedException {
        long start = System.nanoTime(), wait = TimeUnit.MILLISECONDS.toNanos(millis), quietSince = start;
        while (!done.getAsBoolean() && alive.getAsBoolean()) {
            long now = System.nanoTime();
            if (excused(start, now)) quietSince = now;
            else if (now - quietSince >= wait) return;
            if (Thread.interrupted()) throw new InterruptedException();
            LockSupport.parkNanos(CheckRun.POLL_NS);
        }
    }

    /** Whether the time up to {@code now} is SocketLab's: its reader behind, within what one wait may excuse. */
    boolean excused(long start, long now) {
        return now - start < MAX_EXCUSED.toNanos() && recordBehind.getAsBoolean();
    }

    /** How long to wait for a client thread that makes {@code waits} waits: theirs, and what may be excused. */
    long joinMs(int waits) {
        return waitMs * (long) waits + MAX_EXCUSED.toMillis();
    }
}
