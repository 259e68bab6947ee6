package org.socketlab.story.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * Every socket of every endpoint, rebuilt from the journal alone (no toolkit, no {@code Endpoint.sockets()}).
 * A socket appears with its {@code socket()} or {@code accept()} call, follows the kernel's {@code state} and
 * {@code queue} events, turns "closed" with {@code close()} while its connection still lives in the kernel, and
 * goes away when the kernel says CLOSED. Addresses are only what some call or the other side actually told.
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

        static Kind of(String domain, String type) {
            if ("SOCK_RAW".equals(type)) return RAW;
            if ("SOCK_SEQPACKET".equals(type)) return UNIX_SEQPACKET; // Linux has it for AF_UNIX only
            boolean stream = !"SOCK_DGRAM".equals(type);
            if ("AF_UNIX".equals(domain)) return stream ? UNIX_STREAM : UNIX_DGRAM;
            return stream ? TCP : UDP;
        }
    }

    /** A socket as the journal tells it; mutable inside the tracker, handed out as {@link SocketRow} snapshots. */
    static final class Tracked {
        final long id;
        /** Who holds it now: a hand-over ({@code Lab.handOver}) moves it to another endpoint. */
        String endpoint;
        final int fd;
        final Kind kind;
        final String domain;
        /** The local address when known; {@code null} while the socket has none. */
        String local;
        /** The kernel gave it an address (connect, listen, sendto) that no call has told us. */
        boolean localAssignedUnknown;
        String peer;
        /** Where an unconnected datagram socket last sent to: lets the receiver's {@code from} name its port. */
        String lastSentTo;
        String state;
        long recvQ, sendQ;
        boolean queuesKnown;
        boolean listener;
        /** Made by accept(): it came from a listener's queue (LISTEN, SYN_RECEIVED), not from connect(). */
        boolean accepted;
        boolean open = true;
        /** Journal time (monotonic ns) at which the kernel forgets a TIME_WAIT connection; null otherwise. */
        Long timeWaitEndsNs;
        /** The kernel's inode of the socket, once its call or a state or queue event has told it; null before. */
        Long inode;

        Tracked(long id, String endpoint, int fd, Kind kind, String domain) {
            this.id = id;
            this.endpoint = endpoint;
            this.fd = fd;
            this.kind = kind;
            this.domain = domain;
            this.state = kind.tcp() ? "CLOSED" : kind.udp() ? "UNBOUND" : null;
        }

        Tracked copy() {
            Tracked t = new Tracked(id, endpoint, fd, kind, domain);
            t.local = local;
            t.localAssignedUnknown = localAssignedUnknown;
            t.peer = peer;
            t.lastSentTo = lastSentTo;
            t.state = state;
            t.recvQ = recvQ;
            t.sendQ = sendQ;
            t.queuesKnown = queuesKnown;
            t.listener = listener;
            t.accepted = accepted;
            t.open = open;
            t.timeWaitEndsNs = timeWaitEndsNs;
            t.inode = inode;
            return t;
        }

        SocketRow row(long nowNs) {
            Long left = timeWaitEndsNs == null ? null : Math.max(0, (timeWaitEndsNs - nowNs) / 1_000_000);
            String shownLocal = local != null ? local : localAssignedUnknown ? "?" : null;
            return new SocketRow(id, endpoint, fd, kind, shownLocal, peer, state, queuesKnown ? recvQ : null,
                    queuesKnown ? sendQ : null, listener, open, left, inode);
        }
    }

    private final List<Tracked> sockets = new ArrayList<>();
    /**
     * Inodes of sockets that went away: a late event about one (its CLOSED after close()) must not go to a newer socket.
     * Such events come within seconds, so only the newest {@link #FORGOTTEN_KEPT} are kept (a long session stays bounded).
     */
    private final SequencedSet<Long> forgotten = new LinkedHashSet<>();
    /**
     * The processes that hold a socket a fork() shared (its inode to their endpoints, the row's own among them): one
     * socket, one row, drawn for the holder that last acted on it; a close in one of them leaves it open in the others.
     */
    private final Map<Long, Set<String>> holders = new HashMap<>();
    static final int FORGOTTEN_KEPT = 4096;
    private long nextId = 1;
    private Tracked lastChanged;
    private Transition lastTransition;

    /**
     * One state change of one socket, as journaled (the state machine animates it). {@code socket} names the socket
     * for good (its row's id): {@code endpoint} and {@code fd} are what the student sees, and a number is reused.
     */
    public record Transition(long seq, String endpoint, int fd, Kind kind, String from, String to, boolean fdOpen,
            boolean accepted, long socket) {
    }

    /**
     * An independent tracker in this one's state: a replay can start from the sockets as they were before a window's
     * first event (the events before it let go) instead of from the start of the journal.
     */
    public SocketTracker copy() {
        SocketTracker c = new SocketTracker();
        for (Tracked t : sockets) {
            Tracked copied = t.copy();
            c.sockets.add(copied);
            if (t == lastChanged) c.lastChanged = copied;
        }
        c.forgotten.addAll(forgotten);
        holders.forEach((inode, who) -> c.holders.put(inode, new LinkedHashSet<>(who)));
        c.nextId = nextId;
        c.lastTransition = lastTransition;
        return c;
    }

    /** Forgets everything, to be fed again from the start of the journal (a replay). */
    public void clear() {
        sockets.clear();
        forgotten.clear();
        holders.clear();
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
            case Payload.Process p when Payload.Process.EXITED.equals(p.event()) -> onExit(e.endpoint());
            case Payload.Process p when Payload.Process.FORKED.equals(p.event()) -> onFork(e.endpoint(), p);
            default -> {
            }
        }
        return Optional.empty();
    }

    /** The endpoint's process ended: the kernel closed every descriptor it still had, as close() would. */
    private void onExit(String endpoint) {
        for (Tracked t : List.copyOf(sockets)) {
            if (t.open && !t.endpoint.equals(endpoint) && t.inode != null && holders.containsKey(t.inode))
                letGo(t, endpoint); // another holder's row: this process no longer holds it
            if (!t.endpoint.equals(endpoint) || !t.open || stillHeldElsewhere(t, endpoint)) continue;
            t.open = false;
            t.timeWaitEndsNs = null;
            if (!t.kind.tcp() || "CLOSED".equals(t.state)) forget(t);
        }
    }

    /** Snapshots of every socket, in the order they appeared; {@code nowNs} on the journal's clock for countdowns. */
    public List<SocketRow> rows(long nowNs) {
        return sockets.stream().map(t -> t.row(nowNs)).toList();
    }

    private void onCall(Event e, Payload.Call c) {
        String ep = e.endpoint();
        Map<String, String> args = c.args();
        if (c.call().equals("socket") || c.call().equals("socketpair")) {
            for (int fd : c.madeFds()) {
                Tracked made = new Tracked(nextId++, ep, fd, Kind.of(args.get("domain"), args.get("type")),
                        args.get("domain"));
                made.inode = c.inodeOf(fd); // the call names it (newer journals): no kernel event of another is its
                add(made);
            }
            return;
        }
        if (c.fd() == null) return;
        followHandOver(ep, c.fd(), c.inode());
        Tracked t = open(ep, c.fd()).orElse(null);
        if (t == null) return;
        if (t.inode == null && c.inode() != null) t.inode = c.inode();
        switch (c.call()) {
            case "bind" -> {
                if (!c.failed()) setLocal(t, args.get("addr"));
            }
            case "listen" -> {
                if (!c.failed()) {
                    t.listener = true;
                    if (t.local == null) t.localAssignedUnknown = true; // listen without bind: the kernel picks a port
                }
            }
            case "getsockname" -> {
                if (!c.failed() && args.get("addr") != null) t.local = args.get("addr");
            }
            case "getpeername" -> {
                if (!c.failed() && args.get("addr") != null) {
                    t.peer = args.get("addr");
                    learnLocalOfPeer(t, t.peer);
                }
            }
            case "connect" -> {
                boolean underway = "EINPROGRESS".equals(c.errnoName()) || "EALREADY".equals(c.errnoName());
                if (!c.failed() || underway) {
                    t.peer = args.get("addr");
                    if (t.local == null) t.localAssignedUnknown = true;
                    if (!c.failed() && t.local == null) learnLocalFromAccepted(t);
                }
            }
            case "sendto", "send", "write" -> {
                if (!c.failed() && t.local == null && t.kind.udp()) t.localAssignedUnknown = true; // autobind
                String to = args.get("addr");
                if (!c.failed() && to != null && !to.equals("NULL")) t.lastSentTo = to;
            }
            case "recvfrom" -> {
                String from = args.get("from");
                if (!c.failed() && from != null && t.local != null) learnLocalOfSender(t, from);
            }
            case "accept", "accept4" -> { // accept4: a traced program's (strace keeps its name)
                if (c.failed()) return;
                Tracked conn = new Tracked(nextId++, ep, (int) c.result(), t.kind, t.domain);
                conn.inode = c.inodeOf((int) c.result());
                conn.local = acceptedLocal(t.local);
                conn.localAssignedUnknown = conn.local == null;
                conn.peer = args.get("peer");
                conn.accepted = true;
                // accept() returns once the handshake is done: the kernel's event may have come before the call.
                if (t.kind.tcp()) conn.state = "ESTABLISHED";
                add(conn);
                if (conn.peer != null && t.local != null) learnLocalOfConnector(conn, t.local, conn.peer);
            }
            case "close" -> {
                if (stillHeldElsewhere(t, ep)) return; // a fork's other process still has it: nothing closes
                t.open = false;
                t.timeWaitEndsNs = null;
                // Nothing left in the kernel: a TCP socket that never connected, any datagram or Unix socket.
                if (!t.kind.tcp() || "CLOSED".equals(t.state)) forget(t);
            }
            default -> {
            }
        }
    }

    private Transition onState(Event e, Payload.State s) {
        if (s.inode() != null && forgotten.contains(s.inode())) return null;
        if (s.inode() != null) followHandOver(e.endpoint(), s.fd(), s.inode());
        List<Tracked> same = sockets.stream().filter(t -> t.endpoint.equals(e.endpoint()) && t.fd == s.fd()).toList();
        // An event naming a socket that none of this fd's sockets is (each has another inode) is of a socket this
        // table does not have (one of a finished session, closed before its events): never another socket's.
        if (s.inode() != null && same.stream().noneMatch(x -> x.inode == null || x.inode.equals(s.inode())))
            return null;
        Tracked t = byInode(same, s.inode())
                .orElseGet(() -> same.stream().filter(x -> s.from().equals(x.state)).findFirst()
                        .or(() -> same.stream().filter(x -> x.open).findFirst())
                        .orElse(same.isEmpty() ? null : same.getLast()));
        if (t == null) return null;
        lastTransition = new Transition(e.seq(), t.endpoint, t.fd, t.kind, s.from(), s.to(), t.open, t.accepted,
                t.id);
        t.state = s.to();
        t.timeWaitEndsNs = "TIME_WAIT".equals(s.to()) && s.timeWaitMs() != null
                ? e.atNs() + s.timeWaitMs() * 1_000_000
                : null;
        if (t.kind.udp() && !"UNBOUND".equals(s.to()) && t.local == null) t.localAssignedUnknown = true;
        if (!t.open && "CLOSED".equals(s.to())) forget(t);
        lastChanged = t;
        return lastTransition;
    }

    private void onQueue(Event e, Payload.Queue q) {
        if (q.inode() != null && forgotten.contains(q.inode())) return;
        if (q.inode() != null) followHandOver(e.endpoint(), q.fd(), q.inode());
        List<Tracked> same = sockets.stream().filter(t -> t.endpoint.equals(e.endpoint()) && t.fd == q.fd()).toList();
        if (q.inode() != null && same.stream().noneMatch(x -> x.inode == null || x.inode.equals(q.inode())))
            return; // another socket's (see onState)
        // After a state event the kernel reports that same socket's queues (closed or not).
        Tracked t = byInode(same, q.inode())
                .orElseGet(() -> lastChanged != null && same.contains(lastChanged) && !lastChanged.open
                        ? lastChanged
                        : same.stream().filter(x -> x.open).findFirst().orElse(same.isEmpty() ? null : same.getLast()));
        if (t == null) return;
        t.recvQ = q.recvQ();
        t.sendQ = q.sendQ();
        t.queuesKnown = true;
    }

    /** A socket a call made: an inode names one socket, so one tracked under it before is this one from now on. */
    private void add(Tracked made) {
        if (made.inode != null) {
            sockets.removeIf(t -> made.inode.equals(t.inode));
            forgotten.remove(made.inode);
        }
        sockets.add(made);
    }

    private void forget(Tracked t) {
        sockets.remove(t);
        if (t.inode != null) {
            forgotten.add(t.inode);
            if (forgotten.size() > FORGOTTEN_KEPT) forgotten.removeFirst();
        }
    }

    /** A fork(): the child holds its parent's open sockets under the same numbers (the inherited fd to inode). */
    private void onFork(String child, Payload.Process p) {
        p.inherited().forEach((fd, inode) -> sockets.stream()
                .filter(t -> t.open && inode.equals(t.inode) && t.fd == fd).findFirst()
                .ifPresent(t -> holders.computeIfAbsent(inode, k -> new LinkedHashSet<>(List.of(t.endpoint)))
                        .add(child)));
    }

    /**
     * Whether {@code endpoint} closing its descriptor (or ending) leaves the socket open in another process that a
     * fork() shared it with: then the row goes on, for that holder.
     */
    private boolean stillHeldElsewhere(Tracked t, String endpoint) {
        if (t.inode == null || !holders.containsKey(t.inode)) return false;
        letGo(t, endpoint);
        Set<String> others = holders.get(t.inode);
        if (others == null || others.isEmpty()) return false;
        t.endpoint = others.iterator().next();
        return true;
    }

    /** {@code endpoint} no longer holds {@code t}'s socket; the last holder leaves no sharing behind. */
    private void letGo(Tracked t, String endpoint) {
        Set<String> who = holders.get(t.inode);
        if (who == null) return;
        who.remove(endpoint);
        if (who.isEmpty()) holders.remove(t.inode);
    }

    /**
     * An event of {@code endpoint} about {@code fd} (and the socket {@code inode}, when a kernel event names it): when
     * that endpoint holds no such socket but another endpoint holds that fd open, the socket was handed over to it.
     * A kernel event's inode must agree: the socket that has it, or else an open one the kernel has not named yet.
     */
    private void followHandOver(String endpoint, int fd, Long inode) {
        if (inode != null) {
            Optional<Tracked> named = sockets.stream().filter(t -> inode.equals(t.inode)).findFirst();
            if (named.isPresent()) {
                boolean holder = holders.getOrDefault(inode, Set.of()).contains(endpoint);
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
    private static Optional<Tracked> byInode(List<Tracked> same, Long inode) {
        if (inode == null) return Optional.empty();
        Optional<Tracked> known = same.stream().filter(x -> inode.equals(x.inode)).findFirst();
        if (known.isPresent()) return known;
        Optional<Tracked> unnamed = same.stream().filter(x -> x.inode == null && x.open).findFirst()
                .or(() -> same.stream().filter(x -> x.inode == null).reduce((a, b) -> b));
        unnamed.ifPresent(x -> x.inode = inode);
        return unnamed;
    }

    private Optional<Tracked> open(String endpoint, int fd) {
        return sockets.stream().filter(t -> t.open && t.endpoint.equals(endpoint) && t.fd == fd).findFirst();
    }

    private static void setLocal(Tracked t, String addr) {
        if (addr == null) return;
        // Port 0 asks the kernel to choose: the port is not known until getsockname (or the other side) tells.
        t.local = addr.endsWith(":0") ? addr.substring(0, addr.length() - 1) + "?" : addr;
    }

    /** The accepted socket's local address is the listener's, but a wildcard listener does not tell which host. */
    private static String acceptedLocal(String listenerLocal) {
        if (listenerLocal == null || listenerLocal.endsWith(":?")) return null;
        Address a = Address.parse(listenerLocal);
        if (a == null) return listenerLocal; // a Unix path
        return a.wildcard() ? "?:" + a.port() : listenerLocal;
    }

    /** The server learned the client's address (accept's peer): the one client that connected there has that local. */
    private void learnLocalOfConnector(Tracked accepted, String listenerLocal, String peer) {
        List<Tracked> candidates = sockets.stream()
                .filter(t -> t != accepted && t.kind == accepted.kind && t.peer != null
                        && !t.endpoint.equals(accepted.endpoint) && Address.sameDestination(listenerLocal, t.peer)
                        && (t.local == null || t.local.endsWith("?")))
                .toList();
        if (candidates.size() == 1 && sockets.stream().noneMatch(t -> peer.equals(t.local)))
            candidates.getFirst().local = peer;
    }

    /**
     * A connect journaled after the accept that took it (a traced program's calls are journaled once strace printed
     * them, after they returned): the one accepted socket there whose peer is nobody's address yet names this one's.
     */
    private void learnLocalFromAccepted(Tracked connector) {
        List<Tracked> candidates = sockets.stream().filter(a -> a.accepted && a.kind == connector.kind && a.peer != null
                && !a.endpoint.equals(connector.endpoint) && Address.sameDestination(a.local, connector.peer)
                && sockets.stream().noneMatch(o -> a.peer.equals(o.local))).toList();
        if (candidates.size() == 1) connector.local = candidates.getFirst().peer;
    }

    /** getpeername told a socket its peer: the one socket on the other side connected back to us is that peer. */
    private void learnLocalOfPeer(Tracked t, String peer) {
        if (t.local == null || t.local.contains("?")) return;
        learnLocalOfConnector(t, t.local, peer);
    }

    /** recvfrom named the sender: the one datagram socket that sent here with an unknown port is it. */
    private void learnLocalOfSender(Tracked receiver, String from) {
        List<Tracked> candidates = sockets.stream().filter(t -> t != receiver && t.kind == receiver.kind
                && (t.local == null || t.local.endsWith("?"))
                && (Address.sameDestination(receiver.local, t.peer)
                        || Address.sameDestination(receiver.local, t.lastSentTo)))
                .toList();
        if (candidates.size() == 1 && sockets.stream().noneMatch(t -> from.equals(t.local)))
            candidates.getFirst().local = from;
    }

    /** An IP address text as the journal writes it: {@code 127.0.0.1:5000} or {@code [::1]:5000}. */
    record Address(String host, String port) {
        static Address parse(String text) {
            if (text == null) return null;
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.startsWith("/") || text.startsWith("@")) return null;
            return new Address(text.substring(0, colon), text.substring(colon + 1));
        }

        boolean wildcard() {
            return host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::");
        }

        /** Whether a socket bound at {@code local} receives what is sent to {@code destination}. */
        static boolean sameDestination(String local, String destination) {
            if (local == null || destination == null) return false;
            if (local.equals(destination)) return true;
            Address l = parse(local), d = parse(destination);
            return l != null && d != null && l.port.equals(d.port) && l.wildcard();
        }
    }
}
