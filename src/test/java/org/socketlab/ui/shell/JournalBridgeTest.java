package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/** The bridge without the toolkit: the test thread plays the FX thread and calls drain() itself. */
class JournalBridgeTest {
    private static Payload note(String text) {
        return new Payload.Note(Map.of("en", text));
    }

    @Test
    void eventsFromAWorkerThreadWaitInTheQueueUntilTheNextDrain() throws Exception {
        Journal journal = new Journal();
        List<Event> delivered = new ArrayList<>();
        List<Thread> deliveryThreads = new ArrayList<>();
        try (JournalBridge bridge = new JournalBridge(journal)) {
            bridge.addSink(batch -> {
                delivered.addAll(batch);
                deliveryThreads.add(Thread.currentThread());
            });
            CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= 100; i++) journal.append("server", note("n" + i));
            }).get(5, TimeUnit.SECONDS);

            assertTrue(delivered.isEmpty(),
                    "the subscription only queues; nothing reaches a view-model from the worker");
            assertEquals(100, bridge.drain());
            assertEquals(100, delivered.size());
            for (int i = 0; i < 100; i++) assertEquals(i + 1, delivered.get(i).seq(), "journal order");
            assertEquals(List.of(Thread.currentThread()), deliveryThreads, "one batch, on the draining thread");
            assertEquals(0, bridge.drain(), "each event is delivered once");
        }
    }

    @Test
    void eventsFromBeforeTheBridgeExistedAreDeliveredFirstAndOnlyOnce() {
        Journal journal = new Journal();
        journal.append("server", note("early"));
        JournalBridge bridge = new JournalBridge(journal);
        journal.append("client", note("late"));
        List<Long> seqs = new ArrayList<>();
        bridge.addSink(batch -> batch.forEach(e -> seqs.add(e.seq())));
        bridge.drain();
        assertEquals(List.of(1L, 2L), seqs);
    }

    @Test
    void closingReleasesTheSubscription() {
        Journal journal = new Journal();
        JournalBridge bridge = new JournalBridge(journal);
        List<Event> delivered = new ArrayList<>();
        bridge.addSink(delivered::addAll);
        bridge.drain();
        bridge.close();
        journal.append("server", note("after close"));
        bridge.drain();
        // Only the catch-up read of the journal at the first drain could see it, and that already happened.
        assertTrue(delivered.isEmpty());
    }

    @Test
    void eventsAskForOnePulseUntilTheyAreDrainedAndNoneWhileNothingArrives() throws Exception {
        Journal journal = new Journal();
        AtomicInteger asked = new AtomicInteger();
        try (JournalBridge bridge = new JournalBridge(journal)) {
            bridge.wakeWith(asked::incrementAndGet);
            assertEquals(0, asked.get(), "no event, no pulse");
            CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= 50; i++) journal.append("server", note("n" + i));
            }).get(5, TimeUnit.SECONDS);
            assertEquals(1, asked.get(), "fifty events before the pulse ask for one pulse");
            assertEquals(50, bridge.drain());
            assertEquals(0, bridge.drain());
            assertEquals(1, asked.get(), "a drain that found nothing asks for nothing more");
            journal.append("client", note("later"));
            assertEquals(2, asked.get(), "an event after the drain asks for the next pulse");
            assertEquals(1, bridge.drain());
        }
    }

    @Test
    void workForEverySecondRunsOnceASecondWhileNeededAndAsksForNoPulseOtherwise() {
        Journal journal = new Journal();
        AtomicLong now = new AtomicLong(5_000_000_000L);
        boolean[] counting = {false};
        int[] ticks = {0};
        try (JournalBridge bridge = new JournalBridge(journal)) {
            bridge.useClock(now::get);
            bridge.everySecond(() -> counting[0], () -> ticks[0]++);
            bridge.pulse();
            assertEquals(0, bridge.nextSecondNs(), "nothing counts down: no second asked for");
            counting[0] = true; // say a TIME_WAIT row arrived in this pulse's drain
            bridge.pulse();
            assertEquals(0, ticks[0], "the countdown moves a second later, not now");
            assertEquals(6_000_000_000L, bridge.nextSecondNs());
            for (int ms = 0; ms < 990; ms += 16) { // pulses for other reasons within that second
                now.addAndGet(16_000_000L);
                bridge.pulse();
            }
            assertEquals(0, ticks[0], "other pulses do not tick it sooner");
            now.set(6_000_000_000L);
            bridge.pulse();
            assertEquals(1, ticks[0]);
            assertEquals(7_000_000_000L, bridge.nextSecondNs(), "still counting: the next second is asked for");
            counting[0] = false;
            now.set(7_000_000_000L);
            bridge.pulse();
            assertEquals(1, ticks[0], "no longer needed: not run");
            assertEquals(0, bridge.nextSecondNs(), "and no further second asked for");
        }
    }

    @Test
    void aPulseCanBeAskedForLaterAndNoneAfterClose() throws Exception {
        Journal journal = new Journal();
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<Long> woken = new CompletableFuture<>();
        JournalBridge bridge = new JournalBridge(journal);
        bridge.wakeWith(() -> {
            asked.incrementAndGet();
            woken.complete(System.nanoTime());
        });
        long start = System.nanoTime();
        bridge.wakeIn(50_000_000L);
        assertTrue(woken.get(5, TimeUnit.SECONDS) - start >= 50_000_000L, "not before its time");
        assertEquals(1, asked.get());
        bridge.drain();
        bridge.close();
        bridge.wakeIn(1);
        Thread.sleep(100);
        assertEquals(1, asked.get(), "a closed bridge asks for nothing");
    }
}
