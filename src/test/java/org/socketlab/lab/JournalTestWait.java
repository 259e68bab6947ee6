package org.socketlab.lab;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits on the journal (no sleeps) until an endpoint's call is journaled as blocked. */
final class JournalTestWait {
    private JournalTestWait() {
    }

    static boolean blocked(Journal journal, String endpoint, String call) {
        CountDownLatch seen = new CountDownLatch(1);
        Subscription sub = journal.subscribe(e -> {
            if (e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Blocked b && b.call().equals(call))
                seen.countDown();
        });
        try {
            if (journal.snapshot().stream()
                    .anyMatch(e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Blocked b
                            && b.call().equals(call)))
                return true;
            return seen.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            sub.close();
        }
    }
}
