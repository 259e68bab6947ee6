package org.socketlab.lab;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.CaptureUnavailableException;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LoopbackCapture;
import org.socketlab.capture.SecondHost;

/**
 * Which captured packets a drop rule of the lab network dropped. A second capture reads the netfilter log group the
 * lab's rules (and its markers) log to ({@code nflog:}{@value #LOG_GROUP}); once rules exist every captured packet
 * waits here for its verdict, in wire order, and is handed on ({@code judged}) when the log has come past it, marked
 * lost if the log showed it dropped. Markers ({@link CaptureMarkers}) tell how far the log has come: a round of them,
 * one sent from each CPU, since a packet waits for its input hook in the queue of the CPU that sent it and a loaded
 * CPU may leave that queue for milliseconds (its softirq deferred to ksoftirqd) while another CPU's marker passes the
 * hook: with one marker, a packet dropped after it was judged arrived.
 *
 * <p>With two machines, rules that drop what goes to the second host act in that host's kernel, where such packets
 * arrive: that host's log group is read too (the <i>far</i> log), with markers sent over the link so that they pass
 * its input hook after what was sent before them. A packet is then judged once every log read has come past it.
 */
final class LossLog {
    /** The netfilter log group the lab's drop rules (and its markers) log to, in each host. */
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
    /** The first host's log (its own namespace) and the second host's, each once started. Under {@link #gate}. */
    private @Nullable Log near, far;
    /** Captured packets waiting for their verdict, in wire order, with when each was seen (markers too). */
    private final ArrayDeque<CapturedPacket> judging = new ArrayDeque<>();
    private final ArrayDeque<Long> judgingSeenNs = new ArrayDeque<>();
    /** Captured packets known lost, until journaled. */
    private final Set<CapturedPacket> lost = Collections
            .synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private long lastCapturedNs;

    /** At most this many rounds of markers wait to be shown whole by one log; older ones are forgotten. */
    private static final int MAX_ROUNDS = 64;

    /**
     * One log group read: its capture, how its markers are sent (a round, one from each CPU), how far it has come and
     * what it showed dropped.
     */
    private static final class Log {
        private final Supplier<CaptureMarkers.@Nullable Round> sendRound;
        private @Nullable LoopbackCapture reader;
        private long lastPumpNs;
        /** Rounds sent that this log has not shown whole yet, oldest first, each with the numbers still missing. */
        private final ArrayDeque<Waiting> rounds = new ArrayDeque<>();
        /** The first number of the newest round this log has shown whole: how far it has come (0: none yet). */
        private long lastLoggedMarker;
        /** Dropped packets this log showed, not yet matched with their capture, oldest first. */
        private final ArrayDeque<byte[]> droppedLogged = new ArrayDeque<>();

        Log(Supplier<CaptureMarkers.@Nullable Round> sendRound) {
            this.sendRound = sendRound;
        }

        /** A round just sent: it waits for this log to show each of its markers. */
        void sent(CaptureMarkers.Round round) {
            Set<Long> missing = new HashSet<>();
            for (long id : round.ids()) missing.add(id);
            rounds.addLast(new Waiting(round.first(), missing));
            if (rounds.size() > MAX_ROUNDS) rounds.removeFirst();
        }

        /**
         * This log showed marker {@code id}. When that completes a round, the log has come past everything sent before
         * the round's first marker, and the rounds older than it no longer matter.
         */
        void logged(long id) {
            for (var newer = rounds.descendingIterator(); newer.hasNext();) {
                Waiting w = newer.next();
                if (!w.missing.remove(id)) continue;
                if (w.missing.isEmpty()) {
                    lastLoggedMarker = Math.max(lastLoggedMarker, w.first);
                    while (rounds.peekFirst() != w) rounds.removeFirst();
                    rounds.removeFirst();
                }
                return;
            }
        }

        /** Whether a round sent is still waiting to be shown whole. */
        boolean waiting() {
            return !rounds.isEmpty();
        }
    }

    /** A round of markers one log has not shown whole: its first number and those not shown yet. */
    private record Waiting(long first, Set<Long> missing) {
    }

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
            if (near != null) return markers.port();
            if (!capturing || markers.port() < 0)
                throw new CaptureUnavailableException(CaptureReason.of(CaptureReason.TURNED_OFF));
            Log log = new Log(markers::sendFromEachCpu);
            log.reader = LoopbackCapture.startLogGroup(network, LOG_GROUP, p -> onLogged(log, p), r -> stop());
            near = log;
            return markers.port();
        }
    }

    /**
     * Starts reading the second host's log group, once: its drop rules act there, on what arrives over the link. Its
     * markers cross the link from the marker port on the first host's address. Returns the marker port its table must
     * log.
     */
    int startFar(boolean capturing, SecondHost host) throws CaptureUnavailableException {
        synchronized (gate) {
            if (far != null) return markers.port();
            if (!capturing || markers.port() < 0 || !markers.openLink(SecondHost.CLIENT_ADDRESS))
                throw new CaptureUnavailableException(CaptureReason.of(CaptureReason.TURNED_OFF));
            Log log = new Log(() -> markers.sendOverLinkFromEachCpu(SecondHost.SERVER_ADDRESS));
            try {
                log.reader = LoopbackCapture.startLogGroupIn(network, host, LOG_GROUP, p -> onLogged(log, p),
                        r -> forgetFar()); // its capture ended (the host went): already stopped
            } catch (CaptureUnavailableException e) {
                markers.closeLink();
                throw e;
            }
            far = log;
            return markers.port();
        }
    }

    /**
     * The second host's log is no longer read (its rules could not be applied, or the host is going): its capture ends
     * (it would keep the host's namespace alive), and what waited only for it is handed on.
     */
    void stopFar() {
        LoopbackCapture running = forgetFar();
        if (running != null) running.close();
    }

    /** The second host's log forgotten; returns its reader (null when there was none). */
    private @Nullable LoopbackCapture forgetFar() {
        synchronized (gate) {
            if (far == null) return null;
            LoopbackCapture running = far.reader;
            far = null;
            markers.closeLink();
            if (near == null) stop();
            else releaseSettled();
            return running;
        }
    }

    /**
     * From now on every captured packet waits for its verdict; called before the first rule is applied, so no packet
     * a rule drops can pass unjudged. Until the table logs markers nothing is released (the watchdog keeps sending
     * markers; the first one logged releases what waits).
     */
    void judgeFromNow() {
        synchronized (gate) {
            if (near == null && far == null) return;
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

    /** Stops the logs' captures; what waits is handed on. */
    void close() {
        List<Log> running;
        synchronized (gate) {
            running = logs();
            near = null;
            far = null;
            markers.closeLink();
        }
        for (Log log : running) if (log.reader != null) log.reader.close();
        stop();
    }

    /** The logs read now. Under {@link #gate}. */
    private List<Log> logs() {
        if (near != null && far != null) return List.of(near, far);
        return near != null ? List.of(near) : far != null ? List.of(far) : List.of();
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
     * Makes sure a marker is on its way to each log that was sent after the newest captured packet: its record in the
     * log will release what came before. Under {@link #gate}.
     */
    private void pump(boolean force) {
        for (Log log : logs()) {
            if (!force && (judging.isEmpty() || log.lastPumpNs > lastCapturedNs && log.waiting())) continue;
            long now = System.nanoTime();
            CaptureMarkers.Round round = log.sendRound.get();
            if (round == null) continue;
            log.lastPumpNs = now;
            log.sent(round);
        }
    }

    /** Called every few ms (the lab's watchdog): a packet still waiting gets another marker. */
    void pumpAgain() {
        if (!active) return;
        synchronized (gate) {
            if (judging.isEmpty()) return;
            long now = System.nanoTime();
            for (Log log : logs())
                if (now - log.lastPumpNs > PUMP_AGAIN_NS) {
                    pump(true);
                    return;
                }
        }
    }

    /** A record of a log group: a marker (how far the log has come), or a packet a rule dropped. */
    private void onLogged(Log log, CapturedPacket p) {
        synchronized (gate) {
            if (markers.isMarker(p)) {
                log.logged(CaptureMarkers.idOf(p));
                releaseSettled();
                pump(false);
            } else {
                byte[] ip = p.ipPacket(); // none only in a packet made by hand, which no log could show
                if (ip != null) log.droppedLogged.addLast(ip);
                if (log.droppedLogged.size() > MAX_JUDGING) log.droppedLogged.removeFirst();
            }
        }
    }

    /**
     * Hands on, in order, the waiting packets whose verdict is known: those captured before the newest captured marker
     * that was seen before a round of markers was sent that every log has shown whole since. Each packet captured
     * before the round waited in its sending CPU's input queue, which that CPU empties in order, ahead of the round's
     * marker from that CPU, so each of those packets the rules dropped is in a log by now. Under {@link #gate}.
     */
    private void releaseSettled() {
        List<Log> logs = logs();
        if (logs.isEmpty()) return;
        long loggedSentNs = Long.MAX_VALUE;
        for (Log log : logs) {
            Long sentNs = markers.sentAtNs(log.lastLoggedMarker);
            if (sentNs == null) return;
            loggedSentNs = Math.min(loggedSentNs, sentNs);
        }
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
            if (!markers.isMarker(p) && wasDropped(logs, p)) lost.add(p);
            judged.accept(p);
        }
        releaseLeadingMarkers();
    }

    /**
     * Whether a log showed this captured packet dropped. A log and the capture keep the same order, so a drop logged
     * before the one that matches had no capture of its own (one the capture missed): it is let go.
     */
    private static boolean wasDropped(List<Log> logs, CapturedPacket p) {
        for (Log log : logs) {
            int k = 0;
            for (byte[] logged : log.droppedLogged) {
                if (sameIpPacket(logged, p.ipPacket())) {
                    for (int i = 0; i <= k; i++) log.droppedLogged.removeFirst();
                    return true;
                }
                k++;
            }
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
    static boolean sameIpPacket(byte @Nullable [] logged, byte @Nullable [] captured) {
        if (logged == null || captured == null || logged.length < 20 || captured.length < 20) return false;
        int n = Math.min(CaptureMarkers.ipEnd(captured), Math.min(logged.length, captured.length));
        return Arrays.equals(logged, 0, n, captured, 0, n);
    }
}
