package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socketlab.FuzzSupport.JSON_TOKENS;
import static org.socketlab.FuzzSupport.mutate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.FuzzSupport;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;

/**
 * Opening a journal file streamed, with its quick check of each line, says exactly what reading the whole file with the
 * parser says: mutated journals of every kind of line open to the same events or fail with the same message.
 */
class SavedJournalFuzzTest {
    @TempDir
    Path dir;

    /** What the whole read says of {@code text} (as opening did before it was streamed): its events, or its message. */
    private static Object wholeRead(String text, Path file) {
        List<Event> events;
        try {
            events = JournalJsonl.read(new StringReader(text));
        } catch (LocalizedException e) {
            return Messages.of(Lang.EN).text(new LocalizedException("journal.open.bad", file.toString(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (events.isEmpty())
            return Messages.of(Lang.EN).text(new LocalizedException("journal.open.empty", file.toString()));
        for (int i = 1; i < events.size(); i++)
            if (events.get(i).seq() != events.get(i - 1).seq() + 1)
                return Messages.of(Lang.EN).text(new LocalizedException("journal.open.gap", file.toString(),
                        String.valueOf(events.get(i - 1).seq()), String.valueOf(events.get(i).seq())));
        return events;
    }

    @Test
    void aStreamedOpenSaysWhatAWholeReadSays() {
        List<String> lines = JournalLineCheckTest.writersLines();
        String whole = String.join("\n", lines) + "\n";
        Path file = dir.resolve("f.jsonl");
        FuzzSupport.Tally t = FuzzSupport.fuzz("streamed journal", r -> switch (r.nextInt(4)) {
            case 0 -> mutate(whole, r, 1 + r.nextInt(6), JSON_TOKENS);
            case 1 -> {
                List<String> some = new ArrayList<>(lines);
                int at = r.nextInt(some.size());
                some.set(at, mutate(some.get(at), r, 1 + r.nextInt(3), JSON_TOKENS));
                if (r.nextBoolean()) some.remove(r.nextInt(some.size())); // a gap, or a line out of order
                yield String.join(r.nextBoolean() ? "\n" : "\r\n", some);
            }
            case 2 -> whole.replace("\n", r.nextBoolean() ? "\r" : "\n\n");
            default -> mutate(lines.get(r.nextInt(lines.size())), r, 1 + r.nextInt(3), JSON_TOKENS);
        }, text -> {
            // A mutation can split a surrogate pair: the file holds what encoding it gives ('?'), read back the same.
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Object expected = wholeRead(new String(bytes, StandardCharsets.UTF_8), file);
            try {
                SavedJournal saved = SavedJournal.open(file);
                assertEquals(expected, saved.between(null, null), text);
            } catch (LocalizedException e) {
                assertEquals(expected, Messages.of(Lang.EN).text(e), text);
                throw e;
            }
        });
        FuzzSupport.assertBothOutcomes(t, "streamed journal");
    }
}
