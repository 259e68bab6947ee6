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
    /** SIGTERM (Linux, macOS): a polite request to end, whose default action ends the process. */
    public static final int SIGTERM = 15;
    /** SIGPIPE (Linux, macOS): a write to a connection the peer reset; its default action ends the process. */
    public static final int SIGPIPE = 13;
    /** SIGUSR2 (Linux): for the program's own use; its default action ends the process. */
    public static final int SIGUSR2 = 12;
    /** SIGALRM (Linux): what alarm(2) makes the kernel send when its time runs out; its default action ends the process. */
    public static final int SIGALRM = 14;
    /** SIGCHLD (Linux): a child stopped or ended; its default action is to do nothing. */
    public static final int SIGCHLD = 17;
    /** Linux's numbers of the signals a lab process can meet, by number (1..17), as strace and kill -l name them. */
    private static final String[] LINUX_NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD"};

    private final CFunctions functions = new CFunctions();
    private final CFunctions.Downcall kill;

    public Signals() {
        kill = functions.declare("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** The signal's name on Linux ({@code SIGKILL}), or {@code SIG} and its number for one not in the table. */
    public static String name(int signal) {
        return signal > 0 && signal < LINUX_NAMES.length ? LINUX_NAMES[signal] : "SIG" + signal;
    }

    /** The number of a signal by its Linux name ({@code SIGKILL}: 9); -1 for a name not in the table. */
    public static int number(String name) {
        for (int i = 1; i < LINUX_NAMES.length; i++) if (LINUX_NAMES[i].equals(name)) return i;
        return -1;
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
