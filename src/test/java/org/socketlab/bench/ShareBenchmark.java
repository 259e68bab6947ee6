package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.share.JoinCode;
import org.socketlab.share.LessonShare;
import org.socketlab.share.ShareServer;
import org.socketlab.share.StoryRoomRenderer;
import org.socketlab.testing.ChildJvm;

/**
 * Issue 80 item 5: a room of {@code -Dstudents=N} (300) simulated students on loopback following a shared tcp-basics
 * live ({@link RoomStudents}, in a JVM of its own), the lesson pressed step by step. Prints press → every student's view
 * updated (p50, p99, max over all students and steps), this JVM's CPU while sharing (the server, the publisher and the
 * lesson: the window's share), its RSS growth from just before the server started, and the bytes each student
 * received per step. Bounded: each step waits at most 20 s, the whole run a few minutes. Not part of the test run:
 * {@code mvn -B test -Dtest=ShareBenchmark}.
 */
class ShareBenchmark {
    /** The same figures as another user (setpriv as nobody): {@code java -cp ... org.socketlab.bench.ShareBenchmark}. */
    public static void main(String[] args) throws Exception {
        new ShareBenchmark().aRoomOfStudentsFollowsTheLesson();
    }

    @Test
    void aRoomOfStudentsFollowsTheLesson() throws Exception {
        int n = Integer.getInteger("students", 300);
        Lesson lesson = LessonLoader.load("tcp-basics");
        try (Lab lab = Lab.onThisMachine(); LessonShare share = new LessonShare(lesson, lab.journal(), null)) {
            System.gc();
            long rssBefore = rssKb();
            ShareServer server = ShareServer.start(share, new StoryRoomRenderer(), null,
                    InetAddress.getLoopbackAddress(), 0, JoinCode.random(), Lang.EN,
                    ShareServer.Limits.DEFAULT);
            AtomicLong rssPeak = new AtomicLong(rssBefore);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rssPeak.accumulateAndGet(rssKb(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Process room = new ProcessBuilder(ChildJvm.computing("-cp", System.getProperty("java.class.path"),
                    RoomStudents.class.getName(), server.address().toString(), server.code().text(),
                    String.valueOf(n))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Long> delaysUs = new ArrayList<>();
            int missed = 0, steps = 0;
            StringBuilder perStep = new StringBuilder();
            long cpuStart, cpuEnd, wallStart = System.nanoTime();
            try (BufferedReader from = new BufferedReader(new InputStreamReader(room.getInputStream(),
                    StandardCharsets.UTF_8));
                    PrintStream to = new PrintStream(room.getOutputStream(), true,
                            StandardCharsets.UTF_8)) {
                expect(from, "READY");
                CompletableFuture<LessonReport> played = CompletableFuture.supplyAsync(
                        () -> share.play(new LessonRunner(), lab, LessonRunner.freePort(), r -> {
                        }));
                cpuStart = cpuTicks();
                wallStart = System.nanoTime();
                while (!share.over()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (share.waiting() == 0 && !share.over() && System.nanoTime() < deadline) Thread.sleep(1);
                    if (share.over() || share.waiting() == 0) break;
                    int target = share.waiting() + 1;
                    Thread.sleep(300); // the room has read the narration's view
                    if (target > lesson.steps().size()) { // the last call: no step comes after it to be seen
                        share.press();
                        continue;
                    }
                    to.println("STEP " + target + " " + nowMicros());
                    share.press();
                    String[] updated = expect(from, "UPDATED").split(" ");
                    long slowest = 0;
                    for (int i = 2; i < updated.length; i++) {
                        long d = Long.parseLong(updated[i]);
                        if (d < 0) missed++;
                        else delaysUs.add(d);
                        slowest = Math.max(slowest, d);
                    }
                    // The press's own call is in it: a step that waits for the kernel (a state, a timer) is slow for all.
                    perStep.append(' ').append(target - 1).append(':').append(slowest / 1000);
                    steps++;
                }
                assertTrue(played.get(60, TimeUnit.SECONDS).passed());
                cpuEnd = cpuTicks();
                to.println("END");
                long bytes = Long.parseLong(expect(from, "BYTES").split(" ")[1]);
                double wallS = (System.nanoTime() - wallStart) / 1e9;
                print(n, steps, delaysUs, missed, (cpuEnd - cpuStart) / 100.0, wallS, rssBefore, rssPeak.get(),
                        bytes);
                System.out.println("ShareBenchmark: slowest student per pressed step (step:ms):" + perStep);
            } finally {
                room.destroy();
                room.waitFor(10, TimeUnit.SECONDS);
                sampler.interrupt();
                server.close();
            }
        }
    }

    private static void print(int n, int steps, List<Long> delaysUs, int missed, double cpuS, double wallS,
            long rssBeforeKb, long rssPeakKb, long bytes) throws IOException {
        delaysUs.sort(null);
        long p50 = delaysUs.isEmpty() ? -1 : delaysUs.get(delaysUs.size() / 2) / 1000;
        long p99 = delaysUs.isEmpty()
                ? -1
                : delaysUs.get((int) Math.min(delaysUs.size() - 1,
                        Math.ceil(delaysUs.size() * 0.99) - 1)) / 1000;
        long max = delaysUs.isEmpty() ? -1 : delaysUs.getLast() / 1000;
        System.out.printf("ShareBenchmark (uid %s, %d cores, loadavg %s): %d students, %d steps of tcp-basics: press ->"
                + " every student's view updated p50 %d ms, p99 %d ms, max %d ms (%d updates, %d missed); server JVM CPU"
                + " %.2f s over %.1f s (%.0f %% of one core); RSS %d MB before sharing, peak %d MB (+%.1f MB); %.1f KB"
                + " per student per step (%d bytes in all)%n", System.getProperty("user.name"),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip(), n,
                steps, p50, p99, max, delaysUs.size(), missed, cpuS, wallS, 100 * cpuS / wallS, rssBeforeKb / 1024,
                rssPeakKb / 1024, (rssPeakKb - rssBeforeKb) / 1024.0, bytes / 1024.0 / n / Math.max(1, steps), bytes);
    }

    private static String expect(BufferedReader from, String prefix) throws IOException {
        for (String line; (line = from.readLine()) != null;) {
            if (line.startsWith(prefix)) return line;
            System.out.println("room: " + line);
        }
        throw new IOException("the room ended before " + prefix);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** This JVM's user + system CPU in clock ticks (100 a second), from /proc/self/stat. */
    private static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status")))
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return 0;
    }

}
