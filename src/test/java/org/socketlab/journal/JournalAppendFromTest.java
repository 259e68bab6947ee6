package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A sentence computed from the journal stands right after what it was computed from, however busy the observers. */
class JournalAppendFromTest {

    @Test
    void aNoteComputedFromTheHeldEventsFollowsTheLastOfThemEvenWithAnObserverAppendingMeanwhile() throws Exception {
        Journal journal = new Journal(new Journal.Retention(100_000, 4096, 1 << 20));
        journal.append("server", new Payload.Queue(4, 0, 0));
        AtomicBoolean stop = new AtomicBoolean();
        Thread observer = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) journal.append("server", new Payload.Queue(4, i, 0));
        });
        try {
            for (int round = 0; round < 500; round++) {
                Event note = journal.appendFrom("lesson",
                        held -> new Payload.Note(Map.of("en", String.valueOf(held.getLast().seq()))));
                Payload.Note said = (Payload.Note) note.payload();
                assertEquals(note.seq() - 1, Long.parseLong(said.text().get("en")),
                        "computed from every event before it, and from none after");
            }
        } finally {
            stop.set(true);
            observer.join();
        }
    }

    @Test
    void nothingIsRecordedWhenThereIsNothingToSay() {
        Journal journal = new Journal();
        journal.append("client", new Payload.Queue(3, 1, 0));
        assertNull(journal.appendFrom("lesson", held -> null));
        assertEquals(List.of(1L), journal.snapshot().stream().map(Event::seq).toList());
    }
}
