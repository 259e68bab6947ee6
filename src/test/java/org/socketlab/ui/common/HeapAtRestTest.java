package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A collection at rest only when the heap grew since the last one. */
class HeapAtRestTest {
    @Test
    void collectsOnlyAfterTheHeapGrewAndMeasuresAgainAfterwards() {
        AtomicLong committed = new AtomicLong(60L << 20);
        AtomicInteger collections = new AtomicInteger();
        HeapAtRest heap = new HeapAtRest(committed::get, () -> {
            collections.incrementAndGet();
            committed.set(70L << 20); // shrunk to what is live
        });
        heap.rested();
        assertEquals(0, collections.get(), "an idle window that did not grow collects nothing");
        committed.set((60L << 20) + HeapAtRest.GROWTH - 1);
        heap.rested();
        assertEquals(0, collections.get(), "less than the growth that is worth a pause");
        committed.set(320L << 20);
        heap.rested();
        assertEquals(1, collections.get(), "a burst grew the heap: collected at rest");
        heap.rested();
        assertEquals(1, collections.get(), "measured again after the collection: nothing more to give back");
    }

    @Test
    void whileBusyOnlyALargerGrowthIsWorthAPause() {
        AtomicLong committed = new AtomicLong(60L << 20);
        AtomicInteger collections = new AtomicInteger();
        HeapAtRest heap = new HeapAtRest(committed::get, collections::incrementAndGet);
        committed.addAndGet(HeapAtRest.GROWTH);
        heap.busy();
        assertEquals(0, collections.get(), "what a rest would give back waits for the rest");
        committed.addAndGet(HeapAtRest.BUSY_GROWTH);
        heap.busy();
        assertEquals(1, collections.get(), "a burst that goes on is collected while it lasts");
    }
}
