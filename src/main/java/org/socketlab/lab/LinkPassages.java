package org.socketlab.lab;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.SecondHost;
import org.socketlab.capture.WireFate;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.syscall.SockAddr;

/**
 * Puts SocketLab's wire's own word on each captured packet that crossed it between the lab's two hosts (issue 55): what
 * the wire did with it ({@link Payload.Passage}: delivered after how long, reordered, duplicated, lost), matched by
 * what the capture also sees of the packet (direction, protocol, ports, IP id, sequence number, payload length).
 *
 * <p>The lab captures the client's host. A packet from the server is captured as it arrives, long after the wire said
 * what it does with it: its departure is the wire's, its arrival the capture's. A packet to the server is captured as it
 * leaves, and the wire says at once what it plans (when it is due) and later when it really sent it on (the line that
 * says it arrived): its arrival is that later line's, never the plan (a busy computer wakes the wire late: 90 ms at
 * load 10 on two cores, issue 76). So each captured link packet waits here, in capture order, until the wire's first
 * word on it has come (at most {@value #WAIT_MS} ms; then it goes on without one), and everything captured after it
 * waits behind it: the capture's markers keep telling how far the journal has come. A packet to the server then goes on
 * at once, as a {@link Crossing} that settles when the wire says it arrived (or lost it), at most
 * {@value #ARRIVAL_MARGIN_MS} ms after it was due: nothing captured after it waits for its crossing, and the capture
 * journals it when it has settled ({@code WireCapture}). A packet from the server that the wire lost is never captured:
 * its segment is made from the wire's word (the wire read the frame itself) and journaled in its place; of a packet
 * that arrived twice, the second copy's capture is one packet, not a second segment.
 */
final class LinkPassages implements AutoCloseable {
    /** How long a captured link packet waits for the wire's first word on it; the word comes within a millisecond. */
    static final long WAIT_MS = 500;
    /** How long after it was due a packet to the server waits for the wire's word that it arrived. */
    static final long ARRIVAL_MARGIN_MS = 1_000;
    private static final int MAX_WAITING = 10_000, MAX_TOLD = 20_000;
    private static final int TCP = 6, UDP = 17, ICMP = 1;

    /** Where each captured packet goes on to, in capture order. */
    private final Consumer<CapturedPacket> next;
    /** Told, under the gate, each time a crossing has settled (the capture journals what settled, in its order). */
    private final Runnable crossingSettled;
    /** The journal's wall-minus-monotonic clock offset: capture stamps are wall time, the wire's monotonic. */
    private final LongSupplier wallMinusClockNs;
    private final Object gate = new Object();
    /** Whether the hosts are joined by the wire now. Under {@link #gate}. */
    private boolean active;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The wire's plans not yet matched to every capture they will have, by what identifies the packet. */
    private final Map<Key, ArrayDeque<Told>> told = new HashMap<>();
    private final ArrayDeque<Told> toldOrder = new ArrayDeque<>();
    /** Plans of packets to the server whose arrival the wire has not told yet, by the wire's number, oldest first. */
    private final LinkedHashMap<Long, Told> toServerUnsettled = new LinkedHashMap<>();
    /** Per direction (to the server, to the client), the latest arrival the wire planned so far. */
    private final long[] latestDue = new long[2];
    /** The word on each packet from the server, and the crossing of each to the server, until the capture asks. */
    private final Map<Object, Payload.Passage> passages = asked();
    private final Map<Object, Crossing> crossings = asked();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "socketlab-link-passages");
        t.setDaemon(true);
        return t;
    });
    /** When the earliest look at overdue packets is scheduled (monotonic ns); {@link Long#MAX_VALUE}: none. */
    private long lookAtNs = Long.MAX_VALUE;

    /** What identifies a packet to both the capture and the wire. */
    record Key(boolean toServer, int proto, int srcPort, int dstPort, int ipId, long seq, int payload) {
    }

    /**
     * A captured packet to the server on its way across the link: settled with the wire's word once the wire said when it
     * arrived (or that it never did), or with no word at all when the wire never said (then the capture's own moment is
     * all the journal knows).
     */
    static final class Crossing {
        private volatile boolean settled;
        private volatile Payload.@Nullable Passage passage;
        /** After this moment (monotonic ns) it settles without the wire's word. */
        final long deadlineNs;

        Crossing(long deadlineNs) {
            this.deadlineNs = deadlineNs;
        }

        static Crossing settledWith(Payload.@Nullable Passage passage) {
            Crossing c = new Crossing(0);
            c.settle(passage);
            return c;
        }

        private void settle(Payload.@Nullable Passage word) {
            passage = word;
            settled = true;
        }

        boolean settled() {
            return settled;
        }

        /** The wire's word on it, once settled; null when the wire said nothing. */
        Payload.@Nullable Passage passage() {
            return passage;
        }
    }

    /** The wire's plan for one packet, and how many of its captures have been matched to it. */
    private static final class Told {
        final Key key;
        final WireFate line;
        final boolean overtakes;
        /** How many times the lab's capture sees it: once leaving for the server; per copy arriving from it. */
        int captures;
        int matched;
        /** To the server: the wire's lines after its plan (one per copy), what they said, and the capture waiting. */
        int laterLines;
        long arrivedNs, copyArrivedNs;
        boolean reordered, firstRefused;
        long departedNs;
        @Nullable
        Crossing crossing;
        /** From the server, duplicated: its first copy's capture, waiting for the second's moment. */
        @Nullable
        Waiting firstCopy;

        Told(Key key, WireFate line, boolean overtakes) {
            this.key = key;
            this.line = line;
            this.overtakes = overtakes;
            boolean twice = line.fate() == WireFate.Fate.QUEUED_TWICE;
            this.captures = line.toServer() ? 1 : line.fate().queued() ? (twice ? 2 : 1) : 0;
        }

        /** Whether every line the wire will say after its plan has come: when and whether each copy arrived. */
        boolean allSaid() {
            return laterLines >= (line.fate() == WireFate.Fate.QUEUED_TWICE ? 2 : 1);
        }

        /** The wire's line after its plan, on one copy: the original's comes first (it leaves before its copy). */
        void later(WireFate f) {
            boolean first = laterLines++ == 0;
            long out = f.fate().arrived() ? f.outNs() : 0;
            if (first) {
                arrivedNs = out;
                reordered = f.fate() == WireFate.Fate.REORDERED;
                firstRefused = out == 0;
            } else {
                copyArrivedNs = out;
            }
        }
    }

    private static final class Waiting {
        final CapturedPacket packet;
        final long seenNs;
        final @Nullable Key key;
        boolean settled, swallowed;
        /**
         * Matched to a plan: a duplicated packet's first copy stays unsettled until its second arrives, and must not be
         * matched again (as that second copy) by the next look at what waits.
         */
        boolean matched;

        Waiting(CapturedPacket packet, @Nullable Key key, long seenNs) {
            this.packet = packet;
            this.key = key;
            this.seenNs = seenNs;
            this.settled = key == null;
        }
    }

    LinkPassages(Consumer<CapturedPacket> next, Runnable crossingSettled, LongSupplier wallMinusClockNs) {
        this.next = next;
        this.crossingSettled = crossingSettled;
        this.wallMinusClockNs = wallMinusClockNs;
    }

    /** A map from a captured packet (by identity) that forgets its oldest entries: a packet the capture never asks of. */
    private static <V> Map<Object, V> asked() {
        return Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, V> eldest) {
                return size() > MAX_TOLD;
            }
        });
    }

    /** A captured packet as a map's key: itself, not an equal one (a record compares its fields). */
    private record Same(CapturedPacket packet) {
        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Same s && s.packet == packet;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(packet);
        }
    }

    /** The hosts are joined by the wire (true) or not (false: what waits goes on as it is). */
    void active(boolean wire) {
        synchronized (gate) {
            active = wire;
            if (!wire) {
                for (Waiting w : waiting) w.settled = true;
                drain();
                told.clear();
                toldOrder.clear();
                boolean any = false;
                for (Told t : toServerUnsettled.values()) any |= settle(t, null);
                toServerUnsettled.clear();
                if (any) crossingSettled.run();
            }
        }
    }

    /** A captured packet, from the capture's reader, in capture order. */
    void captured(CapturedPacket p) {
        synchronized (gate) {
            if (!active && waiting.isEmpty()) {
                next.accept(p);
                return;
            }
            long now = System.nanoTime();
            Waiting w = new Waiting(p, active ? keyOf(p) : null, now);
            waiting.addLast(w);
            if (!w.settled) match(w);
            if (waiting.size() > MAX_WAITING) waiting.peekFirst().settled = true;
            drain();
            armTimer(now + TimeUnit.MILLISECONDS.toNanos(WAIT_MS));
        }
    }

    /** A line of the wire, from its reader thread. */
    void told(WireFate f) {
        synchronized (gate) {
            if (!active) return;
            Key key = keyOf(f);
            int way = f.toServer() ? 0 : 1;
            if (f.fate().queued()) {
                Told t = new Told(key, f, f.outNs() < latestDue[way]);
                remember(t);
                if (f.toServer()) unsettled(t);
                latestDue[way] = Math.max(latestDue[way], f.outNs());
            } else if (f.toServer() && toServerUnsettled.containsKey(f.number())) {
                arrivedAtServer(f); // delivered, reordered, duplicated, or refused by the middle end at its release
            } else if (f.fate() == WireFate.Fate.LOST || f.fate() == WireFate.Fate.DROPPED) {
                lostOnTheWay(f, key);
            }
            for (Waiting w : waiting) if (!w.settled) match(w);
            drain();
        }
    }

    /** A plan of a packet to the server, whose arrival is told later. Under the gate. */
    private void unsettled(Told t) {
        Told again = toServerUnsettled.put(t.line.number(), t); // a number told twice: a wire started anew
        if (again != null && settle(again, null)) crossingSettled.run();
        if (toServerUnsettled.size() <= MAX_TOLD) return;
        var eldest = toServerUnsettled.entrySet().iterator();
        Told old = eldest.next().getValue();
        eldest.remove();
        if (settle(old, null)) crossingSettled.run();
    }

    /** The wire's line on a packet to the server after its plan: its crossing settles once every copy's line came. */
    private void arrivedAtServer(WireFate f) {
        Told t = toServerUnsettled.get(f.number());
        if (t == null) return;
        t.later(f);
        if (!t.allSaid()) return;
        toServerUnsettled.remove(f.number());
        if (t.crossing != null && settle(t, arrival(t))) crossingSettled.run();
    }

    /** A packet lost (or dropped) before it left the wire. Under the gate. */
    private void lostOnTheWay(WireFate f, Key key) {
        if (f.toServer()) {
            remember(new Told(key, f, false));
            return;
        }
        // From the server, never captured here: a plan it had is void, and its segment is the wire's word, put where
        // the capture would have had it.
        Told planned = planNumbered(key, f.number());
        if (planned != null) {
            planned.captures--; // the middle end refused it (or its copy) at its release
            if (planned.matched >= planned.captures) forget(planned);
            if (planned.captures > 0) return; // its copy was refused, the original arrives
        }
        CapturedPacket unseen = unseenPacket(f);
        if (unseen == null) return;
        Waiting w = new Waiting(unseen, null, System.nanoTime());
        passages.put(new Same(unseen), passage(f, false, unseen));
        waiting.addLast(w);
    }

    private @Nullable Told planNumbered(Key key, long number) {
        ArrayDeque<Told> plans = told.get(key);
        if (plans != null) for (Told t : plans) if (t.line.number() == number) return t;
        return null;
    }

    private void forget(Told t) {
        ArrayDeque<Told> plans = told.get(t.key);
        if (plans != null && plans.remove(t) && plans.isEmpty()) told.remove(t.key);
        toldOrder.remove(t);
    }

    /** The wire's word on this captured packet from the server, asked once as it is journaled; null when none. */
    Payload.@Nullable Passage passageOf(CapturedPacket p) {
        return passages.remove(new Same(p));
    }

    /**
     * The crossing of this captured packet to the server, asked once as it is journaled: it is journaled once settled;
     * null for any other packet (or one the wire was not told of while it waited).
     */
    @Nullable
    Crossing crossingOf(CapturedPacket p) {
        return crossings.remove(new Same(p));
    }

    /** The window of a packet made from the wire's word: none (the capture never saw its header's window). */
    static final int UNSEEN_WINDOW = -1;

    private void remember(Told t) {
        if (t.captures == 0) return;
        told.computeIfAbsent(t.key, k -> new ArrayDeque<>()).addLast(t);
        toldOrder.addLast(t);
        while (toldOrder.size() > MAX_TOLD) {
            Told old = toldOrder.removeFirst();
            ArrayDeque<Told> plans = told.get(old.key);
            if (plans != null && plans.remove(old) && plans.isEmpty()) told.remove(old.key);
        }
    }

    /** Matches a waiting capture to the oldest plan of its packet not yet matched to all its captures. */
    private void match(Waiting w) {
        ArrayDeque<Told> plans = w.matched || w.key == null ? null : told.get(w.key);
        if (plans == null || plans.isEmpty()) return;
        Told t = plans.peekFirst();
        w.matched = true;
        w.settled = true;
        if (t.line.toServer()) {
            leaving(w.packet, t);
        } else if (t.matched == 0) {
            passages.put(new Same(w.packet), passage(t.line, t.overtakes, w.packet));
            if (t.captures > 1) { // its copy arrives just behind it: the segment waits for that moment too
                t.firstCopy = w;
                w.settled = false;
            }
        } else {
            w.swallowed = true; // the second copy of a duplicated packet: its segment is the first's
            secondCopy(t, w.packet);
        }
        t.matched++;
        if (t.matched >= t.captures) {
            plans.removeFirst();
            if (plans.isEmpty()) told.remove(w.key);
            toldOrder.remove(t);
        }
    }

    /** A duplicated packet from the server arrived again: its passage has both copies' moments, and it goes on. */
    private void secondCopy(Told t, CapturedPacket second) {
        Waiting first = t.firstCopy;
        if (first == null) return;
        t.firstCopy = null;
        first.settled = true;
        Same key = new Same(first.packet);
        Payload.Passage was = passages.get(key);
        if (was == null || !was.arrived()) return;
        long secondNs = second.timeNanos() - wallMinusClockNs.getAsLong();
        passages.put(key, new Payload.Passage(was.fate(), was.departedNs(),
                List.of(was.arrivedNs().getFirst(), secondNs), was.wireLateNs()));
    }

    /**
     * A captured packet to the server matched to the wire's first word on it: lost at once, or on its way until the
     * wire says it arrived (that may have come already, when the capture was slower than the wire).
     */
    private void leaving(CapturedPacket p, Told t) {
        t.departedNs = p.timeNanos() - wallMinusClockNs.getAsLong();
        if (!t.line.fate().queued()) {
            crossings.put(new Same(p), Crossing.settledWith(passage(t.line, false, p)));
            return;
        }
        long due = Math.max(t.line.outNs(), t.line.inNs());
        long deadline = Math.max(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS),
                due + TimeUnit.MILLISECONDS.toNanos(ARRIVAL_MARGIN_MS));
        t.crossing = new Crossing(deadline);
        crossings.put(new Same(p), t.crossing);
        if (t.allSaid()) settle(t, arrival(t));
        else armTimer(deadline);
    }

    /** Settles the crossing waiting on this plan, if any and not yet; returns whether it did. Under the gate. */
    private static boolean settle(Told t, Payload.@Nullable Passage word) {
        Crossing c = t.crossing;
        if (c == null || c.settled()) return false;
        c.settle(word);
        return true;
    }

    /**
     * The passage of a packet to the server once the wire said what became of each copy: it left when captured and
     * arrived when the wire sent it on. {@code wireLateNs}: how much longer than the wire planned it took (the wire, a
     * process, read it late or sent it after the moment it planned: a busy computer).
     */
    private static Payload.Passage arrival(Told t) {
        if (t.firstRefused) return new Payload.Passage(Payload.Passage.DROPPED, t.departedNs, List.of());
        List<Long> arrived = t.copyArrivedNs > 0 ? List.of(t.arrivedNs, t.copyArrivedNs) : List.of(t.arrivedNs);
        String fate = t.reordered
                ? Payload.Passage.REORDERED
                : arrived.size() > 1 ? Payload.Passage.DUPLICATED : Payload.Passage.DELIVERED;
        long planned = Math.max(0, t.line.outNs() - t.line.inNs());
        return new Payload.Passage(fate, t.departedNs, arrived, t.arrivedNs - t.departedNs - planned);
    }

    /**
     * The passage of a packet the wire told of as {@code line}, captured (or made from the wire's word) as {@code p}:
     * lost on its way, or from the server, which left when the wire read it and arrived when captured.
     */
    private Payload.Passage passage(WireFate line, boolean overtakes, CapturedPacket p) {
        long capturedNs = p.timeNanos() - wallMinusClockNs.getAsLong();
        if (line.fate() == WireFate.Fate.LOST || line.fate() == WireFate.Fate.DROPPED) {
            String fate = line.fate() == WireFate.Fate.LOST ? Payload.Passage.LOST : Payload.Passage.DROPPED;
            return new Payload.Passage(fate, line.toServer() ? capturedNs : line.inNs(), List.of());
        }
        boolean twice = line.fate() == WireFate.Fate.QUEUED_TWICE;
        String fate = overtakes
                ? Payload.Passage.REORDERED
                : twice ? Payload.Passage.DUPLICATED : Payload.Passage.DELIVERED;
        // The wire, a process, ran late: it sent the packet after the moment it planned (its delay is counted from
        // its read, to its planned send).
        // A duplicated one's second arrival is its copy's capture, added when that comes (secondCopy).
        return new Payload.Passage(fate, line.inNs(), List.of(capturedNs), capturedNs - line.outNs());
    }

    /** Hands on, in capture order, every packet whose word has come (or that waited long enough). Under the gate. */
    private void drain() {
        while (!waiting.isEmpty() && waiting.peekFirst().settled) {
            Waiting w = waiting.removeFirst();
            // A packet to the server the wire said nothing of in time: journaled in its turn, without the wire's word.
            if (w.key != null && w.key.toServer() && !crossings.containsKey(new Same(w.packet)))
                crossings.put(new Same(w.packet), Crossing.settledWith(null));
            if (!w.swallowed) next.accept(w.packet);
        }
    }

    /** Makes sure a look at overdue packets comes by {@code atNs} (monotonic). Under the gate. */
    private void armTimer(long atNs) {
        if (atNs >= lookAtNs) return;
        lookAtNs = atNs;
        try {
            timer.schedule(this::settleOverdue, Math.max(0, atNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            lookAtNs = Long.MAX_VALUE;
        }
    }

    /**
     * What waited {@value #WAIT_MS} ms without the wire's first word goes on without it; a crossing whose arrival the
     * wire has not told {@value #ARRIVAL_MARGIN_MS} ms after it was due settles without it.
     */
    private void settleOverdue() {
        synchronized (gate) {
            long now = System.nanoTime();
            if (lookAtNs > now) return; // an earlier look was scheduled later; this one is not the earliest
            lookAtNs = Long.MAX_VALUE;
            long waitNs = TimeUnit.MILLISECONDS.toNanos(WAIT_MS), next = Long.MAX_VALUE;
            for (Waiting w : waiting)
                if (!w.settled && now - w.seenNs >= waitNs) w.settled = true;
                else if (!w.settled) next = Math.min(next, w.seenNs + waitNs);
            drain();
            boolean any = false;
            for (var it = toServerUnsettled.values().iterator(); it.hasNext();) {
                Told t = it.next();
                if (t.crossing == null || t.crossing.settled()) continue;
                if (t.crossing.deadlineNs > now) {
                    next = Math.min(next, t.crossing.deadlineNs);
                } else {
                    any |= settle(t, null);
                    it.remove();
                }
            }
            if (any) crossingSettled.run();
            if (next != Long.MAX_VALUE) armTimer(next);
        }
    }

    /** Everything still waiting goes on (the capture is read to its end). */
    @Override
    public void close() {
        active(false);
        timer.shutdownNow();
    }

    /** Whether a captured packet crossed the link between the two hosts, and if so what identifies it. */
    private static @Nullable Key keyOf(CapturedPacket p) {
        if (!(p.from() instanceof SockAddr.Inet4 from) || !(p.to() instanceof SockAddr.Inet4 to)) return null;
        String a = hostOf(from), b = hostOf(to);
        boolean toServer = a.equals(SecondHost.CLIENT_ADDRESS) && b.equals(SecondHost.SERVER_ADDRESS);
        boolean toClient = a.equals(SecondHost.SERVER_ADDRESS) && b.equals(SecondHost.CLIENT_ADDRESS);
        byte[] ip = p.ipPacket();
        if (!toServer && !toClient || ip == null || ip.length < 20) return null;
        int proto = switch (p.proto()) {
            case TCP -> TCP;
            case UDP -> UDP;
            case ICMP -> ICMP;
        };
        int ipId = (ip[4] & 0xff) << 8 | ip[5] & 0xff;
        return new Key(toServer, proto, from.port(), to.port(), ipId, proto == TCP ? p.seq() : 0, p.len());
    }

    private static Key keyOf(WireFate f) {
        return new Key(f.toServer(), f.proto(), f.srcPort(), f.dstPort(), f.ipId(), f.proto() == TCP ? f.seq() : 0,
                f.payload());
    }

    private static byte[] dotted(String address) {
        String[] parts = address.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) bytes[i] = (byte) Integer.parseInt(parts[i]);
        return bytes;
    }

    private static String hostOf(SockAddr.Inet4 a) {
        byte[] b = a.address();
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** A packet from the server the wire lost, as the wire read it (no bytes, no window: the capture never saw it). */
    private @Nullable CapturedPacket unseenPacket(WireFate f) {
        CapturedPacket.Proto proto = switch (f.proto()) {
            case TCP -> CapturedPacket.Proto.TCP;
            case UDP -> CapturedPacket.Proto.UDP;
            default -> null;
        };
        if (proto == null) return null;
        SockAddr from = new SockAddr.Inet4(dotted(SecondHost.SERVER_ADDRESS), f.srcPort());
        SockAddr to = new SockAddr.Inet4(dotted(SecondHost.CLIENT_ADDRESS), f.dstPort());
        List<String> flags = proto == CapturedPacket.Proto.TCP
                ? TcpFlag.names(TcpFlag.ofBits(f.tcpFlags()))
                : List.of();
        long ack = (f.tcpFlags() & TcpFlag.ACK.bit) != 0 ? f.ack() : 0;
        return new CapturedPacket(f.inNs() + wallMinusClockNs.getAsLong(), from, to, proto, flags, f.seq(), ack,
                f.payload(), UNSEEN_WINDOW, null);
    }
}
