package org.socketlab.story;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.SysCall;

/**
 * Each socket's connection as the journal tells it ({@link SocketConnection}), by endpoint and fd while the fd is
 * that socket, and by inode once a reading names it (the fd may be reused).
 */
final class Connections {
    private final Map<String, SocketConnection> byFd = new HashMap<>(); // by endpoint/fd, while the fd is that socket
    private final Map<Long, SocketConnection> byInode = new HashMap<>();

    /** What a call tells of its socket's connection: a new socket starts with none known. */
    void learn(String endpoint, Payload.Call c) {
        for (int made : c.madeFds()) {
            SocketConnection fresh = new SocketConnection();
            fresh.proto = wireProtocol(c);
            byFd.put(EndpointFd.key(endpoint, made), fresh);
            Long inode = c.inodeOf(made);
            if (inode != null) byInode.put(inode, fresh); // the socket's own, whatever its fd later names
        }
        SocketConnection accepted = byFd.get(EndpointFd.key(endpoint, (int) c.result()));
        if (EndpointFd.accepts(c) && !c.failed() && accepted != null) // made just above
            accepted.peer = c.wireAddress(CallArg.PEER);
        if (c.fd() == null) return;
        SocketConnection conn = byFd.computeIfAbsent(EndpointFd.key(endpoint, c.fd()), k -> new SocketConnection());
        switch (c.sysCall()) {
            case CONNECT -> {
                if (c.has(CallArg.ADDR)) conn.peer = c.wireAddress(CallArg.ADDR);
            }
            case BIND, GETSOCKNAME -> {
                if (!c.failed() && c.has(CallArg.ADDR)) conn.local = c.wireAddress(CallArg.ADDR);
            }
            case LISTEN -> conn.listener = !c.failed();
            case null, default -> {
            }
        }
    }

    /** The protocol on the wire of the socket a call made: a TCP socket's accepted ones are TCP too. */
    private static @Nullable String wireProtocol(Payload.Call c) {
        if (EndpointFd.accepts(c)) return "tcp";
        String type = c.arg(CallArg.TYPE);
        if (!c.is(SysCall.SOCKET) || type == null) return null;
        return type.contains("SOCK_STREAM") ? "tcp" : type.contains("SOCK_DGRAM") ? "udp" : null;
    }

    /** A SYN a socket sent to its peer tells its own address (a port the kernel picked when it connected). */
    void learnLocal(Payload.Segment s) {
        if (s.src() == null || s.dst() == null || !s.has(TcpFlag.SYN) || s.has(TcpFlag.ACK)) return;
        String prefix = s.from() + "/";
        for (Map.Entry<String, SocketConnection> c : byFd.entrySet())
            if (c.getKey().startsWith(prefix) && s.dst().equals(c.getValue().peer)
                    && (c.getValue().local == null
                            || !c.getValue().local.equals(s.src()) && SocketConnection.isWildcard(c.getValue().local)))
                c.getValue().local = s.src();
    }

    /** The connection of the socket that is {@code fdKey} now; null when the journal told nothing of it. */
    @Nullable
    SocketConnection ofFd(String fdKey) {
        return byFd.get(fdKey);
    }

    /**
     * The connection of the socket a state reading is about: by inode once seen (the fd may be reused), else the fd's
     * current one. A socket seen in or leaving LISTEN is a listener.
     */
    @Nullable
    SocketConnection ofState(Payload.State s, String fdKey) {
        SocketConnection conn = s.inode() == null ? null : byInode.get(s.inode());
        if (conn == null) {
            conn = byFd.get(fdKey);
            if (conn != null && s.inode() != null) byInode.put(s.inode(), conn);
        }
        if (conn != null && (s.toState() == TcpState.LISTEN || s.fromState() == TcpState.LISTEN)) conn.listener = true;
        return conn;
    }
}
