package org.socketlab.trace;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Descriptors;

/**
 * A pipe for strace's record: its write end goes to the lab's broker, which hands it to the strace it runs outside the
 * traced program's room (the program has no name for it and no descriptor of it: it cannot write its own record), and
 * this program reads the other end. The record ends when strace, its one writer, has.
 */
final class StracePipe implements StraceRecordSource {
    private static final Descriptors CALLS = new Descriptors();
    private final FileInputStream in;
    private int writeEnd;
    private @Nullable Thread reader;

    private StracePipe(FileInputStream in, int writeEnd) {
        this.in = in;
        this.writeEnd = writeEnd;
    }

    /** A new pipe, both ends close-on-exec: nothing this program starts inherits either. */
    static StracePipe create() throws IOException {
        Descriptors.Pair pipe = CALLS.pipe();
        try {
            // Opened again through /proc while the write end exists: the stream owns its own descriptor.
            return new StracePipe(new FileInputStream("/proc/self/fd/" + pipe.first()), pipe.second());
        } catch (IOException e) {
            CALLS.close(pipe.second());
            throw e;
        } finally {
            CALLS.close(pipe.first());
        }
    }

    /** The write end, to hand to the broker (which dups it into its own request); closed here by {@link #handedOver}. */
    int writeEnd() {
        return writeEnd;
    }

    /** Closes this program's copy of the write end once the broker holds its own: then strace is the only writer. */
    synchronized void handedOver() {
        if (writeEnd >= 0) CALLS.close(writeEnd);
        writeEnd = -1;
    }

    @Override
    public void startReading(int maxLine, Consumer<String> line, LongConsumer overLong, Consumer<IOException> failed,
            Runnable end) {
        reader = Thread.ofPlatform().daemon().name("socketlab-trace-reader").start(() -> {
            try (in) {
                new BoundedLines(in, maxLine).readAll(line, overLong);
            } catch (IOException e) {
                failed.accept(e);
            } finally {
                end.run();
            }
        });
    }

    @Override
    public long unread() {
        return StraceRecordSource.available(in);
    }

    @Override
    public boolean reading() {
        return reader != null;
    }

    /** The record ends when the last writer closes: once handed over, only strace holds it, and its end ends it. */
    @Override
    public void unblockReader() {
        handedOver();
    }

    @Override
    public void joinReader(long millis) throws InterruptedException {
        if (reader != null) reader.join(millis);
    }

    @Override
    public void delete() {
        handedOver();
    }
}
