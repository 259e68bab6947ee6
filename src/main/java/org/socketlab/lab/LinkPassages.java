package org.socketlab.lab;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * <p>The lab captures the client's host. A packet to the server is captured as it leaves, and the wire says within
 * microseconds what it does with it and when it will arrive (its plan: the wire sends it then, to well under a
 * millisecond); a packet from the server is captured as it arrives, long after the wire said when it left. So each
 * captured link packet waits here, in capture order, until the wire's word on it has come (at most
 * {@value #WAIT_MS} ms; then it goes on without one), and everything captured after it waits behind it: the capture's
 * markers keep telling how far the journal has come. A packet from the server that the wire lost is never captured: its
 * segment is made from the wire's word (the wire read the frame itself) and journaled in its place; of a packet that
 * arrived twice, the second copy's capture is one packet, not a second segment.
 */
final class LinkPassages implements AutoCloseable {
    /** How long a captured link packet waits for the wire's word on it; the word comes within a millisecond. */
    static final long WAIT_MS = 500;
    private static final int MAX_WAITING = 10_000, MAX_TOLD = 20_000;
    private static final int TCP = 6, UDP = 17, ICMP = 1;

    /** Where each captured packet goes on to, in capture order. */
    private final Consumer<CapturedPacket> next;
    /** The journal's wall-minus-monotonic clock offset: capture stamps are wall time, the wire's monotonic. */
    private final LongSupplier wallMinusClockNs;
    private final Object gate = new Object();
    /** Whether the hosts are joined by the wire now. Under {@link #gate}. */
    private boolean active;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The wire's plans not yet matched to every capture they will have, by what identifies the packet. */
    private final Map<Key, ArrayDeque<Told>> told = new HashMap<>();
    private final ArrayDeque<Told> toldOrder = new ArrayDeque<>();
    /** Per direction (to the server, to the client), the latest arrival the wire planned so far. */
    private final long[] latestDue = new long[2];
    private final Map<CapturedPacket, Payload.Passage> passages = Collections
            .synchronizedMap(new IdentityHashMap<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "socketlab-link-passages");
        t.setDaemon(true);
        return t;
    });
    /** Whether a look at overdue packets is scheduled. Under {@link #gate}. */
    private boolean timerArmed;

    /** What identifies a packet to both the capture and the wire. */
    record Key(boolean toServer, int proto, int srcPort, int dstPort, int ipId, long seq, int payload) {
    }

    /** The wire's plan for one packet, and how many of its captures have been matched to it. */
    private static final class Told {
        final Key key;
        final WireFate line;
        final boolean overtakes;
        /** How many times the lab's capture sees it: once leaving for the server; per copy arriving from it. */
        final int captures;
        int matched;

        Told(Key key, WireFate line, boolean overtakes) {
            this.key = key;
            this.line = line;
            this.overtakes = overtakes;
            boolean twice = line.fate() == WireFate.Fate.QUEUED_TWICE;
            this.captures = line.toServer() ? 1 : line.fate().queued() ? (twice ? 2 : 1) : 0;
        }
    }

    private static final class Waiting {
        final CapturedPacket packet;
        final long seenNs;
        final @Nullable Key key;
        boolean settled, swallowed;

        Waiting(CapturedPacket packet, @Nullable Key key, long seenNs) {
            this.packet = packet;
            this.key = key;
            this.seenNs = seenNs;
            this.settled = key == null;
        }
    }

    LinkPassages(Consumer<CapturedPacket> next, LongSupplier wallMinusClockNs) {
        this.next = next;
        this.wallMinusClockNs = wallMinusClockNs;
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
            Waiting w = new Waiting(p, active ? keyOf(p) : null, System.nanoTime());
            waiting.addLast(w);
            if (!w.settled) match(w);
            if (waiting.size() > MAX_WAITING) waiting.peekFirst().settled = true;
            drain();
            armTimer();
        }
    }

    /** A line of the wire, from its reader thread. */
    void told(WireFate f) {
        synchronized (gate) {
            if (!active) return;
            Key key = keyOf(f);
            int way = f.toServer() ? 0 : 1;
            // "dropped" also comes for a queued packet the middle end refused at its release: that one left
            boolean lostOnTheWay = f.fate() == WireFate.Fate.LOST
                    || f.fate() == WireFate.Fate.DROPPED && !sentBefore(key);
            if (f.fate().queued()) {
                remember(new Told(key, f, f.outNs() < latestDue[way]));
                latestDue[way] = Math.max(latestDue[way], f.outNs());
            } else if (lostOnTheWay && f.toServer()) {
                remember(new Told(key, f, false));
            } else if (lostOnTheWay) {
                // Never captured here: its segment is the wire's word, put where the capture would have had it.
                CapturedPacket unseen = unseenPacket(f);
                if (unseen != null) {
                    Waiting w = new Waiting(unseen, null, System.nanoTime());
                    passages.put(unseen, passage(f, false, unseen));
                    waiting.addLast(w);
                }
            }
            for (Waiting w : waiting) if (!w.settled) match(w);
            drain();
        }
    }

    /** Whether a plan for this packet exists (a frame the middle end refused at its release was queued first). */
    private boolean sentBefore(Key key) {
        ArrayDeque<Told> plans = told.get(key);
        return plans != null && !plans.isEmpty();
    }

    /** The wire's word on this captured packet, asked once as it is journaled; null when there is none. */
    Payload.@Nullable Passage passageOf(CapturedPacket p) {
        return passages.remove(p);
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
        ArrayDeque<Told> plans = w.key == null ? null : told.get(w.key);
        if (plans == null || plans.isEmpty()) return;
        Told t = plans.peekFirst();
        if (t.matched == 0) passages.put(w.packet, passage(t.line, t.overtakes, w.packet));
        else w.swallowed = true; // the second copy of a duplicated packet: its segment is the first's
        t.matched++;
        if (t.matched >= t.captures) {
            plans.removeFirst();
            if (plans.isEmpty()) told.remove(w.key);
            toldOrder.remove(t);
        }
        w.settled = true;
    }

    /**
     * The passage of a packet the wire told of as {@code line}, captured (or made from the wire's word) as {@code p}:
     * to the server it left when captured and arrives when the wire planned; from the server it left when the wire read
     * it and arrived when captured.
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
        long departed = line.toServer() ? capturedNs : line.inNs();
        long arrived = line.toServer() ? line.outNs() : capturedNs;
        // The wire, a process, ran late: reading a packet that had left the client's host, or sending one to it after
        // the moment it planned (its delay is counted from its read, to its planned send).
        long late = line.toServer() ? line.inNs() - capturedNs : capturedNs - line.outNs();
        return new Payload.Passage(fate, departed, twice ? List.of(arrived, arrived) : List.of(arrived), late);
    }

    /** Hands on, in capture order, every packet whose word has come (or that waited long enough). Under the gate. */
    private void drain() {
        while (!waiting.isEmpty() && waiting.peekFirst().settled) {
            Waiting w = waiting.removeFirst();
            if (!w.swallowed) next.accept(w.packet);
        }
    }

    private void armTimer() {
        if (timerArmed || waiting.isEmpty()) return;
        timerArmed = true;
        try {
            timer.schedule(this::settleOverdue, WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            timerArmed = false;
        }
    }

    /** What waited {@value #WAIT_MS} ms without the wire's word goes on without it. */
    private void settleOverdue() {
        synchronized (gate) {
            timerArmed = false;
            long now = System.nanoTime();
            for (Waiting w : waiting)
                if (!w.settled && now - w.seenNs >= TimeUnit.MILLISECONDS.toNanos(WAIT_MS)) w.settled = true;
            drain();
            armTimer();
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
