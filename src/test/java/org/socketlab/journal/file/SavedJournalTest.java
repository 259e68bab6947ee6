package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

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
        assertEquals(events, saved.between(null, null));
        assertEquals(7, saved.first());
        assertEquals(10, saved.last());
        assertEquals("s.jsonl", saved.name());
        assertTrue(Files.readAllLines(saved.file()).getFirst().startsWith("{\"format\":2,\"seq\":7,"),
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
        lines.set(0, lines.getFirst().replace("\"format\":2", "\"format\":3"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        String text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(
                text.contains(
                        "Journal line 1 was written by a newer SocketLab (journal format 3; this one reads format 2)"),
                text);
        assertTrue(text.contains("La línea 1 del registro la escribió un SocketLab más nuevo"), text);

        lines.set(0, lines.getFirst().replace("\"format\":3", "\"format\":1"));
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
        assertTrue(both(assertThrows(LocalizedException.class, () -> saved.between(null, 0L)))
                .contains("No event between step 1 and step 0"));
        assertTrue(both(assertThrows(LocalizedException.class, () -> saved.forEach(5L, null, e -> {
        }))).contains("No hay ningún evento entre el paso 5"), "a range with nothing in it");
    }

    /** A session of {@code count} events cycling through {@link #session}'s kinds, the capture status among them. */
    private static List<Event> longSession(long firstSeq, int count) {
        List<Event> kinds = session(1);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Event kind = kinds.get(i % kinds.size());
            events.add(new Event(firstSeq + i, 10L * i, "client", kind.payload()));
        }
        return events;
    }

    @Test
    void everyRangeAndPageReadFromTheFileIsWhatAWholeReadGives() throws IOException {
        int count = SavedJournal.EVERY * 5 + 17; // index entries and a part of one
        List<Event> all = longSession(3, count);
        Path file = write("long.jsonl", all);
        Files.writeString(file, "\n" + Files.readString(file) + "\n\n"); // blank lines are skipped, as always
        SavedJournal saved = SavedJournal.open(file);
        assertEquals(all, saved.between(null, null));
        assertEquals(count, saved.count());
        Random random = new Random(23);
        for (int run = 0; run < 200; run++) {
            long a = 3 + random.nextInt(count), b = a + random.nextInt(count);
            Long to = b > all.getLast().seq() && random.nextBoolean() ? null : b;
            assertEquals(SavedJournal.between(all, a, to), saved.between(a, to), "steps " + a + " to " + to);
            int size = 1 + random.nextInt(700);
            List<Event> expected = all.stream().filter(e -> e.seq() >= a).limit(size).toList();
            assertEquals(expected, saved.page(a, size), "a page of " + size + " from " + a);
        }
        List<Event> streamed = new ArrayList<>();
        saved.forEach(600L, 900L, streamed::add);
        assertEquals(SavedJournal.between(all, 600L, 900L), streamed);
        assertEquals(all.subList(count - 100, count), saved.newest(100).subList(1, 101));
        assertTrue(saved.newest(100).getFirst().payload() instanceof Payload.Capture, "the capture status before them");
    }

    @Test
    void aBadLineNearTheEndOfALargeFileIsNamed() throws IOException {
        List<Event> all = longSession(1, 20_000);
        Path file = write("late.jsonl", all);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(19_990, lines.get(19_990).replace("\"type\":\"", "\"type\":1,\"x\":\""));
        lines.remove(30); // event 31: a gap early on, yet the bad line is said first
        Files.write(file, lines, StandardCharsets.UTF_8);
        String text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(text.contains("late.jsonl: Journal line 19990 is not a valid event"), text);
        assertTrue(text.contains("La línea 19990 del registro no es un evento válido"), text);

        lines.set(19_989, Files.readAllLines(write("good.jsonl", all)).get(19_990));
        Files.write(file, lines, StandardCharsets.UTF_8);
        text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(text.contains("event 32 follows event 30; the events between them are missing"), text);
        assertTrue(text.contains("el evento 32 sigue al evento 30"), text);
    }

    @Test
    void aFileChangedAfterItWasOpenedIsSaidSoWhenRead() throws IOException {
        List<Event> all = longSession(1, 1_000);
        Path file = write("c.jsonl", all);
        SavedJournal saved = SavedJournal.open(file);
        write("c.jsonl", longSession(5, 1_000)); // same length, other seqs
        String text = both(assertThrows(LocalizedException.class, () -> saved.page(700, 10)));
        assertTrue(text.contains("c.jsonl changed after it was opened"), text);
        assertTrue(text.contains("c.jsonl ha cambiado desde que se abrió"), text);
        Files.writeString(file, "");
        assertTrue(both(assertThrows(LocalizedException.class, () -> saved.between(null, null)))
                .contains("changed after it was opened"));
    }

    @Test
    void lineEndsAreTheReadersOwn() throws IOException {
        List<Event> events = session(1);
        String text = String.join("\r\n", events.stream().map(JournalJsonl::line).toList()) + "\r";
        Path file = Files.writeString(dir.resolve("crlf.jsonl"), text);
        SavedJournal saved = SavedJournal.open(file);
        assertEquals(events, saved.between(null, null));
        assertEquals(events.subList(2, 4), saved.page(3, 5));
        Path accents = write("es.jsonl", List.of(new Event(1, 1, "client",
                new Payload.Note(Map.of("es", "acuse de recibo, señal, conexión", "en", "ack")))));
        assertEquals("acuse de recibo, señal, conexión",
                ((Payload.Note) SavedJournal.open(accents).page(1, 1).getFirst().payload()).text().get("es"));
    }

    @Test
    void aLineLongerThanAnyEventIsNamedNotHeld() throws IOException {
        Path file = write("huge.jsonl", session(1));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 65; i++) out.write(spaces); // 65 MiB with no line end
        }
        String text = both(assertThrows(LocalizedException.class, () -> SavedJournal.open(file)));
        assertTrue(text.contains("huge.jsonl: Journal line 5 is not a valid event: it is longer than 64 MiB"), text);
        assertTrue(text.contains("La línea 5 del registro no es un evento válido: ocupa más de 64 MiB"), text);
    }
}
