package org.socketlab.lab;

import org.socketlab.kernel.capture.CaptureReason;
import org.socketlab.kernel.capture.CaptureUnavailableException;
import org.socketlab.kernel.capture.CapturedPacket;
import org.socketlab.kernel.capture.LabNetwork;
import org.socketlab.kernel.capture.LoopbackCapture;

/**
 * The wire as seen by tcpdump, journaled as {@code captured} segments between the lab's endpoints. Whose a packet is
 * is decided exactly by {@link KernelObserver#ownerOf}: the full 4-tuple of a socket the lab owns or owned at that
 * moment; every other packet on loopback belongs to another program and is dropped. Packets that cross the wire while
 * a call is being made are held and journaled right after that call's event, once tcpdump has delivered them all
 * ({@link #catchUpAndRelease}), so the journal reads: call, its segments, next call; they are attributed only then,
 * once the call's own socket has been named (a refused connect's port is known only after it returned). A call that
 * blocks releases the hold, so what crosses the wire while it waits is journaled as it comes. Packets of a connection
 * that waits in a lab listener's accept queue, made by a program outside the lab, are kept aside and journaled, just
 * before the accept() that takes it, only if the lab does accept it ({@link #accepted}), even when they crossed the
 * wire while that accept() was held.
 */
final class WireCapture implements AutoCloseable {
    /** How long a call waits for tcpdump to deliver what it put on the wire; it is usually under a millisecond. */
    static final long CATCH_UP_TIMEOUT_MS = 200;
    /** The journal endpoint of capture start, stop and failure events. */
    static final String ENDPOINT = "lab";

    private final Journal journal;
    private final KernelObserver kernel;
    private final java.util.concurrent.atomic.AtomicReference<LoopbackCapture> capture = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile double startMillis = Double.NaN;
    /**
     * A UDP socket of SocketLab's own (not the lab's) that sends itself a marker datagram: tcpdump delivers packets
     * in order, so once the marker comes back through the capture, every packet before it has been journaled.
     */
    private java.nio.channels.DatagramChannel marker;
    private int markerPort = -1;
    private final Object markerLock = new Object();
    private long markersSent, markersSeen;
    /** Endpoints whose call is being made right now, and the packets that crossed the wire meanwhile. */
    private final java.util.Set<String> holding = new java.util.HashSet<>();
    private final java.util.List<CapturedPacket> held = new java.util.ArrayList<>();
    private static final int MAX_HELD = 10_000;
    /** What must wait until the held packets are attributed (a failed connect forgetting where it went). */
    private final java.util.List<Runnable> afterRelease = new java.util.ArrayList<>();
    /** Packets of outside connections waiting in a lab listener's accept queue, by 4-tuple, oldest first. */
    private final java.util.LinkedHashMap<String, java.util.List<CapturedPacket>> queued = new java.util.LinkedHashMap<>();
    private int queuedCount;
    /** At most this many queued packets are kept; beyond it the oldest connection's are dropped. */
    static final int MAX_QUEUED = 4_096;
    /**
     * Packets that were nobody's while a program outside the lab is watched: its sockets are learned from its tracer a
     * moment after their first packets crossed the wire, so they are looked at again ({@link #outsideChanged}) for
     * {@value #PENDING_NS} ns before they are dropped as another program's.
     */
    private final java.util.ArrayDeque<CapturedPacket> pending = new java.util.ArrayDeque<>();
    static final long PENDING_NS = 5_000_000_000L;
    static final int MAX_PENDING = 16_384;
    private final LabNetwork network;

    private WireCapture(Journal journal, KernelObserver kernel, LabNetwork network) {
        this.journal = journal;
        this.kernel = kernel;
        this.network = network;
    }

    /** A capture to {@link #start}: until then it holds nothing and journals nothing. */
    static WireCapture notStarted(Journal journal, KernelObserver kernel, LabNetwork network) {
        return new WireCapture(journal, kernel, network);
    }

    /** Starts capture (blocking until tcpdump listens) and journals whether it runs; off journals it unavailable. Once. */
    void start(boolean wanted) {
        if (!wanted) {
            journal.append(ENDPOINT, capture(Payload.Capture.UNAVAILABLE, CaptureReason.of(CaptureReason.TURNED_OFF)));
            return;
        }
        try {
            LoopbackCapture started = LoopbackCapture.start(network, this::onPacket, this::onStoppedUnexpectedly);
            capture.set(started);
            startMillis = started.startMillis();
            openMarker();
            journal.append(ENDPOINT, capture(Payload.Capture.STARTED, started.startedReason()));
        } catch (CaptureUnavailableException e) {
            journal.append(ENDPOINT, capture(Payload.Capture.UNAVAILABLE, e.reason()));
        }
    }

    boolean running() {
        return capture.get() != null;
    }

    /** Milliseconds tcpdump took to start listening, NaN when it did not run. */
    double startMillis() {
        return startMillis;
    }

    private void openMarker() {
        try {
            marker = java.nio.channels.DatagramChannel.open();
            marker.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            marker.configureBlocking(false);
            markerPort = ((java.net.InetSocketAddress) marker.getLocalAddress()).getPort();
        } catch (java.io.IOException e) {
            closeMarker(); // without a marker, calls just do not wait for the capture
        }
    }

    private void closeMarker() {
        try {
            if (marker != null) marker.close();
        } catch (java.io.IOException e) {
            // closing a datagram channel does not fail in a way worth reporting
        }
        markerPort = -1;
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

    /** Waits until tcpdump has delivered every packet sent so far (at most {@value #CATCH_UP_TIMEOUT_MS} ms). */
    void catchUp() {
        if (capture.get() == null || markerPort < 0) return;
        long target = sendMarker();
        if (target < 0) return;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CATCH_UP_TIMEOUT_MS);
        synchronized (markerLock) {
            while (markersSeen < target && capture.get() != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(markerLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        drainMarker();
    }

    /**
     * Sends a marker datagram carrying its number (8 bytes) and returns the number, -1 when it could not be sent.
     * Numbers grow; a marker seen on the wire means every packet sent before its number was taken was seen too.
     */
    private long sendMarker() {
        long id;
        synchronized (markerLock) {
            id = ++markersSent;
        }
        synchronized (markerSentNs) {
            markerSentNs.put(id, System.nanoTime()); // before it is sent: its record may come back at once
            while (markerSentNs.size() > 4096) markerSentNs.pollFirstEntry();
        }
        try {
            marker.send(java.nio.ByteBuffer.allocate(8).putLong(0, id), marker.getLocalAddress());
            return id;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A marker's number, from its UDP payload's last 8 bytes (the IP header's total length says where it ends). */
    private static long markerId(CapturedPacket p) {
        byte[] ip = p.ipPacket();
        if (ip == null || ip.length < 28) return 0;
        int end = (ip[0] >> 4) == 6
                ? 40 + ((ip[4] & 0xff) << 8 | (ip[5] & 0xff))
                : (ip[2] & 0xff) << 8 | (ip[3] & 0xff);
        if (end > ip.length || end < 8) return 0;
        return java.nio.ByteBuffer.wrap(ip, end - 8, 8).getLong();
    }

    private void drainMarker() {
        try {
            java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(8);
            while (marker.receive(sink.clear()) != null) {
                // markers only matter on the wire
            }
        } catch (java.io.IOException e) {
            // a closed marker has nothing left to drain
        }
    }

    private boolean isMarker(CapturedPacket p) {
        return p.proto() == CapturedPacket.Proto.UDP && markerPort > 0
                && port(p.to()) == markerPort && port(p.from()) == markerPort;
    }

    private static int port(org.socketlab.syscall.SockAddr a) {
        return a instanceof org.socketlab.syscall.SockAddr.Inet4 v4
                ? v4.port()
                : a instanceof org.socketlab.syscall.SockAddr.Inet6 v6 ? v6.port() : -1;
    }

    private void onPacket(CapturedPacket p) {
        if (lossLogged) {
            judge(p);
            return;
        }
        onJudged(p);
    }

    /** A packet whose fate is known (lost or not), in wire order. */
    private void onJudged(CapturedPacket p) {
        if (isMarker(p)) {
            synchronized (markerLock) {
                markersSeen = Math.max(markersSeen, markerId(p));
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
            case WireOwner.Ours o when kernel.watchingOutside()
                    && (o.from().equals("external") || o.to().equals("external")) ->
                pend(p);
            case WireOwner.Ours o -> journal.append(o.from(), segment(p, o));
            case WireOwner.Queued q -> keepQueued(q.key(), p);
            case WireOwner.Foreign f -> {
                if (kernel.watchingOutside()) pend(p);
            }
        }
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
            long now = java.time.Instant.now().getEpochSecond() * 1_000_000_000L + java.time.Instant.now().getNano();
            java.util.List<CapturedPacket> again = new java.util.ArrayList<>(pending);
            pending.clear();
            for (CapturedPacket p : again) {
                boolean waitMore = now - p.timeNanos() < PENDING_NS;
                switch (owner(p)) {
                    // One end not known yet: the tracer may name it in a moment (an outside program talking to itself).
                    case WireOwner.Ours o when waitMore && (o.from().equals("external") || o.to().equals("external")) ->
                        pending.addLast(p);
                    case WireOwner.Ours o -> journal.append(o.from(), segment(p, o));
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
            case TCP, UDP -> kernel.ownerOf(p.proto() == CapturedPacket.Proto.TCP, p.from(), p.to());
            case ICMP -> {
                // An ICMP error answers a packet of ours: it quotes that packet's addresses; the sender is the one told.
                CapturedPacket.Icmp icmp = p.icmp();
                yield icmp == null || icmp.quotedFrom() == null
                        ? WireOwner.FOREIGN
                        : kernel.ownerOfIcmp(icmp.quotedProto() == CapturedPacket.Proto.TCP, icmp.quotedFrom(),
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

    private Payload.Segment segment(CapturedPacket p, WireOwner.Ours o) {
        boolean tcp = p.proto() == CapturedPacket.Proto.TCP;
        boolean withAck = p.flags().contains("ACK");
        boolean wasLost = lost.remove(p);
        return new Payload.Segment(o.from(), o.to(), p.proto().wireName(), p.flags(), tcp ? p.seq() : null,
                tcp && withAck ? p.ack() : null, p.len(), "captured", tcp ? p.window() : null, p.from().text(),
                p.to().text(), onJournalClock(p), p.ipPacket(), p.timeNanos(), wasLost);
    }

    // ---- the loss log: which captured packets a rule of the lab network dropped ----

    /** The netfilter log group the lab's drop rules (and its markers) log to. */
    static final int LOG_GROUP = 19;
    /**
     * Set once the lab's drop rules exist: from then on every captured packet waits for its verdict (lost or not)
     * before it is handled.
     */
    private volatile boolean lossLogged;
    private final Object gate = new Object();
    private LoopbackCapture dropLog;
    /** Captured packets waiting for their verdict, in wire order, with when each was seen (markers too). */
    private final java.util.ArrayDeque<CapturedPacket> judging = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Long> judgingSeenNs = new java.util.ArrayDeque<>();
    /** Dropped packets the log showed, not yet matched with their capture, oldest first. */
    private final java.util.ArrayDeque<byte[]> droppedLogged = new java.util.ArrayDeque<>();
    /** Captured packets known lost, until journaled. */
    private final java.util.Set<CapturedPacket> lost = java.util.Collections
            .synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    /** When each recent marker was sent, by number (its own lock). */
    private final java.util.TreeMap<Long, Long> markerSentNs = new java.util.TreeMap<>();
    private long lastPumpNs, lastPumpId, lastLoggedMarker, lastCapturedNs;
    private static final int MAX_JUDGING = 10_000;

    /**
     * Starts reading the lab's log group (a second tcpdump, {@code nflog:}{@value #LOG_GROUP}), once; then the drop
     * rules may be added. Returns the marker port the table must log.
     */
    int startLossLog() throws org.socketlab.kernel.capture.CaptureUnavailableException {
        synchronized (gate) {
            if (dropLog != null) return markerPort;
            if (capture.get() == null || markerPort < 0)
                throw new org.socketlab.kernel.capture.CaptureUnavailableException(
                        CaptureReason.of(CaptureReason.TURNED_OFF));
            dropLog = LoopbackCapture.startLogGroup(network, LOG_GROUP, this::onLogged, r -> stopLossLog());
            return markerPort;
        }
    }

    /**
     * From now on every captured packet waits for its verdict; called before the first rule is applied, so no packet
     * a rule drops can pass unjudged. Until the table logs markers nothing is released (the watchdog keeps sending
     * markers; the first one logged releases what waits).
     */
    void judgeFromNow() {
        synchronized (gate) {
            if (dropLog == null || lossLogged) return;
            lossLogged = true;
            pump(true);
        }
    }

    /** The first rule could not be applied: nothing will be dropped, so what waits is handed on as it is. */
    void stopJudging() {
        stopLossLog();
    }

    /** The log ended: packets still waiting are handled as not lost (nothing more can be known of them). */
    private void stopLossLog() {
        synchronized (gate) {
            lossLogged = false;
            while (!judging.isEmpty()) {
                judgingSeenNs.removeFirst();
                onJudged(judging.removeFirst());
            }
        }
    }

    /** A captured packet while drop rules exist: it waits until the log has come past it. */
    private void judge(CapturedPacket p) {
        synchronized (gate) {
            if (!lossLogged) {
                onJudged(p);
                return;
            }
            long now = System.nanoTime();
            judging.addLast(p);
            judgingSeenNs.addLast(now);
            lastCapturedNs = now;
            if (judging.size() > MAX_JUDGING) {
                judgingSeenNs.removeFirst();
                onJudged(judging.removeFirst());
            }
            releaseLeadingMarkers();
            pump(false);
        }
    }

    /**
     * Makes sure a marker is on its way that was sent after the newest captured packet: its record in the log will
     * release what came before. Under {@link #gate}.
     */
    private void pump(boolean force) {
        if (!force && (judging.isEmpty() || lastPumpNs > lastCapturedNs && lastPumpId > lastLoggedMarker)) return;
        long now = System.nanoTime();
        long id = sendMarker();
        if (id < 0) return;
        lastPumpNs = now;
        lastPumpId = id;
    }

    /** Whether drop rules' log is read: the watchdog then keeps pumping it (an idle lab without rules rests). */
    boolean lossLogging() {
        return lossLogged;
    }

    /** Called every few ms (the lab's watchdog): a packet still waiting gets another marker. */
    void pumpLossLog() {
        if (!lossLogged) return;
        synchronized (gate) {
            if (!judging.isEmpty() && System.nanoTime() - lastPumpNs > 20_000_000L) pump(true);
        }
    }

    /** A record of the log group: a marker (how far the log has come), or a packet a rule dropped. */
    private void onLogged(CapturedPacket p) {
        synchronized (gate) {
            if (isMarker(p)) {
                lastLoggedMarker = Math.max(lastLoggedMarker, markerId(p));
                releaseSettled();
                pump(false);
            } else {
                droppedLogged.addLast(p.ipPacket());
                if (droppedLogged.size() > MAX_JUDGING) droppedLogged.removeFirst();
            }
        }
    }

    /**
     * Hands on, in order, the waiting packets whose verdict is known: those captured before the newest captured marker
     * that was seen before a logged marker was sent. The log got that marker after every packet captured before it
     * went through the input hook (each CPU's backlog empties in microseconds; a whole capture and log round trip lies
     * between them), so each of those packets the rules dropped is in the log by now. Under {@link #gate}.
     */
    private void releaseSettled() {
        Long loggedSentNs;
        synchronized (markerSentNs) {
            loggedSentNs = markerSentNs.get(lastLoggedMarker);
        }
        if (loggedSentNs == null) return;
        int last = -1, i = 0;
        var seen = judgingSeenNs.iterator();
        for (CapturedPacket p : judging) {
            long at = seen.next();
            if (at >= loggedSentNs) break;
            if (isMarker(p)) last = i;
            i++;
        }
        for (int n = 0; n <= last; n++) {
            CapturedPacket p = judging.removeFirst();
            judgingSeenNs.removeFirst();
            if (!isMarker(p) && wasDropped(p)) lost.add(p);
            onJudged(p);
        }
        releaseLeadingMarkers();
    }

    /**
     * Whether the log showed this captured packet dropped. The log and the capture keep the same order, so a logged
     * drop older than the one that matches had no capture of its own (one the capture missed): it is let go.
     */
    private boolean wasDropped(CapturedPacket p) {
        int k = 0;
        for (byte[] logged : droppedLogged) {
            if (sameIpPacket(logged, p.ipPacket())) {
                for (int i = 0; i <= k; i++) droppedLogged.removeFirst();
                return true;
            }
            k++;
        }
        return false;
    }

    /** Markers need no verdict: those at the head of the waiting packets are handed on at once. Under {@link #gate}. */
    private void releaseLeadingMarkers() {
        while (!judging.isEmpty() && isMarker(judging.peekFirst())) {
            judgingSeenNs.removeFirst();
            onJudged(judging.removeFirst());
        }
    }

    /** Whether a logged packet is this captured one: the same IP bytes, as far as both were kept. */
    static boolean sameIpPacket(byte[] logged, byte[] captured) {
        if (logged == null || captured == null || logged.length < 20 || captured.length < 20) return false;
        int total = (captured[0] >> 4) == 6
                ? 40 + ((captured[4] & 0xff) << 8 | (captured[5] & 0xff))
                : (captured[2] & 0xff) << 8 | (captured[3] & 0xff);
        int n = Math.min(total, Math.min(logged.length, captured.length));
        return java.util.Arrays.equals(logged, 0, n, captured, 0, n);
    }

    private void keepQueued(String key, CapturedPacket p) {
        queued.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(p);
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
        java.util.List<CapturedPacket> adopted = new java.util.ArrayList<>();
        for (var it = queued.values().iterator(); it.hasNext();) {
            java.util.List<CapturedPacket> packets = it.next();
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
        journal.append(ENDPOINT, capture(Payload.Capture.STOPPED, reason));
    }

    /** Stops tcpdump and its reader threads; journals the stop if it was running. */
    @Override
    public void close() {
        LoopbackCapture log;
        synchronized (gate) {
            log = dropLog;
            dropLog = null;
        }
        if (log != null) log.close();
        stopLossLog();
        LoopbackCapture running = capture.getAndSet(null);
        closeMarker();
        if (running == null) return;
        synchronized (markerLock) {
            holding.clear();
            for (CapturedPacket p : held) journalIfOurs(p);
            held.clear();
            afterRelease.forEach(Runnable::run);
            afterRelease.clear();
            queued.clear();
            queuedCount = 0;
            for (CapturedPacket p : pending)
                if (owner(p) instanceof WireOwner.Ours o) journal.append(o.from(), segment(p, o));
            pending.clear();
            markerLock.notifyAll();
        }
        running.close();
        journal.append(ENDPOINT, capture(Payload.Capture.STOPPED, CaptureReason.of(CaptureReason.LAB_CLOSED)));
    }

    /** A capture event: its status, the reason's English text for the file, and its code and arguments for readers. */
    static Payload.Capture capture(String status, CaptureReason reason) {
        return new Payload.Capture(status, reason.english(), reason.code(), reason.args());
    }
}
