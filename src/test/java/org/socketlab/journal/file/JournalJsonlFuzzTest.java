package org.socketlab.journal.file;

import static org.socketlab.FuzzSupport.JSON_TOKENS;
import static org.socketlab.FuzzSupport.mutate;
import static org.socketlab.FuzzSupport.randomText;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** Journals opened for replay: mutated real lines and random text are read or refused with a clear message. */
class JournalJsonlFuzzTest {
    /** One line of every event type, as the writer makes them. */
    private static List<String> sampleLines() {
        List<Payload> payloads = List.of(
                new Payload.Capture(Payload.Capture.UNAVAILABLE, "tcpdump not installed"),
                new Payload.Note(Map.of("es", "hola", "en", "hello")),
                new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null,
                        null, 0),
                new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111, "ECONNREFUSED", null, 1_200),
                new Payload.Call("send", 3, Map.of("len", "4"), 4, null, null, "hola".getBytes(StandardCharsets.UTF_8),
                        0),
                new Payload.Blocked("accept", 4),
                new Payload.Cancelled("recv", 5, 123_456),
                new Payload.State(3, "SYN_SENT", "ESTABLISHED", "tcp_info", null),
                new Payload.State(3, "FIN_WAIT_2", "TIME_WAIT", "sock_diag", 60_000L),
                new Payload.Queue(4, 0, 16),
                new Payload.Segment("client", "server", "tcp", List.of("SYN", "ACK"), 1L, 2L, 0, "captured", 65_535),
                new Payload.Segment("client", "external", "udp", List.of(), null, null, 9, "inferred"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++)
            lines.add(
                    JournalJsonl.line(new Event(i + 1, 1_000L * i, i % 2 == 0 ? "client" : "server", payloads.get(i))));
        return lines;
    }

    private static List<Event> read(String text) {
        try {
            return JournalJsonl.read(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mutatedAndRandomJournalsNeverThrowAnythingButAClearMessage() {
        List<String> lines = sampleLines();
        String whole = String.join("\n", lines) + "\n";
        read(whole); // the unmutated journal reads
        FuzzSupport.Tally t = FuzzSupport.fuzz("journal", r -> switch (r.nextInt(8)) {
            case 0 -> randomText(r, 300, "{}[]\":,0123456789abcdefghijklmnopqrstuvwxyz_ -.\\\n");
            case 1 -> lines.get(r.nextInt(lines.size())).replaceFirst("\"seq\":\\d+",
                    "\"seq\":" + randomText(r, 25, "0123456789-.e+"));
            case 2 -> "[".repeat(1 + r.nextInt(50_000));
            case 3 -> whole;
            case 4 -> mutate(whole, r, 1 + r.nextInt(20), JSON_TOKENS);
            default -> mutate(lines.get(r.nextInt(lines.size())), r, 1 + r.nextInt(3), JSON_TOKENS);
        }, JournalJsonlFuzzTest::read);
        FuzzSupport.assertBothOutcomes(t, "journal");
    }
}
