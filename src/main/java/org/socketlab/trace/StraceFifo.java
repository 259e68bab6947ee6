package org.socketlab.trace;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.TempFolders;
import org.socketlab.syscall.TrustedPrograms;

/**
 * The FIFO strace writes its record into, in a private folder, and the thread that reads it line by line. A FIFO,
 * not a file: the record is read as it is written and never kept.
 */
final class StraceFifo implements StraceRecordSource {
    private final Path folder, fifo;
    private @Nullable Thread reader;
    private volatile boolean readerOpened;
    private final AtomicBoolean deleted = new AtomicBoolean();
    /** The reader's stream while it reads: a FileInputStream, whose available() asks the kernel (FIONREAD). */
    private volatile @Nullable FileInputStream reading;

    private StraceFifo(Path folder) {
        this.folder = folder;
        this.fifo = folder.resolve("strace.fifo");
    }

    /** A new private folder holding the FIFO (only its owner may open it). */
    static StraceFifo create() throws IOException {
        StraceFifo made = new StraceFifo(TempFolders.create("trace"));
        makeFifo(made.fifo);
        return made;
    }

    /** mkfifo makes one node: seconds only on a machine that is badly stuck. */
    private static final Duration MKFIFO_LIMIT = Duration.ofSeconds(10);

    private static void makeFifo(Path path) throws IOException {
        Path mkfifo = TrustedPrograms.find("mkfifo").orElseThrow(() -> new IOException("mkfifo (coreutils) not found"));
        try {
            HelperRun.Ran ran = HelperRun.run(List.of(mkfifo.toString(), "-m", "600", path.toString()), MKFIFO_LIMIT);
            if (!ran.succeeded()) throw new IOException("mkfifo: " + ran.said());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    Path folder() {
        return folder;
    }

    Path path() {
        return fifo;
    }

    /**
     * Starts the thread that opens the FIFO (waiting for strace to open it too) and hands each line of at most
     * {@code maxLine} bytes to {@code line}, the length of a longer one to {@code overLong} ({@link BoundedLines}); a
     * read that fails goes to {@code failed}; {@code end} runs last, whatever ended the record.
     */
    @Override
    public void startReading(int maxLine, Consumer<String> line, LongConsumer overLong, Consumer<IOException> failed,
            Runnable end) {
        reader = Thread.ofPlatform().daemon().name("socketlab-trace-reader").start(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                reading = in;
                readerOpened = true;
                // Both ends are open (this open waits for strace's, which it makes once, before the program starts; or
                // for unblockReader's, strace ended): the FIFO's name is needed no more, and a SocketLab killed with
                // -9 leaves no folder behind (audit 2026-11-28, L5).
                delete();
                new BoundedLines(in, maxLine).readAll(line, overLong);
            } catch (IOException e) {
                failed.accept(e);
            } finally {
                reading = null;
                end.run();
            }
        });
    }

    @Override
    public long unread() {
        return StraceRecordSource.available(reading);
    }

    @Override
    public boolean reading() {
        return reader != null;
    }

    /**
     * Releases a reader still waiting in open() for strace, which has ended. The FIFO is opened for reading and writing,
     * which never blocks (a write-only open would wait forever for a reader that already saw the end and left), and
     * closed at once: a reader waiting in open() wakes and reads the end. Repeated until the reader is past its open(),
     * for it may not have reached it yet.
     */
    @Override
    public void unblockReader() {
        while (!readerOpened && reader != null && reader.isAlive()) {
            try (FileChannel unused = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // nothing to write
            } catch (IOException e) {
                return; // the FIFO is gone: so is the reader
            }
            try {
                reader.join(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void joinReader(long millis) throws InterruptedException {
        if (reader != null) reader.join(millis);
    }

    /**
     * Removes the FIFO and its folder, once: the name, freed, may be another user's later (a folder in /tmp), and is
     * never touched again.
     */
    @Override
    public void delete() {
        if (!deleted.compareAndSet(false, true)) return;
        try {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
