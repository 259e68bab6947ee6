package org.socketlab.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.socketlab.capture.WireFate;

/**
 * What SocketLab's own wire between the lab's two hosts told of each packet (issue 55), as it told it: kept (the most
 * recent {@value #KEPT}) until the lab looks, and counted by fate.
 */
public final class LinkFates {
    static final int KEPT = 100_000;
    private final List<WireFate> told = new ArrayList<>();
    private final int[] counts = new int[WireFate.Fate.values().length];
    /** How many frames the wire holds in each direction (to the server, to the client), as it last said. */
    private final int[] held = new int[2];
    private long lastToldNs;
    /**
     * TCP segments the wire lost whose bytes (or SYN, FIN) no arrived ACK has covered yet: their sender will send them
     * again after its retransmission timeout, so the wire is not quiet until then.
     */
    private final List<Owed> owed = new ArrayList<>();
    /**
     * Per direction of a connection ({@link #way}), the furthest its receiver has acknowledged in an ACK that arrived: a
     * lost segment the receiver already had (sent again too early, a keepalive probe) is never sent again.
     */
    private final Map<String, Long> acknowledged = new HashMap<>();
    /** At most this many lost segments are waited for; beyond it the oldest is forgotten. */
    static final int MAX_OWED = 1_024;

    private static final int TCP = 6, FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;

    /** A lost segment of a TCP connection, told by its direction, ports and the sequence number just after it. */
    private record Owed(boolean toServer, int srcPort, int dstPort, long end) {
        /** Whether {@code f}, a packet that arrived, ends the wait: an ACK from the receiver past it, or an RST. */
        boolean coveredBy(WireFate f) {
            boolean sameWay = f.toServer() == toServer && f.srcPort() == srcPort && f.dstPort() == dstPort;
            boolean back = f.toServer() != toServer && f.srcPort() == dstPort && f.dstPort() == srcPort;
            if ((f.tcpFlags() & RST) != 0) return sameWay || back;
            return back && (f.tcpFlags() & ACK) != 0 && (int) (f.ack() - end) >= 0;
        }
    }

    /** One packet's fate, from the wire's reader thread. */
    synchronized void told(WireFate fate) {
        counts[fate.fate().ordinal()]++;
        held[fate.toServer() ? 0 : 1] = fate.held();
        lastToldNs = System.nanoTime();
        if (told.size() == KEPT) told.removeFirst();
        told.add(fate);
        if (fate.proto() == TCP) owe(fate);
        notifyAll();
    }

    /** Keeps a lost TCP segment that takes sequence space as owed; forgets those an arrived packet covers. */
    private void owe(WireFate fate) {
        int length = fate.payload() + ((fate.tcpFlags() & SYN) != 0 ? 1 : 0) + ((fate.tcpFlags() & FIN) != 0 ? 1 : 0);
        boolean lost = fate.fate() == WireFate.Fate.LOST || fate.fate() == WireFate.Fate.DROPPED;
        long end = (fate.seq() + length) & 0xFFFF_FFFFL;
        if (lost && length > 0) {
            Long had = acknowledged.get(way(fate.toServer(), fate.srcPort(), fate.dstPort()));
            if (had != null && (int) (had - end) >= 0) return;
            owed.add(new Owed(fate.toServer(), fate.srcPort(), fate.dstPort(), end));
            if (owed.size() > MAX_OWED) owed.removeFirst();
        } else if (fate.fate().arrived()) {
            owed.removeIf(o -> o.coveredBy(fate));
            if ((fate.tcpFlags() & ACK) == 0) return;
            if (acknowledged.size() > MAX_OWED) acknowledged.clear();
            acknowledged.merge(way(!fate.toServer(), fate.dstPort(), fate.srcPort()), fate.ack(),
                    (a, b) -> (int) (b - a) > 0 ? b : a);
        }
    }

    /** A direction of a connection: which way, from which port to which. */
    private static String way(boolean toServer, int srcPort, int dstPort) {
        return (toServer ? "ab " : "ba ") + srcPort + " " + dstPort;
    }

    /** How many lost segments the wire still waits to see sent again and acknowledged. */
    synchronized int owed() {
        return owed.size();
    }

    /**
     * Waits until the wire holds nothing in either direction, owes nothing (every segment it lost was sent again and
     * acknowledged: a retransmission comes a timeout later, and belongs to the step whose segment was lost), and has
     * said nothing for {@code quietNs} since this wait began or its last word, whichever is later (a frame a call just
     * sent may still wait for a busy core before the wire reads it: silence from before the call proves nothing of
     * it), at most {@code timeoutNs}; whether it is quiet.
     */
    synchronized boolean awaitQuiet(long quietNs, long timeoutNs) throws InterruptedException {
        long begun = System.nanoTime(), deadline = begun + timeoutNs;
        for (;;) {
            long now = System.nanoTime(), silentSince = Math.max(begun, lastToldNs);
            boolean empty = held[0] == 0 && held[1] == 0 && owed.isEmpty();
            if (empty && now - silentSince >= quietNs) return true;
            if (now >= deadline) return false;
            long wait = empty ? quietNs - (now - silentSince) : deadline - now;
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(wait, deadline - now)));
        }
    }

    /** Every fate kept, in the order the wire told them. */
    public synchronized List<WireFate> all() {
        return List.copyOf(told);
    }

    /** How many packets had this fate. */
    public synchronized int count(WireFate.Fate fate) {
        return counts[fate.ordinal()];
    }
}
