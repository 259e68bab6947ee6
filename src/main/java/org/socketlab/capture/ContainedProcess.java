package org.socketlab.capture;

/**
 * A program run contained by the lab's broker: a {@link Process} whose processes have pids of their own namespace.
 * {@link #hostPid} turns one of those into this program's view (for {@code /proc/PID}), or -1 when it is gone.
 */
public interface ContainedProcess {
    /** The process itself (its output, its exit status, {@link Process#destroy()} to end the namespace). */
    Process process();

    /**
     * The host pid of the namespace's init, once the broker said it (waits for that); -1 when the broker could not
     * contain the program (its reason is on the process's standard error).
     */
    int initPid();

    /** The pid that the namespace's process {@code pid} has here, or -1 when it is not (or no longer) there. */
    int hostPid(int pid);

    /**
     * A sock_diag socket of the program's network, when that is not this program's (a {@link RoomNetwork}), now the
     * caller's to close: the program's sockets are looked up there. -1 when there is none, or it was taken already.
     */
    default int takeSockDiag() {
        return -1;
    }
}
