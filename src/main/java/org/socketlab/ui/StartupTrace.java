package org.socketlab.ui;

import java.time.Instant;

/**
 * The moments of start-up, for the start-up benchmark: with {@code SOCKETLAB_STARTUP_TRACE=1} in the environment the
 * program prints one line on stderr once its first frame is laid out,
 * {@code socketlab-startup main=<µs> toolkit=<µs> ...}, each value the wall clock in microseconds since the epoch, so
 * the benchmark can subtract the moment it launched the process. Off, it costs one environment lookup.
 */
final class StartupTrace {
    private static final boolean ON = "1".equals(System.getenv("SOCKETLAB_STARTUP_TRACE"));
    private static final StringBuilder line = new StringBuilder("socketlab-startup");

    private StartupTrace() {
    }

    static void mark(String phase) {
        if (!ON) return;
        Instant now = Instant.now();
        synchronized (line) {
            line.append(' ').append(phase).append('=').append(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
        }
    }

    /** Marks the last phase and prints the line. */
    static void finish(String phase) {
        if (!ON) return;
        mark(phase);
        synchronized (line) {
            System.err.println(line);
        }
    }
}
