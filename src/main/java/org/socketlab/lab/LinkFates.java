package org.socketlab.lab;

import java.util.ArrayList;
import java.util.List;
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

    /** One packet's fate, from the wire's reader thread. */
    synchronized void told(WireFate fate) {
        counts[fate.fate().ordinal()]++;
        held[fate.toServer() ? 0 : 1] = fate.held();
        lastToldNs = System.nanoTime();
        if (told.size() == KEPT) told.removeFirst();
        told.add(fate);
        notifyAll();
    }

    /**
     * Waits until the wire holds nothing in either direction and has said nothing for {@code quietNs} since this wait
     * began or its last word, whichever is later (a frame a call just sent may still wait for a busy core before the
     * wire reads it: silence from before the call proves nothing of it), at most {@code timeoutNs}; whether it is quiet.
     */
    synchronized boolean awaitQuiet(long quietNs, long timeoutNs) throws InterruptedException {
        long begun = System.nanoTime(), deadline = begun + timeoutNs;
        for (;;) {
            long now = System.nanoTime(), silentSince = Math.max(begun, lastToldNs);
            boolean quiet = held[0] == 0 && held[1] == 0 && now - silentSince >= quietNs;
            if (quiet) return true;
            if (now >= deadline) return false;
            long wait = held[0] == 0 && held[1] == 0 ? quietNs - (now - silentSince) : deadline - now;
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
