package org.socketlab.trace;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

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

    /** Whether the reading thread was started. */
    boolean reading();

    /** Releases a reader still waiting for a writer that will never come (strace ended before it began). */
    void unblockReader();

    void joinReader(long millis) throws InterruptedException;

    /** Removes what the source made (a FIFO and its folder; a pipe's read end). */
    void delete();
}
