package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Question;

/**
 * Questions whose proof is the run, not the call (issue 41 item 8): judged from the run's own journal, on real sockets;
 * a run that cannot tell (no capture) says so instead of judging, and the same journal, edited, judges otherwise.
 */
class QuizFromRunTest {
    /**
     * A short TCP lesson whose step 7 asks what the send puts on the wire, judged after step 8 (the server's recv, run
     * together with it): only the capture can tell.
     */
    static final String WIRE_LESSON = """
            {"id": "wire-quiz", "title": {"es": "cable", "en": "wire"}, "summary": {"es": "s", "en": "s"}, "steps": [
             {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "listener",
              "narration": {"es": "s1", "en": "s1"}, "expect": {"result": "fd"}},
             {"endpoint": "server", "call": "bind", "socket": "listener", "address": "127.0.0.1:{port}",
              "narration": {"es": "s2", "en": "s2"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "listen", "socket": "listener", "backlog": 5,
              "narration": {"es": "s3", "en": "s3"}, "expect": {"result": 0}},
             {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "sock",
              "narration": {"es": "s4", "en": "s4"}, "expect": {"result": "fd"}},
             {"endpoint": "client", "call": "connect", "socket": "sock", "address": "127.0.0.1:{port}",
              "narration": {"es": "s5", "en": "s5"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "accept", "socket": "listener", "as": "conn",
              "narration": {"es": "s6", "en": "s6"}, "expect": {"result": "fd"}},
             {"endpoint": "client", "call": "send", "socket": "sock", "data": "uno",
              "narration": {"es": "s7", "en": "s7"}, "expect": {"result": 3},
              "questions": [{"prompt": {"es": "¿Qué sale?", "en": "What leaves?"}, "right": "kernel", "judged_after": 8,
               "options": [
                {"text": {"es": "Un segmento con los 3 bytes", "en": "One segment with the 3 bytes"},
                 "run": "segments(client, data, 7) == 1"},
                {"text": {"es": "Nada hasta que el servidor llame a recv()", "en": "Nothing until the server calls recv()"},
                 "run": "segments(client, data, 7) == 0"},
                {"text": {"es": "Un segmento por byte", "en": "One segment per byte"},
                 "run": "segments(client, data, 7) >= 2"}]}]},
             {"endpoint": "server", "call": "recv", "socket": "conn", "size": 1024, "together": true,
              "narration": {"es": "s8", "en": "s8"}, "expect": {"result": 3, "data": "uno"},
              "check": ["segments(client, data, 7) >= 1"]},
             {"endpoint": "client", "call": "close", "socket": "sock",
              "narration": {"es": "s9", "en": "s9"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "close", "socket": "conn",
              "narration": {"es": "s10", "en": "s10"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "close", "socket": "listener",
              "narration": {"es": "s11", "en": "s11"}, "expect": {"result": 0}}]}
            """;

    private static Messages en() {
        return Messages.of(Lang.EN);
    }

    private record Played(Quiz.Result result, List<Event> events, long runStart) {
    }

    private static Played play(Lab lab, Lesson lesson, int choice) {
        long runStart = lab.journal().size();
        Quiz.Result result = new Quiz().play(lesson, lab, LessonRunner.freePort(),
                q -> q.step() == 7 ? OptionalInt.of(choice) : OptionalInt.of(1 + q.options().size() / 2), v -> {
                });
        return new Played(result, lab.journal().snapshot(), runStart);
    }

    private static Verdict step7(Quiz.Result result) {
        return result.verdicts().stream().filter(v -> v.question().step() == 7).findFirst().orElseThrow();
    }

    @Test
    void aQuestionAboutTheWireIsJudgedByItsOwnCapturedRunAfterTheStepThatShowsIt() {
        Lesson lesson = LessonLoader.parse("wire-quiz.json", WIRE_LESSON);
        Question asked = Questions.of(lesson).get(6).getFirst();
        assertEquals(Question.Topic.RUN, asked.topic());
        assertEquals(8, asked.judgedAfter());
        try (Lab lab = Lab.onThisMachine()) {
            CiRules.requireCapture(lab);
            Played played = play(lab, lesson, 1);
            assertTrue(played.result().report().passed(),
                    () -> played.result().report().mismatch().describe(en()));
            Verdict v = step7(played.result());
            assertTrue(v.correct(), v.describe(en()));
            assertEquals("Step 7: Right! This run shows it: One segment with the 3 bytes.", v.describe(en()));
            assertEquals("Paso 7: ¡Correcto! Esta ejecución lo muestra: Un segmento con los 3 bytes.",
                    v.describe(Messages.of(Lang.ES)));
            // The verdict comes after the step that shows it (step 8's recv), and says the run's numbers.
            List<Event> events = played.events();
            int recv = indexOf(events, e -> e.payload() instanceof Payload.Call c && c.call().equals("recv"));
            int answer = indexOf(events,
                    e -> e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer a
                            && a.step() == 7);
            assertTrue(answer > recv, "judged after step 8: " + answer + " > " + recv);
            Payload.Quiz.Answer note = (Payload.Quiz.Answer) ((Payload.Note) events.get(answer).payload()).quiz();
            assertEquals("run", note.topic());
            assertEquals(List.of(1), note.right());
            assertTrue(note.kernel().contains("segments(client, data, 7) = 1"), note.kernel());

            // The same journal without the capture cannot tell: said so, and nothing is judged.
            List<Event> run = LessonRunner.runEvents(events, played.runStart());
            List<Event> blind = run.stream().filter(e -> !(e.payload() instanceof Payload.Capture)
                    && !(e.payload() instanceof Payload.Segment s && s.captured())).toList();
            Verdict unseen = Quiz.judgeFromRun(lesson, v.question(), 1, v.kernel(), blind);
            assertFalse(unseen.counts());
            assertEquals("Step 7: this run cannot tell: the answer is in the segments, and the wire was not captured."
                    + " This question does not count.", firstSentences(unseen.describe(en())));
            assertTrue(unseen.describe(Messages.of(Lang.ES))
                    .startsWith("Paso 7: esta ejecución no permite saberlo: la respuesta está en los segmentos"));

            // Edited so the data segment never left, the same journal makes "nothing" the right answer.
            List<Event> edited = run.stream().filter(e -> !(e.payload() instanceof Payload.Segment s && s.captured()
                    && s.from().equals("client") && s.len() > 0)).toList();
            Verdict nothing = Quiz.judgeFromRun(lesson, v.question(), 1, v.kernel(), edited);
            assertEquals(List.of(2), nothing.right());
            assertFalse(nothing.correct());
            assertTrue(nothing.describe(en()).startsWith(
                    "Step 7: Not this time. You said \"One segment with the 3 bytes\"; this run shows: Nothing until"),
                    nothing.describe(en()));
        }
    }

    @Test
    void withoutCaptureTheQuizSaysTheRunCannotTellAndDoesNotCountIt() {
        Lesson lesson = LessonLoader.parse("wire-quiz.json", WIRE_LESSON);
        try (Lab lab = Lab.withoutCapture()) {
            Played played = play(lab, lesson, 2);
            assertTrue(played.result().report().passed(),
                    () -> played.result().report().mismatch().describe(en()));
            Verdict v = step7(played.result());
            assertFalse(v.counts(), v.describe(en()));
            assertTrue(v.question().runCannotTell(v.kernel()));
            assertTrue(v.describe(en()).contains("this run cannot tell: the answer is in the segments"),
                    v.describe(en()));
            assertEquals(played.result().verdicts().stream().filter(Verdict::counts).count(),
                    played.result().score().asked(), "a question the run cannot tell is not counted");
        }
    }

    @Test
    void theLossLessonsAnswersAreNoLongerFixedInTheirFiles() {
        List<String> fixed = new ArrayList<>();
        for (String id : LessonCatalog.LAB_NETWORK_IDS) {
            Lesson lesson = LessonLoader.load(id);
            lesson.questions().forEach((step, qs) -> qs.forEach(q -> {
                if (q.fixedRight() != null) fixed.add(id + " step " + step);
            }));
        }
        assertEquals(List.of(), fixed, "a loss lesson's answer is judged by its run");
        Question fast = LessonLoader.load("fast-retransmit").questions().get(10).getFirst();
        assertEquals(Question.Topic.RUN, fast.topic());
        assertEquals(11, fast.judgedAfter(), "judged once tres, run together with it, has been acknowledged");
        assertNull(fast.fixedRight());
        Question order = LessonLoader.load("order-after-loss").questions().get(11).getFirst();
        assertTrue(order.options().stream().allMatch(o -> o.claim() instanceof Claim.Receives), order.toString());
    }

    private static String firstSentences(String verdict) {
        int end = verdict.indexOf("does not count.");
        return end < 0 ? verdict : verdict.substring(0, end + "does not count.".length());
    }

    private static int indexOf(List<Event> events, Predicate<Event> p) {
        for (int i = 0; i < events.size(); i++) if (p.test(events.get(i))) return i;
        return -1;
    }
}
