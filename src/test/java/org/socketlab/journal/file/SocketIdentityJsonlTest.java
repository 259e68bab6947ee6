package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** A socket's inode on state and queue events, and a captured segment's wire addresses, in JSON Lines; older lines still read. */
class SocketIdentityJsonlTest {
    @Test
    void inodeAndWireAddressesRoundTripUnderTheirKeys() throws Exception {
        List<Event> events = List.of(
                new Event(1, 10, "server", new Payload.State(4, "CLOSED", "LISTEN", "tcp_info", null, 123456L)),
                new Event(2, 20, "server", new Payload.Queue(4, 1, 5, 123456L)),
                new Event(3, 30, "client",
                        new Payload.Segment("client", "server", "tcp", List.of("SYN"), 7L, null, 0, "captured", 65495,
                                "127.0.0.1:40112", "127.0.0.1:5000")));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = events.stream().map(JournalJsonl::line).map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(123456L, lines.get(0).get("inode").asLong());
        assertEquals(123456L, lines.get(1).get("inode").asLong());
        assertEquals("127.0.0.1:40112", lines.get(2).get("src").asText());
        assertEquals("127.0.0.1:5000", lines.get(2).get("dst").asText());
        for (int i = 0; i < events.size(); i++)
            assertEquals(events.get(i), JournalJsonl.parseLine(JournalJsonl.line(events.get(i))));
        // Inferred segments and sockets without a known inode write no such keys.
        String inferred = JournalJsonl.line(new Event(4, 40, "client",
                new Payload.Segment("client", "server", "tcp", List.of("FIN"), null, null, 0, "inferred")));
        assertFalse(json.readTree(inferred).has("src"));
        assertFalse(json
                .readTree(JournalJsonl
                        .line(new Event(5, 50, "client", new Payload.State(3, "CLOSED", "SYN_SENT", "tcp_info"))))
                .has("inode"));
    }

    @Test
    void callsNameTheSocketOfTheirFdAndTheSocketsTheyMade() throws Exception {
        Payload.Call accept = new Payload.Call("accept", 3, Map.of("peer", "127.0.0.1:40112"), 4, null, null, null, 0,
                null, 7, 1001L, List.of(1002L));
        Payload.Call pair = new Payload.Call("socketpair", null,
                Map.of("domain", "AF_UNIX", "type", "SOCK_STREAM", "protocol", "0", "sv", "[5, 6]"), 0, null, null,
                null, 0, null, 8, null, List.of(2005L, 2006L));
        ObjectMapper json = new ObjectMapper();
        JsonNode line = json.readTree(JournalJsonl.line(new Event(1, 10, "server", accept)));
        assertEquals(1001L, line.get("inode").asLong());
        assertEquals(1002L, line.get("made_inodes").get(0).asLong());
        assertEquals(accept, JournalJsonl.parseLine(JournalJsonl.line(new Event(1, 10, "server", accept))).payload());
        assertEquals(pair, JournalJsonl.parseLine(JournalJsonl.line(new Event(2, 20, "client", pair))).payload());
        assertEquals(1001L, accept.inodeOf(3), "the listener: the socket its fd named");
        assertEquals(1002L, accept.inodeOf(4), "the connection it made");
        assertEquals(2006L, pair.inodeOf(6));
        assertNull(pair.inodeOf(7));
        // A call that does not know them writes neither key.
        JsonNode plain = json.readTree(JournalJsonl.line(new Event(3, 30, "client",
                new Payload.Call("close", 3, Map.of(), 0, null, null, null, 0))));
        assertFalse(plain.has("inode"));
        assertFalse(plain.has("made_inodes"));
    }

    @Test
    void journalsWrittenBeforeTheseFieldsStillRead() {
        Payload.Call call = (Payload.Call) JournalJsonl.parseLine(
                "{\"seq\":1,\"at_ns\":5,\"type\":\"call\",\"endpoint\":\"client\",\"call\":\"socket\",\"args\":{\"domain\":\"AF_INET\"},"
                        + "\"result\":3,\"errno\":null,\"errno_name\":null,\"blocked_ns\":0}")
                .payload();
        assertNull(call.inode());
        assertEquals(List.of(), call.madeInodes());
        assertNull(call.inodeOf(3), "not known: readers fall back to the endpoint and fd");
        Payload.State state = (Payload.State) JournalJsonl.parseLine(
                "{\"seq\":1,\"at_ns\":5,\"type\":\"state\",\"endpoint\":\"client\",\"fd\":3,\"from\":\"CLOSED\",\"to\":\"SYN_SENT\",\"source\":\"tcp_info\"}")
                .payload();
        assertNull(state.inode());
        Payload.Queue queue = (Payload.Queue) JournalJsonl.parseLine(
                "{\"seq\":2,\"at_ns\":6,\"type\":\"queue\",\"endpoint\":\"client\",\"fd\":3,\"recv_q\":0,\"send_q\":1}")
                .payload();
        assertNull(queue.inode());
        Payload.Segment segment = (Payload.Segment) JournalJsonl.parseLine(
                "{\"seq\":3,\"at_ns\":7,\"type\":\"segment\",\"endpoint\":\"client\",\"from\":\"client\",\"to\":\"server\",\"proto\":\"tcp\","
                        + "\"flags\":[\"SYN\"],\"seq_no\":1,\"ack_no\":null,\"len\":0,\"origin\":\"captured\",\"window\":65495}")
                .payload();
        assertNull(segment.src());
        assertNull(segment.dst());
    }
}
