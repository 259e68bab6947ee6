package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The window's one way to work off the FX thread: results and failures come back through the bridge's drain. */
class FxInboxTest {
    @Test
    void twoResultsReadyInOneFrameAreBothDeliveredInOrderAndOnlyAtTheDrain() {
        FxInbox work = new FxInbox((name, task) -> task.run()); // synchronous: no sleeps
        List<String> delivered = new ArrayList<>();
        work.start("first", () -> "one", delivered::add, e -> delivered.add("failed: " + e));
        work.start("second", () -> "two", delivered::add, e -> delivered.add("failed: " + e));
        assertEquals(List.of(), delivered, "nothing is delivered before the bridge's frame");
        work.drain();
        assertEquals(List.of("one", "two"), delivered, "a single-slot reference would have kept only the last");
        work.drain();
        assertEquals(List.of("one", "two"), delivered, "each is delivered once");
    }

    @Test
    void aFailureIsDeliveredToItsHandler() {
        FxInbox work = new FxInbox((name, task) -> task.run());
        List<String> delivered = new ArrayList<>();
        work.start("broken", () -> {
            throw new IOException("disk full");
        }, r -> delivered.add("result " + r), e -> delivered.add(e.getClass().getSimpleName() + ": " + e.getMessage()));
        work.drain();
        assertEquals(List.of("IOException: disk full"), delivered);
    }

    @Test
    void workRunsOnAThreadOfItsOwnAndItsResultOnTheDrainingThread() throws Exception {
        FxInbox work = new FxInbox();
        List<String> results = new CopyOnWriteArrayList<>();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        work.start("probe", () -> {
            workers.add(Thread.currentThread());
            return Thread.currentThread().getName();
        }, results::add, e -> results.add("failed"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (workers.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(1, workers.size(), "the worker ran");
        workers.getFirst().join(10_000);
        assertFalse(workers.getFirst().isAlive(), "the worker ended with its work");
        String[] ranOn = new String[1];
        work.deliver(() -> ranOn[0] = Thread.currentThread().getName());
        work.drain();
        assertEquals(List.of("socketlab-probe"), results, "the work ran on its named worker");
        assertNotEquals("socketlab-probe", ranOn[0]);
        assertEquals(Thread.currentThread().getName(), ranOn[0], "deliveries run on the thread that drains");
    }
}
