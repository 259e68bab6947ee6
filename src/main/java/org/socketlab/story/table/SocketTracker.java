package org.socketlab.story.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * Every socket of every endpoint, rebuilt from the journal alone (no toolkit, no {@code Endpoint.sockets()}).
 * A socket appears with its {@code socket()} or {@code accept()} call, follows the kernel's {@code state} and
 * {@code queue} events (and keeps a connection's last {@code tcp_info}), turns "closed" with {@code close()} while its
 * connection still lives in the kernel, and goes away when the kernel says CLOSED. Addresses are only what some call
 * or the other side actually told.
 *
 * <p>Which socket each event is about is {@link SocketIdentities}'s answer (an fd number reused while the old
 * connection lingers in TIME_WAIT, every endpoint's own fd 3, a hand-over from {@code server} to {@code server-1}, a
 * fork's child holding its parent's sockets): a row is one of its sockets, drawn for the endpoint that last acted on
 * it. A kernel event about a socket that has no row (gone, or another session's closed before these events) changes
 * nothing here.
 */
public final class SocketTracker {
    /** What kind of socket: the transport as a student names it. */
    public enum Kind {
        TCP, UDP, UNIX_STREAM, UNIX_DGRAM, UNIX_SEQPACKET, RAW;

        public boolean tcp() {
            return this == TCP;
        }
        public boolean udp() {
            return this == UDP;
        }

        /** The table's type column: the protocol's name, or the AF_UNIX socket type in the language. */
        public String label(Messages m) {
            return switch (this) {
                case TCP -> "TCP";
                case UDP -> "UDP";
                case UNIX_STREAM -> m.get("ui.sockets.kind.unixStream");
                case UNIX_DGRAM -> m.get("ui.sockets.kind.unixDgram");
                case UNIX_SEQPACKET -> m.get("ui.sockets.kind.unixSeqpacket");
                case RAW -> "RAW";
            };
        }

        static Kind of(@Nullable String domain, @Nullable String type) {
            if ("SOCK_RAW".equals(type)) return RAW;
            if ("SOCK_SEQPACKET".equals(type)) return UNIX_SEQPACKET; // Linux has it for AF_UNIX only
            boolean stream = !"SOCK_DGRAM".equals(type);
            if ("AF_UNIX".equals(domain)) return stream ? UNIX_STREAM : UNIX_DGRAM;
            return stream ? TCP : UDP;
        }
    }

    private final List<TrackedSocket> sockets = new ArrayList<>();
    /** Each row by its socket's number: a gone socket has none, so a late event about it goes nowhere. */
    private final Map<Long, TrackedSocket> rows = new HashMap<>();
    /**
     * Gone sockets the table's resolver keeps: a late event about one (its CLOSED after close()) comes within a
     * TIME_WAIT, and a long session stays bounded (about 140 bytes a socket, copied with the table on a replay).
     */
    static final int GONE_KEPT = 4096;
    private SocketIdentities ids = SocketIdentities.fromAnywhere().keepingGone(GONE_KEPT);
    private long nextId = 1;
    private @Nullable Transition lastTransition;

    /**
     * One state change of one socket, as journaled (the state machine animates it). {@code socket} names the socket
     * for good (its row's id): {@code endpoint} and {@code fd} are what the student sees, and a number is reused.
     */
    public record Transition(long seq, String endpoint, int fd, Kind kind, SocketState from, SocketState to,
            boolean fdOpen,
            boolean accepted, long socket) {
    }

    /**
     * An independent tracker in this one's state: a replay can start from the sockets as they were before a window's
     * first event (the events before it let go) instead of from the start of the journal.
     */
    public SocketTracker copy() {
        SocketTracker c = new SocketTracker();
        c.ids = ids.copy();
        Map<TrackedSocket, TrackedSocket> copies = new IdentityHashMap<>();
        for (TrackedSocket t : sockets) {
            TrackedSocket copied = t.copy();
            copies.put(t, copied);
            c.sockets.add(copied);
        }
        rows.forEach((socket, row) -> c.rows.put(socket, copies.get(row)));
        c.nextId = nextId;
        c.lastTransition = lastTransition;
        return c;
    }

    /** Forgets everything, to be fed again from the start of the journal (a replay). */
    public void clear() {
        sockets.clear();
        rows.clear();
        ids = SocketIdentities.fromAnywhere().keepingGone(GONE_KEPT);
        nextId = 1;
        lastTransition = null;
    }

    /** The table's resolver: which socket each number of each endpoint names (the processes table reads it). */
    SocketIdentities identities() {
        return ids;
    }

    /** Applies events (in journal order, or in the order the diagram's rows tell them). */
    public void accept(List<Event> batch) {
        ahead(batch);
        for (Event e : batch) accept(e);
    }

    /**
     * Tells which socket each event of {@code batch} is about before they are applied one by one in another order than
     * the journal's (the diagram's rows place a state read late before the call it follows): the sockets follow the
     * journal's order, whatever order the events are applied in.
     */
    public void ahead(List<Event> batch) {
        for (int i = 1; i < batch.size(); i++) {
            if (batch.get(i).seq() < batch.get(i - 1).seq()) {
                ids.appendAll(batch.stream().sorted(Comparator.comparingLong(Event::seq)).toList());
                return;
            }
        }
        ids.appendAll(batch);
    }

    /** Applies one event; returns the state change it made, if it was one. */
    public Optional<Transition> accept(Event e) {
        ids.append(e);
        switch (e.payload()) {
            case Payload.Call c -> onCall(e, c);
            case Payload.State s -> {
                return Optional.ofNullable(onState(e, s));
            }
            case Payload.Queue q -> onQueue(e, q);
            case Payload.TcpInfo t -> onTcpInfo(e, t);
            case Payload.Process p when Payload.Process.EXITED.equals(p.event()) -> onExit(e);
            default -> {
            }
        }
        return Optional.empty();
    }

    /** The endpoint's process ended: the kernel closed every descriptor it still had, as close() would. */
    private void onExit(Event e) {
        for (var row : List.copyOf(rows.entrySet())) {
            TrackedSocket t = row.getValue();
            if (!t.endpoint.equals(e.endpoint()) || !t.open || stillHeldElsewhere(row.getKey(), t, e.seq())) continue;
            t.open = false;
            t.timeWaitEndsNs = null;
            if (goneWithItsFd(t)) forget(t);
        }
    }

    /**
     * Whether nothing is left in the kernel once its last fd is closed: any datagram or Unix socket, and a TCP socket
     * told CLOSED or that never had a peer. A connection whose state was never read before the close (a traced
     * program may close it before strace's record is read) goes on in the kernel (FIN_WAIT_1...): its row waits for
     * the state that is read after.
     */
    private static boolean goneWithItsFd(TrackedSocket t) {
        return !t.kind.tcp() || t.state == TcpState.CLOSED && (t.stateTold || t.peer == null);
    }

    /**
     * Whether the socket is still open in another process a fork() shared it with, after {@code seq} let one go: then
     * the row goes on, for that holder.
     */
    private boolean stillHeldElsewhere(long socket, TrackedSocket t, long seq) {
        List<String> holders = ids.holdersAfter(socket, seq);
        if (holders.isEmpty()) return false;
        t.endpoint = holders.getFirst();
        return true;
    }

    /**
     * By row ({@link SocketRow#id}), each endpoint's number that holds its socket open now when more than one does: the
     * parent and the child a fork() shared it with, until one of them closes it. A row held by one endpoint (or none,
     * its fd closed) is not in it: the row's own endpoint and fd say who.
     */
    public Map<Long, List<SocketIdentities.Holder>> sharedHolders() {
        Map<Long, List<SocketIdentities.Holder>> now = ids.holdersNow(), shared = new HashMap<>();
        rows.forEach((socket, t) -> {
            List<SocketIdentities.Holder> holders = now.get(socket);
            if (t.open && holders != null && holders.size() > 1) shared.put(t.id, List.copyOf(holders));
        });
        return shared;
    }

    /** Snapshots of every socket, in the order they appeared; {@code nowNs} on the journal's clock for countdowns. */
    public List<SocketRow> rows(long nowNs) {
        return sockets.stream().map(t -> t.row(nowNs)).toList();
    }

    private void onCall(Event e, Payload.Call c) {
        String ep = e.endpoint();
        if (c.is(SysCall.SOCKET) || c.is(SysCall.SOCKETPAIR)) {
            for (int fd : c.madeFds()) {
                TrackedSocket made = new TrackedSocket(nextId++, ep, fd,
                        Kind.of(c.arg(CallArg.DOMAIN), c.arg(CallArg.TYPE)),
                        c.arg(CallArg.DOMAIN));
                add(ids.made(e, fd), made);
            }
            return;
        }
        if (c.fd() == null) return;
        SocketIdentities.Socket socket = ids.socketOf(e);
        if (socket == null) return;
        TrackedSocket t = rows.get(socket.number());
        if (t == null || !t.open || t.fd != c.fd()) return;
        t.endpoint = ep; // drawn for the holder that last acted on it (a hand-over's taker, a fork's child)
        t.inode = socket.inode();
        switch (c.sysCall()) {
            case BIND -> {
                if (!c.failed()) LocalAddresses.setLocal(t, c.arg(CallArg.ADDR));
            }
            case LISTEN -> {
                if (!c.failed()) {
                    t.listener = true;
                    if (t.local == null) t.localAssignedUnknown = true; // listen without bind: the kernel picks a port
                }
            }
            case GETSOCKNAME -> {
                if (!c.failed() && c.has(CallArg.ADDR)) t.local = c.arg(CallArg.ADDR);
            }
            case GETPEERNAME -> {
                String peer = c.arg(CallArg.ADDR);
                if (!c.failed() && peer != null) {
                    t.peer = peer;
                    LocalAddresses.learnOfPeer(sockets, t, peer);
                }
            }
            case CONNECT -> {
                boolean underway = c.failedWith(Errno::connectUnderway);
                if (!c.failed() || underway) {
                    t.peer = c.arg(CallArg.ADDR);
                    if (t.local == null) t.localAssignedUnknown = true;
                    if (!c.failed() && t.local == null) LocalAddresses.learnFromAccepted(sockets, t);
                }
            }
            case SysCall sending when sending.sendsData() -> {
                if (!c.failed() && t.local == null && t.kind.udp()) t.localAssignedUnknown = true; // autobind
                String to = c.arg(CallArg.ADDR);
                if (!c.failed() && to != null && !to.equals("NULL")) t.lastSentTo = to;
            }
            case RECVFROM -> {
                String from = c.arg(CallArg.FROM);
                if (!c.failed() && from != null && t.local != null) LocalAddresses.learnOfSender(sockets, t, from);
            }
            case ACCEPT, ACCEPT4 -> { // accept4: a traced program's (strace keeps its name)
                if (c.failed()) return;
                TrackedSocket conn = new TrackedSocket(nextId++, ep, (int) c.result(), t.kind, t.domain);
                conn.local = LocalAddresses.acceptedLocal(t.local);
                conn.localAssignedUnknown = conn.local == null;
                conn.peer = c.arg(CallArg.PEER);
                conn.accepted = true;
                // accept() returns once the handshake is done: the kernel's event may have come before the call.
                if (t.kind.tcp()) conn.state = TcpState.ESTABLISHED;
                add(ids.made(e, (int) c.result()), conn);
                if (conn.peer != null && t.local != null)
                    LocalAddresses.learnOfConnector(sockets, conn, t.local, conn.peer);
            }
            case CLOSE -> {
                if (stillHeldElsewhere(socket.number(), t, e.seq())) return; // a fork's other process still has it
                t.open = false;
                t.timeWaitEndsNs = null;
                if (goneWithItsFd(t)) forget(t);
            }
            case null, default -> {
            }
        }
    }

    private @Nullable Transition onState(Event e, Payload.State s) {
        TrackedSocket t = row(e, s.fd());
        if (t == null) return null;
        SocketState from = s.fromState(), to = s.toState();
        lastTransition = new Transition(e.seq(), t.endpoint, t.fd, t.kind, from, to, t.open, t.accepted, t.id);
        t.state = to;
        t.stateTold = true;
        t.timeWaitEndsNs = to == TcpState.TIME_WAIT && s.timeWaitMs() != null
                ? e.atNs() + s.timeWaitMs() * 1_000_000
                : null;
        if (t.kind.udp() && to != DgramState.UNBOUND && t.local == null) t.localAssignedUnknown = true;
        if (!t.open && to == TcpState.CLOSED) forget(t);
        return lastTransition;
    }

    private void onQueue(Event e, Payload.Queue q) {
        TrackedSocket t = row(e, q.fd());
        if (t == null) return;
        t.recvQ = q.recvQ();
        t.sendQ = q.sendQ();
        t.queuesKnown = true;
    }

    /** What TCP is doing on a connection: its socket keeps the last. */
    private void onTcpInfo(Event e, Payload.TcpInfo info) {
        TrackedSocket t = row(e, info.fd());
        if (t != null && t.kind.tcp()) t.tcpInfo = info;
    }

    /**
     * The row of the socket a kernel event is about; null when it has none (gone, or never one of these events'). The
     * kernel tells an open socket's events under the endpoint that holds it now (a hand-over's taker).
     */
    private @Nullable TrackedSocket row(Event e, int fd) {
        SocketIdentities.Socket socket = ids.socketOf(e);
        if (socket == null) return null;
        TrackedSocket t = rows.get(socket.number());
        if (t == null) return null;
        if (t.open && t.fd == fd) t.endpoint = e.endpoint();
        t.inode = socket.inode();
        return t;
    }

    /** A socket a call made: one row per socket, so a row it had before (its inode told earlier) is this one now. */
    private void add(SocketIdentities.@Nullable Socket socket, TrackedSocket made) {
        if (socket == null) return;
        TrackedSocket before = rows.put(socket.number(), made);
        if (before != null) sockets.remove(before);
        made.inode = socket.inode();
        sockets.add(made);
    }

    private void forget(TrackedSocket t) {
        sockets.remove(t);
        rows.values().remove(t);
    }
}
