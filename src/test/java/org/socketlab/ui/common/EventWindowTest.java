package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.ui.diagram.JournalFixtures;

/** The window tells its newest events as the whole journal's story tells them. */
class EventWindowTest {
    /** A handshake (ISNs 7,000 and 90,000), then {@code sends} segments of 100 bytes each way. */
    private static List<Event> connection(int sends) {
        List<Event> events = new ArrayList<>();
        add(events, JournalFixtures.captured("client", "server", 7_000, null, 0, "SYN"));
        add(events, JournalFixtures.captured("server", "client", 90_000, 7_001L, 0, "SYN", "ACK"));
        add(events, JournalFixtures.captured("client", "server", 7_001, 90_001L, 0, "ACK"));
        for (int i = 0; i < sends; i++) {
            add(events, JournalFixtures.captured("client", "server", 7_001 + 100L * i, 90_001 + 100L * i, 100, "PSH",
                    "ACK"));
            add(events, JournalFixtures.captured("server", "client", 90_001 + 100L * i, 7_101 + 100L * i, 100, "PSH",
                    "ACK"));
        }
        return events;
    }

    private static void add(List<Event> events, Payload payload) {
        String from = ((Payload.Segment) payload).from();
        events.add(new Event(events.size() + 1, 1_000L * events.size(), from, payload));
    }

    private static List<Long> numbers(Story story) {
        List<Long> numbers = new ArrayList<>();
        for (Beat beat : story.beats())
            if (beat instanceof Beat.Segment s) {
                numbers.add(s.event().seq());
                numbers.add(s.relSeq());
                numbers.add(s.relAck());
            }
        return numbers;
    }

    @Test
    void segmentsKeepTheirNumbersWhenTheirHandshakeIsLetGo() {
        List<Event> all = connection(40);
        EventWindow window = new EventWindow(20);
        for (Event e : all) window.add(List.of(e));
        assertTrue(window.older() > 3, "the handshake was let go: " + window.older());
        List<Long> whole = numbers(Story.of(all));
        List<Long> told = numbers(window.story());
        assertEquals(whole.subList(whole.size() - told.size(), whole.size()), told,
                "each kept segment's relative seq and ack, as the whole journal's story tells them");
        Beat.Segment last = (Beat.Segment) window.story().beats().getLast();
        assertEquals(3_900L + 1, last.relSeq(), "the server's 40th segment starts 3,900 bytes after its SYN's + 1");
    }
}
