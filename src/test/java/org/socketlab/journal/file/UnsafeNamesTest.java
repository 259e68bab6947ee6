package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;
import org.socketlab.journal.SafeNameTest;

/**
 * Issue 35: a journal's names (an event's endpoint, a segment's ends, a quiz's lesson) are checked where the journal
 * is read, so no writer after the reader (socketlab code, the exports) is handed one that leaves its folder or ends a
 * comment. The file is refused with the line and the name, in both languages, by every reader.
 */
class UnsafeNamesTest {
    @TempDir
    Path dir;

    private static final Payload SOCKET = new Payload.Call("socket", null,
            Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null, null, 0, 5);

    /** The second line of a journal whose second event holds {@code name} in field {@code field}. */
    private record Place(String field, Function<String, Event> event) {
    }

    private static final List<Place> PLACES = List.of(
            new Place("endpoint", name -> new Event(2, 20, name, SOCKET)),
            new Place("from", name -> new Event(2, 20, "client", new Payload.Segment(name, "server", "tcp",
                    List.of("SYN"), 1L, null, 0, "inferred"))),
            new Place("to", name -> new Event(2, 20, "client", new Payload.Segment("client", name, "tcp",
                    List.of("SYN"), 1L, null, 0, "inferred"))),
            new Place("quiz.lesson", name -> new Event(2, 20, "lab", new Payload.Note(Map.of("es", "x", "en", "y"),
                    Map.of(), Map.of(), new Payload.Quiz.Score(name, 1, 2, true)))));

    private static String journal(Event second) {
        return JournalJsonl.firstLine(new Event(1, 10, "client", SOCKET)) + "\n" + JournalJsonl.line(second) + "\n";
    }

    @Test
    void everyReaderRefusesAJournalWithAnUnsafeNameSayingTheLineAndTheName() throws Exception {
        JournalLineCheck check = new JournalLineCheck();
        int n = 0;
        for (String name : SafeNameTest.HOSTILE)
            for (Place place : PLACES) {
                String text = journal(place.event().apply(name));
                String line = text.substring(text.indexOf('\n') + 1, text.length() - 1);
                String said = place.field() + " \"" + SafeName.shown(name) + "\"";

                LocalizedException parsed = assertThrows(LocalizedException.class, () -> JournalJsonl.parseLine(line),
                        line);
                assertEquals("name.unsafe", parsed.key(), line);

                LocalizedException read = assertThrows(LocalizedException.class,
                        () -> JournalJsonl.read(new StringReader(text)), line);
                String en = Messages.of(Lang.EN).text(read), es = Messages.of(Lang.ES).text(read);
                assertTrue(en.startsWith("Journal line 2 is not a valid event: " + said + " is not a safe name"), en);
                assertTrue(es.startsWith("La línea 2 del registro no es un evento válido: " + said
                        + " no es un nombre seguro"), es);

                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                assertEquals(JournalLineCheck.UNSURE, check.seqOf(bytes, 0, bytes.length),
                        "the quick check leaves it to the parser: " + line);

                Path file = Files.writeString(dir.resolve("hostile-" + n++ + ".jsonl"), text);
                LocalizedException opened = assertThrows(LocalizedException.class, () -> SavedJournal.open(file));
                String window = Messages.of(Lang.EN).text(opened);
                assertEquals(file + ": Journal line 2 is not a valid event: " + said, window.substring(0,
                        Math.min(window.length(), (file + ": Journal line 2 is not a valid event: " + said).length())));
                assertTrue(window.lines().count() == 1, "one line: " + window);
                assertTrue(Messages.of(Lang.ES).text(opened).contains(said + " no es un nombre seguro"));
            }
    }

    @Test
    void theNamesTheProgramMakesStillRead() throws Exception {
        for (String name : List.of("client", "client-2", "server", "server-12", "external", "lab", "program",
                "program-4194304", "free-lab", "tcp-basics"))
            for (Place place : PLACES) {
                String text = journal(place.event().apply(name));
                assertEquals(2, JournalJsonl.read(new StringReader(text)).size(), text);
                Path file = Files.writeString(dir.resolve("fine.jsonl"), text);
                assertEquals(2, SavedJournal.open(file).count(), text);
            }
    }
}
