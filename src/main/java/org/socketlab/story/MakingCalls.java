package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.syscall.SysCall;

/**
 * The socket's own call that made a state no segment explains ({@link PlacedMoment#closedBy}): close() makes it
 * CLOSED, listen() LISTEN, and the accept() or socketpair() that made it hands it connected; a process's death closes
 * every socket it had. A traced program's readings may come before the call that made them, so a reading waits for it.
 * Which socket a call or a reading is about is {@link SocketIdentities}'s answer (a number is reused at once).
 */
final class MakingCalls {
    private final SocketIdentities ids;
    private final Map<SocketIdentities.Socket, PlacedMoment> lastClose = new HashMap<>(); // its last close() call
    private final Map<SocketIdentities.Socket, PlacedMoment> lastMade = new HashMap<>(); // the accept() or socketpair() that made it
    private final Map<SocketIdentities.Socket, PlacedMoment> lastListen = new HashMap<>(); // its listen() call
    private final Map<SocketIdentities.Socket, List<PlacedMoment>> awaitingCause = new HashMap<>(); // readings whose call comes later
    private final Map<String, PlacedMoment> lastDeath = new HashMap<>(); // endpoint to the kill sent to its process, or its end

    /** @param ids the sockets of the events to be read, already appended */
    MakingCalls(SocketIdentities ids) {
        this.ids = ids;
    }

    /** A call returned ({@code ret}): what it makes, and the earlier readings it is the cause of. */
    void called(PlacedMoment ret, Event e, Payload.Call c) {
        SocketIdentities.Socket named = c.fd() == null ? null : ids.socketOf(e);
        if (c.is(SysCall.CLOSE) && named != null) lastClose.put(named, ret);
        if (c.is(SysCall::accepts) || c.is(SysCall.SOCKETPAIR))
            for (int fd : c.madeFds()) {
                SocketIdentities.Socket made = ids.made(e, fd);
                if (made != null) lastMade.put(made, ret);
            }
        if (c.is(SysCall.LISTEN) && named != null && !c.failed()) lastListen.put(named, ret);
        if (named != null && (c.is(SysCall.LISTEN) || c.is(SysCall.CLOSE)))
            for (PlacedMoment read : awaitingCause.getOrDefault(named, List.of()))
                if (read.closedBy == null && read.event.payload() instanceof Payload.State rs
                        && rs.toState() == (c.is(SysCall.CLOSE) ? TcpState.CLOSED : TcpState.LISTEN)
                        && causes(ret, read))
                    read.closedBy = ret;
    }

    /**
     * A process's death ({@code item}) closes every socket it had (the kernel closes its descriptors): the signal
     * SocketLab sent it, or its end (a SIGPIPE's kill is journaled only when it is reaped, after the readings that saw
     * its sockets CLOSED), is the cause of the CLOSED its close() never made.
     */
    void died(PlacedMoment item, String endpoint) {
        lastDeath.put(endpoint, item);
        for (var awaiting : awaitingCause.values())
            for (PlacedMoment read : awaiting)
                if (read.event.endpoint().equals(endpoint) && read.closedBy == null
                        && read.event.payload() instanceof Payload.State rs && rs.toState() == TcpState.CLOSED
                        && (read.since == null || item.event.atNs() >= read.since))
                    read.closedBy = item;
    }

    /**
     * A state reading ({@code item}, its {@link PlacedMoment#since} known) of {@code socket} (null: a number that never
     * named one): the call that made it, if one did.
     */
    void read(PlacedMoment item, Event e, Payload.State s, SocketIdentities.@Nullable Socket socket) {
        // The socket's own call that made this state: close() makes it CLOSED, listen() LISTEN, and the
        // accept() or socketpair() that made it hands it connected (ESTABLISHED, or CLOSE_WAIT when the
        // peer closed in the queue). A state that needs a FIN of its own (FIN_WAIT_*, CLOSING, TIME_WAIT,
        // LAST_ACK) first seen from CLOSED is not its making call's: it stays where segments or the
        // reading place it, never right below accept4().
        SocketState to = s.toState();
        PlacedMoment cause = socket == null
                ? null
                : to == TcpState.CLOSED
                        ? lastClose.get(socket)
                        : to == TcpState.LISTEN
                                ? lastListen.get(socket)
                                : s.fromState() == TcpState.CLOSED && to instanceof TcpState t
                                        && TcpTransitions.maySendData(t) ? lastMade.get(socket) : null;
        // Made when the call entered: a kernel reading may come before strace's (or the lab's) stamped
        // return, and the state is still that call's.
        if (cause != null && causes(cause, item)) item.closedBy = cause;
        PlacedMoment death = lastDeath.get(e.endpoint());
        if (item.closedBy == null && to == TcpState.CLOSED && death != null && causes(death, item))
            item.closedBy = death;
        // A traced program's sockets are read from /proc ahead of strace's record: the listen() or close()
        // that made what was read may be journaled after the reading. It is its cause all the same.
        if (socket != null && item.closedBy == null && (to == TcpState.CLOSED || to == TcpState.LISTEN))
            awaitingCause.computeIfAbsent(socket, k -> new ArrayList<>()).add(item);
        PlacedMoment made = socket == null ? null : lastMade.get(socket);
        item.madeByAccept = made != null && made.event.payload() instanceof Payload.Call mc
                && mc.is(SysCall::accepts) && made.event.atNs() <= e.atNs()
                && (item.since == null || made.event.atNs() >= item.since);
    }

    /** Whether {@code call} can have made the state {@code read}: it began before the reading and after the one before. */
    private static boolean causes(PlacedMoment call, PlacedMoment read) {
        return madeAt(call) <= read.event.atNs() && (read.since == null || call.event.atNs() >= read.since);
    }

    /** When a call began to act: its entry when known, else its return. */
    private static long madeAt(PlacedMoment call) {
        return call.event.payload() instanceof Payload.Call c && c.entryKnown()
                ? Math.min(c.enteredNs(), call.event.atNs())
                : call.event.atNs();
    }
}
