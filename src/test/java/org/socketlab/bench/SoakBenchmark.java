package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.testing.ChildJvm;

/**
 * A long {@code serve --connections 0} session: 100,000 connections from a real client (java.nio on loopback) and
 * 1 GiB echoed, while the serve JVM's resident memory is read from {@code /proc/PID/status} (VmRSS sampled every
 * 250 ms, VmHWM at the end). Then the journal file is read back line by line: every accept, every byte echoed.
 * Not part of {@code mvn test}: {@code mvn -B test -Dtest=SoakBenchmark} (-Dsoak.connections=, -Dsoak.bytes=,
 * -Dsoak.dir= to shorten it or put the multi-GB journal elsewhere). Prints the figures. The client runs in this JVM,
 * serve in its own process, so only serve's memory is measured. {@code -Dsoak.launcher=target/socketlab/bin/socketlab}
 * (after {@code mvn package}) measures the installed program: its launcher's options for {@code serve} and its AOT
 * cache; without it serve runs on the class path with {@link #LAUNCHER_OPTIONS}.
 */
class SoakBenchmark {
    private static final long RSS_LIMIT_KB = 150 * 1024;
    /** The JVM options the launcher gives serve (packaging/linux/launcher.c, JVM_OPTIONS and SERVE_OPTIONS); -Dsoak.jvm= overrides them. */
    private static final String LAUNCHER_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx48m";

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    @Test
    void serveSoak() throws Exception {
        int connections = Integer.getInteger("soak.connections", 100_000);
        long totalBytes = Long.getLong("soak.bytes", 1L << 30);
        int perConnection = (int) ((totalBytes + connections - 1) / connections);
        Path dir = Path.of(System.getProperty("soak.dir", System.getProperty("java.io.tmpdir")));
        Path journal = Files.createTempFile(dir, "soak", ".jsonl");
        int port = LessonRunner.freePort();
        String launcher = System.getProperty("soak.launcher", "");
        String jvmOptions = System.getProperty("soak.jvm", LAUNCHER_OPTIONS).trim();
        List<String> command = new ArrayList<>();
        if (!launcher.isEmpty()) {
            command.add(Path.of(launcher).toAbsolutePath().toString());
            jvmOptions = "the launcher's (" + launcher + ")";
        } else {
            command.addAll(List.of(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED"));
            if (!jvmOptions.isEmpty()) command.addAll(List.of(jvmOptions.split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.socketlab.Main"));
        }
        command.addAll(List.of("serve", "tcp", "--port", String.valueOf(port), "--connections", "0",
                "--journal", journal.toString(), "--lang", "en"));
        Process serve = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicLong maxRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(statusKb(serve.pid(), "VmRSS"), Math::max), 0, 250,
                TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long echoed = 0, hwm;
        byte[] payload = new byte[perConnection];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) ('a' + i % 26);
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
            awaitListening(server, serve);
            ByteBuffer back = ByteBuffer.allocate(perConnection + 1);
            for (int c = 0; c < connections; c++) {
                try (SocketChannel ch = SocketChannel.open(server)) {
                    ByteBuffer out = ByteBuffer.wrap(payload);
                    while (out.hasRemaining()) ch.write(out);
                    ch.shutdownOutput();
                    back.clear();
                    while (ch.read(back) >= 0 && back.hasRemaining()) {
                        // until the server closes after echoing everything
                    }
                    back.flip();
                    if (back.remaining() != perConnection)
                        throw new AssertionError("connection " + c + " got " + back.remaining() + " bytes back");
                    echoed += perConnection;
                }
                if ((c + 1) % 10_000 == 0)
                    System.out.printf("  %,d connections, %,d MiB echoed, RSS now %,d KB (max %,d KB), %.0f s%n", c + 1,
                            echoed >> 20,
                            statusKb(serve.pid(), "VmRSS"), maxRss.get(), (System.nanoTime() - start) / 1e9);
            }
            hwm = statusKb(serve.pid(), "VmHWM");
        } finally {
            sampler.shutdownNow();
            serve.toHandle().destroy(); // SIGTERM: serve closes its sockets and ends
            if (!serve.waitFor(60, TimeUnit.SECONDS)) serve.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // The journal on disk: every connection accepted, every byte received and sent back, every line whole.
        long events = 0, accepts = 0, recvBytes = 0, sendBytes = 0, lastSeq = 0;
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Event e = JournalJsonl.parseLine(line);
                assertEquals(lastSeq + 1, e.seq(), "no event missing");
                lastSeq = e.seq();
                events++;
                if (e.payload() instanceof Payload.Call call && !call.failed()) {
                    switch (call.call()) {
                        case "accept" -> accepts++;
                        case "recv" -> recvBytes += call.heldBytes();
                        case "send" -> sendBytes += call.heldBytes();
                        default -> {
                        }
                    }
                }
            }
        }
        long fileBytes = Files.size(journal);
        System.out.println();
        System.out.println("SocketLab serve soak (serve --connections 0 in its own JVM, options: "
                + (jvmOptions.isEmpty() ? "JVM defaults" : jvmOptions) + ")");
        System.out.printf("  connections: %,d; echoed: %,d bytes (%,d per connection); %.0f s, %.0f connections/s%n",
                connections, echoed, perConnection, seconds, connections / seconds);
        System.out.printf("  serve RSS: peak (VmHWM) %,d KB = %.1f MB; max sampled VmRSS %,d KB%n", hwm, hwm / 1024.0,
                maxRss.get());
        System.out.printf("  journal file: %,d bytes, %,d events; %,d accepts, %,d bytes received, %,d bytes sent%n",
                fileBytes, events, accepts, recvBytes, sendBytes);
        Files.delete(journal);
        assertEquals(connections, accepts, "every connection is in the journal");
        assertEquals(echoed, recvBytes, "every byte received is in the journal");
        assertEquals(echoed, sendBytes, "every byte sent back is in the journal");
        assertTrue(hwm < RSS_LIMIT_KB, "peak RSS " + hwm + " KB stays under 150 MB");
    }

    private static void awaitListening(InetSocketAddress server, Process serve) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // A probe connection would be served as one of the soak's: read the listener from /proc/net/tcp instead.
        while (!listening(server.getPort())) {
            if (!serve.isAlive()) throw new AssertionError("serve exited " + serve.exitValue());
            if (System.nanoTime() > deadline) throw new AssertionError("serve did not listen within 30 s");
            try {
                serve.onExit().get(50, TimeUnit.MILLISECONDS); // waits (up to 50 ms) for nothing but the exit
            } catch (TimeoutException stillRunning) {
                // look again
            }
        }
    }

    /** Whether a socket listens on 127.0.0.1:port, from /proc/net/tcp (state 0A). */
    private static boolean listening(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                .anyMatch(l -> l.contains("0100007F" + hexPort) && l.trim().split("\\s+")[3].equals("0A"));
    }

    private static long statusKb(long pid, String field) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/status"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
        return 0;
    }
}
