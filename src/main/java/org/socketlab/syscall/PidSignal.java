package org.socketlab.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.IntPredicate;

/**
 * A signal to one process by its pidfd: the process is pinned first (pidfd_open), then checked to be the one meant
 * ({@code /proc/PID} read by the caller, which after an end and a reuse of the number would describe a stranger), then
 * found still alive (so what was checked was the pinned process), and only then signalled (pidfd_send_signal). A pid
 * taken from a record that lags behind the processes can thus never end someone else's program.
 */
public final class PidSignal {
    private PidSignal() {
    }

    /** Sends {@code signal} to process {@code pid} if {@code meant} holds for it while it is pinned; true when sent. */
    public static boolean send(int pid, int signal, IntPredicate meant) {
        int pidfd = ProcessCalls.pidfdOpen(pid);
        if (pidfd < 0) return false; // gone, a thread's id, or a kernel without pidfds
        try (Arena arena = Arena.ofConfined()) {
            if (!meant.test(pid)) return false;
            MemorySegment pollfd = arena.allocate(8), errno = CFunctions.captureIn(arena);
            if (ProcessCalls.readable(pidfd, pollfd, errno, 0)) return false; // it ended: the check may have read another
            return ProcessCalls.pidfdSendSignal(pidfd, signal);
        } finally {
            ProcessCalls.close(pidfd);
        }
    }
}
