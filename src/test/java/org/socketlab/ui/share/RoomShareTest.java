package org.socketlab.ui.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.share.RoomAnswers;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.predict.PredictViewModel;

/**
 * The presenter's side of sharing, without a toolkit: the server's stand-in binds a real socket on the address asked
 * (so a port in use really fails), answers come from other threads as the server's do, and the test drains the inbox
 * as the window's bridge does each frame.
 */
class RoomShareTest {
    private final Texts texts = new Texts(Lang.EN);
    private final AtomicInteger wakes = new AtomicInteger();
    private final FxInbox inbox = new FxInbox((name, work) -> work.run());
    private final List<ServerSocket> bound = new ArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();
    private final RoomShare.Server server = (address, answers) -> {
        ServerSocket socket = new ServerSocket();
        socket.bind(address);
        bound.add(socket);
        return new RoomShare.Sharing() {
            @Override
            public String url() {
                return "http://" + RoomShare.hostPort(socket.getInetAddress(), socket.getLocalPort()) + "/";
            }

            @Override
            public String code() {
                return "K7QF29";
            }

            @Override
            public void stop() {
                stops.incrementAndGet();
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    };
    private final RoomShare room = new RoomShare(texts, inbox, server);
    private final PredictViewModel predict = new PredictViewModel(texts);
    private final Lesson lesson = LessonLoader.load("connection-refused");
    private long seq;

    RoomShareTest() {
        inbox.wakeWith(wakes::incrementAndGet);
        room.follow(predict);
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (ServerSocket s : bound) s.close();
    }

    private void journal(Payload.Quiz quiz) {
        List<Event> batch = List.of(new Event(++seq, seq, "lab", new Payload.Note(Map.of("en", "n", "es", "n"),
                quiz)));
        predict.onEvents(batch);
        room.onEvents(batch);
    }

    /** The server's threads answer; the window's next frame reads the counts. */
    private void fromTheServer(Runnable answers) throws InterruptedException {
        Thread t = Thread.ofPlatform().start(answers);
        t.join(10_000);
        inbox.drain();
    }

    @Test
    void offByDefaultAndNothingIsBound() {
        assertEquals(RoomShare.OFF, room.statusProperty().get());
        assertFalse(room.sharingProperty().get());
        assertTrue(bound.isEmpty());
        assertEquals("", room.answeredText().get());
    }

    @Test
    void startServesTheOneAddressAskedAndStopStopsIt() throws Exception {
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        RoomShare.Status.On on = assertInstanceOf(RoomShare.Status.On.class, room.statusProperty().get());
        ServerSocket socket = bound.getFirst();
        assertEquals(InetAddress.getLoopbackAddress(), socket.getInetAddress(), "bound to loopback, not all");
        assertEquals("http://127.0.0.1:" + socket.getLocalPort() + "/", on.url());
        assertEquals("K7QF29", on.code());
        assertTrue(room.sharingProperty().get());
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        assertEquals(1, bound.size(), "a second start while on starts nothing");
        room.stop();
        assertEquals(RoomShare.OFF, room.statusProperty().get());
        assertEquals(1, stops.get());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", socket.getLocalPort()).close());
        room.stop();
        assertEquals(1, stops.get(), "stopped once");
    }

    @Test
    void aPortInUseOrOutOfRangeSaysWhyInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            room.start(InetAddress.getLoopbackAddress(), taken.getLocalPort(), false);
            inbox.drain();
            RoomShare.Status.Failed failed = assertInstanceOf(RoomShare.Status.Failed.class,
                    room.statusProperty().get());
            String said = texts.messages().text(failed.why());
            assertTrue(said.startsWith("Sharing could not start on 127.0.0.1:" + taken.getLocalPort() + ": "), said);
            assertFalse(said.contains("\n"), said);
        }
        room.start(InetAddress.getLoopbackAddress(), 70_000, false);
        RoomShare.Status.Failed failed = assertInstanceOf(RoomShare.Status.Failed.class, room.statusProperty().get());
        assertEquals("The port must be a number from 0 to 65535.", texts.messages().text(failed.why()));
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        assertTrue(room.sharingProperty().get(), "after a failure, a new start");
    }

    @Test
    void theRoomAnswersCountsLiveThePressClosesAndTheVerdictComesBeside() throws Exception {
        predict.start(lesson);
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"));
        RoomAnswers.Tally asked = room.tallyProperty().get();
        assertNotNull(asked);
        assertEquals(2, asked.step());
        assertTrue(asked.open());
        RoomAnswers answers = room.answers();
        fromTheServer(() -> {
            answers.connected(3);
            assertTrue(answers.answer("a", 2, 1, 1, null));
            assertTrue(answers.answer("b", 2, 1, 2, null));
        });
        assertEquals("2 of 3 answered", room.answeredText().get());
        texts.langProperty().set(Lang.ES);
        assertEquals("2 de 3 han respondido", room.answeredText().get());
        predict.answer(2); // the presenter's press
        assertFalse(room.tallyProperty().get().open());
        assertFalse(answers.answer("c", 2, 1, 2, null), "after the press");
        assertEquals("", room.answeredText().get(), "nothing waits for the room");
        journal(new Payload.Quiz.Answer("connection-refused", 2, "result", 2, List.of(2), "-1 ECONNREFUSED",
                "-1 ECONNREFUSED"));
        inbox.drain();
        RoomAnswers.Tally judged = room.tallyProperty().get();
        assertEquals(List.of(1, 1, 0, 0).subList(0, judged.counts().size()), judged.counts());
        assertEquals(new RoomAnswers.Judged(List.of(2), "-1 ECONNREFUSED"), judged.judged());
    }

    @Test
    void theDiscussionKeyReasksCountsAgainAndTheCsvHoldsBothRounds() throws Exception {
        predict.start(lesson);
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result")); // on screen before sharing starts
        assertFalse(room.discuss(), "not sharing: no discussion");
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        RoomAnswers answers = room.answers();
        assertNotNull(answers.tally(), "the question on screen was put to the room when sharing started");
        fromTheServer(() -> {
            answers.connected(2);
            answers.answer("a", 2, 1, 1, "Ana");
            answers.answer("b", 2, 1, 1, null);
        });
        assertTrue(room.discuss());
        assertEquals("0 of 2 answered", room.answeredText().get());
        assertEquals(2, room.tallyProperty().get().round());
        fromTheServer(() -> answers.answer("a", 2, 2, 2, null));
        assertEquals("1 of 2 answered", room.answeredText().get());
        assertFalse(room.discuss(), "one discussion round");
        Path file = Files.createDirectories(Path.of("target/room-share-test")).resolve("answers.csv");
        Files.deleteIfExists(file);
        room.save(file);
        inbox.drain();
        List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
        assertTrue(lines.get(0).startsWith("Step,Question,Participant,Round 1,"), lines.get(0));
        assertTrue(lines.get(1).matches("2,.*,1,1,.*,2,.*,,"), lines.get(1));
        assertTrue(lines.get(2).matches("2,.*,2,1,.*,,,,"), lines.get(2));
        assertFalse(String.join("\n", lines).contains("Ana"), "no nickname asked: none kept");
        assertEquals("The room’s answers were saved to " + file + ".", texts.messages().text(room.noticeProperty()
                .get()));
    }

    @Test
    void aRoomAnsweringFastLeavesOneRefreshForTheFrame() throws Exception {
        predict.start(lesson);
        room.start(InetAddress.getLoopbackAddress(), 0, false);
        inbox.drain();
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"));
        inbox.drain();
        int before = wakes.get();
        RoomAnswers answers = room.answers();
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 300; i++) answers.answer("c" + i, 2, 1, 1, null);
        });
        t.join(10_000);
        assertEquals(before + 1, wakes.get(), "one wake for 300 answers until the frame takes it");
        inbox.drain();
        assertEquals(300, room.countProperty().get().answered());
    }

    @Test
    void stoppedWhileStartingTheServerIsStoppedOnceBound() {
        List<Runnable> held = new ArrayList<>();
        FxInbox slow = new FxInbox((name, work) -> held.add(work));
        RoomShare share = new RoomShare(texts, slow, server);
        share.start(InetAddress.getLoopbackAddress(), 0, false);
        assertInstanceOf(RoomShare.Status.Starting.class, share.statusProperty().get());
        share.stop(); // the window closes while the server binds
        held.removeFirst().run();
        slow.drain();
        while (!held.isEmpty()) held.removeFirst().run();
        assertEquals(RoomShare.OFF, share.statusProperty().get());
        assertEquals(1, stops.get(), "the server bound after Stop is stopped");
        assertTrue(bound.getFirst().isClosed());
    }
}
