package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The quick check's yes is the parser's: on every kind of line the writer makes it says the seq, and on mutated lines
 * it never says yes to one the parser refuses (its no only sends a line to the parser, which says why).
 */
class JournalLineCheckTest {
    private static final List<String> TOKENS = new ArrayList<>(FuzzSupport.JSON_TOKENS);
    static {
        TOKENS.addAll(List.of("\"seq\"", "\"type\"", "\"fd\"", "\"format\":2,", "\"format\":1,", "\\u0041", "\\",
                "1.5", "1e3", "-", "0", "99999999999999999999", "2147483648", "\"lost\":null,", "é", "\u00ff",
                "\"slide\"", "\"title\"", "\"text\"", "\"quiz\"", "=", "\"data_len\":3,", "\"entered_ns\":null,",
                "\t", " ", "\"reason_args\":null,", "\"args\":{},", "\"flags\":[1],", "\"made_inodes\":[1,\"2\"],",
                "\"made_inodes\":[1, 2],", "\"inode\":7,"));
    }

    /** One line of every event type and optional field the writer makes. */
    static List<String> writersLines() {
        byte[] packet = new byte[40];
        packet[0] = 0x45;
        List<Payload> payloads = List.of(
                new Payload.Capture(Payload.Capture.UNAVAILABLE, "tcpdump not installed"),
                new Payload.Capture("started", null, "lab_network", List.of("a", "b")),
                new Payload.Note(Map.of("es", "señal \"de\" conexión ✓ 🙂", "en", "hello\nthere")),
                new Payload.Note(Map.of("es", "hola", "en", "hi"), Map.of("es", "Título", "en", "Title"),
                        Map.of("es", "Texto", "en", "Text"), null),
                new Payload.Note(Map.of("es", "x", "en", "y"), Map.of(), Map.of(),
                        new Payload.Quiz.Score("tcp-basics", 1, 2, true)),
                new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null,
                        null, 0, 5),
                new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111, "ECONNREFUSED", null, 1_200),
                new Payload.Call("send", 3, Map.of("len", "4"), 4, null, null, "hola".getBytes(StandardCharsets.UTF_8),
                        0),
                new Payload.Call("send", 3, Map.of(), 5000, null, null, new byte[]{1, 2, 3}, 0,
                        new Payload.Elided(5000, "0".repeat(64)), 7),
                new Payload.Call("accept", 4, Map.of("peer", "127.0.0.1:40112"), 5, null, null, null, 0, null, 9,
                        777L, List.of(778L)),
                new Payload.Blocked("accept", 4),
                new Payload.Cancelled("recv", 5, 123_456),
                new Payload.State(3, "SYN_SENT", "ESTABLISHED", "tcp_info", null, 1234L),
                new Payload.State(3, "FIN_WAIT_2", "TIME_WAIT", "sock_diag", 60_000L, null),
                new Payload.Queue(4, 0, 16, 99L),
                new Payload.TcpInfo(3, 1234L, 50_123, 25_000, 250_000, 10, 7L, 1448, 2896, 2, 65_535L,
                        Payload.TcpInfo.FROM_TCP_INFO, 1),
                new Payload.TcpInfo(3, null, 40, 20, 204_000, 10, null, 1448, 0, 0, null,
                        Payload.TcpInfo.FROM_CAPTURE, 0),
                new Payload.TcpInfo(3, null, 40, 20, 204_000, 10, null, 1448, 0, 0, null,
                        Payload.TcpInfo.FROM_TCP_INFO, 0, "reno"),
                new Payload.Segment("client", "server", "tcp", List.of("SYN", "ACK"), 1L, 2L, 0, "captured", 65_535,
                        "127.0.0.1:4000", "127.0.0.1:5000", 12L, packet, 1_700_000_000_123_456_789L, true),
                new Payload.Segment("server", "client", "tcp", List.of("ACK"), 1L, 2L, 0, "captured", null,
                        "10.77.0.2:5000", "10.77.0.1:4000", 12L, null, 13L, false, 50L,
                        new Payload.Passage(Payload.Passage.DUPLICATED, 12L, List.of(50L, 51L), 3L)),
                new Payload.Segment("client", "external", "udp", List.of(), null, null, 9, "inferred"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            Event event = new Event(i + 1, 1_000L * i - 5, i % 2 == 0 ? "client" : "server-1", payloads.get(i));
            lines.add(i == 0 ? JournalJsonl.firstLine(event) : JournalJsonl.line(event));
        }
        return lines;
    }

    /** What the check says of {@code line}: its seq, or UNSURE. */
    private static long check(JournalLineCheck check, String line) {
        byte[] bytes = ("junk" + line + "\njunk\"}").getBytes(StandardCharsets.UTF_8); // bytes around it are not its own
        int from = 4, to = 4 + line.getBytes(StandardCharsets.UTF_8).length;
        return check.seqOf(bytes, from, to);
    }

    @Test
    void theWritersLinesAreTakenWithoutTheParser() {
        JournalLineCheck check = new JournalLineCheck();
        for (String line : writersLines()) {
            Event event = JournalJsonl.parseLine(line);
            long seq = check(check, line);
            if (event.payload() instanceof Payload.Note n && n.quiz() != null) {
                assertEquals(JournalLineCheck.UNSURE, seq, "a quiz is left to the parser");
                continue;
            }
            assertEquals(event.seq(), seq, line);
            assertEquals(event.payload() instanceof Payload.Capture, check.capture(), line);
        }
        assertEquals(JournalLineCheck.UNSURE, check(check, "{\"seq\":1,\"at_ns\":1,\"type\":\"queue\"}"));
        assertEquals(JournalLineCheck.UNSURE, check(check, writersLines().get(9).substring(0, 30)),
                "a line cut short");
    }

    @Test
    void itNeverTakesALineTheParserRefuses() {
        List<String> lines = writersLines();
        JournalLineCheck check = new JournalLineCheck();
        Random r = new Random(FuzzSupport.SEED);
        int taken = 0, refused = 0, runs = Math.max(20_000, FuzzSupport.RUNS * 10);
        for (int run = 0; run < runs; run++) {
            String line = FuzzSupport.mutate(lines.get(r.nextInt(lines.size())), r, 1 + r.nextInt(3), TOKENS);
            long seq = check(check, line);
            Event parsed;
            try {
                parsed = JournalJsonl.parseLine(line);
            } catch (LocalizedException e) {
                refused++;
                if (seq != JournalLineCheck.UNSURE) fail("taken as " + seq + " but the parser refuses it: " + line);
                continue;
            } catch (RuntimeException e) {
                continue; // not the check's business (JournalJsonlFuzzTest holds the parser to clear messages)
            }
            if (seq != JournalLineCheck.UNSURE) {
                taken++;
                assertEquals(parsed.seq(), seq, line);
                assertEquals(parsed.payload() instanceof Payload.Capture, check.capture(), line);
            }
        }
        assertTrue(taken > runs / 20 && refused > runs / 20, "both outcomes: taken " + taken + ", refused " + refused);
        assertNotEquals(0, taken);
    }

    @Test
    void everyFieldGivenAnotherKindOfValueOrLeftOutIsTheParsersToJudge() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> values = List.of("null", "\"x\"", "\"\"", "\"!!!\"", "1.5", "1e3", "2147483648", "-1", "0", "1",
                "99999999999999999999", "true", "[]", "{}", "[1]", "[\"a\"]", "{\"a\":1}", "{\"a\":\"b\"}",
                "{\"title\":{\"es\":\"a\"},\"text\":{}}", "\"" + "0".repeat(64) + "\"", "\"RVJS\"",
                // names that are no safe segment: the parser refuses them, so the check must not take them
                "\"../../../x\"", "\"a/b\"", "\"x\\nint main\"", "\"-rf\"", "\"" + "a".repeat(65) + "\"",
                "\"client\\u002d2\"");
        JournalLineCheck check = new JournalLineCheck();
        int variants = 0;
        for (String line : writersLines()) {
            ObjectNode original = (ObjectNode) mapper.readTree(line);
            List<String> fields = new ArrayList<>();
            original.fieldNames().forEachRemaining(fields::add);
            fields.addAll(List.of("format", "fd", "entered_ns", "lost", "data_len", "data_sha256", "slide", "quiz",
                    "reason_args", "packet_b64", "window", "inode", "made_inodes", "link_fate", "link_departed_ns",
                    "link_arrived_ns"));
            for (String field : fields) {
                List<String> variantsOfField = new ArrayList<>();
                ObjectNode without = original.deepCopy();
                without.remove(field);
                variantsOfField.add(mapper.writeValueAsString(without));
                for (String value : values) {
                    ObjectNode changed = original.deepCopy();
                    changed.set(field, mapper.readTree(value));
                    variantsOfField.add(mapper.writeValueAsString(changed));
                }
                for (String variant : variantsOfField) {
                    variants++;
                    long seq = check(check, variant);
                    try {
                        Event parsed = JournalJsonl.parseLine(variant);
                        if (seq != JournalLineCheck.UNSURE) assertEquals(parsed.seq(), seq, variant);
                    } catch (LocalizedException e) {
                        if (seq != JournalLineCheck.UNSURE)
                            fail("taken as " + seq + " but the parser refuses it (" + e.getMessage() + "): " + variant);
                    }
                }
            }
        }
        assertTrue(variants > 1000, variants + " variants");
    }
}
