package org.socketlab.story;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.SysCall;

/**
 * Remembers which sockets listen, from the journal read in order, so that a listener's {@code queue} event reads as
 * its accept queue and backlog rather than bytes. Every view of the journal that words queues uses this one.
 */
public final class ListeningSockets {
    private final Set<String> listening = new HashSet<>();

    /**
     * Feeds one event (in journal order); true when it is the queue of a listening socket. A socket is its inode when the
     * event names it (an fd number is reused, and every process has an fd 3), else its endpoint and fd (older journals).
     */
    public boolean isListenerQueue(Event e) {
        switch (e.payload()) {
            case Payload.State s when s.toState() == TcpState.LISTEN ->
                listening.add(key(e.endpoint(), s.fd(), s.inode()));
            case Payload.State s -> listening.remove(key(e.endpoint(), s.fd(), s.inode()));
            case Payload.Call c when c.is(SysCall.CLOSE) && c.fd() != null -> {
                listening.remove(key(e.endpoint(), c.fd(), null));
                if (c.inode() != null) listening.remove(key(e.endpoint(), c.fd(), c.inode()));
            }
            default -> {
            }
        }
        return e.payload() instanceof Payload.Queue q && listening.contains(key(e.endpoint(), q.fd(), q.inode()));
    }

    private static String key(String endpoint, int fd, @Nullable Long inode) {
        return inode != null ? "inode/" + inode : endpoint + "/" + fd;
    }
}
