package org.socketlab.capture;

import java.io.IOException;
import java.io.InputStream;
import org.socketlab.syscall.Descriptors;

/**
 * This program's reading end of a stream socketpair that another program writes its output to, as an InputStream.
 * Unlike a pipe's, its end can be called here ({@link #end()}): the kernel still hands over every byte already written,
 * then the stream ends, without waiting for the writer to exit. A capture uses it: once tcpdump has written its
 * statistics, everything it will write has arrived, and its exit (the kernel releasing its packet socket, 20-40 ms)
 * need not be waited for.
 */
final class SocketReadEnd extends InputStream {
    private static final Descriptors CALLS = new Descriptors();
    private int fd;
    /** Reads under way: the descriptor is closed only when none is, so its number is never read after reuse. */
    private int reading;
    private boolean closeWanted;

    /** Takes {@code fd}: closed by {@link #close()}. */
    SocketReadEnd(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        int from;
        synchronized (this) {
            if (closeWanted) return -1;
            from = fd;
            reading++;
        }
        try {
            // Not under the lock: a read waits, and end() and close() must be able to wake it.
            return CALLS.read(from, into, offset, Math.min(length, 65_536));
        } finally {
            synchronized (this) {
                reading--;
                if (closeWanted && reading == 0) closeNow();
            }
        }
    }

    /** Ends the stream once what was written before is read: a read waiting now returns what is left, then -1. */
    synchronized void end() {
        if (!closeWanted) CALLS.shutdown(fd);
    }

    @Override
    public synchronized void close() {
        if (closeWanted) return;
        closeWanted = true;
        CALLS.shutdown(fd); // a read still waiting returns (closing alone would not wake it), then closes it
        if (reading == 0) closeNow();
    }

    private void closeNow() {
        if (fd < 0) return;
        CALLS.close(fd);
        fd = -1;
    }
}
