package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;

/** Predict mode on real loopback sockets: scripted answers, judged by the kernel's journal. */
class QuizTest {
    /** What the kernel does in each asked step of connection-refused, as the options' claims write it. */
    static final Map<Integer, String> CONNECTION_REFUSED = Map.of(
            2, "-1 ECONNREFUSED", 3, "none", 5, "0", 7, "-1 ECONNREFUSED", 8, "none",
            9, "0", 11, "0", 12, "FIN", 13, "RST");

    /** Answers with the option claiming {@code script}'s text for the step; {@code wrong} picks any other option. */
    static Quiz.Answerer scripted(Map<Integer, String> script, boolean wrong) {
        return q -> {
            String want = script.get(q.step());
            if (want == null)
                throw new AssertionError("step " + q.step() + " asked a question the script does not know: " + q);
            for (int i = 0; i < q.options().size(); i++) {
                boolean match = q.options().get(i).claim().text().equals(want);
                if (match != wrong) return OptionalInt.of(i + 1);
            }
            throw new AssertionError("no option claims " + want + " at step " + q.step() + ": " + q.options());
        };
    }

    static List<Payload.Quiz> quizNotes(List<Event> events) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Note n && n.quiz() != null)
                .map(e -> ((Payload.Note) e.payload()).quiz()).toList();
    }

    @Test
    void rightAnswersScoreEveryQuestionAndTheJournalSaysSo() throws Exception {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.onThisMachine()) {
            List<Verdict> seen = new ArrayList<>();
            Quiz.Result result = new Quiz().play(lesson, lab, LessonRunner.freePort(),
                    scripted(CONNECTION_REFUSED, false), seen::add);
            assertTrue(result.report().passed(), () -> result.report().mismatch().describe(Messages.of(Lang.EN)));
            for (Verdict v : result.verdicts()) assertTrue(v.correct(), () -> v.describe(Messages.of(Lang.EN)));
            assertEquals(new Payload.Quiz.Score("connection-refused", 9, 9, true), result.score());
            assertEquals(result.verdicts(), seen);

            List<Event> events = lab.journal().snapshot();
            List<Payload.Quiz> notes = quizNotes(events);
            assertEquals(19, notes.size(), "one note per question, one per answer, and the score");
            assertTrue(notes.getFirst() instanceof Payload.Quiz.Asked a && a.step() == 2 && a.index() == 1,
                    notes.getFirst().toString());
            notes = notes.stream().filter(q -> !(q instanceof Payload.Quiz.Asked)).toList();
            assertEquals(result.score(), notes.getLast());
            Payload.Quiz.Answer refused = (Payload.Quiz.Answer) notes.getFirst();
            assertEquals(2, refused.step());
            assertEquals("-1 ECONNREFUSED", refused.kernel());
            assertEquals("right", refused.verdict());
            // Each verdict note comes after its step's call, and the score after everything.
            // (The kernel's sampler may still journal states after it: the last note is the score.)
            Event last = events.stream().filter(e -> e.payload() instanceof Payload.Note).reduce((a, b) -> b)
                    .orElseThrow();
            assertTrue(last.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Score,
                    () -> "the score is journaled last: " + last);
            assertEquals("Predict mode, Connection refused: ECONNREFUSED: 9 of 9 right.",
                    ((Payload.Note) last.payload()).text().get("en"));

            // The file form keeps every quiz note as it was.
            StringWriter out = new StringWriter();
            JournalJsonl.write(events, out);
            assertEquals(events, JournalJsonl.read(new StringReader(out.toString())));
        }
    }

    @Test
    void wrongAnswersScoreNothingAndEachVerdictSaysWhatTheKernelDid() {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.onThisMachine()) {
            Quiz.Result result = new Quiz().play(lesson, lab, LessonRunner.freePort(),
                    scripted(CONNECTION_REFUSED, true), v -> {
                    });
            assertTrue(result.report().passed());
            assertEquals(new Payload.Quiz.Score("connection-refused", 0, 9, true), result.score());
            Verdict connect = result.verdicts().getFirst();
            assertFalse(connect.correct());
            String text = connect.describe(Messages.of(Lang.EN));
            assertTrue(
                    text.startsWith("Step 2: Not this time. You said \"")
                            && text.endsWith("the kernel: It returns -1 ECONNREFUSED."),
                    text);
            assertTrue(connect.describe(Messages.of(Lang.ES)).endsWith("el núcleo: Devuelve -1 ECONNREFUSED."));
            List<Payload.Quiz> notes = quizNotes(lab.journal().snapshot()).stream()
                    .filter(q -> !(q instanceof Payload.Quiz.Asked)).toList();
            assertTrue(notes.stream().limit(9).allMatch(q -> ((Payload.Quiz.Answer) q).verdict().equals("wrong")));
        }
    }

    @Test
    void whenTheKernelSurprisesTheLessonTheKernelWins() {
        // A lesson file that expects connect() to a port nobody listens on to return 0.
        Lesson wrongLesson = LessonLoader.parse("wrong.json", """
                {"id": "wrong", "title": {"es": "mal", "en": "wrong"}, "summary": {"es": "s", "en": "s"}, "steps": [
                 {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "s",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
                 {"endpoint": "client", "call": "connect", "socket": "s", "address": "127.0.0.1:{port}",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}},
                 {"endpoint": "client", "call": "close", "socket": "s",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}}]}
                """);
        try (Lab lab = Lab.onThisMachine()) {
            // The student believes the lesson.
            Quiz.Result result = new Quiz().play(wrongLesson, lab, LessonRunner.freePort(),
                    scripted(Map.of(2, "0"), false), v -> {
                    });
            assertFalse(result.report().passed(), "the runner still stops where the lesson was wrong");
            Verdict v = result.verdicts().getFirst();
            assertFalse(v.correct(), "the lesson's answer is wrong when the kernel did otherwise");
            assertTrue(v.kernelSurprisedLesson());
            assertEquals("-1 ECONNREFUSED", v.question().kernelText(v.kernel()));
            assertEquals("-1 ECONNREFUSED", v.question().options().get(v.right().getFirst() - 1).claim().text());
            assertTrue(v.describe(Messages.of(Lang.EN))
                    .contains("The lesson expected 0, but the kernel did -1 ECONNREFUSED: the kernel wins."));
            assertEquals(new Payload.Quiz.Score("wrong", 0, 1, false), result.score());
            Payload.Quiz.Answer answer = (Payload.Quiz.Answer) quizNotes(lab.journal().snapshot()).get(1);
            assertEquals("0", answer.expected());
            assertEquals("-1 ECONNREFUSED", answer.kernel());
        }
    }

    @Test
    void whenAnswersRunOutTheLessonEndsAndThePartialScoreIsJournaled() {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.onThisMachine()) {
            Quiz.Answerer firstOnly = q -> q.step() == 2
                    ? scripted(CONNECTION_REFUSED, false).answer(q)
                    : OptionalInt.empty();
            Quiz.Result result = new Quiz().play(lesson, lab, LessonRunner.freePort(), firstOnly, v -> {
            });
            assertTrue(result.answersRanOut());
            assertEquals(new Payload.Quiz.Score("connection-refused", 1, 1, false), result.score());
            long calls = lab.journal().snapshot().stream()
                    .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("connect")).count();
            assertEquals(1, calls, "no step runs after the question nobody answered");
        }
    }
}
