package org.socketlab.trace;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Where strace's record comes from, read by one thread line by line: a FIFO of SocketLab's own (strace as its child,
 * {@link StraceFifo}) or a pipe whose only writer is a strace outside the traced program's room ({@link StracePipe}).
 */
sealed interface StraceRecordSource permits StraceFifo, StracePipe {
    /**
     * Starts the thread that hands each line of at most {@code maxLine} bytes to {@code line} and the length of a longer
     * one to {@code overLong}; a read that fails goes to {@code failed}; {@code end} runs last, whatever ended it.
     */
    void startReading(int maxLine, Consumer<String> line, LongConsumer overLong, Consumer<IOException> failed,
            Runnable end);

    /**
     * How many bytes strace has written that the reading thread has not taken yet (FIONREAD on the read end; 0 before
     * the reader opened it and after the record ended). While there are some, strace's next write may wait for the
     * reader, and the traced program with it.
     */
    long unread();

    /** Whether the reading thread was started. */
    boolean reading();

    /** Releases a reader still waiting for a writer that will never come (strace ended before it began). */
    void unblockReader();

    void joinReader(long millis) throws InterruptedException;

    /** Removes what the source made (a FIFO and its folder; a pipe's read end). */
    void delete();

    /** The unread bytes of {@code in} (null or closed: 0). */
    static long available(@Nullable FileInputStream in) {
        if (in == null) return 0;
        try {
            return in.available();
        } catch (IOException closed) {
            return 0;
        }
    }
}
