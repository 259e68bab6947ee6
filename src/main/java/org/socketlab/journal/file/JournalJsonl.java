package org.socketlab.journal.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;

/**
 * The journal as JSON Lines (docs/architecture/journal.md): one UTF-8 object per event, snake_case keys. Reading it back gives
 * events equal to the ones written. Uses Jackson's tree model only, so no reflection into our records is needed.
 */
public final class JournalJsonl {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The journal format this SocketLab writes and reads. A file says it on its first line ({@code "format": 1});
     * lines without it are format 1 (journals written before it was said). A reader refuses a larger number, naming
     * the line, rather than misread a file written by a newer SocketLab. Format 2 (issue 38) adds {@code process}
     * events (an endpoint's process started, was sent a signal, exited) and a {@code cancelled} call's
     * {@code process_ended}; every format-1 file is a format-2 file, so both are read.
     */
    public static final int FORMAT = 2;

    private JournalJsonl() {
    }

    public static void write(List<Event> events, Writer out) throws IOException {
        boolean first = true;
        for (Event event : events) {
            out.write(first ? firstLine(event) : line(event));
            out.write('\n');
            first = false;
        }
        out.flush();
    }

    public static void write(List<Event> events, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(events, out);
        }
    }

    /** One event as one JSON line (no newline). */
    public static String line(Event event) {
        try {
            return MAPPER.writeValueAsString(EventJsonWriter.toJson(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
    }

    /** The first line of a file: the event, preceded by the file's {@code format}. */
    public static String firstLine(Event event) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.setAll(EventJsonWriter.toJson(event));
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /**
     * Reads every event; blank lines are skipped. A line that is not a valid event fails with a
     * {@link LocalizedException} naming the line number.
     */
    public static List<Event> read(Reader in) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Event> events = new ArrayList<>();
        String text;
        int number = 0;
        long lastSeq = 0;
        while ((text = lines.readLine()) != null) {
            number++;
            if (text.isBlank()) continue;
            Event event = checkedLine(text, number, lastSeq);
            lastSeq = event.seq();
            events.add(event);
        }
        return events;
    }

    /**
     * Line {@code number} of a file back into an event, checked as every reader checks it: a valid event, of a format
     * this SocketLab reads, after event {@code lastSeq}; else a {@link LocalizedException} naming the line.
     */
    static Event checkedLine(String text, int number, long lastSeq) {
        try {
            Event event = parseLine(text);
            // A journal is one ordered list: lines out of order or repeated are a damaged or spliced file.
            if (event.seq() <= lastSeq)
                throw new LocalizedException("cli.journal.seqOrder", String.valueOf(event.seq()),
                        String.valueOf(lastSeq));
            return event;
        } catch (LocalizedException detail) {
            if (detail.key().equals("cli.journal.newer")) // not a bad line: a line this SocketLab is too old for
                throw new LocalizedException("cli.journal.newerLine", String.valueOf(number), detail.args()[0],
                        detail.args()[1]);
            throw new LocalizedException("cli.journal.badLine", String.valueOf(number), detail);
        }
    }

    /** One JSON line back into an event. */
    public static Event parseLine(String text) {
        JsonNode o;
        try {
            o = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LocalizedException("cli.journal.notJson", JsonProblem.of(e));
        }
        if (o == null || !o.isObject()) throw new LocalizedException("cli.journal.notObject");
        if (o.has(JournalField.FORMAT.key)) {
            JsonNode format = o.get(JournalField.FORMAT.key);
            if (!format.isIntegralNumber() || format.asLong() < 1)
                throw new LocalizedException("cli.journal.badValue", JournalField.FORMAT.key, format.toString());
            if (!format.canConvertToInt() || format.asInt() > FORMAT)
                throw new LocalizedException("cli.journal.newer", format.toString(), String.valueOf(FORMAT));
        }
        return EventJsonReader.event(o);
    }
}
