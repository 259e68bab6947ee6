package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.socketlab.syscall.CFunctions.captureIn;
import static org.socketlab.syscall.CFunctions.errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * Signals sent by SocketLab itself with kill(2): never by starting a program ({@code /usr/bin/kill}), which cannot
 * start when a fork bomb has filled the user's process table, the very moment a checked program must be ended.
 */
public final class Signals {
    /** SIGKILL: the same number on Linux and macOS. */
    public static final int SIGKILL = 9;

    private final CFunctions functions = new CFunctions();
    private final CFunctions.Downcall kill;

    public Signals() {
        kill = functions.declare("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** kill(pid, sig): a negative pid is a process group. The call's result and errno (ESRCH when it is gone). */
    public SysResult kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) kill.handle().invokeExact(cap, pid, signal);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new IllegalStateException(t);
        }
    }
}
