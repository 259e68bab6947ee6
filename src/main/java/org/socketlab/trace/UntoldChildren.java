package org.socketlab.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.socketlab.syscall.ProcChildren;

/**
 * The children of the traced program's processes whose fork strace's record has not told yet: the record lags behind
 * the processes, and such a child holds its parent's sockets too. A socket state read then would be told on the
 * parent's lane while the child, the newer holder, owns the socket (a forking server's connection in CLOSE_WAIT on the
 * parent's lane, TracedForkTest under load). A child the record never tells (one strace does not follow) counts only
 * for {@link #GRACE_NS}, so its parent's sockets are never left unread for good.
 */
final class UntoldChildren {
    static final long GRACE_NS = TimeUnit.SECONDS.toNanos(2);
    /**
     * The children whose fork the record told and whose end it has not told yet: host pid by strace's pid (kept from
     * the fork, as a contained run's pid of an ended process maps to none).
     */
    private final Map<Integer, Integer> told = new HashMap<>();
    /** When each untold child was first seen, by host pid. */
    private final Map<Integer, Long> seenNs = new HashMap<>();

    /** The record told the fork of {@code pid} (strace's), {@code hostPid} here. */
    void told(int pid, int hostPid) {
        told.put(pid, hostPid);
        seenNs.remove(hostPid);
    }

    /** The record told the end of {@code pid}: its host pid may be a new, untold child's later. */
    void ended(int pid) {
        told.remove(pid);
    }

    /** Whether the process with this host pid has a child, seen for less than the grace, whose fork is not told. */
    boolean any(int hostPid, long nowNs) {
        for (int child : ProcChildren.of(hostPid)) {
            if (told.containsValue(child) || holdsNothing(child)) continue;
            if (seenNs.size() > 4096) seenNs.clear(); // pids of children never told, seen long ago
            if (nowNs - seenNs.computeIfAbsent(child, c -> nowNs) < GRACE_NS) return true;
        }
        return false;
    }

    /** A child that ended and waits to be reaped (a zombie, state Z in /proc/PID/stat) holds no socket any more. */
    private static boolean holdsNothing(int hostPid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(hostPid), "stat"));
            int end = stat.lastIndexOf(')'); // the command in parentheses may hold spaces and parentheses
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) == 'Z';
        } catch (IOException gone) {
            return true; // reaped meanwhile
        }
    }
}
