package org.socketlab.story;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.SysCall;

/**
 * Each socket's connection as the journal tells it ({@link SocketConnection}), by the socket itself: which socket an
 * event is about is {@link SocketIdentities}'s answer (an fd number is reused, handed over, inherited).
 */
final class Connections {
    private final Map<SocketIdentities.Socket, SocketConnection> bySocket = new HashMap<>();
    private final SocketIdentities ids;

    /** @param ids the sockets of the events to be read, already appended */
    Connections(SocketIdentities ids) {
        this.ids = ids;
    }

    /** What a call tells of its socket's connection: a new socket starts with none known. */
    void learn(Event e, Payload.Call c) {
        for (int made : c.madeFds()) {
            SocketIdentities.Socket socket = ids.made(e, made);
            if (socket == null) continue;
            SocketConnection fresh = new SocketConnection();
            fresh.proto = wireProtocol(c);
            if (c.is(SysCall::accepts) && !c.failed()) fresh.peer = c.wireAddress(CallArg.PEER);
            bySocket.put(socket, fresh);
        }
        SocketIdentities.Socket socket = c.fd() == null ? null : ids.socketOf(e);
        if (socket == null) return;
        SocketConnection conn = bySocket.computeIfAbsent(socket, k -> new SocketConnection());
        switch (c.sysCall()) {
            case CONNECT -> {
                if (c.has(CallArg.ADDR)) conn.peer = c.wireAddress(CallArg.ADDR);
            }
            case BIND, GETSOCKNAME -> {
                if (!c.failed() && c.has(CallArg.ADDR)) conn.local = c.wireAddress(CallArg.ADDR);
            }
            // The peer of a socket accept() named only in part (an addrlen too short: issue 59) is the kernel's answer
            // to getpeername().
            case GETPEERNAME -> {
                if (!c.failed() && c.has(CallArg.ADDR)) conn.peer = c.wireAddress(CallArg.ADDR);
            }
            case LISTEN -> conn.listener = !c.failed();
            case null, default -> {
            }
        }
    }

    /** The protocol on the wire of the socket a call made: a TCP socket's accepted ones are TCP too. */
    private static @Nullable String wireProtocol(Payload.Call c) {
        if (c.is(SysCall::accepts)) return "tcp";
        String type = c.arg(CallArg.TYPE);
        if (!c.is(SysCall.SOCKET) || type == null) return null;
        return type.contains("SOCK_STREAM") ? "tcp" : type.contains("SOCK_DGRAM") ? "udp" : null;
    }

    /** A SYN a socket sent to its peer tells its own address (a port the kernel picked when it connected). */
    void learnLocal(Event e, Payload.Segment s) {
        if (s.src() == null || s.dst() == null || !s.has(TcpFlag.SYN) || s.has(TcpFlag.ACK)) return;
        for (SocketIdentities.Socket held : ids.lastNamedBy(s.from(), e.seq())) {
            SocketConnection c = bySocket.get(held);
            if (c != null && s.dst().equals(c.peer)
                    && (c.local == null || !c.local.equals(s.src()) && SocketConnection.isWildcard(c.local)))
                c.local = s.src();
        }
    }

    /** The connection of the socket call {@code e} names; null when the journal told nothing of it. */
    @Nullable
    SocketConnection ofCall(Event e) {
        SocketIdentities.Socket socket = ids.socketOf(e);
        return socket == null ? null : bySocket.get(socket);
    }

    /** The connection of the socket a state reading is about. A socket seen in or leaving LISTEN is a listener. */
    @Nullable
    SocketConnection ofState(Event e, Payload.State s) {
        SocketIdentities.Socket socket = ids.socketOf(e);
        SocketConnection conn = socket == null ? null : bySocket.get(socket);
        if (conn != null && (s.toState() == TcpState.LISTEN || s.fromState() == TcpState.LISTEN)) conn.listener = true;
        return conn;
    }
}
