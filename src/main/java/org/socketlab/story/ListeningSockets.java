package org.socketlab.story;

import java.util.HashSet;
import java.util.Set;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.SysCall;

/**
 * Remembers which sockets listen, from the journal read in order, so that a listener's {@code queue} event reads as
 * its accept queue and backlog rather than bytes. Every view of the journal that words queues uses this one. Which
 * socket an event is about is {@link SocketIdentities}'s answer.
 */
public final class ListeningSockets {
    private final Set<SocketIdentities.Socket> listening = new HashSet<>();
    private final SocketIdentities ids;

    /**
     * For events told one at a time (a terminal's {@code serve}, for hours): they are appended to a resolver of its own,
     * which keeps the newest 4,096 gone sockets.
     */
    public ListeningSockets() {
        this(SocketIdentities.fromAnywhere().keepingGone(4096));
    }

    /** @param ids the sockets of the events to be fed (appending them again changes nothing) */
    public ListeningSockets(SocketIdentities ids) {
        this.ids = ids;
    }

    /** Feeds one event (in journal order); true when it is the queue of a listening socket. */
    public boolean isListenerQueue(Event e) {
        ids.append(e);
        SocketIdentities.Socket socket = ids.socketOf(e);
        if (socket == null) return false;
        switch (e.payload()) {
            case Payload.State s when s.toState() == TcpState.LISTEN -> listening.add(socket);
            case Payload.State s -> listening.remove(socket);
            // A close ends the listening only when no other process holds the socket: a forked child's close of its
            // inherited copy leaves the parent listening (the fork server's child closes it first thing).
            // (The holders are looked up for a listener's close only: a long serve closes 100,000 connections.)
            case Payload.Call c when c.is(SysCall.CLOSE) && !c.failed() && listening.contains(socket)
                    && ids.holdersAfter(socket.number(), e.seq()).isEmpty() ->
                listening.remove(socket);
            default -> {
            }
        }
        return e.payload() instanceof Payload.Queue && listening.contains(socket);
    }
}
