package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/** The room's predictions: one answer per browser per step and round, two rounds, counts, histogram, limits, CSV. */
class RoomAnswersTest {
    private static final RoomQuestion CONNECT = new RoomQuestion(2, 1, "What does connect() return?",
            List.of("0", "-1 ECONNREFUSED", "It blocks"));

    @Test
    void eachBrowserAnswersOncePerStepAndRound() {
        RoomAnswers room = new RoomAnswers(false);
        room.ask(CONNECT);
        assertTrue(room.answer("a", 2, 1, 1, null));
        assertFalse(room.answer("a", 2, 1, 2, null), "a second answer of the same browser in the same round");
        assertTrue(room.answer("b", 2, 1, 2, null));
        assertEquals(List.of(1, 1, 0), room.tally().counts());
        assertEquals(2, room.tally().answered());
    }

    @Test
    void refusesWhatWasNotAskedOrIsNoOption() {
        RoomAnswers room = new RoomAnswers(false);
        assertFalse(room.answer("a", 2, 1, 1, null), "nothing asked yet");
        room.ask(CONNECT);
        assertFalse(room.answer("a", 3, 1, 1, null), "another step");
        assertFalse(room.answer("a", 2, 2, 1, null), "round 2 before the discussion");
        assertFalse(room.answer("a", 2, 1, 0, null), "option 0");
        assertFalse(room.answer("a", 2, 1, 4, null), "option past the last");
        assertFalse(room.answer("", 2, 1, 1, null), "no token");
        assertFalse(room.answer("x".repeat(129), 2, 1, 1, null), "a token longer than the server's");
        assertEquals(0, room.count().answered());
    }

    @Test
    void thePressClosesTheStepAndTheVerdictComesBesideTheHistogram() {
        RoomAnswers room = new RoomAnswers(false);
        room.ask(CONNECT);
        room.answer("a", 2, 1, 2, null);
        room.close(2);
        assertFalse(room.answer("b", 2, 1, 2, null), "after the press");
        assertFalse(room.tally().open());
        assertNull(room.tally().judged());
        room.judged(2, List.of(2), "-1 ECONNREFUSED");
        assertEquals(new RoomAnswers.Judged(List.of(2), "-1 ECONNREFUSED"), room.tally().judged());
        assertEquals(List.of(0, 1, 0), room.tally().counts());
        assertNull(room.discuss(), "no discussion once the step ran");
    }

    @Test
    void theDiscussionRoundReasksAndCountsAgain() {
        RoomAnswers room = new RoomAnswers(false);
        room.connected(3);
        room.ask(CONNECT);
        room.answer("a", 2, 1, 1, null);
        room.answer("b", 2, 1, 1, null);
        room.answer("c", 2, 1, 2, null);
        assertEquals(new RoomAnswers.Count(3, 3), room.count());
        RoomQuestion again = room.discuss();
        assertNotNull(again);
        assertEquals(new RoomQuestion(2, 2, CONNECT.prompt(), CONNECT.options()), again);
        assertEquals(new RoomAnswers.Count(0, 3), room.count(), "round 2 is counted anew");
        assertFalse(room.answer("a", 2, 1, 2, null), "round 1 is closed by the discussion");
        assertTrue(room.answer("a", 2, 2, 2, null));
        assertTrue(room.answer("b", 2, 2, 2, null));
        assertEquals(new RoomAnswers.Count(2, 3), room.count());
        assertEquals(List.of(0, 2, 0), room.tally().counts());
        assertEquals(2, room.tally().round());
        assertEquals(List.of(2, 1, 0), room.tally(2, 1).counts(), "round 1 kept");
        assertNull(room.discuss(), "one discussion round");
    }

    @Test
    void aNewStepClosesTheOneBefore() {
        RoomAnswers room = new RoomAnswers(false);
        room.ask(CONNECT);
        room.ask(new RoomQuestion(3, 1, "And recv()?", List.of("0", "blocks")));
        assertFalse(room.answer("a", 2, 1, 1, null));
        assertTrue(room.answer("a", 3, 1, 2, null));
        assertEquals(new RoomAnswers.Count(1, 0), room.count());
    }

    @Test
    void limitsAnswersPerRoundAndClients() {
        RoomAnswers room = new RoomAnswers(false, new RoomAnswers.Limits(2, 3, 8, 16));
        room.ask(CONNECT);
        assertTrue(room.answer("a", 2, 1, 1, null));
        assertTrue(room.answer("b", 2, 1, 1, null));
        assertFalse(room.answer("c", 2, 1, 1, null), "two answers a round");
        room.ask(new RoomQuestion(3, 1, "q", List.of("x", "y")));
        assertTrue(room.answer("c", 3, 1, 1, null));
        assertFalse(room.answer("d", 3, 1, 1, null), "a fourth browser: three clients at most");
        assertTrue(room.answer("a", 3, 1, 2, null), "one already counted answers on");
    }

    @Test
    void nicknamesOnlyWhenAskedAndCleaned() {
        RoomAnswers anonymous = new RoomAnswers(false);
        anonymous.ask(CONNECT);
        anonymous.answer("a", 2, 1, 1, "Ana");
        String csv = anonymous.csv(Messages.of(Lang.EN));
        assertFalse(csv.contains("Ana"), csv);
        assertFalse(csv.contains("Nickname"), csv);

        RoomAnswers named = new RoomAnswers(true, new RoomAnswers.Limits(10, 10, 5, 16));
        named.ask(CONNECT);
        named.answer("a", 2, 1, 1, " An\u202Ea\u0007 López ");
        String withNames = named.csv(Messages.of(Lang.EN));
        assertTrue(withNames.startsWith("Step,Question,Participant,Nickname,"), withNames);
        assertTrue(withNames.contains(",Ana L,"), "bidi override and bell out, cut to 5: " + withNames);
    }

    @Test
    void csvHoldsBothRoundsPerParticipantQuotedAndDefused() {
        RoomAnswers room = new RoomAnswers(false);
        room.ask(new RoomQuestion(1, 1, "Say \"hi\", then?", List.of("=cmd|' /C calc'!A0", "two\nlines")));
        room.answer("tok-b", 1, 1, 1, null);
        room.answer("tok-a", 1, 1, 2, null);
        room.discuss();
        room.answer("tok-a", 1, 2, 1, null);
        room.judged(1, List.of(1, 2), "-1 ECONNREFUSED");
        room.ask(new RoomQuestion(4, 1, "Nobody answers", List.of("a", "b")));
        String csv = room.csv(Messages.of(Lang.EN));
        List<String> lines = List.of(csv.split("\r\n", -1));
        assertEquals("Step,Question,Participant,Round 1,Round 1 answer,Round 2,Round 2 answer,"
                + "Right options (the kernel’s result),What the kernel did", lines.get(0));
        assertEquals("1,\"Say \"\"hi\"\", then?\",1,1,'=cmd|' /C calc'!A0,,,1 2,'-1 ECONNREFUSED", lines.get(1),
                "participant 1 answered first; no round 2");
        assertEquals("1,\"Say \"\"hi\"\", then?\",2,2,\"two\nlines\",1,'=cmd|' /C calc'!A0,1 2,'-1 ECONNREFUSED",
                lines.get(2));
        assertEquals("4,Nobody answers,,,,,,,", lines.get(3));
        assertEquals("", lines.get(4), "CRLF after the last line");
        assertFalse(csv.contains("tok-"), "no browser token is saved");
        assertTrue(room.csv(Messages.of(Lang.ES)).startsWith("Paso,Pregunta,Participante,Ronda 1,"));
    }

    @Test
    void everyAnswerOfManyThreadsIsCountedOnce() throws Exception {
        RoomAnswers room = new RoomAnswers(false);
        AtomicInteger changes = new AtomicInteger();
        room.onChange(changes::incrementAndGet);
        room.ask(CONNECT);
        int threads = 8, each = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        AtomicInteger taken = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int me = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    // every browser twice: only the first of the two counts
                    if (room.answer("c" + (me * each + i), 2, 1, 1 + i % 3, null)) taken.incrementAndGet();
                    if (room.answer("c" + (me * each + i), 2, 1, 1, null)) taken.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : started) t.join(30_000);
        assertEquals(threads * each, taken.get());
        assertEquals(threads * each, room.tally().answered());
        assertEquals(threads * each + 1, changes.get(), "told of the question and of each answer taken");
    }
}
