package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.testing.ChildJvm;

/** {@code serve tcp} serves clients at once, one endpoint per connection, bounded by --max-clients: real clients, no mocks. */
class ServeConcurrencyTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LOOPBACK, port), 60_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Sends {@code data} from one thread while reading the echo on this one, so neither side's buffers stall. */
    private static byte[] echo(int port, byte[] data) throws Exception {
        try (Socket s = connect(port)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream o = s.getOutputStream();
                    o.write(data);
                    o.flush();
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            writing.get(30, TimeUnit.SECONDS);
            return back;
        }
    }

    private static Map<String, List<Payload.Call>> callsByEndpoint(List<Event> events) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Call)
                .collect(Collectors.groupingBy(Event::endpoint,
                        Collectors.mapping(e -> (Payload.Call) e.payload(), Collectors.toList())));
    }

    /**
     * {@code serve tcp --port port ...more} started on its own thread, once it listens. Close it (try-with-resources):
     * a test that fails or times out then stops its serve instead of leaving it to the next tests' leak checks.
     */
    private static ServeCommandTest.Running listening(int port, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "tcp", "--port", String.valueOf(port)));
        args.addAll(List.of(more));
        ServeCommandTest.Running r = ServeCommandTest.startServe(args.toArray(String[]::new));
        try {
            r.out().printed("listen\\(\\d+, 128\\) = 0").get(30, TimeUnit.SECONDS);
        } catch (Exception | AssertionError e) {
            r.close();
            throw e;
        }
        return r;
    }

    @Test
    void thirtyConcurrentClientsAreAllServedWhileOneNeverReads(@TempDir Path dir) throws Exception {
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("thirty.jsonl");
        // The client that never reads (closed at the end, or early on a failure): it sends until its own send buffer
        // and the server's are full.
        try (ServeCommandTest.Running r = listening(port, "--connections", "30",
                "--journal", journal.toString(), "--lang", "en"); Socket stuck = connect(port)) {
            CountDownLatch stuckWrites = new CountDownLatch(1);
            Thread stuckWriter = Thread.ofPlatform().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream o = stuck.getOutputStream();
                    while (true) {
                        o.write(chunk);
                        stuckWrites.countDown();
                    }
                } catch (IOException closedAtTheEnd) {
                    // the test closes it
                }
            });
            assertTrue(stuckWrites.await(20, TimeUnit.SECONDS));
            // The server now waits in send on the stuck connection (its peer reads nothing).
            r.out().printed("Server 1\\s+send\\(\\d+\\) \\.\\.\\. blocked, waiting").get(30, TimeUnit.SECONDS);

            ExecutorService clients = Executors.newFixedThreadPool(29);
            try {
                List<byte[]> sent = new ArrayList<>();
                List<Future<byte[]>> echoed = new ArrayList<>();
                Random random = new Random(8_029);
                for (int i = 0; i < 29; i++) {
                    byte[] data = new byte[1 + random.nextInt(200_000)];
                    random.nextBytes(data);
                    sent.add(data);
                    echoed.add(clients.submit(() -> echo(port, data)));
                }
                for (int i = 0; i < 29; i++)
                    assertArrayEquals(sent.get(i), echoed.get(i).get(60, TimeUnit.SECONDS),
                            "client " + i + " got its bytes back exactly");
            } finally {
                clients.shutdownNow();
            }
            assertTrue(r.thread().isAlive(), "serve still waits on the stuck client");
            stuck.close(); // unread bytes: the kernel resets the connection, and serve's 30th connection ends
            stuckWriter.join(10_000);
            assertEquals(0, r.awaitExit(), r.err().text());

            String out = r.out().text();
            assertTrue(out.contains("Connection 1 done: reset by the peer (")
                    || out.contains("Connection 1 done: send() failed with EPIPE"), out);
            List<Event> events = JournalJsonl.read(journal);
            Map<String, List<Payload.Call>> byEndpoint = callsByEndpoint(events);
            for (int n = 1; n <= 30; n++) {
                List<Payload.Call> calls = byEndpoint.getOrDefault("server-" + n, List.of());
                assertTrue(calls.stream().anyMatch(c -> c.call().equals("recv") && !c.failed() && c.result() > 0),
                        "server-" + n + " received");
                assertTrue(calls.stream().anyMatch(c -> c.call().equals("close") && !c.failed()),
                        "server-" + n + " closed its connection");
                assertTrue(calls.stream().noneMatch(c -> Set.of("accept", "socket", "listen").contains(c.call())),
                        "server-" + n + " only serves");
            }
            List<Payload.Call> server = byEndpoint.get("server");
            assertEquals(30, server.stream().filter(c -> c.call().equals("accept") && !c.failed()).count(),
                    "server accepted 30");
            assertTrue(server.stream().noneMatch(c -> Set.of("recv", "send").contains(c.call())),
                    "the listener's endpoint never echoes");
            // The listener's endpoint hands each connection over with a note (without capture, the lab's own notes
            // mark segments no rule can deduce: UncountedSegments).
            assertEquals(30,
                    events.stream().filter(e -> e.payload() instanceof Payload.Note && e.endpoint().equals("server"))
                            .count(),
                    "one hand-over note per connection");
            // Byte-exact in the journal too: every server-N sent back exactly what it received.
            for (int n = 1; n <= 30; n++) {
                List<Payload.Call> calls = byEndpoint.get("server-" + n);
                long received = calls.stream().filter(c -> c.call().equals("recv") && !c.failed())
                        .mapToLong(Payload.Call::result).sum();
                long echoedBack = calls.stream().filter(c -> c.call().equals("send") && !c.failed())
                        .mapToLong(Payload.Call::result).sum();
                if (n > 1 || received == echoedBack)
                    assertEquals(received, echoedBack, "server-" + n + " echoed every byte");
            }
        }
    }

    @Test
    void maxClientsBoundsHowManyAreServedAtOnce() throws Exception {
        int port = LessonRunner.freePort();
        try (ServeCommandTest.Running r = listening(port, "--connections", "3",
                "--max-clients", "2", "--lang", "en")) {
            try (Socket a = connect(port); Socket b = connect(port); Socket c = connect(port)) {
                for (Socket s : List.of(a, b)) {
                    s.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
                    assertEquals("hi", new String(s.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
                }
                c.getOutputStream().write("third".getBytes(StandardCharsets.UTF_8));
                // Two connections are being served: the third waits in the accept queue, nothing is echoed to it.
                r.out().printed("accept queue 1, backlog 128").get(20, TimeUnit.SECONDS);
                c.setSoTimeout(1500);
                assertThrows(SocketTimeoutException.class, () -> c.getInputStream().read());
                assertTrue(!r.out().text().contains("server-3"), r.out().text());
                a.close(); // a slot frees: the third is accepted and echoed
                c.setSoTimeout(30_000);
                InputStream in = c.getInputStream();
                assertEquals("third", new String(in.readNBytes(5), StandardCharsets.UTF_8));
            }
            assertEquals(0, r.awaitExit(), r.err().text());
            assertTrue(r.out().text().contains("Connection 3 done"), r.out().text());
        }
    }

    @Test
    void aPeerKilledWithSigkillMidTransferEndsOnlyItsConnection(@TempDir Path dir) throws Exception {
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("killed.jsonl");
        try (ServeCommandTest.Running r = listening(port, "--connections", "2",
                "--journal", journal.toString(), "--lang", "en")) {
            Process peer = new ProcessBuilder(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                    FloodingPeer.class.getName(), String.valueOf(port))).redirectErrorStream(true).start();
            try {
                // The peer floods and never reads: serve's send to it waits; then the peer dies without closing anything.
                r.out().printed("Server 1\\s+send\\(\\d+\\) \\.\\.\\. blocked, waiting").get(30, TimeUnit.SECONDS);
                peer.destroyForcibly(); // SIGKILL
                assertTrue(peer.waitFor(10, TimeUnit.SECONDS));
                r.out().printed("Connection 1 done").get(30, TimeUnit.SECONDS);
                assertArrayEquals("after".getBytes(StandardCharsets.UTF_8),
                        echo(port, "after".getBytes(StandardCharsets.UTF_8)),
                        "the server goes on with the next client");
            } finally {
                peer.destroyForcibly();
            }
            assertEquals(0, r.awaitExit(), r.err().text());
            String ending = r.out().text().lines().filter(l -> l.startsWith("Connection 1 done")).findFirst()
                    .orElseThrow();
            assertTrue(ending.startsWith("Connection 1 done: reset by the peer (") || ending.contains("EPIPE")
                    || ending.equals("Connection 1 done: the peer closed it, so the server closed its side."), ending);
            List<Payload.Call> server1 = callsByEndpoint(JournalJsonl.read(journal)).get("server-1");
            Payload.Call last = server1.get(server1.size() - 2); // the call that saw the end, before close
            assertTrue(
                    Set.of("ECONNRESET", "EPIPE").contains(last.errnoName())
                            || (last.call().equals("recv") && last.result() == 0),
                    "the kernel's own answer: " + last);
            assertEquals("close", server1.getLast().call());
        }
    }

    /** A peer process for the SIGKILL test: connects and sends forever without reading. */
    public static final class FloodingPeer {
        public static void main(String[] args) throws IOException {
            try (Socket s = new Socket(LOOPBACK, Integer.parseInt(args[0]))) {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'k');
                OutputStream o = s.getOutputStream();
                while (true) o.write(chunk);
            }
        }
    }
}
