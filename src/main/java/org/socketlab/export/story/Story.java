package org.socketlab.export.story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.export.ListeningSockets;
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
        return beat instanceof Beat.Call c && c.moment() != Beat.Moment.RETURN;
    }

    /** The lifeline's column, or -1 when the story has no such lifeline. */
    public int column(String endpoint, Lifeline.Role role) {
        return lifelines.indexOf(new Lifeline(endpoint, role));
    }

    // ---- building ----

    /** A moment being placed: its sort key is (time, before/at/after, journal seq, entry before return). */
    private static final class Item {
        final Event event;
        long time;
        int sub;
        Beat.Moment moment;
        /** For a state: the earliest it can have happened (exclusive); null when unknown. */
        Long since;
        /** For a state: the connection of its socket, as far as the journal tells it; null when unknown. */
        Conn conn;
        /**
         * For a state no segment explains: the socket's own call that made it, since its previous reading: the close()
         * before it is seen CLOSED, the accept() or socketpair() that gave a socket first seen connected. Else null.
         */
        Item closedBy;

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
            .thenComparingInt(i -> i.sub)
            .thenComparingLong(i -> i.event.seq()).thenComparingInt(i -> i.moment == Beat.Moment.ENTRY ? 0 : 1);

    /** The story of a whole journal (events in journal order). */
    public static Story of(List<Event> events) {
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
        Set<Long> listenerQueues = new java.util.HashSet<>();
        boolean capturing = false;
        int twins = 0;
        Payload.Capture firstStatus = null;
        boolean anyCaptured = false;
        for (Event e : events) {
            if (listeners.isListenerQueue(e)) listenerQueues.add(e.seq());
            switch (e.payload()) {
                case Payload.Capture c -> {
                    capturing = Payload.Capture.STARTED.equals(c.status());
                    if (firstStatus == null && !Payload.Capture.STOPPED.equals(c.status())) firstStatus = c;
                    items.add(new Item(e, e.atNs()));
                }
                case Payload.Segment s when s.captured() -> {
                    anyCaptured = true;
                    learnLocal(conns, s);
                    items.add(new Item(e, s.wireNs() != null ? s.wireNs() : e.atNs()));
                }
                case Payload.Segment s -> {
                    if (capturing) { // a twin: the capture shows this segment itself
                        twins++;
                        continue;
                    }
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
                    if (c.call().equals("accept") || c.call().equals("socketpair"))
                        for (int made : c.madeFds()) lastMade.put(key(e.endpoint(), made), ret);
                    lastReturn.put(e.endpoint(), ret);
                    lastCallSeq.put(e.endpoint(), e.seq());
                    for (int made : c.madeFds()) since.put(key(e.endpoint(), made), e.atNs()); // a new socket: nothing before it is its
                    learnConnection(conns, e.endpoint(), c);
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
                    Item cause = s.to().equals("CLOSED")
                            ? lastClose.get(fdKey)
                            : s.from().equals("CLOSED") ? lastMade.get(fdKey) : null;
                    if (cause != null && cause.event.atNs() <= e.atNs()
                            && (item.since == null || cause.event.atNs() >= item.since))
                        item.closedBy = cause;
                    if ("unix_diag".equals(s.source())) item.since = null; // AF_UNIX puts nothing on a wire to place it at
                    items.add(item);
                }
                default -> items.add(new Item(e, e.atNs()));
            }
        }
        Causes.place(items.stream().filter(i -> i.event.payload() instanceof Payload.State).toList(),
                items.stream()
                        .filter(i -> i.event.payload() instanceof Payload.Segment s && s.captured()
                                && s.wireNs() != null
                                && s.proto().equals("tcp"))
                        .sorted(ORDER).toList());
        items.sort(ORDER);
        mergeQuietCalls(items);

        List<Beat> beats = new ArrayList<>(items.size());
        Map<String, Long> isn = new HashMap<>();
        for (Item i : items) beats.add(beat(i, isn, listenerQueues));
        Wire wire = firstStatus != null && Payload.Capture.STARTED.equals(firstStatus.status())
                || firstStatus == null && anyCaptured
                        ? new Wire(Wire.Kind.CAPTURED, firstStatus == null ? null : firstStatus.reason())
                        : firstStatus != null && Payload.Capture.UNAVAILABLE.equals(firstStatus.status())
                                ? new Wire(Wire.Kind.UNAVAILABLE, firstStatus.reason())
                                : new Wire(Wire.Kind.DEDUCED, null);
        return new Story(lifelines(beats), beats, bars(beats), wire, twins);
    }

    /** What a call tells of its socket's connection: a new socket starts with none known. */
    private static void learnConnection(Map<String, Conn> conns, String endpoint, Payload.Call c) {
        for (int made : c.madeFds()) conns.put(key(endpoint, made), new Conn());
        if (c.call().equals("accept") && !c.failed())
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

    private static boolean isWildcard(String address) {
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

    private static Beat beat(Item i, Map<String, Long> isn, Set<Long> listenerQueues) {
        Event e = i.event;
        return switch (e.payload()) {
            case Payload.Call c -> new Beat.Call(e, c, i.moment, i.time);
            case Payload.Blocked b -> new Beat.Blocked(e, b, i.time);
            case Payload.Cancelled c -> new Beat.Cancelled(e, c, i.time);
            case Payload.State s -> new Beat.State(e, s, i.time);
            case Payload.Queue q -> new Beat.Queue(e, q, listenerQueues.contains(e.seq()), i.time);
            case Payload.Segment s -> {
                if (!s.captured() || s.seqNo() == null) yield new Beat.Segment(e, s, null, null, i.time);
                String dir = s.from() + ">" + s.to(), back = s.to() + ">" + s.from();
                if (s.flags().contains("SYN") || !isn.containsKey(dir)) isn.put(dir, s.seqNo());
                Long relSeq = s.seqNo() - isn.get(dir);
                Long relAck = s.ackNo() == null ? null : isn.containsKey(back) ? s.ackNo() - isn.get(back) : s.ackNo();
                yield new Beat.Segment(e, s, relSeq, relAck, i.time, retell(s, dir, isn.get(back), isn));
            }
            case Payload.Note n -> new Beat.Note(e, n, i.time);
            case Payload.Capture c -> new Beat.Capture(e, c, i.time);
        };
    }

    /**
     * What a captured TCP segment is besides itself (see {@link Beat.Retold}); {@code isn} also keeps, under keys of
     * its own, when each segment with data, SYN or FIN first left, and each side's last acknowledgement number.
     */
    private static Beat.Retold retell(Payload.Segment s, String dir, Long peerIsn, Map<String, Long> isn) {
        if (!"tcp".equals(s.proto()) || s.wireNs() == null) return Beat.Retold.NOTHING;
        boolean syn = s.flags().contains("SYN"), fin = s.flags().contains("FIN");
        Long sentAgainAfter = null;
        if (s.len() > 0 || syn || fin) {
            String first = "sent " + dir + " " + s.seqNo() + " " + s.len() + (syn ? " S" : "") + (fin ? " F" : "");
            Long firstNs = isn.putIfAbsent(first, s.wireNs());
            if (firstNs != null) sentAgainAfter = s.wireNs() - firstNs;
        }
        String acked = "ack " + dir, sentEnd = "end " + dir;
        isn.merge(sentEnd, s.seqNo() + s.len() + (syn || fin ? 1 : 0), Math::max);
        Long previousAck = s.ackNo() == null ? null : isn.put(acked, s.ackNo());
        // A duplicate ACK acknowledges again what it did before while the peer has sent more (a keepalive's answer
        // acknowledges again too, but nothing is outstanding then).
        Long peerEnd = isn.get("end " + s.to() + ">" + s.from());
        boolean duplicate = s.len() == 0 && s.flags().equals(List.of("ACK")) && s.ackNo() != null
                && s.ackNo().equals(previousAck) && peerEnd != null && peerEnd > s.ackNo();
        List<String> sack = new ArrayList<>();
        for (long[] block : sackBlocks(s.packet()))
            sack.add(peerIsn == null ? block[0] + "-" + block[1] : (block[0] - peerIsn) + "-" + (block[1] - peerIsn));
        return sentAgainAfter == null && !duplicate && sack.isEmpty()
                ? Beat.Retold.NOTHING
                : new Beat.Retold(sentAgainAfter, duplicate, sack);
    }

    /** The SACK blocks among a captured TCP segment's options (RFC 2018: kind 5), as left and right edges. */
    static List<long[]> sackBlocks(byte[] ip) {
        List<long[]> blocks = new ArrayList<>();
        if (ip == null || ip.length < 20) return blocks;
        int tcpAt = (ip[0] >> 4 & 0xf) == 6 ? 40 : (ip[0] & 0xf) * 4;
        if (ip.length < tcpAt + 20) return blocks;
        int end = Math.min(ip.length, tcpAt + ((ip[tcpAt + 12] & 0xff) >> 4) * 4);
        for (int at = tcpAt + 20; at < end;) {
            int kind = ip[at] & 0xff;
            if (kind == 0) break;
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= end) break;
            int len = ip[at + 1] & 0xff;
            if (len < 2 || at + len > end) break;
            if (kind == 5)
                for (int b = at + 2; b + 8 <= at + len; b += 8)
                    blocks.add(new long[]{u32(ip, b), u32(ip, b + 4)});
            at += len;
        }
        return blocks;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
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

    // ---- state changes placed at the segment that made them ----

    /** RFC 9293's segment-driven transitions, matched against the captured segments of the interval a change was seen in. */
    private static final class Causes {
        private Causes() {
        }

        static void place(List<Item> states, List<Item> wire) {
            for (Item state : states) {
                if (state.since == null) {
                    closedByItsCall(state);
                    continue;
                }
                Payload.State s = (Payload.State) state.event.payload();
                String me = state.event.endpoint();
                // A listener changes state only by its own calls (listen, close): no segment is its cause.
                if (s.from().equals("LISTEN") || s.to().equals("LISTEN")
                        || state.conn != null && state.conn.listener) {
                    closedByItsCall(state);
                    continue;
                }
                List<Item> window = new ArrayList<>();
                for (int i = firstAfter(wire, state.since); i < wire.size()
                        && wire.get(i).time <= state.event.atNs(); i++)
                    if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn)) window.add(wire.get(i));
                Placement p = placement(s.from(), s.to(), me, window);
                if (p == null && state.conn != null && state.conn.peer != null
                        && (s.from().equals("FIN_WAIT_1") || s.from().equals("LAST_ACK"))) {
                    // The ACK of its FIN may have come before the reading that still saw FIN_WAIT_1 (or LAST_ACK):
                    // on loopback it follows the FIN within microseconds. Look for it on this connection's whole wire.
                    List<Item> all = new ArrayList<>();
                    for (int i = 0; i < wire.size() && wire.get(i).time <= state.event.atNs(); i++)
                        if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn))
                            all.add(wire.get(i));
                    p = firstAfter(all, w -> sent(w, me) && has(w, "FIN"),
                            w -> received(w, me) && has(w, "ACK") && !has(w, "FIN") && !has(w, "RST"));
                }
                if (p == null) {
                    closedByItsCall(state);
                    continue;
                }
                state.time = p.segment.time;
                state.sub = p.after ? 1 : -1;
            }
        }

        /**
         * A socket seen CLOSED after its own close() with no segment to place it at (a listener, a datagram socket, a
         * socket never connected) was closed by that call: told just after it, not where a later reading saw it.
         */
        private static void closedByItsCall(Item state) {
            if (state.closedBy == null) return;
            state.time = state.closedBy.time;
            state.sub = 1;
        }

        /** The index of the first segment later than {@code time} (the wire is in time order). */
        private static int firstAfter(List<Item> wire, long time) {
            int lo = 0, hi = wire.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (wire.get(mid).time <= time) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        private record Placement(Item segment, boolean after) {
        }

        private static Placement placement(String from, String to, String me, List<Item> window) {
            return switch (to) {
                case "SYN_SENT" -> first(window, w -> sent(w, me) && has(w, "SYN") && !has(w, "ACK"), false);
                case "SYN_RECEIVED" -> first(window, w -> received(w, me) && has(w, "SYN") && !has(w, "ACK"), true);
                case "ESTABLISHED" -> {
                    Placement synAck = first(window, w -> received(w, me) && has(w, "SYN") && has(w, "ACK"), true);
                    yield synAck != null
                            ? synAck
                            : firstAfter(window, w -> sent(w, me) && has(w, "SYN") && has(w, "ACK"),
                                    w -> received(w, me) && has(w, "ACK") && !has(w, "SYN"));
                }
                case "FIN_WAIT_1", "LAST_ACK" -> first(window, w -> sent(w, me) && has(w, "FIN"), false);
                case "CLOSE_WAIT", "CLOSING" -> first(window, w -> received(w, me) && has(w, "FIN"), true);
                case "FIN_WAIT_2" -> {
                    Placement acked = firstAfter(window, w -> sent(w, me) && has(w, "FIN"),
                            w -> received(w, me) && has(w, "ACK") && !has(w, "FIN"));
                    // Seen in FIN_WAIT_1 before: its FIN left earlier, and the ACK of it is the cause.
                    yield acked != null || !from.equals("FIN_WAIT_1")
                            ? acked
                            : first(window, w -> received(w, me) && has(w, "ACK") && !has(w, "FIN"), true);
                }
                case "TIME_WAIT" -> last(window, w -> received(w, me) && has(w, "FIN"));
                case "CLOSED" -> {
                    Placement rst = first(window, w -> has(w, "RST"), true);
                    if (rst != null || !(from.equals("LAST_ACK") || from.equals("CLOSE_WAIT"))) yield rst;
                    Placement acked = firstAfter(window, w -> sent(w, me) && has(w, "FIN"),
                            w -> received(w, me) && has(w, "ACK"));
                    // Seen in LAST_ACK before: its FIN left earlier, and the ACK of it is the cause.
                    yield acked != null || !from.equals("LAST_ACK")
                            ? acked
                            : first(window, w -> received(w, me) && has(w, "ACK"), true);
                }
                default -> null;
            };
        }

        private static Placement first(List<Item> window, java.util.function.Predicate<Item> test, boolean after) {
            for (Item w : window) if (test.test(w)) return new Placement(w, after);
            return null;
        }

        private static Placement last(List<Item> window, java.util.function.Predicate<Item> test) {
            for (int i = window.size() - 1; i >= 0; i--)
                if (test.test(window.get(i))) return new Placement(window.get(i), true);
            return null;
        }

        /** The first segment matching {@code then} after one matching {@code first}; placed after it. */
        private static Placement firstAfter(List<Item> window, java.util.function.Predicate<Item> first,
                java.util.function.Predicate<Item> then) {
            boolean seen = false;
            for (Item w : window) {
                if (seen && then.test(w)) return new Placement(w, true);
                if (first.test(w)) seen = true;
            }
            return null;
        }

        private static Payload.Segment seg(Item w) {
            return (Payload.Segment) w.event.payload();
        }

        /**
         * Whether the segment belongs to the socket's connection: between its address (when known) and its peer. A
         * segment without addresses (an older journal), or a socket whose peer the journal never told, is matched by
         * the endpoint alone.
         */
        private static boolean ofConnection(Item w, String me, Conn conn) {
            Payload.Segment s = seg(w);
            if (conn == null || conn.peer == null || s.src() == null || s.dst() == null) return true;
            String mine = sent(w, me) ? s.src() : s.dst(), theirs = sent(w, me) ? s.dst() : s.src();
            if (!theirs.equals(conn.peer)) return false;
            return conn.local == null || isWildcard(conn.local) || mine.equals(conn.local);
        }

        private static boolean involves(Item w, String endpoint) {
            return sent(w, endpoint) || received(w, endpoint);
        }

        private static boolean sent(Item w, String endpoint) {
            return seg(w).from().equals(endpoint);
        }

        private static boolean received(Item w, String endpoint) {
            return seg(w).to().equals(endpoint);
        }

        private static boolean has(Item w, String flag) {
            return seg(w).flags().contains(flag);
        }
    }
}
