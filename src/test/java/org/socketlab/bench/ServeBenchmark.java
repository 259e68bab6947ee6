package org.socketlab.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.cli.Cli;
import org.socketlab.lesson.LessonRunner;

/**
 * How long 30 students' clients, started at once, wait for their echo from {@code socketlab serve} (issue 8 saw
 * 0.04 s to 5.9 s for 20 clients served one at a time), with a 31st client that never reads. Not part of the test
 * run; {@code mvn -B test -Dtest=ServeBenchmark} prints the figures.
 */
class ServeBenchmark {
    private static final int CLIENTS = 30;
    private static final int BYTES = 64 * 1024;

    @Test
    void printConcurrentEchoTimes() throws Exception {
        int port = LessonRunner.freePort();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        PrintStream quiet = new PrintStream(new OutputStream() { // the printed events are dropped, not measured
            @Override
            public void write(int b) {
            }
            @Override
            public void write(byte[] b, int off, int len) {
                if (!listening.isDone() && new String(b, off, len, StandardCharsets.UTF_8).contains("listen("))
                    listening.complete(null);
            }
        }, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.run(
                new String[]{"serve", "tcp", "--port",
                        String.valueOf(port), "--connections", String.valueOf(CLIENTS + 1), "--lang", "en"},
                quiet, quiet));
        InetAddress lo = InetAddress.getLoopbackAddress();
        listening.get(60, TimeUnit.SECONDS);
        Socket stuck = new Socket(lo, port);
        Thread flood = Thread.ofPlatform().start(() -> {
            try {
                OutputStream o = stuck.getOutputStream();
                byte[] chunk = new byte[64 * 1024];
                while (true) o.write(chunk);
            } catch (IOException closed) {
                // closed at the end
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Double>> times = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) times.add(pool.submit(() -> {
            byte[] data = new byte[BYTES];
            Arrays.fill(data, (byte) 'e');
            start.await();
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(lo, port), 60_000);
                CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                    try {
                        s.getOutputStream().write(data);
                        s.shutdownOutput();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] back = s.getInputStream().readAllBytes();
                w.get(60, TimeUnit.SECONDS);
                if (!Arrays.equals(back, data)) throw new AssertionError("echo differs");
            }
            return (System.nanoTime() - t0) / 1e9;
        }));
        start.countDown();
        double[] s = new double[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) s[i] = times.get(i).get(120, TimeUnit.SECONDS);
        pool.shutdown();
        stuck.close();
        flood.join(10_000);
        int code = exit.get(60, TimeUnit.SECONDS);
        Arrays.sort(s);
        System.out.printf(
                "serve: %d concurrent clients x %d KiB echoed byte-exact beside one that never reads (exit %d)%n",
                CLIENTS, BYTES / 1024, code);
        System.out.printf("  time to full echo: min %.3f s, median %.3f s, p90 %.3f s, max %.3f s%n",
                s[0], s[CLIENTS / 2], s[(int) (CLIENTS * 0.9)], s[CLIENTS - 1]);
    }
}
