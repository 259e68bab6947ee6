package org.socketlab.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who writes a command's outputs: the command when its run ends, or the shutdown hook when a signal (Ctrl+C, SIGTERM)
 * comes first; exactly one of them. When the command claimed them and a signal comes while it writes, the hook waits
 * for the writing to end: the JVM halts as soon as its hooks return, and would cut the files short.
 */
final class OutputsClaim {
    /** Longer than any output takes to write; the hook gives up waiting then, and the JVM ends. */
    private static final long WRITE_LIMIT_SECONDS = 60;

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch written = new CountDownLatch(1);

    /** True for the first caller, which must write the outputs and then call {@link #written()}. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** The claimer is done writing (or gave up). */
    void written() {
        written.countDown();
    }

    /**
     * For the shutdown hook: claims the outputs (true: write them) or, when the command holds them, waits until it has
     * written them and returns false.
     */
    boolean claimOrAwaitWritten() {
        if (claim()) return true;
        try {
            written.await(WRITE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
