package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.syscall.SysCall;

/**
 * The calls a traced program's C library makes on its own inside a name lookup ({@code getaddrinfo()}): strace sees
 * them as the program's, though no line of the program made them (issue 42 item 1). glibc's getaddrinfo asks the
 * kernel for the machine's addresses over a routing netlink socket ({@code AF_NETLINK}), tries the name service cache
 * daemon over {@code AF_UNIX} at {@code /var/run/nscd/socket}, and, to sort several answers (RFC 6724), connects a UDP
 * socket to each (no datagram is sent: it only learns the source address) and closes it. Each is recognised by what
 * the calls themselves say: a netlink socket; a Unix socket whose connect names nscd's socket; a UDP socket that only
 * connects, asks its name and closes, right after other calls of the library. Only traced endpoints
 * ({@code program}, {@code program-PID}): the lab's own endpoints make every call themselves.
 */
public final class LibraryCalls {
    /** The function the library's calls are told inside of. */
    public static final String GETADDRINFO = SysCall.GETADDRINFO.journalName;

    private LibraryCalls() {
    }

    /** A socket being watched: the seqs of its calls so far, and what it may turn out to be. */
    private static final class Candidate {
        final List<Long> seqs = new ArrayList<>();
        final Kind kind;
        /** The endpoint's socket call before it was the library's (a UDP probe follows the library's other calls). */
        final boolean afterLibrary;
        boolean connected;

        Candidate(Kind kind, boolean afterLibrary) {
            this.kind = kind;
            this.afterLibrary = afterLibrary;
        }
    }

    private enum Kind {
        NETLINK, UNIX, UDP
    }

    /** The seqs of {@code events}' calls made by the C library inside a name lookup. */
    public static Set<Long> of(List<Event> events) {
        return of(events, SocketIdentities.of(events));
    }

    /** The same, {@code ids} (the events appended) saying which socket each call is about. */
    static Set<Long> of(List<Event> events, SocketIdentities ids) {
        Set<Long> library = new HashSet<>();
        Map<SocketIdentities.Socket, Candidate> open = new HashMap<>();
        Map<String, Boolean> lastWasLibrary = new HashMap<>(); // by endpoint: its last socket call was the library's
        for (Event e : events) {
            if (!(e.payload() instanceof Payload.Call c) || !CallEffects.traced(e.endpoint())) continue;
            if (c.is(SysCall.SOCKET)) {
                Kind kind = kind(c);
                boolean afterLibrary = Boolean.TRUE.equals(lastWasLibrary.get(e.endpoint()));
                lastWasLibrary.put(e.endpoint(), kind == Kind.NETLINK);
                SocketIdentities.Socket socket = c.failed() ? null : ids.made(e, (int) c.result());
                if (kind == null || socket == null) continue;
                Candidate made = new Candidate(kind, afterLibrary);
                made.seqs.add(e.seq());
                if (kind == Kind.NETLINK) library.add(e.seq());
                open.put(socket, made);
                continue;
            }
            SocketIdentities.Socket key = c.fd() == null ? null : ids.socketOf(e);
            Candidate candidate = key == null ? null : open.get(key);
            if (key == null || candidate == null) {
                lastWasLibrary.put(e.endpoint(), false);
                continue;
            }
            candidate.seqs.add(e.seq());
            boolean closes = c.is(SysCall.CLOSE);
            boolean mine = switch (candidate.kind) {
                case NETLINK -> true;
                case UNIX -> candidate.connected || c.is(SysCall.CONNECT)
                        && String.valueOf(c.arg(CallArg.ADDR)).endsWith("/nscd/socket");
                // Only connect, getsockname and close: a datagram sent or received is the program's own.
                case UDP -> (c.is(SysCall.CONNECT) || c.is(SysCall.GETSOCKNAME) || closes)
                        && candidate.afterLibrary;
            };
            if (!mine) {
                open.remove(key);
                lastWasLibrary.put(e.endpoint(), false);
                continue;
            }
            if (candidate.kind == Kind.UNIX) candidate.connected = true;
            if (candidate.kind != Kind.UDP || closes) library.addAll(candidate.seqs);
            if (closes) {
                open.remove(key);
                lastWasLibrary.put(e.endpoint(), true);
            }
        }
        return library;
    }

    /**
     * The same recognition, told one event at a time, for a reader that cannot look ahead ({@link Launchers}, from a
     * window's events): whether a traced endpoint's call may be its C library's on its own. A netlink socket and every
     * call on it; a Unix stream socket whose calls are a connect to nscd's socket, then anything up to its close (glibc
     * probes nscd in every user or host lookup: bash does, for {@code $SHELL}, when it is not set). The UDP probe is
     * not told here: it is known only once it closes, and a socket that sends is the program's.
     */
    public static final class AsTheyCome {
        /** By endpoint, by fd: the sockets that are still the library's, and whether a Unix one reached nscd. */
        private final Map<String, Map<Integer, Boolean>> probes = new HashMap<>();

        /** Whether {@code e} may be the C library's own call (never a call of a lab's endpoint). */
        public boolean library(Event e) {
            if (!(e.payload() instanceof Payload.Call c) || !CallEffects.traced(e.endpoint())) return false;
            Map<Integer, Boolean> sockets = probes.computeIfAbsent(e.endpoint(), k -> new HashMap<>());
            if (c.is(SysCall.SOCKET)) {
                Kind kind = kind(c);
                if (kind != Kind.NETLINK && kind != Kind.UNIX) return false;
                if (!c.failed()) sockets.put((int) c.result(), kind == Kind.NETLINK);
                return true;
            }
            Integer fd = c.fd();
            Boolean reached = fd == null ? null : sockets.get(fd);
            if (fd == null || reached == null) return false;
            boolean mine = reached
                    || c.is(SysCall.CONNECT) && String.valueOf(c.arg(CallArg.ADDR)).endsWith("/nscd/socket");
            if (!mine || c.is(SysCall.CLOSE)) sockets.remove(fd);
            else sockets.put(fd, true);
            return mine;
        }
    }

    private static @Nullable Kind kind(Payload.Call c) {
        String domain = String.valueOf(c.arg(CallArg.DOMAIN)), type = String.valueOf(c.arg(CallArg.TYPE));
        if (domain.equals("AF_NETLINK")) return Kind.NETLINK;
        if (domain.equals("AF_UNIX") && type.startsWith("SOCK_STREAM")) return Kind.UNIX;
        if ((domain.equals("AF_INET") || domain.equals("AF_INET6")) && type.startsWith("SOCK_DGRAM")) return Kind.UDP;
        return null;
    }
}
