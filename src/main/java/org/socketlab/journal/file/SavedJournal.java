package org.socketlab.journal.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * A journal file opened to be replayed or exported, streamed: {@link #open} reads and checks every line once
 * ({@link JournalJsonl}: the line number of the first bad line, a newer format, lines out of order; one session whose
 * seqs follow one another) but keeps only a sparse index (where every {@value #EVERY}th event's line starts) and the
 * first and last seq, never the events; {@link #between}, {@link #page} and {@link #forEach} read them back from the
 * file. So its memory does not grow with the file. Nothing is kept open between reads: each opens the file, seeks and
 * closes it. Nothing here makes a call: the events are what was recorded.
 */
public final class SavedJournal {
    /** One index entry per this many events: a read seeks to the entry before it and skips at most this many lines. */
    static final int EVERY = 256;
    /**
     * The most events one export (or {@code socketlab code}) reads into memory: fifty times what the window shows. A
     * transcript, a diagram or a pcap of more is written from a part of the journal ({@code --from}, {@code --to}, or
     * the export dialog's range), so memory stays bounded however big the file (issue 23).
     */
    public static final long MAX_EXPORT_EVENTS = 100_000;

    private final Path file;
    private final long first, last;
    /** Where the line of event {@code first + i * EVERY} starts. */
    private final long[] offsets;
    /** Where the line of the last capture status before that event starts, or -1 (none before it). */
    private final long[] captureBefore;
    /** The file's length when it was checked; a read finding it shorter says it changed. */
    private final long checkedLength;

    private SavedJournal(Path file, long first, long last, long[] offsets, long[] captureBefore, long checkedLength) {
        this.file = file;
        this.first = first;
        this.last = last;
        this.offsets = offsets;
        this.captureBefore = captureBefore;
        this.checkedLength = checkedLength;
    }

    /** Reads and checks {@code file}; a {@link LocalizedException} in the reader's language says what is wrong and where. */
    public static SavedJournal open(Path file) {
        return open(file, Long.MAX_VALUE);
    }

    /**
     * Reads and checks the first {@code events} events of {@code file}: a file still being written (the window's
     * recording, {@link JournalFile}), whose lines after those may be half-way.
     */
    public static SavedJournal open(Path file, long events) {
        if (Files.isDirectory(file)) throw new LocalizedException("journal.open.folder", file.toString());
        long[] offsets = new long[64], captures = new long[64];
        long count = 0, lastSeq = 0, firstSeq = 0, lastCapture = -1, length;
        // A gap is said only after every line was read: a bad line anywhere is said first, as it always was.
        LocalizedException gap = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            length = channel.size();
            Lines lines = new Lines(Channels.newInputStream(channel), 0);
            JournalLineCheck check = new JournalLineCheck();
            int number = 0;
            while (count < events && nextLine(lines, number)) {
                number++;
                long seq = check.seqOf(lines.bytes(), lines.from(), lines.to());
                boolean capture = check.capture();
                if (seq == JournalLineCheck.UNSURE || seq <= lastSeq) {
                    // The parser decides, and says what is wrong in its own words.
                    String text = lines.text();
                    if (text.isBlank()) continue;
                    Event event = JournalJsonl.checkedLine(text, number, lastSeq);
                    seq = event.seq();
                    capture = event.payload() instanceof Payload.Capture;
                }
                if (count == 0) firstSeq = seq;
                else
                    if (seq != lastSeq + 1 && gap == null)
                        gap = new LocalizedException("journal.open.gap", file.toString(), String.valueOf(lastSeq),
                                String.valueOf(seq));
                if (count % EVERY == 0) {
                    int entry = (int) (count / EVERY);
                    if (entry == offsets.length) {
                        offsets = Arrays.copyOf(offsets, entry * 2);
                        captures = Arrays.copyOf(captures, entry * 2);
                    }
                    offsets[entry] = lines.lineStart();
                    captures[entry] = lastCapture;
                }
                if (capture) lastCapture = lines.lineStart();
                lastSeq = seq;
                count++;
            }
        } catch (NoSuchFileException e) {
            throw new LocalizedException("journal.open.missing", file.toString());
        } catch (CharacterCodingException e) {
            throw new LocalizedException("journal.open.notText", file.toString());
        } catch (IOException e) {
            throw new LocalizedException("journal.open.unreadable", file.toString(), String.valueOf(e.getMessage()));
        } catch (LocalizedException e) {
            throw new LocalizedException("journal.open.bad", file.toString(), e);
        }
        if (count == 0) throw new LocalizedException("journal.open.empty", file.toString());
        if (gap != null) throw gap;
        int entries = (int) ((count + EVERY - 1) / EVERY);
        return new SavedJournal(file, firstSeq, lastSeq, Arrays.copyOf(offsets, entries),
                Arrays.copyOf(captures, entries), length);
    }

    /** The next line; one too long to be an event is said with its number (rather than held, however long). */
    private static boolean nextLine(Lines lines, int number) throws IOException {
        try {
            return lines.next();
        } catch (LineTooLong e) {
            throw new LocalizedException("cli.journal.badLine", String.valueOf(number + 1),
                    new LocalizedException("cli.journal.lineTooLong", String.valueOf(Lines.MAX_LINE >> 20)));
        }
    }

    /** A line longer than {@link Lines#MAX_LINE}: no event is (Jackson refuses a string of 20 million characters). */
    private static final class LineTooLong extends IOException {
        LineTooLong() {
            super(); // said by who catches it: with the line's number when opening, as a changed file when reading
        }
    }

    public Path file() {
        return file;
    }

    /** The file's name, for a banner. */
    public String name() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** The seq of the file's first event. */
    public long first() {
        return first;
    }

    /** The seq of the file's last event. */
    public long last() {
        return last;
    }

    /** How many events the file holds. */
    public long count() {
        return last - first + 1;
    }

    /** How many events steps {@code from} to {@code to} hold (as {@link #between}, the capture status aside), read from no file. */
    public long count(@Nullable Long from, @Nullable Long to) {
        long[] range = range(first, last, from, to);
        return Math.min(range[1], last) - Math.max(range[0], first) + 1;
    }

    /**
     * The events from step {@code from} to step {@code to} (journal seqs, both included; null: from the first, to the
     * last), after the last capture status before them, read from the file; a message when the range holds none.
     * Every event of the range is in the list: for a range too big to hold, {@link #forEach}.
     */
    public List<Event> between(@Nullable Long from, @Nullable Long to) {
        List<Event> events = new ArrayList<>();
        forEach(from, to, events::add);
        return List.copyOf(events);
    }

    /**
     * Hands {@code use} the events {@link #between} would return, one by one as they are read, holding none: an export
     * of the whole file writes while it reads. The range is checked before the first event is handed over.
     */
    public void forEach(@Nullable Long from, @Nullable Long to, Consumer<Event> use) {
        long[] range = range(first, last, from, to);
        long a = Math.max(range[0], first), b = Math.min(range[1], last);
        Event capture = captureBefore(a);
        if (capture != null) use.accept(capture);
        read(a, b, use);
    }

    /** The newest {@code count} events, after the capture status before them: what a window replaying the file shows. */
    public List<Event> newest(int count) {
        return between(Math.max(first, last - count + 1), null);
    }

    /**
     * At most {@code count} events from seq {@code from} on (clamped to the file's), without the capture status
     * before them.
     */
    public List<Event> page(long from, int count) {
        long a = Math.clamp(from, first, last), b = Math.min(last, a + Math.max(count, 1) - 1);
        List<Event> events = new ArrayList<>((int) (b - a + 1));
        read(a, b, events::add);
        return events;
    }

    /** The last capture status journaled before event {@code seq}, or null. */
    public Event captureBefore(long seq) {
        long at = Math.clamp(seq, first, last);
        int entry = (int) ((at - first) / EVERY);
        Event[] found = {captureBefore[entry] < 0 ? null : readOne(captureBefore[entry])};
        long from = first + (long) entry * EVERY;
        if (from < at) read(from, at - 1, e -> {
            if (e.payload() instanceof Payload.Capture) found[0] = e;
        });
        return found[0];
    }

    /** Reads events {@code a} to {@code b} (both within the file's) from the index entry before {@code a}. */
    private void read(long a, long b, Consumer<Event> use) {
        int entry = (int) ((a - first) / EVERY);
        long expected = first + (long) entry * EVERY;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < checkedLength) throw changed();
            channel.position(offsets[entry]);
            Lines lines = new Lines(Channels.newInputStream(channel), offsets[entry]);
            while (expected <= b && lines.next()) {
                String text = lines.text();
                if (text.isBlank()) continue;
                Event event = reread(text, expected);
                if (expected >= a) use.accept(event);
                expected++;
            }
        } catch (NoSuchFileException e) {
            throw new LocalizedException("journal.open.missing", file.toString());
        } catch (LineTooLong e) {
            throw changed();
        } catch (IOException e) {
            throw new LocalizedException("journal.open.unreadable", file.toString(), String.valueOf(e.getMessage()));
        }
        if (expected <= b) throw changed();
    }

    private Event readOne(long offset) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            Lines lines = new Lines(Channels.newInputStream(channel), offset);
            if (!lines.next()) throw changed();
            return reread(lines.text(), -1);
        } catch (LineTooLong e) {
            throw changed();
        } catch (IOException e) {
            throw new LocalizedException("journal.open.unreadable", file.toString(), String.valueOf(e.getMessage()));
        }
    }

    /** A line read again: it was checked when the file was opened, so anything else means the file changed since. */
    private Event reread(String text, long expectedSeq) {
        Event event;
        try {
            event = JournalJsonl.parseLine(text);
        } catch (LocalizedException e) {
            throw changed();
        }
        if (expectedSeq >= 0 && event.seq() != expectedSeq) throw changed();
        return event;
    }

    private LocalizedException changed() {
        return new LocalizedException("journal.read.changed", file.toString());
    }

    /**
     * The same range of any one session's events (a file's, or the window's live session): what {@code socketlab export
     * --from --to} and the window's File → Export both write, so both write the same file.
     */
    public static List<Event> between(List<Event> events, @Nullable Long from, @Nullable Long to) {
        if (events.isEmpty()) throw new LocalizedException("journal.range.nothing");
        long[] range = range(events.getFirst().seq(), events.getLast().seq(), from, to);
        long a = range[0], b = range[1];
        List<Event> kept = events.stream().filter(e -> e.seq() >= a && e.seq() <= b).toList();
        if (kept.isEmpty())
            throw new LocalizedException("journal.range.empty", String.valueOf(a), String.valueOf(b),
                    String.valueOf(events.getFirst().seq()), String.valueOf(events.getLast().seq()));
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

    /**
     * Steps {@code from} to {@code to} (null: the session's first, last) checked against a session's first..last: the
     * two steps, or a message saying what is wrong with them.
     */
    public static long[] range(long first, long last, @Nullable Long from, @Nullable Long to) {
        long a = from == null ? first : from, b = to == null ? last : to;
        if (from != null && to != null && a > b)
            throw new LocalizedException("journal.range.reversed", String.valueOf(a), String.valueOf(b));
        if (b < first || a > last || a > b)
            throw new LocalizedException("journal.range.empty", String.valueOf(a), String.valueOf(b),
                    String.valueOf(first), String.valueOf(last));
        return new long[]{a, b};
    }

    /**
     * A file's lines as {@link java.io.BufferedReader#readLine} splits them (after \n, \r or \r\n), with where each
     * starts; {@link #text} decodes the current one as strict UTF-8 (a binary file, a pcap given by mistake, is refused
     * rather than read as replacement characters). Reads through a buffer of its own, which a line longer than it grows.
     */
    private static final class Lines {
        static final int MAX_LINE = 64 << 20;
        private final InputStream in;
        private byte[] buffer = new byte[1 << 16];
        private int start, end, lineFrom, lineTo;
        private long bufferOffset;
        private boolean afterCr, eof;
        private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Lines(InputStream in, long offset) {
            this.in = in;
            this.bufferOffset = offset;
        }

        /** Moves to the next line, without its terminator; false at the end. */
        boolean next() throws IOException {
            while (true) {
                if (afterCr && (start < end || fill()) && buffer[start] == '\n') start++; // \r\n is one terminator
                afterCr = false;
                for (int i = start; i < end; i++) {
                    byte c = buffer[i];
                    if (c == '\n' || c == '\r') {
                        lineFrom = start;
                        lineTo = i;
                        start = i + 1;
                        afterCr = c == '\r';
                        return true;
                    }
                }
                if (!fill()) {
                    if (start == end) return false;
                    lineFrom = start;
                    lineTo = end;
                    start = end;
                    return true;
                }
            }
        }

        /** The buffer holding the current line, from {@link #from} to {@link #to} (valid until the next line). */
        byte[] bytes() {
            return buffer;
        }

        int from() {
            return lineFrom;
        }

        int to() {
            return lineTo;
        }

        /** Where the current line starts in the file. */
        long lineStart() {
            return bufferOffset + lineFrom;
        }

        /** The current line as text. */
        String text() throws CharacterCodingException {
            for (int i = lineFrom; i < lineTo; i++)
                if (buffer[i] < 0)
                    return strict.decode(ByteBuffer.wrap(buffer, lineFrom, lineTo - lineFrom)).toString();
            return new String(buffer, lineFrom, lineTo - lineFrom, StandardCharsets.ISO_8859_1); // ASCII: the fast copy
        }

        /** Reads more after what is left unread (growing the buffer for a line longer than it); false at the end. */
        private boolean fill() throws IOException {
            if (eof) return false;
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                lineFrom -= start;
                lineTo -= start;
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                if (buffer.length >= MAX_LINE) throw new LineTooLong();
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
                return false;
            }
            end += n;
            return true;
        }
    }
}
