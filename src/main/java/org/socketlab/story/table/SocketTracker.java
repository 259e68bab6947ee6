package org.socketlab.story.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
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
 * <p>An fd number can be reused while the old connection lingers (closed fd 5 in TIME_WAIT, new socket 5). State and
 * queue events name their socket by its kernel inode, and so do the calls that make a socket or act on one: a socket
 * is its inode from its {@code socket()} or {@code accept()} on, and a kernel event about an inode none of that fd's
 * sockets has is another socket's (a finished session's, whose fd number a new socket took) and changes nothing here.
 * In journals whose calls do not name inodes the first kernel event of a socket ties the inode to the open
 * socket with that fd, and later ones go to it whatever its fd became. Journals written before the inode existed
 * fall back to the fd: a state event goes to the socket whose state is its {@code from}; a queue event to the open
 * one if any.
 *
 * <p>A socket can change hands: {@code serve}'s {@code server} accepts a connection and hands its fd to
 * {@code server-1} ({@code Lab.handOver}: no call is made, as threads share one fd table). The lab's endpoints share
 * that one table, so an open fd number names one socket in the whole journal: a call (or a kernel event, whose inode
 * agrees) naming an fd its endpoint has no open socket for, while another endpoint holds that fd open, follows the
 * socket to its new holder.
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
    /**
     * Inodes of sockets that went away: a late event about one (its CLOSED after close()) must not go to a newer socket.
     * Such events come within seconds, so only the newest {@link #FORGOTTEN_KEPT} are kept (a long session stays bounded).
     */
    private final SequencedSet<Long> forgotten = new LinkedHashSet<>();
    private final SharedSockets shared = new SharedSockets();
    static final int FORGOTTEN_KEPT = 4096;
    private long nextId = 1;
    private @Nullable TrackedSocket lastChanged;
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
        for (TrackedSocket t : sockets) {
            TrackedSocket copied = t.copy();
            c.sockets.add(copied);
            if (t == lastChanged) c.lastChanged = copied;
        }
        c.forgotten.addAll(forgotten);
        c.shared.copyFrom(shared);
        c.nextId = nextId;
        c.lastTransition = lastTransition;
        return c;
    }

    /** Forgets everything, to be fed again from the start of the journal (a replay). */
    public void clear() {
        sockets.clear();
        forgotten.clear();
        shared.clear();
        nextId = 1;
        lastChanged = null;
        lastTransition = null;
    }

    /** Applies events in journal order. */
    public void accept(List<Event> batch) {
        for (Event e : batch) accept(e);
    }

    /** Applies one event; returns the state change it made, if it was one. */
    public Optional<Transition> accept(Event e) {
        switch (e.payload()) {
            case Payload.Call c -> onCall(e, c);
            case Payload.State s -> {
                return Optional.ofNullable(onState(e, s));
            }
            case Payload.Queue q -> onQueue(e, q);
            case Payload.TcpInfo t -> onTcpInfo(e, t);
            case Payload.Process p when Payload.Process.EXITED.equals(p.event()) -> onExit(e.endpoint());
            case Payload.Process p when Payload.Process.FORKED.equals(p.event()) ->
                shared.onFork(e.endpoint(), p, sockets);
            default -> {
            }
        }
        return Optional.empty();
    }

    /** The endpoint's process ended: the kernel closed every descriptor it still had, as close() would. */
    private void onExit(String endpoint) {
        for (TrackedSocket t : List.copyOf(sockets)) {
            if (t.open && !t.endpoint.equals(endpoint) && shared.isShared(t.inode))
                shared.letGo(t, endpoint); // another holder's row: this process no longer holds it
            if (!t.endpoint.equals(endpoint) || !t.open || shared.stillHeldElsewhere(t, endpoint)) continue;
            t.open = false;
            t.timeWaitEndsNs = null;
            if (!t.kind.tcp() || t.state == TcpState.CLOSED) forget(t);
        }
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
                made.inode = c.inodeOf(fd); // the call names it (newer journals): no kernel event of another is its
                add(made);
            }
            return;
        }
        if (c.fd() == null) return;
        followHandOver(ep, c.fd(), c.inode());
        TrackedSocket t = open(ep, c.fd()).orElse(null);
        if (t == null) return;
        if (t.inode == null && c.inode() != null) t.inode = c.inode();
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
                conn.inode = c.inodeOf((int) c.result());
                conn.local = LocalAddresses.acceptedLocal(t.local);
                conn.localAssignedUnknown = conn.local == null;
                conn.peer = c.arg(CallArg.PEER);
                conn.accepted = true;
                // accept() returns once the handshake is done: the kernel's event may have come before the call.
                if (t.kind.tcp()) conn.state = TcpState.ESTABLISHED;
                add(conn);
                if (conn.peer != null && t.local != null)
                    LocalAddresses.learnOfConnector(sockets, conn, t.local, conn.peer);
            }
            case CLOSE -> {
                if (shared.stillHeldElsewhere(t, ep)) return; // a fork's other process still has it: nothing closes
                t.open = false;
                t.timeWaitEndsNs = null;
                // Nothing left in the kernel: a TCP socket that never connected, any datagram or Unix socket.
                if (!t.kind.tcp() || t.state == TcpState.CLOSED) forget(t);
            }
            case null, default -> {
            }
        }
    }

    private @Nullable Transition onState(Event e, Payload.State s) {
        if (s.inode() != null && forgotten.contains(s.inode())) return null;
        SocketState from = s.fromState(), to = s.toState();
        if (s.inode() != null) followHandOver(e.endpoint(), s.fd(), s.inode());
        List<TrackedSocket> same = sockets.stream().filter(t -> t.endpoint.equals(e.endpoint()) && t.fd == s.fd())
                .toList();
        // An event naming a socket that none of this fd's sockets is (each has another inode) is of a socket this
        // table does not have (one of a finished session, closed before its events): never another socket's.
        if (s.inode() != null && same.stream().noneMatch(x -> x.inode == null || x.inode.equals(s.inode())))
            return null;
        TrackedSocket t = byInode(same, s.inode())
                .orElseGet(() -> same.stream().filter(x -> from.equals(x.state)).findFirst()
                        .or(() -> same.stream().filter(x -> x.open).findFirst())
                        .orElse(same.isEmpty() ? null : same.getLast()));
        if (t == null) return null;
        lastTransition = new Transition(e.seq(), t.endpoint, t.fd, t.kind, from, to, t.open, t.accepted, t.id);
        t.state = to;
        t.timeWaitEndsNs = to == TcpState.TIME_WAIT && s.timeWaitMs() != null
                ? e.atNs() + s.timeWaitMs() * 1_000_000
                : null;
        if (t.kind.udp() && to != DgramState.UNBOUND && t.local == null) t.localAssignedUnknown = true;
        if (!t.open && to == TcpState.CLOSED) forget(t);
        lastChanged = t;
        return lastTransition;
    }

    private void onQueue(Event e, Payload.Queue q) {
        if (q.inode() != null && forgotten.contains(q.inode())) return;
        if (q.inode() != null) followHandOver(e.endpoint(), q.fd(), q.inode());
        List<TrackedSocket> same = sockets.stream().filter(t -> t.endpoint.equals(e.endpoint()) && t.fd == q.fd())
                .toList();
        if (q.inode() != null && same.stream().noneMatch(x -> x.inode == null || x.inode.equals(q.inode())))
            return; // another socket's (see onState)
        // After a state event the kernel reports that same socket's queues (closed or not).
        TrackedSocket t = byInode(same, q.inode())
                .orElseGet(() -> lastChanged != null && same.contains(lastChanged) && !lastChanged.open
                        ? lastChanged
                        : same.stream().filter(x -> x.open).findFirst().orElse(same.isEmpty() ? null : same.getLast()));
        if (t == null) return;
        t.recvQ = q.recvQ();
        t.sendQ = q.sendQ();
        t.queuesKnown = true;
    }

    /** What TCP is doing on a connection: its socket (by inode, else the open one with that fd) keeps the last. */
    private void onTcpInfo(Event e, Payload.TcpInfo info) {
        if (info.inode() != null && forgotten.contains(info.inode())) return;
        if (info.inode() != null) followHandOver(e.endpoint(), info.fd(), info.inode());
        List<TrackedSocket> same = sockets.stream()
                .filter(t -> t.endpoint.equals(e.endpoint()) && t.fd == info.fd() && t.kind.tcp()).toList();
        TrackedSocket t = info.inode() != null
                ? byInode(same, info.inode()).orElse(null)
                : same.stream().filter(x -> x.open).findFirst().orElse(null);
        if (t != null) t.tcpInfo = info;
    }

    /** A socket a call made: an inode names one socket, so one tracked under it before is this one from now on. */
    private void add(TrackedSocket made) {
        if (made.inode != null) {
            sockets.removeIf(t -> made.inode.equals(t.inode));
            forgotten.remove(made.inode);
        }
        sockets.add(made);
    }

    private void forget(TrackedSocket t) {
        sockets.remove(t);
        if (t.inode != null) {
            forgotten.add(t.inode);
            if (forgotten.size() > FORGOTTEN_KEPT) forgotten.removeFirst();
        }
    }

    /**
     * An event of {@code endpoint} about {@code fd} (and the socket {@code inode}, when a kernel event names it): when
     * that endpoint holds no such socket but another endpoint holds that fd open, the socket was handed over to it.
     * A kernel event's inode must agree: the socket that has it, or else an open one the kernel has not named yet.
     */
    private void followHandOver(String endpoint, int fd, @Nullable Long inode) {
        if (inode != null) {
            Optional<TrackedSocket> named = sockets.stream().filter(t -> inode.equals(t.inode)).findFirst();
            if (named.isPresent()) {
                boolean holder = shared.holds(inode, endpoint);
                if ((named.get().open || holder) && named.get().fd == fd) named.get().endpoint = endpoint;
                return;
            }
        }
        if (open(endpoint, fd).isPresent()) return;
        sockets.stream()
                .filter(t -> t.open && t.fd == fd && !t.endpoint.equals(endpoint) && (inode == null || t.inode == null))
                .findFirst().ifPresent(t -> t.endpoint = endpoint);
    }

    /**
     * The socket (among those of the event's endpoint and fd) with this inode; a socket that has none yet takes it, the
     * open one first. Empty when the event has no inode (an older journal).
     */
    private static Optional<TrackedSocket> byInode(List<TrackedSocket> same, @Nullable Long inode) {
        if (inode == null) return Optional.empty();
        Optional<TrackedSocket> known = same.stream().filter(x -> inode.equals(x.inode)).findFirst();
        if (known.isPresent()) return known;
        Optional<TrackedSocket> unnamed = same.stream().filter(x -> x.inode == null && x.open).findFirst()
                .or(() -> same.stream().filter(x -> x.inode == null).reduce((a, b) -> b));
        unnamed.ifPresent(x -> x.inode = inode);
        return unnamed;
    }

    private Optional<TrackedSocket> open(String endpoint, int fd) {
        return sockets.stream().filter(t -> t.open && t.endpoint.equals(endpoint) && t.fd == fd).findFirst();
    }
}
