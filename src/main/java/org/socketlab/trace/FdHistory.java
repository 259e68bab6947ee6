package org.socketlab.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which socket each fd of the traced program's processes held, sample by sample of /proc/PID/fd, newest last: strace's
 * line may be read after the program closed that fd, reused its number, or ended, so a call read late is given the
 * socket its fd held when it returned, not the one there now.
 */
final class FdHistory {
    private static final int MAX_SEEN_PER_FD = 64;
    /** By "pid/fd". */
    private final Map<String, List<Seen>> seen = new HashMap<>();

    /** One socket seen at one fd, from its first sample to its last. */
    private static final class Seen {
        final long inode;
        long lastNs;

        Seen(long inode, long nowNs) {
            this.inode = inode;
            this.lastNs = nowNs;
        }
    }

    /** Records which socket each fd of {@code pid} holds now (journal clock). */
    void remember(int pid, Map<Integer, Long> fds, long nowNs) {
        for (var e : fds.entrySet()) {
            List<Seen> there = seen.computeIfAbsent(key(pid, e.getKey()), x -> new ArrayList<>());
            Seen last = there.isEmpty() ? null : there.getLast();
            if (last != null && last.inode == e.getValue()) last.lastNs = nowNs;
            else {
                there.add(new Seen(e.getValue(), nowNs));
                if (there.size() > MAX_SEEN_PER_FD) there.removeFirst();
            }
        }
    }

    /** Whether a sample ever saw a socket at {@code fd} of {@code pid}. */
    boolean knows(int pid, int fd) {
        return seen.containsKey(key(pid, fd));
    }

    /**
     * The socket that was at {@code fd} when a call returned at {@code returnedNs} (journal clock): the first one seen
     * there until after the call returned; null when none was.
     */
    @Nullable
    Long at(int pid, int fd, long returnedNs) {
        List<Seen> there = seen.get(key(pid, fd));
        if (there == null) return null;
        for (Seen x : there) if (x.lastNs >= returnedNs) return x.inode;
        return null;
    }

    private static String key(int pid, int fd) {
        return pid + "/" + fd;
    }
}
