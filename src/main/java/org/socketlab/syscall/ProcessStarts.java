package org.socketlab.syscall;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Starting a program and holding a descriptor no program may inherit never overlap. A program this one starts copies
 * every descriptor open at that moment (posix_spawn clones the descriptor table, from any thread) and keeps even a
 * close-on-exec one until its exec, a moment a loaded machine stretches: a port checked free ({@code lab/FreePort})
 * while a lab started its endpoint processes was held by one of them when the lesson's bind() came (EADDRINUSE in whole
 * runs, 2026-11-26; {@code PortCheckInheritanceTest}). Starts share the lock; a private use waits for the starts under
 * way and holds the next ones back while its descriptors are open. Every start of this program goes through here
 * (LayerRulesTest).
 *
 * <p>An inherited descriptor no program may have (the lab network broker's end) is marked close-on-exec here too, just
 * before the next start ({@link #closeOnExecBeforeNextStart}): marking it is this program's first foreign-function call,
 * which costs the window's first frame about 25 ms on two cores when made at once (issue 62).
 */
public final class ProcessStarts {
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    /** Inherited descriptors to mark close-on-exec before the next start (guarded by itself). */
    private static final List<Integer> UNMARKED = new ArrayList<>();

    /** Something that starts a program, or opens and closes private descriptors. */
    @FunctionalInterface
    public interface Action<T, E extends Throwable> {
        T run() throws E;
    }

    private ProcessStarts() {
    }

    /** Starts {@code builder}'s program while no private descriptor is open. */
    public static Process start(ProcessBuilder builder) throws IOException {
        return starting(builder::start);
    }

    /**
     * {@code fd}, inherited from whoever started this program, is marked close-on-exec before this program starts
     * any other, from whichever thread. Called before any start that must not inherit it (the lab network's, when this
     * program first looks at its environment).
     */
    public static void closeOnExecBeforeNextStart(int fd) {
        synchronized (UNMARKED) {
            UNMARKED.add(fd);
        }
    }

    private static void markUnmarked() {
        synchronized (UNMARKED) {
            if (UNMARKED.isEmpty()) return;
            Descriptors calls = new Descriptors();
            // False only for an fd that is not open, which no program can inherit either.
            for (int fd : UNMARKED) calls.closeOnExec(fd);
            UNMARKED.clear();
        }
    }

    /** Runs {@code start} (a posix_spawn) while no private descriptor is open. */
    public static <T, E extends Throwable> T starting(Action<T, E> start) throws E {
        markUnmarked();
        LOCK.readLock().lock();
        try {
            return start.run();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** Runs {@code use}, which opens and closes descriptors no program may copy: no program starts meanwhile. */
    public static <T, E extends Throwable> T privately(Action<T, E> use) throws E {
        LOCK.writeLock().lock();
        try {
            return use.run();
        } finally {
            LOCK.writeLock().unlock();
        }
    }
}
