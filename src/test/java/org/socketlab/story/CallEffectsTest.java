package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * The times of a traced program's calls (strace's stamps) and of its captured segments (tcpdump's) disagree by up to
 * a millisecond: the events below are those TracedStoryTest recorded once here (issue 26 §5), where the program's
 * {@code connect() = 0} returned 0.6 ms before its own SYN and close() before its FIN. The story keeps causes before
 * effects: each call returns below the segments it made. A lab endpoint's call, timed on the journal's own clock, is
 * told as timed.
 */
class CallEffectsTest {
    private static final String PEER = "127.0.0.1:36885", ME = "127.0.0.1:60066";

    private static Event call(long seq, String endpoint, String name, Map<String, String> args, long entered,
            long returned) {
        return new Event(seq, returned, endpoint,
                new Payload.Call(name, 3, args, 0, null, null, null, 0, null, entered));
    }

    private static Event sent(long seq, String from, String to, List<String> flags, int len, long wire) {
        boolean mine = !from.equals("server");
        return new Event(seq, wire + 2_000_000, from, new Payload.Segment(from, to, "tcp", flags, 100L + seq, 1L, len,
                Payload.Segment.CAPTURED, 65495, mine ? ME : PEER, mine ? PEER : ME, wire));
    }

    private static List<String> order(String endpoint) {
        List<Event> journal = List.of(
                call(1, endpoint, "connect", Map.of("addr", PEER), 330_000, 330_446),
                call(2, endpoint, "close", Map.of(), 332_405, 332_419),
                sent(3, endpoint, "server", List.of("SYN"), 0, 331_038),
                sent(4, "server", endpoint, List.of("SYN", "ACK"), 0, 331_052),
                sent(5, endpoint, "server", List.of("ACK"), 0, 331_066),
                sent(6, endpoint, "server", List.of("FIN", "ACK"), 0, 332_421));
        return Story.of(journal).beats().stream().map(b -> switch (b) {
            case Beat.Call c -> c.call().call() + " " + c.moment();
            case Beat.Segment s -> String.join(",", s.segment().flags());
            default -> b.event().type();
        }).toList();
    }

    @Test
    void aTracedCallReturnsBelowTheSegmentsItMade() {
        assertEquals(List.of("connect ENTRY", "SYN", "SYN,ACK", "ACK", "connect RETURN", "close ENTRY", "FIN,ACK",
                "close RETURN"), order("program"));
    }

    @Test
    void aLabCallIsToldAsTimedOnTheJournalsClock() {
        assertEquals(List.of("connect WHOLE", "SYN", "SYN,ACK", "ACK", "close WHOLE", "FIN,ACK"), order("client"));
    }
}
