package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;
import org.socketlab.lesson.predict.PossibleOutcomes.Kind;
import org.socketlab.lesson.predict.PossibleOutcomes.Phase;
import org.socketlab.lesson.predict.PossibleOutcomes.Situation;

/**
 * The table predict mode draws its options from (issue 41 item 8): a call's options are what that call can do on that
 * socket in that state, the same whichever is right, so the right errno never stands out; meaningless ones are gone.
 */
class PossibleOutcomesTest {
    private static final Situation UDP_CONNECTED = new Situation(Kind.DATAGRAM, Phase.CONNECTED, false);
    private static final Situation TCP_FRESH = new Situation(Kind.TCP, Phase.FRESH, false);

    private static List<String> claims(List<Option> options) {
        return options.stream().map(o -> o.claim().text()).toList();
    }

    private static List<String> labels(Question q) {
        return q.options().stream().map(o -> o.label().in(Messages.of(Lang.EN))).toList();
    }

    /** The claims of a question's options with an exact byte count written as the row writes any count. */
    private static Set<String> asInRow(Question q) {
        Set<String> out = new TreeSet<>();
        for (Option o : q.options())
            out.add(o.claim() instanceof Claim.Returns r
                    && (r.result() instanceof Expect.Result.Exact x && x.value() > 0 && !isPoll(q)
                            || r.result() instanceof Expect.Result.Between)
                                    ? ">= 1"
                                    : o.claim().text());
        return out;
    }

    private static boolean isPoll(Question q) {
        // poll and select return how many are ready: their rows count 0, 1, 2 exactly.
        return q.prompt() instanceof Wording.Key k && (k.args().contains("poll") || k.args().contains("select"));
    }

    @Test
    void everyShippedLessonsBuiltQuestionOffersExactlyItsCallsRowSoTheAnswerCannotStandOut() {
        List<String> problems = new ArrayList<>();
        // Per call and situation, the options every lesson offered: one set, whichever outcome was right.
        Map<String, Set<String>> offered = new HashMap<>();
        int checked = 0;
        for (String id : LessonCatalog.IDS) {
            Lesson lesson = LessonLoader.load(id);
            List<List<Question>> all = Questions.of(lesson);
            List<Situation> before = Questions.situations(lesson);
            for (Step step : lesson.steps()) {
                if (lesson.questions().containsKey(step.number())) continue; // the lesson file's own
                for (Question q : all.get(step.number() - 1)) {
                    if (q.topic() != Question.Topic.RESULT) continue;
                    Situation s = before.get(step.number() - 1);
                    List<Option> row = PossibleOutcomes.row(step.call(), s, step.sockets().size());
                    Set<String> want = new TreeSet<>(claims(row));
                    if (!want.equals(asInRow(q)))
                        problems.add(id + " step " + step.number() + " " + step.call() + " " + s + ": offers "
                                + asInRow(q) + ", its row is " + want);
                    String key = step.call() + " " + s + " " + step.sockets().size();
                    Set<String> before2 = offered.putIfAbsent(key, asInRow(q));
                    if (before2 != null && !before2.equals(asInRow(q)))
                        problems.add(key + " offers " + asInRow(q) + " in " + id + " but " + before2 + " elsewhere");
                    checked++;
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 200, "the shipped lessons build many questions: " + checked);
    }

    @Test
    void aWaitingCallIsAskedHowItEndsAndNotAgainRightAfterItsOwnQuestion() {
        Lesson eintr = LessonLoader.load("eintr");
        List<List<Question>> asked = Questions.of(eintr);
        // Steps 9 and 33 ask what the signal does to the waiting call; its return (steps 10, 34) is that answer.
        for (int step : List.of(10, 34)) {
            assertEquals(Step.Kind.FINISH, eintr.steps().get(step - 1).kind());
            assertEquals(List.of(), asked.get(step - 1), "step " + step + " asks again");
        }
        // Step 19's recv() has waited since step 17 (a signal came at 18, asked nothing): how does it end?
        Question q = asked.get(18).getFirst();
        assertEquals(Wording.Key.of("predict.prompt.finish", "recv"), q.prompt());
        assertEquals("Predict: how does the recv() that is waiting end?",
                Messages.of(Lang.EN).get("predict.prompt.finish", "recv"));
        assertEquals("Predice: ¿cómo termina el recv() que está esperando?",
                Messages.of(Lang.ES).get("predict.prompt.finish", "recv"));
    }

    @Test
    void everyCallIsAskedTheSameWayWhetherItWaitsOrNot() {
        Set<String> prompts = new TreeSet<>();
        for (String id : LessonCatalog.IDS) {
            Lesson lesson = LessonLoader.load(id);
            for (List<Question> step : Questions.of(lesson))
                for (Question q : step)
                    if (q.prompt() instanceof Wording.Key k && q.topic() == Question.Topic.RESULT) prompts.add(k.key());
        }
        // A call already waiting is asked how it ends, never as if it were called now (issue 59 item 5).
        assertEquals(Set.of("predict.prompt.finish", "predict.prompt.result"), prompts);
        assertEquals("Predict: recvfrom() is called now. What happens?",
                Messages.of(Lang.EN).get("predict.prompt.result", "recvfrom"));
        assertEquals("Predice: ahora se llama a recvfrom(). ¿Qué pasa?",
                Messages.of(Lang.ES).get("predict.prompt.result", "recvfrom"));
        // udp-port-unreachable step 10: the recvfrom() that waits is asked as recv() at step 4, which fails.
        Lesson udp = LessonLoader.load("udp-port-unreachable");
        Question waits = Questions.of(udp).get(9).getFirst(), fails = Questions.of(udp).get(3).getFirst();
        assertEquals(Question.Topic.RESULT, waits.topic());
        assertEquals(new Claim.Blocks(), waits.expected());
        assertEquals(fails.prompt() instanceof Wording.Key k ? k.key() : null,
                waits.prompt() instanceof Wording.Key k ? k.key() : "");
        assertEquals(new TreeSet<>(claims(fails.options())), new TreeSet<>(claims(waits.options())),
                "a connected and an unconnected UDP socket's receive can do the same things");
    }

    @Test
    void theReviewsCasesAreGone() {
        Lesson udp = LessonLoader.load("udp-port-unreachable");
        List<List<Question>> q = Questions.of(udp);
        // connect() on UDP: no "waits until the server calls accept()", no ETIMEDOUT.
        Question connect = q.get(1).getFirst();
        for (String label : labels(connect)) assertFalse(label.contains("accept"), label);
        assertFalse(claims(connect.options()).contains("-1 ETIMEDOUT"));
        // recv() on the connected UDP socket offers ECONNREFUSED on a day it is not the answer too (UDP_CONNECTED).
        assertTrue(claims(PossibleOutcomes.row("recv", UDP_CONNECTED, 0)).contains("-1 ECONNREFUSED"));
        assertTrue(claims(q.get(3).getFirst().options()).contains("-1 ECONNREFUSED"));
        // send() on it: no EPIPE (a TCP error), and ECONNREFUSED is offered at step 3 (right: 4) as at step 6.
        assertFalse(claims(q.get(5).getFirst().options()).contains("-1 EPIPE"));
        assertTrue(claims(q.get(2).getFirst().options()).contains("-1 ECONNREFUSED"));
        // close() of a UDP socket asks nothing.
        assertEquals(List.of(), q.get(6));

        // close() after a failed connect: no "segments with data".
        Lesson refused = LessonLoader.load("connection-refused");
        for (int step : List.of(3, 8)) {
            Question close = Questions.of(refused).get(step - 1).getFirst();
            assertEquals(Question.Topic.WIRE, close.topic());
            assertEquals(Set.of("none", "FIN", "RST"), Set.copyOf(claims(close.options())), "step " + step);
        }

        // udp-ack: a poll that may find the reply offers 1, and setsockopt() offers what setsockopt() can say.
        Lesson ack = LessonLoader.load("udp-ack");
        Question poll = Questions.of(ack).get(11).getFirst();
        assertTrue(claims(poll.options()).containsAll(List.of("0", "1")), claims(poll.options()).toString());
        assertEquals(List.of("0", "-1 EINVAL", "-1 ENOPROTOOPT"),
                claims(PossibleOutcomes.row("setsockopt", TCP_FRESH, 0)));
    }

    @Test
    void aSocketWithATimeoutIsOfferedEagainOnlyFromItsSetsockoptOn() {
        Lesson lesson = LessonLoader.load("timeouts");
        List<Situation> before = Questions.situations(lesson);
        // Step 10 (recv on conn, SO_RCVTIMEO set at step 9) and step 16 (send on sock, SO_SNDTIMEO set at step 13).
        assertTrue(before.get(9).recvTimeout(), before.get(9).toString());
        assertTrue(before.get(15).sendTimeout(), before.get(15).toString());
        assertFalse(before.get(10).sendTimeout(), "the client's send of step 11 comes before its SO_SNDTIMEO");
        assertTrue(claims(PossibleOutcomes.row("recv", before.get(9), 0)).contains("-1 EAGAIN"));
    }

    @Test
    void rowsFollowTheSocketsKindAndState() {
        // connect(): a second one on a connected socket, a non-blocking one, a local one.
        assertEquals(List.of("-1 EISCONN", "0"),
                claims(PossibleOutcomes.row("connect", new Situation(Kind.TCP, Phase.CONNECTED, false), 0)));
        assertTrue(claims(PossibleOutcomes.row("connect", new Situation(Kind.TCP, Phase.FRESH, true), 0))
                .contains("-1 EINPROGRESS"));
        assertTrue(claims(PossibleOutcomes.row("connect", new Situation(Kind.LOCAL_STREAM, Phase.FRESH, false), 0))
                .contains("-1 ENOENT"));
        // listen() and accept() on a datagram socket: EOPNOTSUPP, no waiting for a client.
        assertEquals(List.of("-1 EOPNOTSUPP", "0"), claims(PossibleOutcomes.row("listen", UDP_CONNECTED, 0)));
        assertFalse(claims(PossibleOutcomes.row("accept", UDP_CONNECTED, 0)).contains("blocked"));
        // recv() on TCP: waits when blocking, EAGAIN when not; ENOTCONN before any connection.
        assertTrue(claims(PossibleOutcomes.row("recv", new Situation(Kind.TCP, Phase.CONNECTED, false), 0))
                .containsAll(List.of(">= 1", "0", "blocked", "-1 ECONNRESET")));
        assertTrue(claims(PossibleOutcomes.row("recv", new Situation(Kind.TCP, Phase.CONNECTED, true), 0))
                .contains("-1 EAGAIN"));
        assertFalse(claims(PossibleOutcomes.row("recv", new Situation(Kind.TCP, Phase.CONNECTED, true), 0))
                .contains("blocked"));
        assertEquals("-1 ENOTCONN", claims(PossibleOutcomes.row("recv", TCP_FRESH, 0)).getFirst());
        // With SO_RCVTIMEO (SO_SNDTIMEO) a blocking recv() (send()) may wait or end in EAGAIN: both are offered.
        for (String call : List.of("recv", "send"))
            assertTrue(
                    claims(PossibleOutcomes.row(call, new Situation(Kind.TCP, Phase.CONNECTED, false, true, true), 0))
                            .containsAll(List.of("-1 EAGAIN", "blocked")),
                    call);
        assertTrue(claims(PossibleOutcomes.row("recvfrom", new Situation(Kind.DATAGRAM, Phase.BOUND, false, true,
                false), 0)).containsAll(List.of("-1 EAGAIN", "blocked")));
        assertEquals("-1 ENOTCONN", claims(PossibleOutcomes.row("recv", new Situation(Kind.TCP, Phase.FRESH, false,
                true, false), 0)).getFirst());
        // send() after shutdown(SHUT_WR) leads with EPIPE; a datagram send() with no peer, EDESTADDRREQ.
        assertEquals("-1 EPIPE",
                claims(PossibleOutcomes.row("send", new Situation(Kind.TCP, Phase.SENDING_SHUT, false), 0))
                        .getFirst());
        assertTrue(claims(PossibleOutcomes.row("send", new Situation(Kind.DATAGRAM, Phase.BOUND, false), 0))
                .contains("-1 EDESTADDRREQ"));
        // Never more than the four keys.
        for (String call : List.of("connect", "bind", "listen", "accept", "recv", "recvfrom", "read", "send", "sendto",
                "write", "shutdown", "setsockopt", "getpeername", "unlink", "poll"))
            for (Kind k : Kind.values())
                for (Phase p : Phase.values())
                    for (boolean nb : new boolean[]{false, true})
                        for (boolean timed : new boolean[]{false, true}) {
                            List<Option> row = PossibleOutcomes.row(call, new Situation(k, p, nb, timed, timed), 3);
                            assertTrue(row.size() >= 2 && row.size() <= Question.MAX_OPTIONS,
                                    call + " " + k + " " + p + ": " + claims(row));
                            assertEquals(row.size(), Set.copyOf(claims(row)).size(), call + ": " + claims(row));
                        }
        // close(): the wire, from the state; nothing to ask of a socket on no wire.
        assertEquals(PossibleOutcomes.Asks.NOTHING,
                PossibleOutcomes.asks("close", new Situation(Kind.LOCAL_STREAM, Phase.CONNECTED, false)));
        assertFalse(PossibleOutcomes.wire("close", new Situation(Kind.TCP, Phase.CONNECT_FAILED, false))
                .contains(WireKind.DATA));
        assertNull(Questions.forCall(1, new Request.Close(3),
                new CallSituation(false, false, false, DgramState.CONNECTED)));
        assertNotNull(Questions.forCall(1, new Request.Close(3),
                new CallSituation(true, true, false, TcpState.ESTABLISHED)));
    }
}
