package org.socketlab.share;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest version, told to every student's event stream, and the watch on their writes. Each stream's thread
 * waits here for a version newer than the one it sent: versions are never queued (a stream that fell behind sends only
 * the newest), so a slow page costs one number, and the session's thread only ever sets a number and wakes the
 * waiters. A write that has not ended after the limit (a client that never reads, its socket's buffer full) is ended
 * by interrupting its thread: the JDK then closes the socket under it, and the client is dropped.
 */
final class RoomPush {
    /** What {@link #await} returns once the share is stopping. */
    static final long CLOSED = Long.MIN_VALUE;

    private long version = -1;
    private boolean closed;
    private final Map<Thread, Long> writing = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /** A newer version for every stream (an older or equal one changes nothing). */
    synchronized void publish(long newer) {
        if (newer <= version) return;
        version = newer;
        notifyAll();
    }

    synchronized long version() {
        return version;
    }

    /**
     * The newest version once it is not {@code sent}, or {@code sent} again after {@code keepAliveMs} (time for a
     * keep-alive); {@link #CLOSED} once the share stops.
     */
    synchronized long await(long sent, long keepAliveMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(keepAliveMs);
        while (!closed && version == sent) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return sent;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closed ? CLOSED : version;
    }

    /** Every waiting stream ends. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Writes {@code bytes} and flushes them, watched: {@link #sweep} ends it if it takes too long. */
    void write(OutputStream out, byte[] bytes) throws IOException {
        Thread me = Thread.currentThread();
        writing.put(me, System.nanoTime());
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writing.remove(me);
        }
    }

    /** Ends every write older than {@code limitNs}: its thread is interrupted, the JDK closes the socket under it. */
    void sweep(long limitNs) {
        long now = System.nanoTime();
        for (Map.Entry<Thread, Long> w : writing.entrySet()) {
            // Removed first, only if it is still that write: a write that just ended is never interrupted.
            if (now - w.getValue() > limitNs && writing.remove(w.getKey(), w.getValue())) {
                dropped.incrementAndGet();
                w.getKey().interrupt();
            }
        }
    }

    /** Interrupts every write still going (the share stops: the server closes the sockets anyway). */
    void endAllWrites() {
        for (Thread t : writing.keySet()) t.interrupt();
    }

    /** How many clients were dropped for not reading. */
    long dropped() {
        return dropped.get();
    }
}
