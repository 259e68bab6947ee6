package org.socketlab.trace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
    /** Host pids of the children whose fork the record told. */
    private final Set<Integer> told = new HashSet<>();
    /** When each untold child was first seen, by host pid. */
    private final Map<Integer, Long> seenNs = new HashMap<>();

    /** The record told the fork of the process with this host pid. */
    void told(int hostPid) {
        told.add(hostPid);
        seenNs.remove(hostPid);
    }

    /** Whether the process with this host pid has a child, seen for less than the grace, whose fork is not told. */
    boolean any(int hostPid, long nowNs) {
        for (int child : ProcChildren.of(hostPid)) {
            if (told.contains(child)) continue;
            if (seenNs.size() > 4096) seenNs.clear(); // pids of children never told, seen long ago
            if (nowNs - seenNs.computeIfAbsent(child, c -> nowNs) < GRACE_NS) return true;
        }
        return false;
    }
}
