package org.socketlab.ui.shell;

import java.util.HashSet;
import java.util.Set;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * What a session that began with a cut (Reset all, a lesson's start) leaves to the session before it, though the
 * journal holds it after the cut (issue 78: the new session opened with the last lesson's late FIN/ACK, "seq 0 ack
 * 1603499630", and a tcp_info row of an fd 4 it did not have). An event that happened before the cut (a segment that
 * crossed before it, though the capture or the wire told it after) is the old session's; so is a tcp_info reading of a socket no call of this session
 * made or named (the old connection's, read after its late segment). The journal keeps both, numbered where they came.
 */
final class SessionStart {
    private final long cutAtNs;
    /** The sockets this session's calls made or named: by inode, and by endpoint and fd where the call gave no inode. */
    private final Set<Long> inodes = new HashSet<>();
    private final Set<String> fds = new HashSet<>();

    /** A session whose cut was made at {@code cutAtNs} on the journal's clock. */
    SessionStart(long cutAtNs) {
        this.cutAtNs = cutAtNs;
    }

    /** Whether {@code e}, journaled after the cut, belongs to the session before it. In journal order. */
    boolean earlier(Event e) {
        if (e.atNs() < cutAtNs) return true;
        switch (e.payload()) {
            // The capture and the wire tell a segment when they read it: it crossed when it says (wireNs).
            case Payload.Segment s when s.wireNs() != null && s.wireNs() < cutAtNs -> {
                return true;
            }
            case Payload.Call c -> {
                if (c.inode() != null) inodes.add(c.inode());
                inodes.addAll(c.madeInodes());
                if (c.fd() != null) fds.add(fd(e.endpoint(), c.fd()));
                for (int made : c.madeFds()) fds.add(fd(e.endpoint(), made));
            }
            case Payload.TcpInfo t -> {
                // By endpoint and fd too: a traced program's calls give no inode, its readings do.
                return !(t.inode() != null && inodes.contains(t.inode()) || fds.contains(fd(e.endpoint(), t.fd())));
            }
            default -> {
            }
        }
        return false;
    }

    private static String fd(String endpoint, int fd) {
        return endpoint + ' ' + fd;
    }
}
