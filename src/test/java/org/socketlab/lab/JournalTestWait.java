package org.socketlab.lab;

import java.time.Duration;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.testing.Await;

/** Waits on the journal (no sleeps) until an endpoint's call is journaled as blocked; fails when it is not in 20 s. */
final class JournalTestWait {
    private JournalTestWait() {
    }

    static boolean blocked(Journal journal, String endpoint, String call) {
        Await.untilJournaled(journal, Duration.ofSeconds(20),
                () -> journal.snapshot().stream().anyMatch(e -> e.endpoint().equals(endpoint)
                        && e.payload() instanceof Payload.Blocked b && b.call().equals(call)),
                () -> endpoint + "'s " + call + " journaled blocked");
        return true;
    }
}
