package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/** Opening a journal file: every event back as written, or one message naming the line, in both languages. */
class SavedJournalTest {
    @TempDir
    Path dir;

    private static List<Event> session(long firstSeq) {
        List<Payload> payloads = List.of(
                new Payload.Capture("unavailable", "tcpdump not installed", "not_installed", List.of()),
                new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null,
                        null, 0, 5),
                new Payload.Segment("client", "server", "tcp", List.of("SYN"), 1L, null, 0, "captured", 65495,
                        "127.0.0.1:4000",
                        "127.0.0.1:5000", 12L, new byte[]{0x45, 0, 0, 20}, 1_700_000_000_123_456_789L),
                new Payload.Note(Map.of("es", "hola", "en", "hello")));
        List<Event> events = new ArrayList<>();
        for (Payload p : payloads)
            events.add(new Event(firstSeq + events.size(), 10 * (firstSeq + events.size()), "client", p));
        return events;
    }

    private Path write(String name, List<Event> events) throws IOException {
        Path file = dir.resolve(name);
        JournalJsonl.write(events, file);
        return file;
    }

    private static String both(LocalizedException e) {
        return Messages.of(Lang.EN).text(e) + " | " + Messages.of(Lang.ES).text(e);
    }

    @Test
    void aSavedSessionOpensAsItWasWritten() throws IOException {
        List<Event> events = session(7); // a session saved after a reset starts after the first events
        SavedJournal saved = SavedJournal.open(write("s.jsonl", events));
        assertEquals(events, saved.events());
        assertEquals("s.jsonl", saved.name());
        assertTrue(Files.readAllLines(saved.file()).getFirst().startsWith("{\"format\":1,\"seq\":7,"),
                "the first line says the format");
    }

    @Test
    void aBrokenLineIsNamed() throws IOException {
        Path file = write("b.jsonl", session(1));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).substring(0, 30)); // a line cut short, as by a full disk
        Files.write(file, lines, StandardCharsets.UTF_8);
        LocalizedException e = assertThrows(LocalizedException.class, () -> SavedJournal.open(file));
        String text = both(e);
        assertTrue(text.contains("b.jsonl: Journal line 3 is not a valid event: it is not JSON"), text);
        assertTrue(text.contains("La línea 3 del registro no es un evento válido"), text);
    }

    @Test
    void aNewerFormatIsSaidSo() throws IOException {
        Path file = write("n.jsonl", session(1));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(0, lines.getFirst().replace("\"format\":1", "\"format\":2"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        String text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(
                text.contains(
                        "Journal line 1 was written by a newer SocketLab (journal format 2; this one reads format 1)"),
                text);
        assertTrue(text.contains("La línea 1 del registro la escribió un SocketLab más nuevo"), text);

        lines.set(0, lines.getFirst().replace("\"format\":2", "\"format\":1"));
        lines.add("{\"seq\":5,\"at_ns\":1,\"type\":\"quiz_answer\",\"endpoint\":\"lab\"}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(text.contains(
                "Journal line 5 is not a valid event: unknown event type \"quiz_answer\" (a newer SocketLab may have written it)"),
                text);
    }

    @Test
    void linesOutOfOrderMissingOrNoneAreRefused() throws IOException {
        List<Event> events = session(1);
        Path swapped = write("o.jsonl", List.of(events.get(1), events.get(0)));
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(swapped)))
                .contains("Journal line 2 is not a valid event: event 1 comes after event 2"));
        Path gap = write("g.jsonl", List.of(events.get(0), events.get(2)));
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(gap)))
                .contains("event 3 follows event 1; the events between them are missing"));
        Path empty = Files.writeString(dir.resolve("e.jsonl"), "\n\n");
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(empty)))
                .contains("holds no event"));
        Path binary = Files.write(dir.resolve("x.pcap"),
                new byte[]{(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0});
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(binary)))
                .contains("it is not UTF-8 text"));
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(dir.resolve("none.jsonl"))))
                .contains("does not exist"));
        assertTrue(both(assertThrows(LocalizedException.class, () -> SavedJournal.open(dir))).contains("is a folder"));
    }

    @Test
    void aRangeKeepsItsStepsAndTheCaptureStatusBeforeThem() throws IOException {
        SavedJournal saved = SavedJournal.open(write("r.jsonl", session(1)));
        assertEquals(List.of(1L, 3L, 4L), saved.between(3L, null).stream().map(Event::seq).toList());
        assertEquals(List.of(1L, 2L), saved.between(null, 2L).stream().map(Event::seq).toList());
        assertTrue(both(assertThrows(LocalizedException.class, () -> saved.between(9L, 12L)))
                .contains("No event between step 9 and step 12: the journal holds steps 1 to 4."));
        assertTrue(both(assertThrows(LocalizedException.class, () -> saved.between(3L, 2L)))
                .contains("Step 3 comes after step 2"));
    }
}
