package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** The numbers told of captured segments when one watched program holds both ends of a connection. */
class WireNumbersTest {
    private static final String CLIENT = "127.0.0.1:60518", SERVER = "127.0.0.1:36097";

    private static Payload.Segment segment(String src, String dst, long seq, Long ack, int len, String... flags) {
        return new Payload.Segment("program", "program", "tcp", List.of(flags), seq, ack, len, "captured", 64, src, dst,
                null);
    }

    @Test
    void bothEndsInOneProgramAreNumberedEachFromItsOwnSyn() {
        List<Payload.Segment> wire = List.of(segment(CLIENT, SERVER, 2_650_460_000L, null, 0, "SYN"),
                segment(SERVER, CLIENT, 3_032_204_967L, 2_650_460_001L, 0, "SYN", "ACK"),
                segment(CLIENT, SERVER, 2_650_460_001L, 3_032_204_968L, 0, "ACK"),
                segment(CLIENT, SERVER, 2_650_460_001L, 3_032_204_968L, 64, "PSH", "ACK"),
                segment(SERVER, CLIENT, 3_032_204_968L, 2_650_460_065L, 0, "ACK"));
        List<Event> events = new ArrayList<>();
        for (Payload.Segment s : wire) events.add(new Event(events.size() + 1, 1_000L * events.size(), "program", s));
        List<Long> told = new ArrayList<>();
        for (Beat beat : Story.of(events).beats())
            if (beat instanceof Beat.Segment s) {
                told.add(s.relSeq());
                told.add(s.relAck());
            }
        // SYN 0; SYN-ACK 0 ack 1; ACK 1 ack 1; data 1 ack 1; ACK 1 ack 65: as Wireshark numbers them.
        assertEquals(Arrays.asList(0L, null, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 65L), told);
    }
}
