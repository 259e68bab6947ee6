package org.socketlab.lab;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.CaptureUnavailableException;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LoopbackCapture;
import org.socketlab.capture.SecondHost;
import org.socketlab.capture.WireFate;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.syscall.SockAddr;

/**
 * The wire as seen by tcpdump, journaled as {@code captured} segments between the lab's endpoints. Whose a packet is
 * is decided exactly by {@link PacketOwners#ownerOf}: the full 4-tuple of a socket the lab owns or owned at that
 * moment; every other packet on loopback belongs to another program and is dropped. Packets that cross the wire while
 * a call is being made are held and journaled right after that call's event, once tcpdump has delivered them all
 * ({@link #catchUpAndRelease}), so the journal reads: call, its segments, next call; they are attributed only then,
 * once the call's own socket has been named (a refused connect's port is known only after it returned). A call that
 * blocks releases the hold, so what crosses the wire while it waits is journaled as it comes. Packets of a connection
 * that waits in a lab listener's accept queue, made by a program outside the lab, are kept aside and journaled, just
 * before the accept() that takes it, only if the lab does accept it ({@link #accepted}), even when they crossed the
 * wire while that accept() was held. Once the lab network has drop rules, each packet first waits for its verdict,
 * lost or not ({@link LossLog}); {@link CaptureMarkers} tell how far tcpdump has come. A packet to the second host
 * over SocketLab's wire is journaled once the wire said it arrived (its real moment, {@link LinkPassages}), in capture
 * order among those: neither a call nor any other packet waits for the link's delay.
 */
final class WireCapture implements AutoCloseable {
    /**
     * How long a call waits for tcpdump to deliver what it put on the wire (and, with drop rules, for each packet's
     * verdict); usually under a millisecond. 200 ms were too short on a loaded box (load 10): a dropped segment's
     * verdict came after its step was checked, and fast-retransmit's step 11 said no segment was lost while its saved
     * journal showed one (RunSentencesSoakTest). Only a late capture waits longer.
     */
    static final long CATCH_UP_TIMEOUT_MS = 1_000;
    /** How long closing waits for tcpdump to deliver the last packets: everything on the wire is journaled. */
    static final long CLOSE_CATCH_UP_MS = 3_000;

    private final Journal journal;
    private final PacketOwners owners;
    private final AtomicReference<@Nullable LoopbackCapture> capture = new AtomicReference<>();
    private volatile double startMillis = Double.NaN;
    /** Tells when tcpdump has delivered every packet sent so far. */
    private final CaptureMarkers markers = new CaptureMarkers();
    private final Object markerLock = new Object();
    /** The newest marker seen on the wire. Under the lock. */
    private long markersSeen;
    /** Endpoints whose call is being made right now, and the packets that crossed the wire meanwhile. */
    private final Set<String> holding = new HashSet<>();
    private final List<CapturedPacket> held = new ArrayList<>();
    private static final int MAX_HELD = 10_000;
    /** What must wait until the held packets are attributed (a failed connect forgetting where it went). */
    private final List<Runnable> afterRelease = new ArrayList<>();
    /** Packets of outside connections waiting in a lab listener's accept queue, by 4-tuple, oldest first. */
    private final LinkedHashMap<String, List<CapturedPacket>> queued = new LinkedHashMap<>();
    private int queuedCount;
    /** At most this many queued packets are kept; beyond it the oldest connection's are dropped. */
    static final int MAX_QUEUED = 4_096;
    /**
     * Packets that were nobody's while a program outside the lab is watched: its sockets are learned from its tracer a
     * moment after their first packets crossed the wire, so they are looked at again ({@link #outsideChanged}) for
     * {@value #PENDING_NS} ns before they are dropped as another program's.
     */
    private final ArrayDeque<CapturedPacket> pending = new ArrayDeque<>();
    static final long PENDING_NS = 5_000_000_000L;
    static final int MAX_PENDING = 16_384;
    private final LabNetwork network;
    /** Which captured packets the lab network's drop rules dropped. */
    private final LossLog lossLog;

    /** SocketLab's wire's word on each captured packet that crossed it between the two hosts. */
    private final LinkPassages passages;
    /**
     * Segments of the lab's to the second host still crossing the link, in capture order: each is journaled once the
     * wire said when it arrived (or that it never did), after those captured before it. Under {@link #markerLock}.
     */
    private final ArrayDeque<Crossing> onTheLink = new ArrayDeque<>();

    /** A segment to the second host on its way, with whose it is (known as it left). */
    private record Crossing(CapturedPacket packet, WireOwner.Ours owner, LinkPassages.Crossing crossing) {
    }

    /** What tcpdump captures: null for the loopback; {@code any} for a lab with a second host (loopback and link). */
    private final @Nullable String device;

    private WireCapture(Journal journal, PacketOwners owners, LabNetwork network, @Nullable String device) {
        this.journal = journal;
        this.owners = owners;
        this.network = network;
        this.device = device;
        this.lossLog = new LossLog(network, markers, this::onJudged);
        this.passages = new LinkPassages(this::onPassed, this::crossingSettled, journal::wallMinusClockNs);
    }

    /** Whether the hosts are joined by SocketLab's wire now: its word is then put on each packet that crossed it. */
    void linkWire(boolean joined) {
        passages.active(joined);
    }

    /** A line of the wire between the hosts (its reader thread). */
    void linkTold(WireFate fate) {
        passages.told(fate);
    }

    /** A capture to {@link #start}: until then it holds nothing and journals nothing. */
    static WireCapture notStarted(Journal journal, PacketOwners owners, LabNetwork network) {
        return new WireCapture(journal, owners, network, null);
    }

    /** Likewise on {@code device} ({@code any}: the lab namespace's loopback and its link to a second host). */
    static WireCapture notStarted(Journal journal, PacketOwners owners, LabNetwork network, @Nullable String device) {
        return new WireCapture(journal, owners, network, device);
    }

    /** Starts capture (blocking until tcpdump listens) and journals whether it runs; off journals it unavailable. Once. */
    void start(boolean wanted) {
        if (!wanted) {
            status(capture(Payload.Capture.UNAVAILABLE, CaptureReason.of(CaptureReason.TURNED_OFF)));
            return;
        }
        try {
            LoopbackCapture started = device == null
                    ? LoopbackCapture.start(network, this::onPacket, this::onStoppedUnexpectedly)
                    : LoopbackCapture.startOn(network, device, this::onPacket, this::onStoppedUnexpectedly);
            capture.set(started);
            startMillis = started.startMillis();
            markers.open();
            status(capture(Payload.Capture.STARTED, started.startedReason()));
        } catch (CaptureUnavailableException e) {
            status(capture(Payload.Capture.UNAVAILABLE, e.reason()));
        }
    }

    boolean running() {
        return capture.get() != null;
    }

    /** Milliseconds tcpdump took to start listening, NaN when it did not run. */
    double startMillis() {
        return startMillis;
    }

    /** The endpoint starts a call: hold what crosses the wire until the call is journaled. */
    void hold(String endpoint) {
        if (capture.get() == null) return;
        synchronized (markerLock) {
            holding.add(endpoint);
        }
    }

    /** The endpoint's call is journaled: wait for tcpdump to deliver its packets, then journal what was held. */
    void catchUpAndRelease(String endpoint) {
        catchUp();
        release(endpoint);
    }

    /** Stops holding for the endpoint; journals what was held once no call holds any more. */
    void release(String endpoint) {
        synchronized (markerLock) {
            holding.remove(endpoint);
            if (!holding.isEmpty()) return;
            // Appended under the lock, so a packet arriving now cannot overtake the held ones.
            for (CapturedPacket p : held) journalIfOurs(p);
            held.clear();
            afterRelease.forEach(Runnable::run);
            afterRelease.clear();
        }
    }

    /** Runs {@code task} once every packet held so far has been attributed (now, if none is held). */
    void whenReleased(Runnable task) {
        synchronized (markerLock) {
            if (holding.isEmpty()) task.run();
            else afterRelease.add(task);
        }
    }

    /**
     * Waits until tcpdump has delivered every packet sent so far (at most {@value #CATCH_UP_TIMEOUT_MS} ms): each is
     * journaled, or held for the call being made, except a packet to the second host still on SocketLab's wire, which
     * is journaled once it arrived (the wire says when): a call never waits for the link's delay.
     */
    void catchUp() {
        catchUp(CATCH_UP_TIMEOUT_MS);
    }

    private void catchUp(long timeoutMs) {
        if (capture.get() == null || markers.port() < 0) return;
        long target = markers.send();
        if (target < 0) return;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (markerLock) {
            while (markersSeen < target && capture.get() != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(markerLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        markers.drain();
    }

    private void onPacket(CapturedPacket p) {
        passages.captured(p);
    }

    /** A packet with the wire's word on it, when it crossed the wire (in capture order). */
    private void onPassed(CapturedPacket p) {
        if (lossLog.active()) lossLog.judge(p);
        else onJudged(p);
    }

    /** A packet whose fate is known (lost or not), in wire order. */
    private void onJudged(CapturedPacket p) {
        if (markers.isMarker(p)) {
            synchronized (markerLock) {
                markersSeen = Math.max(markersSeen, CaptureMarkers.idOf(p));
                markerLock.notifyAll();
            }
            return;
        }
        synchronized (markerLock) {
            if (!holding.isEmpty() && held.size() < MAX_HELD) held.add(p);
            else journalIfOurs(p);
        }
    }

    /** Journals the packet if it is the lab's, keeps it aside if it waits in a lab listener's queue, else drops it. */
    private void journalIfOurs(CapturedPacket p) {
        switch (owner(p)) {
            case WireOwner.Ours o when owners.watchingOutside()
                    && (o.from().equals("external") || o.to().equals("external")) ->
                pend(p);
            case WireOwner.Ours o -> {
                journalQueuedBefore(p);
                journalSegment(p, o);
            }
            case WireOwner.Queued q -> keepQueued(q.key(), p);
            case WireOwner.Foreign f -> {
                if (owners.watchingOutside()) pend(p);
            }
        }
    }

    /**
     * A TCP packet of the lab's whose connection has packets kept as a queued one's: they crossed the wire before it, so
     * they are journaled first. Its end became known between two of its packets (a loaded box: the kernel named the
     * connecting socket's port after its SYN was handled and before the SYN-ACK was), and the SYN waited for accept()
     * while the SYN-ACK and ACK went ahead of it. Under the lock.
     */
    private void journalQueuedBefore(CapturedPacket p) {
        if (queued.isEmpty() || p.proto() != CapturedPacket.Proto.TCP) return;
        String connection = WireAddresses.connectionKey(p.from(), p.to());
        List<CapturedPacket> before = queued.remove(connection);
        if (before == null) return;
        queuedCount -= before.size();
        for (CapturedPacket earlier : before)
            if (owner(earlier) instanceof WireOwner.Ours o) journalSegment(earlier, o);
            else keepQueued(connection, earlier);
    }

    private void pend(CapturedPacket p) {
        pending.addLast(p);
        if (pending.size() > MAX_PENDING) pending.removeFirst();
    }

    /** The watched outside program's sockets changed: its packets that were nobody's may be its now, oldest first. */
    void outsideChanged() {
        if (capture.get() == null) return;
        synchronized (markerLock) {
            // A traced program's connection that waits in a lab listener's queue is the program's as soon as its
            // socket is known, accepted or not: its handshake comes first.
            journalQueuedNowOurs();
            if (pending.isEmpty()) return;
            long now = Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano();
            List<CapturedPacket> again = new ArrayList<>(pending);
            pending.clear();
            for (CapturedPacket p : again) {
                boolean waitMore = now - p.timeNanos() < PENDING_NS;
                switch (owner(p)) {
                    // One end not known yet: the tracer may name it in a moment (an outside program talking to itself).
                    case WireOwner.Ours o when waitMore && (o.from().equals("external") || o.to().equals("external")) ->
                        pending.addLast(p);
                    case WireOwner.Ours o -> journalSegment(p, o);
                    case WireOwner.Queued q -> keepQueued(q.key(), p);
                    case WireOwner.Foreign f -> {
                        if (waitMore) pending.addLast(p);
                    }
                }
            }
        }
    }

    private WireOwner owner(CapturedPacket p) {
        return switch (p.proto()) {
            case TCP, UDP -> owners.ownerOf(p.proto() == CapturedPacket.Proto.TCP, p.from(), p.to());
            case ICMP -> {
                // An ICMP error answers a packet of ours: it quotes that packet's addresses; the sender is the one told.
                CapturedPacket.Icmp icmp = p.icmp();
                yield icmp == null || icmp.quotedFrom() == null || icmp.quotedTo() == null // quoted both or neither
                        ? WireOwner.FOREIGN
                        : owners.ownerOfIcmp(icmp.quotedProto() == CapturedPacket.Proto.TCP, icmp.quotedFrom(),
                                icmp.quotedTo());
            }
        };
    }

    /**
     * The packet's capture stamp (the kernel's CLOCK_REALTIME, to the nanosecond) on the journal's monotonic clock.
     * The offset between the two clocks is read now, as the packet is handled a few microseconds to milliseconds after
     * it crossed the wire, so a step or slew of the wall clock since the lab started does not move it: the tightest of
     * three paired readings (each the wall clock between two monotonic ones) is within a few hundred nanoseconds.
     */
    private long onJournalClock(CapturedPacket p) {
        return p.timeNanos() - journal.wallMinusClockNs();
    }

    /**
     * Journals a segment of the lab's, then tells who reads the kernel after each one (tcp_info, issue 60). One to the
     * second host over SocketLab's wire is journaled once it arrived, with the moment it did; its kernel is read as it
     * leaves, as any other's. Under the lock.
     */
    private void journalSegment(CapturedPacket p, WireOwner.Ours o) {
        LinkPassages.Crossing onItsWay = passages.crossingOf(p);
        if (onItsWay != null) {
            onTheLink.addLast(new Crossing(p, o, onItsWay));
            journalArrived();
        } else {
            journal.append(o.from(), segment(p, o, passages.passageOf(p)));
        }
        if (p.proto() == CapturedPacket.Proto.TCP) afterSegment.seen(p.from(), p.to(), p.window());
    }

    /** A crossing settled (the wire's reader, or the timer): what arrived is journaled, in capture order. */
    private void crossingSettled() {
        synchronized (markerLock) {
            journalArrived();
        }
    }

    /** Journals the segments to the second host that have arrived (or never will), oldest first. Under the lock. */
    private void journalArrived() {
        while (!onTheLink.isEmpty() && onTheLink.peekFirst().crossing().settled()) {
            Crossing c = onTheLink.removeFirst();
            journal.append(c.owner().from(), segment(c.packet(), c.owner(), c.crossing().passage()));
        }
    }

    /** What is done just after a captured TCP segment of the lab's is journaled. */
    @FunctionalInterface
    interface SegmentSeen {
        void seen(SockAddr src, SockAddr dst, @Nullable Integer window);
    }

    private volatile SegmentSeen afterSegment = (src, dst, window) -> {
    };

    /** From now on {@code seen} is told of each captured TCP segment of the lab's, just after it is journaled. */
    void afterEachSegment(SegmentSeen seen) {
        afterSegment = seen;
    }

    private Payload.Segment segment(CapturedPacket p, WireOwner.Ours o, Payload.@Nullable Passage link) {
        boolean tcp = p.proto() == CapturedPacket.Proto.TCP;
        boolean withAck = p.flags().contains(TcpFlag.ACK.name());
        boolean wasLost = lossLog.wasLost(p);
        boolean seen = p.window() != LinkPassages.UNSEEN_WINDOW; // else made from the wire's word: no header read
        // Over the wire between the hosts, the packet left and arrived at two moments, its passage says when.
        long left = link != null ? link.departedNs() : onJournalClock(p);
        Long arrived = link != null && link.arrived() ? link.arrivedNs().getFirst() : null;
        return new Payload.Segment(o.from(), o.to(), p.proto().wireName(), p.flags(), tcp ? p.seq() : null,
                tcp && withAck ? p.ack() : null, p.len(), "captured", tcp && seen ? p.window() : null,
                p.from().text(), p.to().text(), left, p.ipPacket(), p.timeNanos(), wasLost, arrived, link);
    }

    /**
     * Starts reading the lab's log group, once; then the drop rules may be added. Returns the marker port the table
     * must log ({@link LossLog}).
     */
    int startLossLog() throws CaptureUnavailableException {
        return lossLog.start(capture.get() != null);
    }

    /**
     * Starts reading the second host's log group, once: its drop rules act on what arrives there over the link.
     * Returns the marker port its table must log ({@link LossLog}).
     */
    int startFarLossLog(SecondHost host) throws CaptureUnavailableException {
        return lossLog.startFar(capture.get() != null, host);
    }

    /** The second host's log is read no more (its rules could not be applied, or the host goes). */
    void stopFarLossLog() {
        lossLog.stopFar();
    }

    /** From now on every captured packet waits for its verdict: called before the first drop rule is applied. */
    void judgeFromNow() {
        lossLog.judgeFromNow();
    }

    /** The first rule could not be applied: nothing will be dropped, so what waits is handed on as it is. */
    void stopJudging() {
        lossLog.stop();
    }

    /** Whether drop rules' log is read: the watchdog then keeps pumping it (an idle lab without rules rests). */
    boolean lossLogging() {
        return lossLog.active();
    }

    /** Called every few ms (the lab's watchdog): a packet still waiting for its verdict gets another marker. */
    void pumpLossLog() {
        lossLog.pumpAgain();
    }

    private void keepQueued(String key, CapturedPacket p) {
        queued.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        queuedCount++;
        while (queuedCount > MAX_QUEUED) {
            var oldest = queued.entrySet().iterator();
            queuedCount -= oldest.next().getValue().size();
            oldest.remove();
        }
    }

    /**
     * accept() has just returned a socket, and its call is about to be journaled: what its connection did while it
     * waited in the queue comes first. {@code nameAcceptedSocket} tells the kernel observer the new socket; before it
     * runs, the capture is caught up, and packets held for the accepting call (the connection was made after accept()
     * was pressed, before it was announced blocked) that belong to a queued connection are put with the queue instead
     * of being journaled after the call as its own. Then the queued packets of the connection, now the lab's, are
     * journaled in wire order.
     */
    void accepted(Runnable nameAcceptedSocket) {
        if (capture.get() == null) {
            nameAcceptedSocket.run();
            return;
        }
        catchUp();
        synchronized (markerLock) {
            for (var it = held.iterator(); it.hasNext();) {
                CapturedPacket p = it.next();
                if (owner(p) instanceof WireOwner.Queued q) {
                    keepQueued(q.key(), p);
                    it.remove();
                }
            }
        }
        nameAcceptedSocket.run();
        synchronized (markerLock) {
            journalQueuedNowOurs();
        }
    }

    /** Journals, in wire order, the packets of queued connections that now have a known end (accepted, or traced). Under the lock. */
    private void journalQueuedNowOurs() {
        List<CapturedPacket> adopted = new ArrayList<>();
        for (var it = queued.values().iterator(); it.hasNext();) {
            List<CapturedPacket> packets = it.next();
            if (!(owner(packets.getFirst()) instanceof WireOwner.Ours)) continue;
            adopted.addAll(packets);
            queuedCount -= packets.size();
            it.remove();
        }
        for (CapturedPacket p : adopted) journalIfOurs(p);
    }

    /** Called on the capture's reader thread when tcpdump ended on its own: release it, say why. */
    private void onStoppedUnexpectedly(CaptureReason reason) {
        LoopbackCapture ended = capture.getAndSet(null);
        if (ended == null) return;
        synchronized (markerLock) {
            markerLock.notifyAll();
        }
        ended.close();
        status(capture(Payload.Capture.STOPPED, reason));
    }

    /**
     * Stops tcpdump and its reader threads; journals the stop if it was running. First the capture is read to its end:
     * a marker sent now comes back once tcpdump has delivered everything that crossed the wire before it, then tcpdump
     * is stopped and its reader joined, and only then is every packet still held or waiting for its owner attributed,
     * by the sockets known now (a traced program's, closed ones included). Also when tcpdump ended on its own (a
     * signal reached it): what it delivered before is not lost.
     */
    @Override
    public void close() {
        lossLog.close();
        if (capture.get() != null) catchUp(CLOSE_CATCH_UP_MS);
        LoopbackCapture running = capture.getAndSet(null);
        synchronized (markerLock) {
            markerLock.notifyAll();
        }
        if (running != null) running.close(); // joins its reader: every packet tcpdump wrote has been handed over
        passages.close(); // what waited for the wire's word goes on
        markers.close();
        synchronized (markerLock) {
            holding.clear();
            for (CapturedPacket p : held) journalIfOurs(p);
            held.clear();
            afterRelease.forEach(Runnable::run);
            afterRelease.clear();
            journalQueuedNowOurs();
            queued.clear();
            queuedCount = 0;
            for (CapturedPacket p : pending)
                if (owner(p) instanceof WireOwner.Ours o) journalSegment(p, o);
            pending.clear();
        }
        if (running == null) return;
        // tcpdump counts what it could not keep up with: the journal says how many instead of showing fewer.
        long dropped = running.droppedPackets();
        status(capture(Payload.Capture.STOPPED, dropped > 0
                ? CaptureReason.of(CaptureReason.DROPPED, String.valueOf(dropped))
                : CaptureReason.of(CaptureReason.LAB_CLOSED)));
    }

    /** Journals the capture's status now and keeps it for {@link #lastStatus()}. */
    private void status(Payload.Capture status) {
        lastStatus = status;
        journal.append(Lab.ITSELF, status);
    }

    /**
     * The capture's status as last journaled, or null before its start: what a new session repeats, however long ago
     * (the journal in memory keeps only its newest events, and a long session lets the status go).
     */
    Payload.@Nullable Capture lastStatus() {
        return lastStatus;
    }

    private volatile Payload.@Nullable Capture lastStatus;

    /** A capture event: its status, the reason's English text for the file, and its code and arguments for readers. */
    static Payload.Capture capture(String status, CaptureReason reason) {
        return new Payload.Capture(status, reason.english(), reason.code(), reason.args());
    }
}
