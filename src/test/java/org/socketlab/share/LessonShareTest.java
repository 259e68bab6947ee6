package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;

/**
 * A real lesson shared: each press makes one step's real call, and the page following live hears of it (a new version
 * on its event stream) and reads the step in the view; nothing a page asks moves the lesson.
 */
class LessonShareTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void eachPressIsOneStepAndThePageHearsOfIt() throws Exception {
        Lesson lesson = LessonLoader.load("tcp-basics");
        Journal journal = new Journal();
        try (Lab lab = new Lab(Libc.forThisMachine(), journal);
                LessonShare share = new LessonShare(lesson, journal, null);
                ShareServer server = ShareServer.start(share, new StoryRoomRenderer(), null,
                        InetAddress.getLoopbackAddress(), 0, new JoinCode("PQRSTU"), Lang.EN,
                        ShareServer.Limits.DEFAULT);
                RoomFixtures.Browser http = new RoomFixtures.Browser()) {
            HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(
                    URI.create(server.address() + "events?code=PQRSTU")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<Long> versions = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    events.body().filter(l -> l.startsWith("data: "))
                            .forEach(l -> versions.add(Long.parseLong(l.substring(6))));
                } catch (UncheckedIOException closed) {
                    // the share closed at the test's end: nothing may escape into another test's JVM
                }
            });
            CompletableFuture<LessonReport> played = CompletableFuture.supplyAsync(
                    () -> share.play(new LessonRunner(), lab, LessonRunner.freePort(), r -> {
                    }));
            Await.until(LIMIT, () -> share.step() == 1, () -> "step 1 waits for its go");
            Await.until(LIMIT, () -> view(http, server).get("step").asInt() == 1, () -> "the view shows step 1");
            for (int i = 0; i < 20; i++) assertEquals(1, view(http, server).get("step").asInt()); // pages only read
            Thread.sleep(300);
            assertEquals(1, share.step(), "no step without a press, however often the pages ask");
            int seenBefore = versions.size();
            long t = System.nanoTime();
            assertTrue(share.press());
            Await.until(LIMIT, () -> share.step() == 2, () -> "step 2 after one press: " + share.step());
            Await.until(LIMIT, () -> versions.size() > seenBefore, () -> "a version after the step: " + versions);
            System.out.println("LessonShareTest: press -> new version on the stream in "
                    + (System.nanoTime() - t) / 1_000_000 + " ms");
            Await.until(LIMIT, () -> view(http, server).get("step").asInt() == 2, () -> "the view shows step 2");
            JsonNode view = view(http, server);
            assertEquals(lesson.steps().size(), view.get("steps").asInt());
            assertTrue(view.get("rowTexts").size() >= 1, "the first step's call: " + view.get("rowTexts"));
            share.toEnd();
            LessonReport report = played.get(60, TimeUnit.SECONDS);
            assertTrue(report.passed(), () -> String.valueOf(report.mismatch()));
            assertTrue(share.over());
            events.body().close();
        }
    }

    private static JsonNode view(RoomFixtures.Browser http, ShareServer server) {
        try {
            return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create(server.address() + "view?code=PQRSTU&lang=en")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
