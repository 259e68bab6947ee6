package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.CiRules;
import org.socketlab.syscall.Descriptors;
import org.socketlab.testing.Await;
import org.socketlab.testing.OpenFds;

/**
 * A capture's output read to its end while the writer still holds its end open, as tcpdump does while the kernel
 * releases its packet socket: what was written arrives, then the stream ends, without the writer's exit.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class SocketReadEndTest {

    /** Not a silent skip: elsewhere than Linux it is reported skipped, naming why; on CI it fails (CiRules). */
    @BeforeAll
    static void onLinux() {
        CiRules.requireOrSkip(System.getProperty("os.name", "").startsWith("Linux"),
                "Linux (the socket calls it makes are Linux's)");
    }

    private static final Descriptors CALLS = new Descriptors();

    @Test
    void endedHereTheStreamGivesWhatWasWrittenThenEndsThoughTheWriterHasNotClosed() throws Exception {
        OpenFds before = OpenFds.now();
        Descriptors.Pair pair = CALLS.streamPair();
        try (SocketReadEnd in = new SocketReadEnd(pair.first())) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(in));
            CALLS.send(pair.second(), List.of("the last packet"));
            // The reader has the bytes and waits for more: nothing ends it while the writer's end is open.
            Await.until(Duration.ofSeconds(10), () -> readSoFar.size() == 16, () -> "read " + readSoFar.size());
            assertFalse(read.isDone(), "a writer still there: the stream goes on");
            in.end();
            assertArrayEquals("the last packet\0".getBytes(StandardCharsets.US_ASCII), read.get(10, TimeUnit.SECONDS));
        } finally {
            CALLS.close(pair.second());
        }
        assertEquals(Map.of(), OpenFds.openedSince(before), "both ends closed");
    }

    @Test
    void bytesWrittenBeforeTheEndAreNotLostThoughNoReadWasWaiting() throws Exception {
        Descriptors.Pair pair = CALLS.streamPair();
        try (SocketReadEnd in = new SocketReadEnd(pair.first())) {
            CALLS.send(pair.second(), List.of("a", "b"));
            in.end(); // before any read: what is queued still comes
            assertArrayEquals("a\0b\0".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            assertEquals(-1, in.read());
        } finally {
            CALLS.close(pair.second());
        }
    }

    @Test
    void closingWakesAWaitingReadAndClosesTheDescriptorOnce() throws Exception {
        OpenFds before = OpenFds.now();
        Descriptors.Pair pair = CALLS.streamPair();
        SocketReadEnd in = new SocketReadEnd(pair.first());
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        in.close();
        assertEquals(-1, read.get(10, TimeUnit.SECONDS));
        in.close();
        assertEquals(-1, in.read(), "read after close: the end, never another descriptor's bytes");
        CALLS.close(pair.second());
        assertEquals(Map.of(), OpenFds.openedSince(before), "both ends closed, once");
    }

    private final ByteArrayOutputStream readSoFar = new ByteArrayOutputStream();

    private byte[] readAll(SocketReadEnd in) {
        byte[] buffer = new byte[4];
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) synchronized (readSoFar) {
                readSoFar.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        synchronized (readSoFar) {
            return readSoFar.toByteArray();
        }
    }
}
