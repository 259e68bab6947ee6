package org.socketlab.ui.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.JournalLine;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.JournalFixtures;

/**
 * The journal list renders only what a batch changed; what it shows must be exactly what rendering every line afresh
 * shows (a language switch does that), batch after batch, while older events are let go and while a late event is
 * told before lines already shown.
 */
class JournalViewModelTest {
    private static final int WINDOW = 100;

    /** Rounds of a send whose captured segment is journaled after the call's return but happened before it. */
    private static List<Event> sessionWithLateSegments(int rounds) {
        List<Event> events = new ArrayList<>(JournalFixtures.tcpLifecycle().subList(0, 14));
        for (int r = 0; r < rounds; r++) {
            long at = 1_000_000_000L + r * 1_000_000L;
            events.add(event(events, at, "client", JournalFixtures.data("send", 3, "m" + r, "len", "2", "flags", "0")));
            events.add(event(events, at - 500, "client",
                    JournalFixtures.captured("client", "server", 1 + 2L * r, 1L, 2, "PSH", "ACK")));
            events.add(event(events, at + 200_000, "server", new Payload.Queue(4, 2, 0)));
            events.add(event(events, at + 300_000, "server",
                    JournalFixtures.data("recv", 4, "m" + r, "len", "1024", "flags", "0")));
        }
        return events;
    }

    private static Event event(List<Event> before, long atNs, String endpoint, Payload payload) {
        return new Event(before.size() + 1, atNs, endpoint, payload);
    }

    @Test
    void batchAfterBatchTheLinesAreThoseOfAFreshRendering() {
        List<Event> session = sessionWithLateSegments(200);
        Texts texts = new Texts(Lang.EN);
        JournalViewModel list = new JournalViewModel(texts, WINDOW);
        Random sizes = new Random(23);
        int[] batchSizes = {1, 1, 2, 3, 7, 50, 333};
        for (int from = 0; from < session.size();) {
            int to = Math.min(session.size(), from + batchSizes[sizes.nextInt(batchSizes.length)]);
            list.onEvents(session.subList(from, to));
            from = to;
            List<JournalLine> incremental = List.copyOf(list.lines());
            texts.langProperty().set(Lang.ES);
            texts.langProperty().set(Lang.EN); // every line rendered afresh
            assertEquals(List.copyOf(list.lines()), incremental, "after event " + to);
        }
        assertTrue(list.lines().getFirst().text().contains("older events"), list.lines().getFirst().text());
        assertTrue(list.lines().size() <= 2 * WINDOW + 1, "bounded: " + list.lines().size());
        assertEquals(session.getLast().seq(), list.lines().getLast().seq(), "the newest event is the last line");
    }

    @Test
    void aLateSegmentIsToldBeforeTheReturnAlreadyShown() {
        List<Event> session = sessionWithLateSegments(1);
        Texts texts = new Texts(Lang.EN);
        JournalViewModel list = new JournalViewModel(texts, WINDOW);
        list.onEvents(session.subList(0, session.size() - 3)); // up to the send's return
        long send = session.get(session.size() - 4).seq();
        assertEquals(send, list.lines().getLast().seq());
        list.onEvents(session.subList(session.size() - 3, session.size() - 2)); // its segment, journaled after
        List<Long> seqs = list.lines().stream().map(JournalLine::seq).toList();
        long segment = session.get(session.size() - 3).seq();
        assertTrue(seqs.indexOf(segment) < seqs.lastIndexOf(send),
                () -> "the segment is told before the send returns: " + seqs);
    }
}
