package org.socketlab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;

/**
 * The moments of start-up, for the start-up benchmark: with {@code SOCKETLAB_STARTUP_TRACE=1} in the environment the
 * program prints one line on stderr once its first frame is laid out,
 * {@code socketlab-startup main=<µs> toolkit=<µs> ... cpu_us=<µs>}, each phase the wall clock in microseconds since the
 * epoch, so the benchmark can subtract the moment it launched the process; {@code cpu_us} is the CPU time all the
 * program's threads used up to the first frame (from /proc), a figure a machine busy with other work disturbs less than
 * the wall clock. Off, it costs one environment lookup.
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
            long cpu = cpuMicros();
            if (cpu >= 0) line.append(" cpu_us=").append(cpu);
            System.err.println(line);
        }
    }

    /**
     * Prints a moment after the first frame on a line of its own, {@code socketlab-startup-later <phase>=<µs>}: when
     * what the window builds just after its first frame is laid out too.
     */
    static void later(String phase) {
        if (!ON) return;
        Instant now = Instant.now();
        System.err.println(
                "socketlab-startup-later " + phase + "=" + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
    }

    /** CPU time of every thread of this process so far, in µs (Linux's per-thread schedstat); -1 elsewhere. */
    private static long cpuMicros() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            long nanos = 0;
            for (var task : tasks.toList()) {
                try {
                    nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException ended) {
                    // a thread that ended meanwhile; its time is lost from the sum
                }
            }
            return nanos / 1000;
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }
}
