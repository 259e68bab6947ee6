package org.socketlab.journal.file;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;

/**
 * The journal written as it grows: each event becomes one JSON line (see {@link JournalJsonl}) handed to the kernel
 * with one {@code write(2)} the moment it is journaled, so a program killed with SIGKILL leaves a file holding every
 * event up to the last one, each line whole. No {@code fsync}: the lines are safe from the process dying, not
 * from the machine losing power.
 *
 * <p>When a write fails (disk full) the file keeps every line before it, whole (a cut line is taken away); no later
 * line is written and
 * {@link #failure()} says why. Never throws from {@link #accept}: a journal recorder runs on the calling threads.
 */
public final class JournalFile implements Consumer<Event>, AutoCloseable {
    private final Path path;
    /**
     * A plain stream, not a {@code FileChannel}: a channel is closed for good when the thread writing to it is interrupted
     * (the lab interrupts the workers of calls it gives up, and they journal that), and the file would end there.
     */
    private final FileOutputStream out;
    private boolean open = true;
    /** Bytes of whole lines in the file. */
    private long bytesWritten;
    private @Nullable Subscription recording;
    private long eventsWritten;
    private long lastSeqWritten;
    private @Nullable IOException failure;

    private JournalFile(Path path, FileOutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates the file (empties it if it exists) now, before any call, so a bad path fails before anything runs. */
    public static JournalFile create(Path file) throws IOException {
        // Opened as a channel first for the system's own reasons (NoSuchFileException, AccessDeniedException...).
        try (FileChannel created = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // emptied, and known to be writable
        }
        return new JournalFile(file, new FileOutputStream(file.toFile(), true));
    }

    /**
     * Creates the file and records {@code journal} into it from now on: the events it still holds first, then each
     * new one. For the window's "keep the journal in a file" and the command line; {@link #close()} stops it.
     */
    public static JournalFile record(Journal journal, Path file) throws IOException {
        JournalFile f = create(file);
        f.recording = journal.record(f);
        return f;
    }

    /** Writes one event as one line, whole, at once. */
    @Override
    public synchronized void accept(Event event) {
        if (failure != null || !open) return;
        String text = eventsWritten == 0 ? JournalJsonl.firstLine(event) : JournalJsonl.line(event);
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            bytesWritten += line.length;
            eventsWritten++;
            lastSeqWritten = event.seq();
        } catch (IOException e) {
            failure = e;
            cutPartialLine();
        }
    }

    /** A line cut by a full disk is taken away again, so the file ends with the last whole line. */
    private void cutPartialLine() {
        boolean interrupted = Thread.interrupted(); // an interrupted thread would close the channel instead
        try {
            FileChannel channel = out.getChannel();
            if (channel.size() > bytesWritten) channel.truncate(bytesWritten);
        } catch (IOException | UnsupportedOperationException e) {
            // a device (/dev/full) has no length to cut: it kept nothing anyway
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public Path path() {
        return path;
    }

    /** Why writing stopped (the disk is full...), or empty when every event so far is in the file. */
    public synchronized Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    public synchronized long eventsWritten() {
        return eventsWritten;
    }

    /** The seq of the last event in the file (0 before the first). */
    public synchronized long lastSeqWritten() {
        return lastSeqWritten;
    }

    /** Stops recording and closes the file; what was written stays. */
    @Override
    public synchronized void close() {
        if (recording != null) recording.close();
        if (!open) return;
        open = false;
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) failure = e;
        }
    }
}
