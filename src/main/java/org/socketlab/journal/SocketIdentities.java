package org.socketlab.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SysCall;

/**
 * Which socket an endpoint's descriptor names at a moment of the journal: the one answer to "which socket", read from
 * the events alone and fed as they are appended ({@link #append}), so a view of a live journal builds it once.
 *
 * <p>A socket is its kernel inode, not its fd number: a number is reused as soon as it is closed (the closed
 * connection lives on in the kernel, FIN_WAIT or TIME_WAIT, and its kernel events keep the number it had), every
 * endpoint process has its own fd 3, a forked child holds its parent's sockets under the same numbers
 * ({@code forked}'s {@code inherited}), and an accepting thread hands a socket to another endpoint with no call made
 * ({@code Lab.handOver}: the new holder's calls and kernel events name the fd from then on). The calls say which
 * socket each fd named ({@code inode}, {@code made_inodes}); state, queue and tcp_info events carry their socket's
 * inode. Journals whose calls name no inode (older ones, a traced program's) fall back to the number: a kernel event
 * is about the socket its endpoint's fd last named, and the first inode told of such a socket becomes its own.
 *
 * <p>Not thread-safe: one reader (a view, a lesson run) feeds its own, in journal order.
 */
public final class SocketIdentities {
    /** One socket for good, under every number and endpoint that named it. Compared by identity. */
    public static final class Socket {
        private final long number;
        private @Nullable Long inode;
        /** The state the kernel last told of it: tells it from another on its number when no inode does. */
        private @Nullable String told;
        /** How many numbers name it now; the endpoint/fd keys that ever did (a bounded resolver forgets them). */
        private int open;
        private final List<String> at = new ArrayList<>(1);

        private Socket(long number, @Nullable Long inode) {
            this.number = number;
            this.inode = inode;
        }

        private Socket copy() {
            Socket c = new Socket(number, inode);
            c.told = told;
            c.open = open;
            c.at.addAll(at);
            return c;
        }

        /** Its number in this journal's order of appearance, from 1. */
        public long number() {
            return number;
        }

        /** Its kernel inode; null while the journal has not told it. */
        public @Nullable Long inode() {
            return inode;
        }

        @Override
        public String toString() {
            return "socket " + number + (inode == null ? "" : " (inode " + inode + ")");
        }
    }

    /** From {@code from} to {@code to} (the seq that closed it, inclusive), an endpoint's fd named {@code socket}. */
    private static final class Span {
        final long from;
        long to = Long.MAX_VALUE;
        final Socket socket;

        Span(long from, Socket socket) {
            this.from = from;
            this.socket = socket;
        }

        boolean open() {
            return to == Long.MAX_VALUE;
        }
    }

    private final Map<Long, Socket> byInode = new HashMap<>();
    /** endpoint/fd to what the number named, oldest first. */
    private final Map<String, List<Span>> spans = new LinkedHashMap<>();
    /** Each endpoint's numbers that have spans: what it holds is asked without walking every endpoint's. */
    private final Map<String, SortedSet<Integer>> numbersOf = new HashMap<>();
    /** Inodes some call named (a kernel event's own inode does not count). */
    private final Set<Long> namedByCalls = new HashSet<>();
    /** endpoint/fd where a call named an inode. */
    private final Set<String> namedAt = new HashSet<>();
    /** Endpoints whose calls name their sockets' inodes. */
    private final Set<String> naming = new HashSet<>();
    /** Endpoints that made a call or whose process was told of (started, forked, ended) in the events appended. */
    private final Set<String> acting = new HashSet<>();
    /**
     * Kernel events without an inode about another socket than the one their number last named (a closed connection
     * beside the new socket on its number, in journals older than inodes), by seq.
     */
    private final Map<Long, Socket> toldApart = new HashMap<>();
    /** endpoint/fd of the last state event, and its socket: the queues the kernel reports next are that socket's. */
    private @Nullable String lastToldAt;
    private @Nullable Socket lastTold;
    private final boolean sessionStart;
    /** Sockets no number names any more, oldest first: beyond {@link #goneKept} the oldest is forgotten. */
    private final ArrayDeque<Socket> gone = new ArrayDeque<>();
    private int goneKept = Integer.MAX_VALUE;
    private long lastSeq = Long.MIN_VALUE;
    private long sockets;

    private SocketIdentities(boolean sessionStart) {
        this.sessionStart = sessionStart;
    }

    /** Nothing known before the events appended: they may start anywhere in a session. */
    public static SocketIdentities fromAnywhere() {
        return new SocketIdentities(false);
    }

    /**
     * Nothing before the events appended, which start a session: a kernel event about a socket no call of theirs named
     * is another session's ({@link #foreign}).
     */
    public static SocketIdentities sessionStart() {
        return new SocketIdentities(true);
    }

    /**
     * An independent resolver in this one's state: a table rebuilt from a moment (a replay) goes on from there. Its
     * sockets are copies with the same {@link Socket#number}s (a copy learns an inode the original has not yet).
     */
    public SocketIdentities copy() {
        SocketIdentities c = new SocketIdentities(sessionStart);
        Map<Socket, Socket> copies = new IdentityHashMap<>();
        byInode.forEach((inode, socket) -> c.byInode.put(inode, copies.computeIfAbsent(socket, Socket::copy)));
        spans.forEach((key, list) -> {
            List<Span> copied = new ArrayList<>(list.size());
            for (Span span : list) {
                Span k = new Span(span.from, copies.computeIfAbsent(span.socket, Socket::copy));
                k.to = span.to;
                copied.add(k);
            }
            c.spans.put(key, copied);
        });
        numbersOf.forEach((endpoint, fds) -> c.numbersOf.put(endpoint, new TreeSet<>(fds)));
        c.namedByCalls.addAll(namedByCalls);
        c.namedAt.addAll(namedAt);
        c.naming.addAll(naming);
        c.acting.addAll(acting);
        toldApart.forEach((seq, socket) -> c.toldApart.put(seq, copies.computeIfAbsent(socket, Socket::copy)));
        c.lastToldAt = lastToldAt;
        c.lastTold = lastTold == null ? null : copies.computeIfAbsent(lastTold, Socket::copy);
        for (Socket g : gone) c.gone.add(copies.computeIfAbsent(g, Socket::copy));
        c.goneKept = goneKept;
        c.lastSeq = lastSeq;
        c.sockets = sockets;
        return c;
    }

    /**
     * This resolver, keeping only the newest {@code kept} to {@code 2 * kept} sockets that no number names any more (a view of a long
     * session's present, as the sockets table: about 140 bytes a socket). Asked about a moment of a socket it forgot,
     * it answers as if these events never had it; a late kernel event about it is about no number's socket.
     */
    public SocketIdentities keepingGone(int kept) {
        goneKept = kept;
        return this;
    }

    /** The sockets of {@code events} (journal order), from anywhere in a session. */
    public static SocketIdentities of(List<Event> events) {
        SocketIdentities ids = fromAnywhere();
        ids.appendAll(events);
        return ids;
    }

    /** Appends events in journal order; those at or before the last one appended are already known and skipped. */
    public void appendAll(List<Event> events) {
        for (Event e : events) append(e);
    }

    /** Appends one event; one at or before the last appended is skipped (the same events handed in again). */
    public void append(Event e) {
        if (e.seq() <= lastSeq) return;
        lastSeq = e.seq();
        if (e.payload() instanceof Payload.Call || e.payload() instanceof Payload.Process) acting.add(e.endpoint());
        switch (e.payload()) {
            case Payload.Call c -> onCall(e, c);
            case Payload.State s -> {
                onKernel(e, s.fd(), s.inode());
                onState(e, s);
            }
            case Payload.Queue q -> {
                onKernel(e, q.fd(), q.inode());
                if (q.inode() == null) afterState(e, q.fd());
            }
            case Payload.TcpInfo t -> {
                onKernel(e, t.fd(), t.inode());
                if (t.inode() == null) afterState(e, t.fd());
            }
            case Payload.Process p when Payload.Process.FORKED.equals(p.event()) ->
                p.inherited().forEach((fd, inode) -> {
                    Socket s = withInode(inode);
                    if (!holds(e.endpoint(), fd, s)) open(e.endpoint(), fd, s, e.seq());
                });
            case Payload.Process p when Payload.Process.EXITED.equals(p.event()) -> closeAll(e.endpoint(), e.seq());
            default -> {
            }
        }
    }

    private void onCall(Event e, Payload.Call c) {
        String endpoint = e.endpoint();
        Integer fd = c.fd();
        if (fd != null) {
            if (c.inode() != null) {
                namedByCalls.add(c.inode());
                namedAt.add(key(endpoint, fd));
                naming.add(endpoint);
            }
            if (!c.failed()) named(endpoint, fd, c.inode(), e.seq());
        }
        List<Integer> made = c.madeFds();
        for (int i = 0; i < made.size(); i++) {
            Long inode = i < c.madeInodes().size() ? c.madeInodes().get(i) : null;
            if (inode != null) {
                namedByCalls.add(inode);
                namedAt.add(key(endpoint, made.get(i)));
                naming.add(endpoint);
            }
            close(endpoint, made.get(i), e.seq() - 1); // its close was not journaled (a traced program's, a page's)
            open(endpoint, made.get(i), inode != null ? withInode(inode) : fresh(null), e.seq());
        }
        if (c.is(SysCall.CLOSE) && !c.failed() && fd != null) close(endpoint, fd, e.seq());
    }

    /**
     * A kernel event: its inode is its socket's, under whichever endpoint and number it is told (a closed connection
     * keeps its old number, a forked socket is told under one of its holders), so it moves no number to it.
     */
    private void onKernel(Event e, int fd, @Nullable Long inode) {
        Span last = last(e.endpoint(), fd, e.seq());
        if (inode == null) { // an older journal's reading: about the socket its number names, made before these events
            if (last == null) open(e.endpoint(), fd, fresh(null), e.seq());
            return;
        }
        if (byInode.containsKey(inode)) return;
        if (last != null && last.socket.inode == null) { // an older journal's socket: the kernel tells its inode
            last.socket.inode = inode;
            byInode.put(inode, last.socket);
            return;
        }
        withInode(inode); // a socket no call of these events named (closed before them): at no number of theirs
    }

    /**
     * A state event: without an inode, it is about the socket on its number that was in the state it leaves, newest
     * first (a closed connection's FIN_WAIT beside the new socket's SYN_SENT); the state it tells is that socket's now.
     */
    private void onState(Event e, Payload.State s) {
        Socket socket = socketOf(e);
        if (s.inode() == null && socket != null && !s.from().equals(socket.told)) {
            List<Span> at = spans.getOrDefault(key(e.endpoint(), s.fd()), List.of());
            for (int i = at.size() - 1; i >= 0; i--) {
                Socket older = at.get(i).socket;
                if (at.get(i).from <= e.seq() && older != socket && s.from().equals(older.told)) {
                    toldApart.put(e.seq(), older);
                    socket = older;
                    break;
                }
            }
        }
        if (socket == null) return;
        socket.told = s.to();
        lastToldAt = key(e.endpoint(), s.fd());
        lastTold = socket;
    }

    /** A queue or tcp_info event without an inode, right after a state event told apart: about that same socket. */
    private void afterState(Event e, int fd) {
        Socket now = socketAt(e.endpoint(), fd, e.seq());
        if (lastTold != null && key(e.endpoint(), fd).equals(lastToldAt) && lastTold != now)
            toldApart.put(e.seq(), lastTold);
    }

    /**
     * A call of {@code endpoint} naming {@code fd} (and its socket's inode, when known). The number already names that
     * socket there, or the endpoint holds nothing at it and another endpoint holds it open: handed over. Another inode
     * than the one the number held means the number was reused unseen.
     */
    private void named(String endpoint, int fd, @Nullable Long inode, long seq) {
        Span here = openSpan(endpoint, fd);
        if (here != null) {
            if (inode == null || here.socket.inode == null) {
                if (inode != null && !byInode.containsKey(inode)) {
                    here.socket.inode = inode;
                    byInode.put(inode, here.socket);
                }
                return;
            }
            if (here.socket.inode.equals(inode)) return;
            close(endpoint, fd, seq - 1);
        }
        Span elsewhere = heldElsewhere(endpoint, fd, inode);
        if (elsewhere != null) { // handed over: threads share one fd table, the giver's number is the taker's now
            open(endpoint, fd, elsewhere.socket, seq); // before its end: the socket is never gone between
            end(elsewhere, seq - 1);
        } else { // its making was not journaled (a page of a journal, a trace): the kernel may tell its inode later
            open(endpoint, fd, inode != null ? withInode(inode) : fresh(null), seq);
        }
    }

    /** The open span of another endpoint at {@code fd} that is this socket (or any, when the inode is not known). */
    private @Nullable Span heldElsewhere(String endpoint, int fd, @Nullable Long inode) {
        String suffix = "/" + fd;
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            if (!e.getKey().endsWith(suffix) || e.getKey().equals(key(endpoint, fd))) continue;
            Span s = e.getValue().getLast();
            if (!s.open()) continue;
            // A journal whose calls name no inode: the number alone tells.
            if (inode == null ? s.socket.inode == null && !naming.contains(endpoint) : inode.equals(s.socket.inode))
                return s;
        }
        return null;
    }

    private boolean holds(String endpoint, int fd, Socket s) {
        Span here = openSpan(endpoint, fd);
        return here != null && here.socket == s;
    }

    private Socket withInode(Long inode) {
        return byInode.computeIfAbsent(inode, i -> new Socket(++sockets, i));
    }

    private Socket fresh(@Nullable Long inode) {
        return new Socket(++sockets, inode);
    }

    private void open(String endpoint, int fd, Socket s, long seq) {
        String key = key(endpoint, fd);
        spans.computeIfAbsent(key, k -> new ArrayList<>()).add(new Span(seq, s));
        numbersOf.computeIfAbsent(endpoint, k -> new TreeSet<>()).add(fd);
        s.open++;
        if (!s.at.contains(key)) s.at.add(key);
    }

    /** The span's number names its socket no more after {@code to}; a socket no number names is gone. */
    private void end(Span span, long to) {
        span.to = to;
        if (--span.socket.open > 0) return;
        gone.add(span.socket);
        if (gone.size() > 2 * (long) goneKept) forgetOldestGone(); // in one go: each forgotten at about one span's cost
    }

    /** Forgets the gone sockets beyond the newest {@link #goneKept}: their spans and inodes (a bounded resolver). */
    private void forgetOldestGone() {
        Set<Socket> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());
        while (gone.size() > goneKept) {
            Socket s = gone.removeFirst();
            if (s.open == 0) forgotten.add(s); // else a call named it again
        }
        Set<String> keys = new HashSet<>();
        for (Socket s : forgotten) {
            keys.addAll(s.at);
            if (s.inode != null) {
                byInode.remove(s.inode);
                namedByCalls.remove(s.inode);
            }
        }
        for (String key : keys) {
            List<Span> at = spans.get(key);
            if (at == null) continue;
            at.removeIf(span -> forgotten.contains(span.socket));
            if (!at.isEmpty()) continue;
            spans.remove(key);
            String endpoint = key.substring(0, key.lastIndexOf('/'));
            SortedSet<Integer> fds = numbersOf.get(endpoint);
            if (fds != null && fds.remove(Integer.valueOf(key.substring(key.lastIndexOf('/') + 1))) && fds.isEmpty())
                numbersOf.remove(endpoint);
        }
        toldApart.values().removeIf(forgotten::contains);
        if (lastTold != null && forgotten.contains(lastTold)) lastTold = null;
    }

    private void close(String endpoint, int fd, long seq) {
        Span here = openSpan(endpoint, fd);
        if (here != null) end(here, Math.max(here.from, seq));
    }

    private void closeAll(String endpoint, long seq) {
        String prefix = endpoint + "/";
        List<Span> ended = new ArrayList<>();
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            Span s = e.getValue().getLast();
            if (e.getKey().startsWith(prefix) && s.open()) ended.add(s);
        }
        for (Span s : ended) end(s, seq); // after the walk: ending one may forget another's spans
    }

    private @Nullable Span openSpan(String endpoint, int fd) {
        List<Span> at = spans.get(key(endpoint, fd));
        if (at == null || !at.getLast().open()) return null;
        return at.getLast();
    }

    /** The last span of the number that began at or before {@code seq}, open or closed. */
    private @Nullable Span last(String endpoint, int fd, long seq) {
        List<Span> at = spans.get(key(endpoint, fd));
        if (at == null) return null;
        int lo = 0, hi = at.size() - 1, found = -1;
        while (lo <= hi) { // spans are in seq order: a number named one socket at a time
            int mid = (lo + hi) >>> 1;
            if (at.get(mid).from <= seq) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : at.get(found);
    }

    private static String key(String endpoint, int fd) {
        return endpoint + "/" + fd;
    }

    /**
     * The socket {@code endpoint}'s {@code fd} named at event {@code seq} (a close names its socket at its own seq);
     * null when the number named none then (before any socket took it, after its close).
     */
    public @Nullable Socket socketAt(String endpoint, int fd, long seq) {
        Span s = last(endpoint, fd, seq);
        return s == null || seq > s.to ? null : s.socket;
    }

    /**
     * The socket event {@code e} (appended) is about: a call's fd, or a kernel event's socket. By its inode where the
     * event tells it; else the socket its endpoint's fd last named by then, closed or not (a connection in TIME_WAIT
     * is told under the number it had). Null for other events, and for a number that never named a socket.
     */
    public @Nullable Socket socketOf(Event e) {
        int fd;
        Long inode;
        switch (e.payload()) {
            case Payload.Call c when c.fd() != null -> {
                fd = c.fd();
                inode = c.inode();
            }
            case Payload.State s -> {
                fd = s.fd();
                inode = s.inode();
            }
            case Payload.Queue q -> {
                fd = q.fd();
                inode = q.inode();
            }
            case Payload.TcpInfo t -> {
                fd = t.fd();
                inode = t.inode();
            }
            default -> {
                return null;
            }
        }
        if (inode != null && byInode.containsKey(inode)) return byInode.get(inode);
        Socket apart = inode == null ? toldApart.get(e.seq()) : null;
        if (apart != null) return apart;
        Span s = last(e.endpoint(), fd, e.seq());
        return s == null ? null : s.socket;
    }

    /** The socket the call {@code e} (appended) made as {@code fd} (socket, accept, socketpair); null if none. */
    public @Nullable Socket made(Event e, int fd) {
        if (!(e.payload() instanceof Payload.Call c) || !c.madeFds().contains(fd)) return null;
        return socketAt(e.endpoint(), fd, e.seq());
    }

    /**
     * Whether, at {@code seq}, {@code endpoint}'s {@code fd} no longer names the socket a kernel reading (of inode
     * {@code inode}, when told) is about: its close or its process's end came at or before {@code seq}, or the number
     * names another socket. The connection lives on in the kernel (FIN_WAIT, TIME_WAIT) without the descriptor. False
     * when these events never saw the number name a socket before {@code seq}, and when the reading's inode is one the
     * number has not named by then (a connection accepted next, read at its handshake before accept() returned).
     */
    public boolean former(String endpoint, int fd, @Nullable Long inode, long seq) {
        Span s = last(endpoint, fd, seq);
        if (s == null) return false;
        if (inode == null || s.socket.inode == null || s.socket.inode.equals(inode)) return !s.open() && s.to <= seq;
        return namedBefore(endpoint, fd, inode, seq);
    }

    /** Whether {@code endpoint}'s {@code fd} named the socket of {@code inode} in a span begun by {@code seq}. */
    private boolean namedBefore(String endpoint, int fd, long inode, long seq) {
        for (Span span : spans.getOrDefault(key(endpoint, fd), List.of()))
            if (span.from <= seq && Long.valueOf(inode).equals(span.socket.inode)) return true;
        return false;
    }

    /**
     * By number, the socket each of {@code endpoint}'s numbers last named by {@code seq}, open or closed since (a
     * segment captured late is still its connection's, as a kernel event keeps its old number).
     */
    public List<Socket> lastNamedBy(String endpoint, long seq) {
        String prefix = endpoint + "/";
        Map<Integer, Socket> named = new TreeMap<>();
        for (String key : spans.keySet()) {
            if (!key.startsWith(prefix)) continue;
            int fd = Integer.parseInt(key.substring(prefix.length()));
            Span s = last(endpoint, fd, seq);
            if (s != null) named.put(fd, s.socket);
        }
        return List.copyOf(named.values());
    }

    /**
     * The numbers {@code endpoint} holds after the last event appended, each with the socket it names, by number: what
     * it made, inherited, took from a thread of its process or named without the journal showing its making; not what
     * it closed or handed over, nothing once its process ended.
     */
    public SortedMap<Integer, Socket> heldNow(String endpoint) {
        return heldAt(endpoint, Long.MAX_VALUE);
    }

    /** The same at event {@code seq}: the numbers that named a socket then ({@link #socketAt}), by number. */
    public SortedMap<Integer, Socket> heldAt(String endpoint, long seq) {
        SortedMap<Integer, Socket> held = new TreeMap<>();
        for (int fd : numbersOf.getOrDefault(endpoint, Collections.emptySortedSet())) {
            Socket s = socketAt(endpoint, fd, seq);
            if (s != null) held.put(fd, s);
        }
        return held;
    }

    /**
     * The endpoints whose numbers still name the socket numbered {@code socket} ({@link Socket#number}, the same in a
     * {@link #copy}) just after event {@code seq}, in the order they took it.
     */
    public List<String> holdersAfter(long socket, long seq) {
        List<String> holders = new ArrayList<>();
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            String key = e.getKey();
            String endpoint = key.substring(0, key.lastIndexOf('/'));
            Span s = last(endpoint, Integer.parseInt(key.substring(key.lastIndexOf('/') + 1)), seq);
            if (s != null && s.socket.number == socket && s.to > seq && !holders.contains(endpoint))
                holders.add(endpoint);
        }
        return holders;
    }

    /** One endpoint's number naming a socket. */
    public record Holder(String endpoint, int fd) {
    }

    /**
     * By socket ({@link Socket#number}), every endpoint's number that names it after the last event appended, in the
     * order they took it: one, or each process a fork() shared it with (the child's inherited fd 4 beside its
     * parent's). A socket no number names now has none.
     */
    public Map<Long, List<Holder>> holdersNow() {
        Map<Long, List<Holder>> holders = new HashMap<>();
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            Span s = e.getValue().getLast();
            if (!s.open()) continue;
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            holders.computeIfAbsent(s.socket.number, n -> new ArrayList<>(1))
                    .add(new Holder(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1))));
        }
        return holders;
    }

    /** Whether a call named the socket with this inode. */
    public boolean namedByCall(long inode) {
        return namedByCalls.contains(inode);
    }

    /**
     * Whether {@code e}, a state or queue event, is about a socket the events appended do not have: one no call named,
     * while their calls name that endpoint's sockets at that number (or, from a session's start, anywhere). A socket
     * closed before them (the previous session's listener seen CLOSED, an old connection leaving TIME_WAIT) whose
     * number a socket of theirs took: drawn, it would read as the new socket's.
     */
    public boolean foreign(Event e) {
        Long inode;
        int fd;
        switch (e.payload()) {
            case Payload.State s -> {
                inode = s.inode();
                fd = s.fd();
            }
            case Payload.Queue q -> {
                inode = q.inode();
                fd = q.fd();
            }
            default -> {
                return false;
            }
        }
        if (inode == null || namedByCall(inode)) return false;
        // From a session's start, an endpoint that has not acted in it is a gone process of an earlier one (a forked
        // child's connection leaving TIME_WAIT after the reset): none of this session's sockets is its.
        if (sessionStart && (naming.contains(e.endpoint()) || !acting.contains(e.endpoint()))) return true;
        return namedAt.contains(key(e.endpoint(), fd));
    }
}
