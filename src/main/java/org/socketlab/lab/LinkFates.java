package org.socketlab.lab;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.capture.WireFate;

/**
 * What SocketLab's own wire between the lab's two hosts told of each packet (issue 55), as it told it: kept (the most
 * recent {@value #KEPT}) until the lab looks, and counted by fate.
 */
public final class LinkFates {
    static final int KEPT = 100_000;
    private final List<WireFate> told = new ArrayList<>();
    private final int[] counts = new int[WireFate.Fate.values().length];

    /** One packet's fate, from the wire's reader thread. */
    synchronized void told(WireFate fate) {
        counts[fate.fate().ordinal()]++;
        if (told.size() == KEPT) told.removeFirst();
        told.add(fate);
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
