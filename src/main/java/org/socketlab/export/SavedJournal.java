package org.socketlab.export;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/**
 * A journal file opened to be replayed or exported: every line read and checked before anything is shown
 * ({@link JournalJsonl}: the line number of the first bad line, a newer format, lines out of order), one session
 * whose seqs follow one another. Nothing here makes a call: the events are what was recorded.
 *
 * @param file   the file it came from
 * @param events the events, in journal order
 */
public record SavedJournal(Path file, List<Event> events) {
    public SavedJournal {
        events = List.copyOf(events);
    }

    /** Reads and checks {@code file}; a {@link LocalizedException} in the reader's language says what is wrong and where. */
    public static SavedJournal open(Path file) {
        if (Files.isDirectory(file)) throw new LocalizedException("journal.open.folder", file.toString());
        List<Event> events;
        // Strict UTF-8: a binary file (a pcap given by mistake) is refused, not read as replacement characters.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder)) {
            events = JournalJsonl.read(in);
        } catch (NoSuchFileException e) {
            throw new LocalizedException("journal.open.missing", file.toString());
        } catch (CharacterCodingException e) {
            throw new LocalizedException("journal.open.notText", file.toString());
        } catch (IOException e) {
            throw new LocalizedException("journal.open.unreadable", file.toString(), String.valueOf(e.getMessage()));
        } catch (LocalizedException e) {
            throw new LocalizedException("journal.open.bad", file.toString(), e);
        }
        if (events.isEmpty()) throw new LocalizedException("journal.open.empty", file.toString());
        for (int i = 1; i < events.size(); i++)
            if (events.get(i).seq() != events.get(i - 1).seq() + 1)
                throw new LocalizedException("journal.open.gap", file.toString(),
                        String.valueOf(events.get(i - 1).seq()),
                        String.valueOf(events.get(i).seq()));
        return new SavedJournal(file, events);
    }

    /** The file's name, for a banner. */
    public String name() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /**
     * The events from step {@code from} to step {@code to} (journal seqs, both included; null: from the first, to the
     * last), after the last capture status before them; a message when the range holds none.
     */
    public List<Event> between(Long from, Long to) {
        return between(events, from, to);
    }

    /**
     * The same range of any one session's events (a file's, or the window's live session): what {@code socketlab export
     * --from --to} and the window's File → Export both write, so both write the same file.
     */
    public static List<Event> between(List<Event> events, Long from, Long to) {
        if (events.isEmpty()) throw new LocalizedException("journal.range.nothing");
        long first = events.getFirst().seq(), last = events.getLast().seq();
        long a = from == null ? first : from, b = to == null ? last : to;
        if (from != null && to != null && a > b)
            throw new LocalizedException("journal.range.reversed", String.valueOf(a), String.valueOf(b));
        List<Event> kept = events.stream().filter(e -> e.seq() >= a && e.seq() <= b).toList();
        if (kept.isEmpty())
            throw new LocalizedException("journal.range.empty", String.valueOf(a), String.valueOf(b),
                    String.valueOf(first), String.valueOf(last));
        // Whether the wire was captured at the range's start is said before it: keep that word, or the range's
        // deduced twins of captured segments would read as segments of their own.
        Event capture = null;
        for (Event e : events) {
            if (e.seq() >= a) break;
            if (e.payload() instanceof Payload.Capture) capture = e;
        }
        if (capture == null) return kept;
        List<Event> withCapture = new ArrayList<>(kept.size() + 1);
        withCapture.add(capture);
        withCapture.addAll(kept);
        return List.copyOf(withCapture);
    }
}
