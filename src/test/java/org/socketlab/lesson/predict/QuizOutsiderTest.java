package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;

/**
 * A program outside the lesson that connects to its listener (on this machine's own network, where the quiz tests run
 * their lessons) is told apart from a wrong verdict: getaddrinfo's accept() takes the outsider's connection, the
 * lesson's client stays queued and the close of the listener resets it, so the truth of step 18 changes between two
 * runs (a soak CI run of 2026-11-27). The check proves the outsider from the journal and checks the lesson again.
 */
class QuizOutsiderTest {
    /** Labs for the quiz check whose first one gets an outside connection as soon as the server listens. */
    private static Function<Boolean, Lab> knockedFirst(List<Socket> knocks) {
        AtomicInteger made = new AtomicInteger();
        return capture -> {
            Lab lab = capture ? Lab.onThisMachine() : Lab.withoutCapture();
            if (made.incrementAndGet() > 1) return lab;
            int[] port = {0};
            lab.journal().subscribe(e -> {
                if (!(e.payload() instanceof Payload.Call c) || !e.endpoint().equals("server")) return;
                if (c.call().equals("bind"))
                    port[0] = Integer.parseInt(String.valueOf(c.args().get("addr")).replaceAll(".*:", ""));
                if (c.call().equals("listen")) Thread.ofPlatform().start(() -> {
                    try {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port[0]), 2_000);
                        knocks.add(s);
                    } catch (Exception e2) {
                        throw new IllegalStateException(e2);
                    }
                });
            });
            return lab;
        };
    }

    @Test
    void anOutsidersConnectionIsProvedFromTheJournalAndTheLessonCheckedAgain() throws Exception {
        List<Socket> knocks = new CopyOnWriteArrayList<>();
        try {
            AllQuizzesTest.everyQuizScoresAllWithTheTruthAndNothingWrong("getaddrinfo",
                    LessonLoader.load("getaddrinfo"), knockedFirst(knocks));
            assertEquals(1, knocks.size(), "the outsider connected");
        } finally {
            for (Socket s : knocks) s.close();
        }
        // The proof itself: a play with the outsider names it, one without it names nobody.
        List<Socket> again = new CopyOnWriteArrayList<>();
        try {
            Function<Boolean, Lab> labs = knockedFirst(again);
            AllQuizzesTest.Played knocked = AllQuizzesTest.playOnce(labs, "getaddrinfo");
            AllQuizzesTest.Played plain = AllQuizzesTest.playOnce(labs, "getaddrinfo");
            assertTrue(AllQuizzesTest.outsider(knocked).orElse("").contains("no socket of the lesson made"),
                    knocked.events().toString());
            assertTrue(AllQuizzesTest.outsider(plain).isEmpty(), () -> AllQuizzesTest.outsider(plain).orElse(""));
        } finally {
            for (Socket s : again) s.close();
        }
    }
}
