package org.socketlab.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * This JVM as a job started with {@code &} is: SIGINT and SIGQUIT ignored, for the time of one action, its own handlers
 * back afterwards. What it starts meanwhile inherits the ignoring (an ignored signal stays ignored across exec) unless
 * it puts the default actions back, as a program started from a terminal's shell has them.
 */
public final class IgnoredSignals {
    private static final int SIGINT = 2, SIGQUIT = 3;
    private static final long SIG_IGN = 1;

    private IgnoredSignals() {
    }

    /** Runs {@code action} with SIGINT and SIGQUIT ignored in this JVM. */
    public static <T> T whileIgnored(Callable<T> action) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            // struct sigaction: the handler first, then the mask and flags (zero); 256 bytes hold it on every ABI.
            MemorySegment ignore = arena.allocate(256), intOld = arena.allocate(256), quitOld = arena.allocate(256);
            ignore.set(JAVA_LONG, 0, SIG_IGN);
            assertEquals(0, (int) sigaction.invokeExact(SIGINT, ignore, intOld));
            assertEquals(0, (int) sigaction.invokeExact(SIGQUIT, ignore, quitOld));
            try {
                return action.call();
            } finally { // this JVM's own handlers back
                assertEquals(0, (int) sigaction.invokeExact(SIGINT, intOld, MemorySegment.NULL));
                assertEquals(0, (int) sigaction.invokeExact(SIGQUIT, quitOld, MemorySegment.NULL));
            }
        }
    }

    /**
     * The signals 1-31 a {@code /proc/PID/status} text says are ignored (bit n-1 for signal n); glibc's own real-time
     * ones (32, 33) are its business (its posix_spawn leaves them ignored).
     */
    public static long standardIgnored(String status) {
        return Long.parseUnsignedLong(status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow()
                .substring(7).trim(), 16) & 0x7FFF_FFFFL;
    }

    /** {@link #standardIgnored(String)} of process {@code pid}. */
    public static long standardIgnored(int pid) throws Exception {
        return standardIgnored(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
    }
}
