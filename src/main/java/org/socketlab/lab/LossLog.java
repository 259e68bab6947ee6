package org.socketlab.lab;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.CaptureUnavailableException;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LoopbackCapture;

/**
 * Which captured packets a drop rule of the lab network dropped. A second tcpdump reads the netfilter log group the
 * lab's rules (and its markers) log to ({@code nflog:}{@value #LOG_GROUP}); once rules exist every captured packet
 * waits here for its verdict, in wire order, and is handed on ({@code judged}) when the log has come past it, marked
 * lost if the log showed it dropped. Markers ({@link CaptureMarkers}) tell how far the log has come.
 */
final class LossLog {
    /** The netfilter log group the lab's drop rules (and its markers) log to. */
    static final int LOG_GROUP = 19;
    private static final int MAX_JUDGING = 10_000;
    /** A packet still waiting gets another marker after this long. */
    private static final long PUMP_AGAIN_NS = 20_000_000L;

    private final LabNetwork network;
    private final CaptureMarkers markers;
    /** Where a packet goes once its verdict is known (lost or not), in wire order. */
    private final Consumer<CapturedPacket> judged;
    /**
     * Set once the lab's drop rules exist: from then on every captured packet waits for its verdict (lost or not)
     * before it is handled.
     */
    private volatile boolean active;
    private final Object gate = new Object();
    private LoopbackCapture log;
    /** Captured packets waiting for their verdict, in wire order, with when each was seen (markers too). */
    private final ArrayDeque<CapturedPacket> judging = new ArrayDeque<>();
    private final ArrayDeque<Long> judgingSeenNs = new ArrayDeque<>();
    /** Dropped packets the log showed, not yet matched with their capture, oldest first. */
    private final ArrayDeque<byte[]> droppedLogged = new ArrayDeque<>();
    /** Captured packets known lost, until journaled. */
    private final Set<CapturedPacket> lost = Collections
            .synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private long lastPumpNs, lastPumpId, lastLoggedMarker, lastCapturedNs;

    LossLog(LabNetwork network, CaptureMarkers markers, Consumer<CapturedPacket> judged) {
        this.network = network;
        this.markers = markers;
        this.judged = judged;
    }

    /**
     * Starts reading the lab's log group, once; then the drop rules may be added. Returns the marker port the table
     * must log. {@code capturing}: whether the wire's own capture runs (without it nothing can be judged).
     */
    int start(boolean capturing) throws CaptureUnavailableException {
        synchronized (gate) {
            if (log != null) return markers.port();
            if (!capturing || markers.port() < 0)
                throw new CaptureUnavailableException(CaptureReason.of(CaptureReason.TURNED_OFF));
            log = LoopbackCapture.startLogGroup(network, LOG_GROUP, this::onLogged, r -> stop());
            return markers.port();
        }
    }

    /**
     * From now on every captured packet waits for its verdict; called before the first rule is applied, so no packet
     * a rule drops can pass unjudged. Until the table logs markers nothing is released (the watchdog keeps sending
     * markers; the first one logged releases what waits).
     */
    void judgeFromNow() {
        synchronized (gate) {
            if (log == null || active) return;
            active = true;
            pump(true);
        }
    }

    /** Whether captured packets wait for their verdict: the watchdog then keeps pumping (an idle lab rests). */
    boolean active() {
        return active;
    }

    /** Whether this captured packet was found lost; asked once, as it is journaled. */
    boolean wasLost(CapturedPacket p) {
        return lost.remove(p);
    }

    /** The log ended, or no rule could be applied: packets still waiting are handed on as not lost. */
    void stop() {
        synchronized (gate) {
            active = false;
            while (!judging.isEmpty()) {
                judgingSeenNs.removeFirst();
                judged.accept(judging.removeFirst());
            }
        }
    }

    /** Stops the log's tcpdump; what waits is handed on. */
    void close() {
        LoopbackCapture running;
        synchronized (gate) {
            running = log;
            log = null;
        }
        if (running != null) running.close();
        stop();
    }

    /** A captured packet while drop rules exist: it waits until the log has come past it. */
    void judge(CapturedPacket p) {
        synchronized (gate) {
            if (!active) {
                judged.accept(p);
                return;
            }
            long now = System.nanoTime();
            judging.addLast(p);
            judgingSeenNs.addLast(now);
            lastCapturedNs = now;
            if (judging.size() > MAX_JUDGING) {
                judgingSeenNs.removeFirst();
                judged.accept(judging.removeFirst());
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
        long id = markers.send();
        if (id < 0) return;
        lastPumpNs = now;
        lastPumpId = id;
    }

    /** Called every few ms (the lab's watchdog): a packet still waiting gets another marker. */
    void pumpAgain() {
        if (!active) return;
        synchronized (gate) {
            if (!judging.isEmpty() && System.nanoTime() - lastPumpNs > PUMP_AGAIN_NS) pump(true);
        }
    }

    /** A record of the log group: a marker (how far the log has come), or a packet a rule dropped. */
    private void onLogged(CapturedPacket p) {
        synchronized (gate) {
            if (markers.isMarker(p)) {
                lastLoggedMarker = Math.max(lastLoggedMarker, CaptureMarkers.idOf(p));
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
        Long loggedSentNs = markers.sentAtNs(lastLoggedMarker);
        if (loggedSentNs == null) return;
        int last = -1, i = 0;
        var seen = judgingSeenNs.iterator();
        for (CapturedPacket p : judging) {
            long at = seen.next();
            if (at >= loggedSentNs) break;
            if (markers.isMarker(p)) last = i;
            i++;
        }
        for (int n = 0; n <= last; n++) {
            CapturedPacket p = judging.removeFirst();
            judgingSeenNs.removeFirst();
            if (!markers.isMarker(p) && wasDropped(p)) lost.add(p);
            judged.accept(p);
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
        while (!judging.isEmpty() && markers.isMarker(judging.peekFirst())) {
            judgingSeenNs.removeFirst();
            judged.accept(judging.removeFirst());
        }
    }

    /** Whether a logged packet is this captured one: the same IP bytes, as far as both were kept. */
    static boolean sameIpPacket(byte[] logged, byte[] captured) {
        if (logged == null || captured == null || logged.length < 20 || captured.length < 20) return false;
        int n = Math.min(CaptureMarkers.ipEnd(captured), Math.min(logged.length, captured.length));
        return Arrays.equals(logged, 0, n, captured, 0, n);
    }
}
