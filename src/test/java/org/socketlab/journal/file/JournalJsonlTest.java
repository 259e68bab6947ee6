package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;

class JournalJsonlTest {
    @Test
    void realJournalRoundTripsLosslessly(@TempDir Path dir) throws Exception {
        List<Event> events;
        try (Lab lab = Lab.onThisMachine()) {
            new LessonRunner().run(LessonLoader.load("tcp-basics"), lab);
            events = lab.journal().snapshot();
        }
        Path file = dir.resolve("j.jsonl");
        JournalJsonl.write(events, file);
        assertEquals(events, JournalJsonl.read(file));
        // Read back into a journal, as replay would.
        Journal replay = new Journal();
        JournalJsonl.read(file).forEach(replay::restore);
        assertEquals(events, replay.snapshot());
    }

    @Test
    void everyKindOfEventRoundTripsWithTheDesignKeys() throws Exception {
        List<Event> events = List.of(
                new Event(1, 10, "client", new Payload.Note(Map.of("es", "hola", "en", "hello"))),
                new Event(2, 20, "client",
                        new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null, null, 0)),
                new Event(3, 30, "client",
                        new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111, "ECONNREFUSED", null,
                                42)),
                new Event(4, 40, "client",
                        new Payload.Call("send", 3, Map.of("len", "2"), 2, null, null, new byte[]{0, (byte) 0xff}, 0)),
                new Event(5, 50, "server", new Payload.Blocked("accept", 4)),
                new Event(6, 60, "server", new Payload.Cancelled("accept", 4, 1234)),
                new Event(7, 70, "server", new Payload.State(4, "CLOSED", "LISTEN", "tcp_info")),
                new Event(8, 80, "server", new Payload.Queue(4, 1, 0)),
                new Event(9, 90, "client",
                        new Payload.Segment("client", "server", "tcp", List.of("SYN"), 100L, null, 0, "inferred")),
                new Event(10, 100, "lab", new Payload.Capture(Payload.Capture.STARTED, "tcpdump on loopback")),
                new Event(11, 110, "server",
                        new Payload.Segment("server", "client", "tcp", List.of("SYN", "ACK"), 4_000_000_000L, 101L, 0,
                                "captured", 65483)),
                new Event(12, 120, "lab", new Payload.Capture(Payload.Capture.UNAVAILABLE, "tcpdump not installed")));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        String text = out.toString();
        assertEquals(events, JournalJsonl.read(new StringReader(text)));

        List<JsonNode> lines = text.lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals("hola", lines.get(0).get("text").get("es").asText());
        assertFalse(lines.get(1).has("fd"), "socket() has no fd");
        assertTrue(lines.get(1).get("errno").isNull());
        assertEquals("ECONNREFUSED", lines.get(2).get("errno_name").asText());
        assertEquals(111, lines.get(2).get("errno").asInt());
        assertEquals(42, lines.get(2).get("blocked_ns").asLong());
        assertEquals("AP8=", lines.get(3).get("data_b64").asText());
        assertEquals(1234, lines.get(5).get("waited_ns").asLong());
        assertEquals("LISTEN", lines.get(6).get("to").asText());
        assertEquals(1, lines.get(7).get("recv_q").asInt());
        assertEquals("SYN", lines.get(8).get("flags").get(0).asText());
        assertTrue(lines.get(8).get("ack_no").isNull());
        assertFalse(lines.get(8).has("window"), "inferred segments have no window");
        assertEquals("started", lines.get(9).get("status").asText());
        assertEquals("tcpdump on loopback", lines.get(9).get("reason").asText());
        assertEquals(4_000_000_000L, lines.get(10).get("seq_no").asLong(), "real unsigned 32-bit numbers");
        assertEquals(65483, lines.get(10).get("window").asInt());
        assertEquals("captured", lines.get(10).get("origin").asText());
        assertEquals("unavailable", lines.get(11).get("status").asText());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("seq").asInt());
            assertEquals(events.get(i).type(), lines.get(i).get("type").asText());
            assertTrue(lines.get(i).has("at_ns") && lines.get(i).has("endpoint"));
        }
    }

    /**
     * A tcp_info reading names the connection's congestion control (issue 76): written as {@code congestion}, read back;
     * a reading without it (an older journal's, or a kernel that did not say) has no such key and reads as null.
     */
    @Test
    void aTcpInfoReadingNamesItsCongestionControl() throws Exception {
        Payload.TcpInfo reno = new Payload.TcpInfo(3, 77L, 40_000, 20_000, 240_000, 10, 7L, 1448, 2896, 2, 65_535L,
                Payload.TcpInfo.FROM_TCP_INFO, 1, "reno");
        Payload.TcpInfo unnamed = new Payload.TcpInfo(3, 77L, 40_000, 20_000, 240_000, 10, 7L, 1448, 2896, 2, 65_535L,
                Payload.TcpInfo.FROM_TCP_INFO, 1);
        List<Event> events = List.of(new Event(1, 10, "client", reno), new Event(2, 20, "client", unnamed));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        List<String> lines = out.toString().lines().toList();
        assertEquals("reno", new ObjectMapper().readTree(lines.get(0)).get("congestion").asText(), lines.get(0));
        assertFalse(lines.get(1).contains("\"congestion\""), lines.get(1));
        List<Event> back = JournalJsonl.read(new StringReader(out.toString()));
        assertEquals(events, back);
        assertEquals("reno", ((Payload.TcpInfo) back.get(0).payload()).congestion());
        assertNull(((Payload.TcpInfo) back.get(1).payload()).congestion());
        assertFalse(reno.sameFigures(unnamed), "a reading that names another algorithm is a change");
    }

    @Test
    void aLostSegmentSaysSoAndOnlyThen() throws Exception {
        Payload.Segment arrived = new Payload.Segment("client", "server", "tcp", List.of("PSH", "ACK"), 1L, 1L, 3,
                "captured", 64, "127.0.0.1:40000", "127.0.0.1:5000", 5L, new byte[]{0x45}, 7L);
        List<Event> events = List.of(new Event(1, 10, "client", arrived), new Event(2, 20, "client", arrived.asLost()));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        List<String> lines = out.toString().lines().toList();
        assertFalse(lines.get(0).contains("\"lost\""), "a segment that arrived has no lost field: " + lines.get(0));
        assertTrue(new ObjectMapper().readTree(lines.get(1)).get("lost").asBoolean(), lines.get(1));
        List<Event> back = JournalJsonl.read(new StringReader(out.toString()));
        assertEquals(events, back);
        assertFalse(((Payload.Segment) back.get(0).payload()).lost());
        assertTrue(((Payload.Segment) back.get(1).payload()).lost());
        String notBoolean = lines.get(1).replace("\"lost\":true", "\"lost\":\"yes\"");
        assertThrows(RuntimeException.class, () -> JournalJsonl.read(new StringReader(notBoolean)));
    }

    @Test
    void aSegmentThatTookTimeToArriveKeepsBothMoments() throws Exception {
        Payload.Segment left = new Payload.Segment("client", "server", "tcp", List.of("SYN"), 1L, null, 0, "captured",
                64, "10.77.0.1:40000", "10.77.0.2:5000", 1_000L, new byte[]{0x45}, 7L);
        List<Event> events = List.of(new Event(1, 10, "client", left),
                new Event(2, 20, "client", left.withArrival(50_001_000L)));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        List<String> lines = out.toString().lines().toList();
        assertFalse(lines.get(0).contains("arrived_ns"), lines.get(0));
        assertEquals(50_001_000L, new ObjectMapper().readTree(lines.get(1)).get("arrived_ns").asLong(), lines.get(1));
        List<Event> back = JournalJsonl.read(new StringReader(out.toString()));
        assertEquals(events, back);
        assertEquals(1_000L, ((Payload.Segment) back.get(0).payload()).arrivalNs());
        assertEquals(50_001_000L, ((Payload.Segment) back.get(1).payload()).arrivalNs());
        String notNumber = lines.get(1).replace("\"arrived_ns\":50001000", "\"arrived_ns\":\"soon\"");
        assertThrows(RuntimeException.class, () -> JournalJsonl.read(new StringReader(notNumber)));
    }

    @Test
    void aSegmentsPassageOverTheWireIsKeptAndOnlyThen() throws Exception {
        Payload.Passage twice = new Payload.Passage(Payload.Passage.DUPLICATED, 100L,
                List.of(50_000_100L, 50_000_100L));
        Payload.Segment plain = new Payload.Segment("client", "server", "tcp", List.of("SYN"), 1L, null, 0,
                "captured", 64, "10.77.0.1:40000", "10.77.0.2:5000", 5L, new byte[]{0x45}, 7L);
        Payload.Segment lost = new Payload.Segment("server", "client", "tcp", List.of("ACK"), 1L, 2L, 0, "captured",
                null, "10.77.0.2:5000", "10.77.0.1:40000", 9L, null, 11L, false, null,
                new Payload.Passage(Payload.Passage.LOST, 9L, List.of()));
        Payload.Segment duplicated = new Payload.Segment("client", "server", "tcp", List.of("SYN"), 1L, null, 0,
                "captured", 64, "10.77.0.1:40000", "10.77.0.2:5000", 100L, new byte[]{0x45}, 7L, false, 50_000_100L,
                twice);
        List<Event> events = List.of(new Event(1, 10, "client", plain), new Event(2, 20, "server", lost),
                new Event(3, 30, "client", duplicated));
        StringWriter out = new StringWriter();
        JournalJsonl.write(events, out);
        List<String> lines = out.toString().lines().toList();
        assertFalse(lines.get(0).contains("link_"), "no wire, no passage: " + lines.get(0));
        assertTrue(lines.get(1).contains("\"link_fate\":\"lost\"") && lines.get(1).contains("\"link_arrived_ns\":[]"),
                lines.get(1));
        assertTrue(lines.get(2).contains("\"link_arrived_ns\":[50000100,50000100]"), lines.get(2));
        List<Event> back = JournalJsonl.read(new StringReader(out.toString()));
        assertEquals(events, back);
        Payload.Segment read = (Payload.Segment) back.get(2).payload();
        assertTrue(read.arrivedTwice() && !read.neverArrived() && read.link().delayNs() == 50_000_000L);
        assertTrue(((Payload.Segment) back.get(1).payload()).neverArrived());
        String noDeparture = lines.get(1).replace("\"link_departed_ns\":9,", "");
        assertThrows(RuntimeException.class, () -> JournalJsonl.read(new StringReader(noDeparture)));
    }

    @Test
    void malformedLineIsReportedWithItsNumber() {
        String good = JournalJsonl.line(new Event(1, 10, "client", new Payload.Blocked("accept", 3)));
        for (String bad : List.of("{not json", "[1,2]",
                "{\"seq\":2,\"at_ns\":1,\"type\":\"blocked\",\"endpoint\":\"c\",\"call\":\"accept\"}",
                "{\"seq\":2,\"at_ns\":1,\"type\":\"weird\",\"endpoint\":\"c\"}",
                "{\"seq\":\"two\",\"at_ns\":1,\"type\":\"blocked\",\"endpoint\":\"c\",\"call\":\"accept\",\"fd\":3}")) {
            LocalizedException e = assertThrows(LocalizedException.class,
                    () -> JournalJsonl.read(new StringReader(good + "\n\n" + bad + "\n")));
            assertEquals("cli.journal.badLine", e.key());
            String en = Messages.of(Lang.EN).text(e);
            assertTrue(en.startsWith("Journal line 3 is not a valid event: "), en);
            assertTrue(Messages.of(Lang.ES).text(e).startsWith("La línea 3 del registro"));
        }
    }
}
