package org.socketlab.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The room for {@link ShareBenchmark}, in a JVM of its own (so the server's CPU and RSS are the benchmark JVM's
 * alone): N students, each following live as a page does (an event stream; on a new version, the view fetched once,
 * gzipped, newer versions met meanwhile folded into one fetch). Reads {@code STEP target pressMicros} lines and answers
 * {@code UPDATED target micros...} once every student has a view of that step (each student's delay from the press);
 * {@code END} prints {@code BYTES total} and exits. Arguments: the address, the code, N.
 */
public final class RoomStudents {
    private static final Pattern STEP = Pattern.compile("\"step\":(\\d+)");

    /** One simulated browser. */
    private static final class Student {
        final AtomicLong latest = new AtomicLong(-1);
        volatile int step;
        final ConcurrentHashMap<Integer, Long> reachedMicros = new ConcurrentHashMap<>();
        final Object wake = new Object();
    }

    public static void main(String[] args) throws Exception {
        String base = args[0], code = args[1];
        int n = Integer.parseInt(args[2]);
        AtomicLong bytes = new AtomicLong();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, n / 30); i++) clients.add(HttpClient.newHttpClient());
        List<Student> students = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Student s = new Student();
            students.add(s);
            HttpClient http = clients.get(i % clients.size());
            Thread.ofVirtual().start(() -> follow(http, base, code, s, bytes, connected));
            Thread.ofVirtual().start(() -> fetchViews(http, base, code, s, bytes));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) System.out.println("NOT-ALL-CONNECTED " + connected.getCount());
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.equals("END")) break;
            String[] w = line.split(" ");
            int target = Integer.parseInt(w[1]);
            long pressed = Long.parseLong(w[2]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && students.stream().anyMatch(s -> s.step < target)) Thread.sleep(2);
            StringBuilder out = new StringBuilder("UPDATED " + target);
            for (Student s : students) {
                Long at = s.reachedMicros.get(target);
                out.append(' ').append(at == null ? -1 : Math.max(0, at - pressed));
            }
            System.out.println(out);
        }
        System.out.println("BYTES " + bytes.get());
        System.exit(0);
    }

    private static void follow(HttpClient http, String base, String code, Student s, AtomicLong bytes,
            CountDownLatch connected) {
        try {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(base + "events?code=" + code))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            bytes.addAndGet(headerBytes(r));
            connected.countDown();
            r.body().forEach(line -> {
                bytes.addAndGet(line.length() + 1);
                if (line.startsWith("data: ")) {
                    s.latest.set(Long.parseLong(line.substring(6)));
                    synchronized (s.wake) {
                        s.wake.notifyAll();
                    }
                }
            });
        } catch (IOException | InterruptedException e) {
            System.out.println("STREAM-FAILED " + e);
        }
    }

    private static void fetchViews(HttpClient http, String base, String code, Student s, AtomicLong bytes) {
        long fetched = -1;
        HttpRequest view = HttpRequest.newBuilder(URI.create(base + "view?code=" + code + "&lang=en"))
                .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(30)).build();
        try {
            while (true) {
                synchronized (s.wake) {
                    while (s.latest.get() <= fetched) s.wake.wait();
                }
                fetched = s.latest.get();
                HttpResponse<byte[]> r = http.send(view, HttpResponse.BodyHandlers.ofByteArray());
                bytes.addAndGet(r.body().length + headerBytes(r) + 120); // + the request's line and headers
                String json = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                        StandardCharsets.UTF_8);
                Matcher m = STEP.matcher(json);
                if (m.find()) {
                    int step = Integer.parseInt(m.group(1));
                    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    for (int k = s.step + 1; k <= step; k++) s.reachedMicros.putIfAbsent(k, now);
                    s.step = Math.max(s.step, step);
                }
            }
        } catch (IOException | InterruptedException e) {
            System.out.println("VIEW-FAILED " + e);
        }
    }

    private static long headerBytes(HttpResponse<?> r) {
        long n = 17;
        for (var h : r.headers().map().entrySet())
            for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        return n;
    }
}
