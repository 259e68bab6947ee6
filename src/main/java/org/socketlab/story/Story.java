package org.socketlab.story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * A journal as the story every view paints (the window's diagram and journal pane, the SVG, the transcript): the
 * moments in causal order, the lifelines, the blocked bars, the relative sequence numbers. Decided here once, so
 * that the views cannot tell different stories.
 *
 * <p><b>Order.</b> Moments are ordered by when they happened on the journal's monotonic clock, not by when they
 * were journaled (the capture delivers a call's segments after the call is journaled, and the kernel observer reads
 * states after the call returned):
 * <ul>
 * <li>a call has two moments: it enters the kernel ({@code entered_ns}) and returns (the event's time); when
 *     anything happened in between they are two beats ({@link Beat.Moment#ENTRY}, {@link Beat.Moment#RETURN}),
 *     else one ({@link Beat.Moment#WHOLE}). A call that waited starts at its {@code blocked} beat;</li>
 * <li>a captured segment happened when it crossed the wire ({@code wire_ns}, the capture's stamp);</li>
 * <li>a TCP state change happened between the previous reading of that socket and the reading that saw it. The
 *     kernel changes TCP state only on a call or on a segment (RFC 9293, section 3.3.2), so when a captured segment
 *     that makes exactly this transition lies in that interval (the SYN-ACK that makes a connecting socket
 *     ESTABLISHED, the FIN that makes its peer CLOSE_WAIT, the FIN a closing socket sends from FIN_WAIT_1), the
 *     change is placed at that segment: just after a segment it received, just before one it sent. Otherwise it
 *     stays where it was seen;</li>
 * <li>an inferred segment (no capture) is a deduction from the call journaled just before it, so it is placed
 *     inside that call, before its return (after it when the call's entry was not recorded);</li>
 * <li>everything else (queues, narration, capture status) where it was journaled.</li>
 * </ul>
 * <p><b>Twins.</b> While the wire is captured the lab still journals what it deduced; those inferred segments are
 * twins of captured ones and are not moments of the story (they stay in the JSONL, where the capture status around
 * them marks them).
 */
public record Story(List<Lifeline> lifelines, List<Beat> beats, List<Bar> bars, Wire wire, int hiddenTwins) {

    /** How the segments of the story were known, for a heading. */
    public record Wire(Kind kind, String reason) {
        public enum Kind {
            /** Seen on the wire. */
            CAPTURED,
            /** Capture was asked for and not available: deduced, with the reason. */
            UNAVAILABLE,
            /** Deduced; the journal says nothing of capture. */
            DEDUCED
        }
    }

    public Story {
        lifelines = List.copyOf(lifelines);
        beats = List.copyOf(beats);
        bars = List.copyOf(bars);
    }

    /** Whether {@code beat} is a call's entry or a whole call: where its program's arrow goes into the kernel. */
    public static boolean entersKernel(Beat beat) {
        return beat instanceof Beat.Call c && c.moment() != Beat.Moment.RETURN && !inLibrary(c.call());
    }

    /**
     * A C library function the lab's endpoint called ({@code getaddrinfo}): not a system call, so no arrow goes into
     * the kernel and none comes back; glibc's own system calls under it are strace's to show.
     */
    public static boolean inLibrary(Payload.Call call) {
        return call.call().equals(LibraryCalls.GETADDRINFO);
    }

    /** The lifeline's column, or -1 when the story has no such lifeline. */
    public int column(String endpoint, Lifeline.Role role) {
        return lifelines.indexOf(new Lifeline(endpoint, role));
    }

    // ---- building ----

    /** A moment being placed: its sort key is (time, before/at/after, journal seq, entry before return). */
    static final class Item {
        final Event event;
        long time;
        int sub;
        Beat.Moment moment;
        /** For a state: the earliest it can have happened (exclusive); null when unknown. */
        Long since;
        /** For a state or a call: the connection of its socket, as far as the journal tells it; null when unknown. */
        Conn conn;
        /**
         * For a state no segment explains: the socket's own call that made it, since its previous reading: the close()
         * before it is seen CLOSED, the accept() or socketpair() that gave a socket first seen connected. Else null.
         */
        Item closedBy;
        /** For a state: its socket was made by accept() (its connection is older than its descriptor). */
        boolean madeByAccept;
        /** For a state: the states it passed since its previous reading, deduced ({@link Causes}); null when none. */
        List<String> via;
        /** For a state: {@link #via} was passed in the listener's queue, before accept() returned the socket. */
        boolean inQueue;
        /** For a state: the segment that made the last step of its way there, when the way is known. */
        Item walkEnd;
        /** A deduced state (never read from the kernel): what it was, and the segment that made it. Null otherwise. */
        Payload.State deduced;
        Item deducedBy;
        /** Orders moments of the same time and sub: a deduced state just before a segment it sent (-1), after one it got. */
        int tie;

        Item(Event event, long time) {
            this.event = event;
            this.time = time;
        }
    }

    /**
     * The addresses of one socket's connection, as the journal tells them: its peer from connect() or accept(), its
     * own address from bind() or getsockname(), or from the first SYN it sent (a port the kernel picked). A state change
     * is placed only at a segment of this connection.
     */
    static final class Conn {
        String local, peer;
        boolean listener;
    }

    /** An address as the wire writes it: an IPv4-mapped IPv6 address ({@code [::ffff:127.0.0.1]:80}) as IPv4. */
    static String wireAddress(String address) {
        if (address == null) return null;
        if (address.startsWith("[::ffff:") && address.contains("]:") && address.indexOf('.') > 0)
            return address.substring("[::ffff:".length(), address.indexOf("]:"))
                    + address.substring(address.indexOf("]:") + 1);
        return address;
    }

    private static final Comparator<Item> ORDER = Comparator.<Item>comparingLong(i -> i.time)
            .thenComparingInt(i -> i.sub).thenComparingInt(i -> i.tie)
            .thenComparingLong(i -> i.event.seq()).thenComparingInt(i -> i.moment == Beat.Moment.ENTRY ? 0 : 1);

    /** The story of a whole journal (events in journal order). */
    public static Story of(List<Event> events) {
        return of(events, new Twins());
    }

    /**
     * The story of the newest events of a journal, {@code twins} knowing whether the wire was captured when they
     * start (the window tells only the newest events; the capture's start may be older).
     */
    public static Story of(List<Event> events, Twins twins) {
        return of(events, twins, new SequenceOrigins());
    }

    /**
     * The same, {@code origins} also knowing each direction's initial sequence number from the older events, so the
     * numbers told stay those the whole journal's story tells.
     */
    public static Story of(List<Event> events, Twins twins, SequenceOrigins origins) {
        return of(events, twins, origins, new SocketIds());
    }

    /**
     * The same, {@code sockets} knowing the sockets the calls before the events named (and whether the events start a
     * session): a kernel event about a socket the events do not have is not told ({@link SocketIds#foreign}).
     */
    public static Story of(List<Event> events, Twins twins, SequenceOrigins origins, SocketIds sockets) {
        SocketIds ids = sockets.with(events);
        List<Item> items = new ArrayList<>();
        Map<String, Item> waiting = new HashMap<>();
        Map<String, Item> lastReturn = new HashMap<>();
        Map<String, Long> lastCallSeq = new HashMap<>();
        Map<String, Long> since = new HashMap<>();
        ListeningSockets listeners = new ListeningSockets();
        Map<String, Conn> conns = new HashMap<>(); // by endpoint/fd, while the fd is that socket
        Map<Long, Conn> connsByInode = new HashMap<>();
        Map<String, Item> lastClose = new HashMap<>(); // endpoint/fd to its last close() call
        Map<String, Item> lastMade = new HashMap<>(); // endpoint/fd to the accept() or socketpair() that made it
        Map<String, Item> lastListen = new HashMap<>(); // endpoint/fd to its listen() call
        Map<String, List<Item>> awaitingCause = new HashMap<>(); // endpoint/fd to readings whose call comes later
        Map<String, Item> lastDeath = new HashMap<>(); // endpoint to the kill sent to its process, or its end
        Set<Long> listenerQueues = new HashSet<>();
        int hidden = 0;
        Payload.Capture firstStatus = null;
        boolean anyCaptured = false;
        for (Event e : events) {
            if (ids.foreign(e)) continue; // another socket's, closed before these events: its fd number is now another's
            if (listeners.isListenerQueue(e)) listenerQueues.add(e.seq());
            if (twins.hides(e)) { // a twin: the capture shows this segment itself
                hidden++;
                continue;
            }
            switch (e.payload()) {
                case Payload.Capture c -> {
                    if (firstStatus == null && !Payload.Capture.STOPPED.equals(c.status())) firstStatus = c;
                    items.add(new Item(e, e.atNs()));
                }
                case Payload.Segment s when s.captured() -> {
                    anyCaptured = true;
                    learnLocal(conns, s);
                    items.add(new Item(e, s.wireNs() != null ? s.wireNs() : e.atNs()));
                }
                case Payload.Segment s -> {
                    // Deduced from the call just journaled by one of its two ends: drawn inside that call.
                    Item item = new Item(e, e.atNs());
                    Item call = newer(lastReturn.get(s.from()), lastReturn.get(s.to()), lastCallSeq, s.from(), s.to());
                    // Only a call whose entry is known can hold it; else it follows the call, as journaled.
                    if (call != null && call.moment == Beat.Moment.RETURN) {
                        item.time = call.time;
                        item.sub = -1;
                    }
                    items.add(item);
                }
                case Payload.Blocked b -> {
                    Item item = new Item(e, e.atNs());
                    waiting.put(e.endpoint(), item);
                    items.add(item);
                }
                case Payload.Cancelled c -> {
                    waiting.remove(e.endpoint());
                    items.add(new Item(e, e.atNs()));
                }
                case Payload.Call c -> {
                    Item ret = new Item(e, e.atNs());
                    // The call that was waiting returns (a reset's shutdown, journaled meanwhile, is a call of its own).
                    Item blocked = waiting.get(e.endpoint());
                    if (blocked != null && blocked.event.payload() instanceof Payload.Blocked b
                            && b.call().equals(c.call())) {
                        waiting.remove(e.endpoint());
                        if (c.entryKnown()) blocked.time = Math.min(blocked.time, c.enteredNs());
                        ret.moment = Beat.Moment.RETURN;
                    } else if (c.entryKnown() && c.enteredNs() <= e.atNs()) {
                        Item entry = new Item(e, c.enteredNs());
                        entry.moment = Beat.Moment.ENTRY;
                        items.add(entry);
                        ret.moment = Beat.Moment.RETURN;
                    } else {
                        ret.moment = Beat.Moment.WHOLE;
                    }
                    items.add(ret);
                    if (c.call().equals("close") && c.fd() != null) lastClose.put(key(e.endpoint(), c.fd()), ret);
                    if (accepts(c) || c.call().equals("socketpair"))
                        for (int made : c.madeFds()) lastMade.put(key(e.endpoint(), made), ret);
                    if (c.call().equals("listen") && c.fd() != null && !c.failed())
                        lastListen.put(key(e.endpoint(), c.fd()), ret);
                    if (c.fd() != null && (c.call().equals("listen") || c.call().equals("close")))
                        for (Item read : awaitingCause.getOrDefault(key(e.endpoint(), c.fd()), List.of()))
                            if (read.closedBy == null && read.event.payload() instanceof Payload.State rs
                                    && rs.to().equals(c.call().equals("close") ? "CLOSED" : "LISTEN")
                                    && causes(ret, read))
                                read.closedBy = ret;
                    for (int made : c.madeFds()) awaitingCause.remove(key(e.endpoint(), made)); // another socket now
                    lastReturn.put(e.endpoint(), ret);
                    lastCallSeq.put(e.endpoint(), e.seq());
                    for (int made : c.madeFds()) since.put(key(e.endpoint(), made), e.atNs()); // a new socket: nothing before it is its
                    learnConnection(conns, connsByInode, e.endpoint(), c);
                    if (c.fd() != null) ret.conn = conns.get(key(e.endpoint(), c.fd())); // for CallEffects
                }
                case Payload.Process p -> {
                    Item item = new Item(e, e.atNs());
                    items.add(item);
                    // A process's death closes every socket it had (the kernel closes its descriptors): the signal
                    // SocketLab sent it, or its end (a SIGPIPE's kill is journaled only when it is reaped, after the
                    // readings that saw its sockets CLOSED), is the cause of the CLOSED its close() never made.
                    if (p.endingSignal() || Payload.Process.EXITED.equals(p.event())) {
                        lastDeath.put(e.endpoint(), item);
                        String mine = e.endpoint() + "/";
                        for (var awaiting : awaitingCause.entrySet())
                            if (awaiting.getKey().startsWith(mine))
                                for (Item read : awaiting.getValue())
                                    if (read.closedBy == null && read.event.payload() instanceof Payload.State rs
                                            && rs.to().equals("CLOSED") && (read.since == null
                                                    || item.event.atNs() >= read.since))
                                        read.closedBy = item;
                    }
                }
                case Payload.State s -> {
                    // The previous reading of this socket: by its inode when the journal has it (an fd number is
                    // reused at once), else by endpoint and fd since the call that made the fd.
                    Item item = new Item(e, e.atNs());
                    String fdKey = key(e.endpoint(), s.fd()),
                            inodeKey = s.inode() == null ? null : "inode/" + s.inode();
                    item.since = inodeKey != null && since.containsKey(inodeKey)
                            ? since.get(inodeKey)
                            : since.get(fdKey);
                    if (inodeKey != null) since.put(inodeKey, e.atNs());
                    else since.put(fdKey, e.atNs());
                    // The socket's connection: by inode once seen (the fd may be reused), else the fd's current one.
                    Conn conn = s.inode() == null ? null : connsByInode.get(s.inode());
                    if (conn == null) {
                        conn = conns.get(fdKey);
                        if (conn != null && s.inode() != null) connsByInode.put(s.inode(), conn);
                    }
                    if (conn != null && (s.to().equals("LISTEN") || s.from().equals("LISTEN"))) conn.listener = true;
                    item.conn = conn;
                    // The socket's own call that made this state: close() makes it CLOSED, listen() LISTEN, and the
                    // accept() or socketpair() that made it hands it connected (ESTABLISHED, or CLOSE_WAIT when the
                    // peer closed in the queue). A state that needs a FIN of its own (FIN_WAIT_*, CLOSING, TIME_WAIT,
                    // LAST_ACK) first seen from CLOSED is not its making call's: it stays where segments or the
                    // reading place it, never right below accept4().
                    Item cause = s.to().equals("CLOSED")
                            ? lastClose.get(fdKey)
                            : s.to().equals("LISTEN")
                                    ? lastListen.get(fdKey)
                                    : s.from().equals("CLOSED")
                                            && (s.to().equals("ESTABLISHED") || s.to().equals("CLOSE_WAIT"))
                                                    ? lastMade.get(fdKey)
                                                    : null;
                    // Made when the call entered: a kernel reading may come before strace's (or the lab's) stamped
                    // return, and the state is still that call's.
                    if (cause != null && causes(cause, item)) item.closedBy = cause;
                    Item death = lastDeath.get(e.endpoint());
                    if (item.closedBy == null && s.to().equals("CLOSED") && death != null && causes(death, item))
                        item.closedBy = death;
                    // A traced program's sockets are read from /proc ahead of strace's record: the listen() or close()
                    // that made what was read may be journaled after the reading. It is its cause all the same.
                    if (item.closedBy == null && (s.to().equals("CLOSED") || s.to().equals("LISTEN")))
                        awaitingCause.computeIfAbsent(fdKey, k -> new ArrayList<>()).add(item);
                    Item made = lastMade.get(fdKey);
                    item.madeByAccept = made != null && made.event.payload() instanceof Payload.Call mc
                            && accepts(mc) && made.event.atNs() <= e.atNs()
                            && (item.since == null || made.event.atNs() >= item.since);
                    if ("unix_diag".equals(s.source())) item.since = null; // AF_UNIX puts nothing on a wire to place it at
                    items.add(item);
                }
                default -> items.add(new Item(e, e.atNs()));
            }
        }
        List<Item> onTheWire = items.stream()
                .filter(i -> i.event.payload() instanceof Payload.Segment s && s.captured() && s.wireNs() != null
                        && s.proto().equals("tcp"))
                .sorted(ORDER).toList();
        List<Item> deducedWire = items.stream()
                .filter(i -> i.event.payload() instanceof Payload.Segment s && !s.captured() && s.proto().equals("tcp"))
                .sorted(ORDER).toList();
        CallEffects.place(items, onTheWire); // first: a state its call made is placed at the call's return as told
        List<Item> deduced = Causes.place(
                items.stream().filter(i -> i.event.payload() instanceof Payload.State).toList(), onTheWire,
                deducedWire);
        items.addAll(deduced);
        items.sort(ORDER);
        mergeQuietCalls(items);
        Set<Item> former = FormerDescriptors.of(items);
        Map<Item, Beat.SendQueue> sendQueues = SendQueues.of(items, former, listenerQueues);

        List<Beat> beats = new ArrayList<>(items.size());
        Map<String, Long> isn = origins.start();
        Set<Long> library = LibraryCalls.of(events);
        for (Item i : items) {
            Beat b = beat(i, isn, listenerQueues, former.contains(i), sendQueues.getOrDefault(i, Beat.SendQueue.BYTES));
            if (b instanceof Beat.Call c && library.contains(c.event().seq()))
                b = new Beat.Call(c.event(), c.call(), c.moment(), c.atNs(), true); // told inside getaddrinfo()
            beats.add(b);
        }
        beats = ExternalEnds.told(beats);
        Wire wire = firstStatus != null && Payload.Capture.STARTED.equals(firstStatus.status())
                || firstStatus == null && anyCaptured
                        ? new Wire(Wire.Kind.CAPTURED, firstStatus == null ? null : firstStatus.reason())
                        : firstStatus != null && Payload.Capture.UNAVAILABLE.equals(firstStatus.status())
                                ? new Wire(Wire.Kind.UNAVAILABLE, firstStatus.reason())
                                : new Wire(Wire.Kind.DEDUCED, null);
        return new Story(lifelines(beats), beats, bars(beats), wire, hidden);
    }

    /** What a call tells of its socket's connection: a new socket starts with none known. */
    private static void learnConnection(Map<String, Conn> conns, Map<Long, Conn> byInode, String endpoint,
            Payload.Call c) {
        for (int made : c.madeFds()) {
            Conn fresh = new Conn();
            conns.put(key(endpoint, made), fresh);
            Long inode = c.inodeOf(made);
            if (inode != null) byInode.put(inode, fresh); // the socket's own, whatever its fd later names
        }
        if (accepts(c) && !c.failed())
            conns.get(key(endpoint, (int) c.result())).peer = wireAddress(c.args().get("peer"));
        if (c.fd() == null) return;
        Conn conn = conns.computeIfAbsent(key(endpoint, c.fd()), k -> new Conn());
        switch (c.call()) {
            case "connect" -> {
                if (c.args().get("addr") != null) conn.peer = wireAddress(c.args().get("addr"));
            }
            case "bind", "getsockname" -> {
                if (!c.failed() && c.args().get("addr") != null) conn.local = wireAddress(c.args().get("addr"));
            }
            case "listen" -> conn.listener = !c.failed();
            default -> {
            }
        }
    }

    /** accept(), or accept4() as a traced program calls it (strace keeps the name the program called). */
    static boolean accepts(Payload.Call c) {
        return c.call().equals("accept") || c.call().equals("accept4");
    }

    /** Whether {@code call} can have made the state {@code read}: it began before the reading and after the one before. */
    private static boolean causes(Item call, Item read) {
        return madeAt(call) <= read.event.atNs() && (read.since == null || call.event.atNs() >= read.since);
    }

    /** When a call began to act: its entry when known, else its return. */
    private static long madeAt(Item call) {
        return call.event.payload() instanceof Payload.Call c && c.entryKnown()
                ? Math.min(c.enteredNs(), call.event.atNs())
                : call.event.atNs();
    }

    /** A SYN a socket sent to its peer tells its own address (a port the kernel picked when it connected). */
    private static void learnLocal(Map<String, Conn> conns, Payload.Segment s) {
        if (s.src() == null || s.dst() == null || !s.flags().contains("SYN") || s.flags().contains("ACK")) return;
        String prefix = s.from() + "/";
        for (Map.Entry<String, Conn> c : conns.entrySet())
            if (c.getKey().startsWith(prefix) && s.dst().equals(c.getValue().peer)
                    && (c.getValue().local == null
                            || !c.getValue().local.equals(s.src()) && isWildcard(c.getValue().local)))
                c.getValue().local = s.src();
    }

    static boolean isWildcard(String address) {
        return address.startsWith("0.0.0.0:") || address.startsWith("[::]:") || address.endsWith(":0");
    }

    /** The newer of two endpoints' last calls, by journal order. */
    private static Item newer(Item a, Item b, Map<String, Long> seqs, String ea, String eb) {
        if (a == null) return b;
        if (b == null) return a;
        return seqs.get(ea) >= seqs.get(eb) ? a : b;
    }

    /** An entry directly followed by its own return is one beat: nothing happened in between to show. */
    private static void mergeQuietCalls(List<Item> items) {
        List<Item> merged = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.moment == Beat.Moment.ENTRY && i + 1 < items.size() && items.get(i + 1).event == it.event) {
                Item ret = items.get(++i);
                ret.moment = Beat.Moment.WHOLE;
                merged.add(ret);
            } else {
                merged.add(it);
            }
        }
        items.clear();
        items.addAll(merged);
    }

    private static Beat beat(Item i, Map<String, Long> isn, Set<Long> listenerQueues, boolean former,
            Beat.SendQueue sendQueue) {
        Event e = i.event;
        if (i.deduced != null) {
            Payload.Segment by = (Payload.Segment) i.deducedBy.event.payload();
            boolean sent = by.from().equals(e.endpoint());
            return new Beat.State(e, i.deduced, i.time,
                    Beat.Passage.deduced(sent, by.flags(), by.captured(), former));
        }
        return switch (e.payload()) {
            case Payload.Call c -> new Beat.Call(e, c, i.moment, i.time);
            case Payload.Blocked b -> new Beat.Blocked(e, b, i.time);
            case Payload.Cancelled c -> new Beat.Cancelled(e, c, i.time);
            case Payload.State s -> new Beat.State(e, s, i.time,
                    new Beat.Passage(i.via == null ? List.of() : i.via, i.inQueue, null, former));
            case Payload.Queue q -> new Beat.Queue(e, q, listenerQueues.contains(e.seq()), i.time, sendQueue);
            case Payload.Segment s -> WireNumbers.segment(e, s, i.time, isn);
            case Payload.Note n -> new Beat.Note(e, n, i.time);
            case Payload.Capture c -> new Beat.Capture(e, c, i.time);
            case Payload.Process p -> new Beat.Process(e, p, i.time);
        };
    }

    /** Bars from a call's start of waiting to its return or cancellation; one worker per endpoint, so one open at most. */
    private static List<Bar> bars(List<Beat> beats) {
        List<Bar> bars = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        for (int index = 0; index < beats.size(); index++) {
            Beat b = beats.get(index);
            switch (b) {
                case Beat.Blocked w -> {
                    close(bars, open, b.endpoint(), null, index, Bar.Closing.CANCELLED); // a stale bar never stays open under a new one
                    open.put(b.endpoint(), bars.size());
                    bars.add(new Bar(b.endpoint(), w.blocked().call(), w.blocked().fd(), index, -1, Bar.Closing.OPEN));
                }
                case Beat.Call c when c.moment() != Beat.Moment.ENTRY ->
                    close(bars, open, b.endpoint(), c.call().call(), index, Bar.Closing.RETURNED);
                case Beat.Cancelled c -> close(bars, open, b.endpoint(), null, index, Bar.Closing.CANCELLED);
                default -> {
                }
            }
        }
        return bars;
    }

    private static void close(List<Bar> bars, Map<String, Integer> open, String endpoint, String call, int index,
            Bar.Closing how) {
        Integer i = open.get(endpoint);
        if (i == null) return;
        Bar bar = bars.get(i);
        if (call != null && !call.equals(bar.call())) return; // another call of the same endpoint cannot return first
        bars.set(i, new Bar(bar.endpoint(), bar.call(), bar.fd(), bar.openBeat(), index, how));
        open.remove(endpoint);
    }

    /**
     * Clients in the order they first appear, the newest on the far left; then {@code external}'s kernel (a kernel with
     * no program of ours); then the server's kernel and program on the right.
     */
    private static List<Lifeline> lifelines(List<Beat> beats) {
        Set<String> clients = new LinkedHashSet<>();
        clients.add("client");
        boolean external = false;
        for (Beat b : beats) {
            List<String> names = switch (b) {
                case Beat.Segment s -> List.of(s.segment().from(), s.segment().to());
                case Beat.Note n -> List.of();
                case Beat.Capture c -> List.of();
                default -> List.of(b.endpoint());
            };
            for (String n : names) {
                if (n.equals("external")) external = true;
                else if (!n.equals("server")) clients.add(n);
            }
        }
        // A traced program's journal (socketlab trace) draws the lab's client and server only when they took part.
        boolean traced = clients.stream().anyMatch(n -> n.equals("program") || n.startsWith("program-"));
        boolean serverSeen = beats.stream().anyMatch(b -> b.endpoint().equals("server")
                || b instanceof Beat.Segment s
                        && (s.segment().from().equals("server") || s.segment().to().equals("server")));
        boolean clientSeen = beats.stream().anyMatch(b -> b.endpoint().equals("client")
                || b instanceof Beat.Segment s
                        && (s.segment().from().equals("client") || s.segment().to().equals("client")));
        if (traced && !clientSeen) clients.remove("client");
        List<String> order = new ArrayList<>(clients);
        List<Lifeline> l = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            l.add(new Lifeline(order.get(i), Lifeline.Role.PROGRAM));
            l.add(new Lifeline(order.get(i), Lifeline.Role.KERNEL));
        }
        if (external) l.add(new Lifeline("external", Lifeline.Role.KERNEL));
        if (traced && !serverSeen) return l;
        l.add(new Lifeline("server", Lifeline.Role.KERNEL));
        l.add(new Lifeline("server", Lifeline.Role.PROGRAM));
        return l;
    }

    static String key(String endpoint, int fd) {
        return endpoint + "/" + fd;
    }
}
