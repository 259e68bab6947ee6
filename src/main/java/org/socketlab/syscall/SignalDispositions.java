package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What an endpoint's process does on the signals a lab may change (issue 39): the dispositions its sigaction calls set,
 * as the endpoint program numbers them ({@link #DEFAULT}, {@link #IGNORE}, {@link #CATCH}, {@link #CATCH_RESTART}, and SIGCHLD's
 * {@link #REAP_ONE} and {@link #REAP_ALL}), so
 * that SocketLab knows whether a signal it sends ends the process or only interrupts (or not) the call it waits in. A
 * forked child starts with a copy (fork keeps dispositions); a new process with none changed.
 */
final class SignalDispositions {
    /** SIG_DFL: the signal's default action. */
    static final int DEFAULT = 0;
    /** SIG_IGN: the kernel discards the signal; a call waiting in the kernel goes on waiting. */
    static final int IGNORE = 1;
    /** A handler installed without SA_RESTART: a call it lands in returns -1 EINTR. */
    static final int CATCH = 2;
    /** A handler installed with SA_RESTART: the kernel makes the interrupted call again. */
    static final int CATCH_RESTART = 3;
    /** SIGCHLD's handler that reaps one child per run (waitpid once, WNOHANG), with SA_RESTART. */
    static final int REAP_ONE = 4;
    /** SIGCHLD's handler that reaps until none is left (waitpid(WNOHANG) in a loop), with SA_RESTART. */
    static final int REAP_ALL = 5;

    private final Map<Integer, Integer> bySignal = new ConcurrentHashMap<>();

    void set(int signal, int disposition) {
        bySignal.put(signal, disposition);
    }

    /** The disposition of {@code signal} now ({@link #DEFAULT} unless a sigaction call changed it). */
    int of(int signal) {
        return bySignal.getOrDefault(signal, DEFAULT);
    }

    SignalDispositions copy() {
        SignalDispositions c = new SignalDispositions();
        c.bySignal.putAll(bySignal);
        return c;
    }

    /**
     * Whether {@code signal} ends the process: SIGKILL always; SIGCHLD never (its default action is to do nothing); any
     * other only while its disposition is the default (a lab changes no other signal's, SIGTERM's included).
     */
    boolean endsProcess(int signal) {
        if (signal == Signals.SIGKILL) return true;
        if (signal == Signals.SIGCHLD) return false;
        return bySignal.getOrDefault(signal, DEFAULT) == DEFAULT;
    }

    /**
     * Waits until process {@code pid} no longer has {@code signal} pending ({@code ShdPnd} of {@code /proc/PID/status}):
     * the kernel delivered it (a handler ran) or discarded it. False when it still is after {@code timeoutMs}.
     */
    static boolean awaitTaken(int pid, int signal, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Path status = Path.of("/proc", Integer.toString(pid), "status");
        long bit = 1L << (signal - 1);
        while (true) {
            long pending;
            try {
                pending = pendingOf(Files.readString(status));
            } catch (IOException | RuntimeException gone) {
                return true; // no such process any more: nothing is pending
            }
            if ((pending & bit) == 0) return true;
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The process-wide pending set of a {@code /proc/PID/status} text (its {@code ShdPnd:} line, hexadecimal). */
    static long pendingOf(String statusText) {
        for (String line : statusText.split("\n"))
            if (line.startsWith("ShdPnd:")) return Long.parseUnsignedLong(line.substring(7).trim(), 16);
        return 0;
    }
}
