package org.socketlab.story.table;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;

/**
 * The processes that hold a socket a fork() shared (its inode to their endpoints, the row's own among them): one
 * socket, one row, drawn for the holder that last acted on it; a close in one of them leaves it open in the others.
 */
final class SharedSockets {
    private final Map<Long, Set<String>> holders = new HashMap<>();

    /** Becomes an independent copy of {@code other}'s sharing (a tracker's copy). */
    void copyFrom(SharedSockets other) {
        other.holders.forEach((inode, who) -> holders.put(inode, new LinkedHashSet<>(who)));
    }

    void clear() {
        holders.clear();
    }

    /** Whether a fork() shared the socket {@code inode} (null: a socket whose inode is not known). */
    boolean isShared(@Nullable Long inode) {
        return inode != null && holders.containsKey(inode);
    }

    /** Whether {@code endpoint} is one of the processes that hold the shared socket {@code inode}. */
    boolean holds(Long inode, String endpoint) {
        return holders.getOrDefault(inode, Set.of()).contains(endpoint);
    }

    /** A fork(): the child holds its parent's open sockets under the same numbers (the inherited fd to inode). */
    void onFork(String child, Payload.Process p, List<TrackedSocket> sockets) {
        p.inherited().forEach((fd, inode) -> sockets.stream()
                .filter(t -> t.open && inode.equals(t.inode) && t.fd == fd).findFirst()
                .ifPresent(t -> holders.computeIfAbsent(inode, k -> new LinkedHashSet<>(List.of(t.endpoint)))
                        .add(child)));
    }

    /**
     * Whether {@code endpoint} closing its descriptor (or ending) leaves the socket open in another process that a
     * fork() shared it with: then the row goes on, for that holder.
     */
    boolean stillHeldElsewhere(TrackedSocket t, String endpoint) {
        if (!isShared(t.inode)) return false;
        letGo(t, endpoint);
        Set<String> others = holders.get(t.inode);
        if (others == null || others.isEmpty()) return false;
        t.endpoint = others.iterator().next();
        return true;
    }

    /** {@code endpoint} no longer holds {@code t}'s socket; the last holder leaves no sharing behind. */
    void letGo(TrackedSocket t, String endpoint) {
        Set<String> who = holders.get(t.inode);
        if (who == null) return;
        who.remove(endpoint);
        if (who.isEmpty()) holders.remove(t.inode);
    }
}
