package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.predict.Questions;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.lesson.predict.Verdict;

/** A lesson file's own questions: read, checked, asked, and judged by the kernel with the file's explanation. */
class QuestionFileTest {
    @Test
    void everyBuiltInLessonHasAskableQuestions() {
        for (Lesson lesson : new LessonCatalog().all()) {
            List<List<Question>> questions = Questions.of(lesson);
            assertEquals(lesson.steps().size(), questions.size());
            assertTrue(questions.stream().mapToInt(List::size).sum() >= 2, lesson.id());
            for (List<Question> step : questions)
                for (Question q : step)
                    for (Option o : q.options())
                        for (Lang lang : Lang.values())
                            assertTrue(!o.label().in(Messages.of(lang)).startsWith("!"), o.toString());
        }
        Question accept = Questions.of(LessonLoader.load("tcp-basics")).get(5).getFirst();
        assertEquals(Question.Topic.IDEA, accept.topic());
        assertEquals(2, accept.fixedRight());
    }

    @Test
    void theFilesQuestionIsJudgedByTheKernelAndExplained() {
        Lesson lesson = LessonLoader.load("tcp-stream-coalescing");
        Question recv = Questions.of(lesson).get(9).getFirst();
        assertTrue(recv.prompt() instanceof Wording.Written);
        try (Lab lab = Lab.onThisMachine()) {
            // "one recv() per send()" on step 10; the first option elsewhere.
            Quiz.Answerer answers = q -> OptionalInt.of(q.step() == 10 ? 1 : 1);
            Quiz.Result result = new Quiz().play(lesson, lab, LessonRunner.freePort(), answers, v -> {
            });
            Verdict v = result.verdicts().stream().filter(x -> x.question().step() == 10).findFirst().orElseThrow();
            assertEquals(List.of(2), v.right(), "the kernel gave all 12 bytes to one recv()");
            String en = v.describe(Messages.of(Lang.EN));
            assertTrue(en.startsWith(
                    "Step 10: Not this time. You said \"4: one recv() per send(), only \"uno \" comes\"; the kernel: 12: the three messages together"),
                    en);
            assertTrue(en.endsWith("(a length first, a separator)."), en);
            assertTrue(v.describe(Messages.of(Lang.ES)).contains("TCP es un flujo de bytes"));
        }
    }

    @Test
    void aKernelQuestionWhoseOptionClaimsNothingIsRefusedWithItsStep() {
        String json = """
                {"id": "q", "title": {"es": "t", "en": "t"}, "summary": {"es": "s", "en": "s"}, "steps": [
                 {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "s",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"},
                  "questions": [{"prompt": {"es": "p", "en": "p"}, "right": "kernel",
                    "options": [{"text": {"es": "a", "en": "a"}, "result": "fd"}, {"text": {"es": "b", "en": "b"}}]}]}]}
                """;
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.parse("q.json", json));
        String text = Messages.of(Lang.EN).text(e);
        assertTrue(text.contains("q.json") && text.contains("step 1")
                && text.contains("every option must say what the kernel will do"), text);
        LocalizedException fixed = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("q.json", json.replace("\"right\": \"kernel\"", "\"right\": 3")));
        assertTrue(Messages.of(Lang.ES).text(fixed).contains("de 1 a 2"), Messages.of(Lang.ES).text(fixed));
    }

    @Test
    void optionsAboutTheRunAreReadAndAQuestionCannotBeJudgedBeforeItIsAsked() {
        String json = """
                {"id": "q", "title": {"es": "t", "en": "t"}, "summary": {"es": "s", "en": "s"}, "steps": [
                 {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "s",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
                 {"endpoint": "client", "call": "close", "socket": "s",
                  "narration": {"es": "t", "en": "t"}, "expect": {"result": 0},
                  "questions": [{"prompt": {"es": "p", "en": "p"}, "right": "kernel", "judged_after": 2,
                    "options": [{"text": {"es": "a", "en": "a"}, "run": "result(2) == 0"},
                                {"text": {"es": "b", "en": "b"}, "data": "hola"}]}]}]}
                """;
        Question q = LessonLoader.parse("q.json", json).questions().get(2).getFirst();
        assertEquals(Question.Topic.RUN, q.topic());
        assertEquals(new Claim.Receives("hola"), q.options().get(1).claim());
        assertEquals("result(2) == 0", q.options().get(0).claim().text());
        LocalizedException early = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("q.json", json.replace("\"judged_after\": 2", "\"judged_after\": 1")));
        assertTrue(Messages.of(Lang.EN).text(early).contains("field \"judged_after\" is 1"),
                Messages.of(Lang.EN).text(early));
        assertTrue(Messages.of(Lang.ES).text(early).contains("el campo \"judged_after\" vale 1"));
        LocalizedException late = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("q.json", json.replace("\"judged_after\": 2", "\"judged_after\": 3")));
        assertTrue(Messages.of(Lang.EN).text(late).contains("field \"judged_after\" is 3"),
                "a lesson of 2 steps: " + Messages.of(Lang.EN).text(late));
        LocalizedException bad = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("q.json", json.replace("result(2) == 0", "result(2) ==")));
        assertTrue(Messages.of(Lang.EN).text(bad).contains("step 2"), Messages.of(Lang.EN).text(bad));
        LocalizedException two = assertThrows(LocalizedException.class,
                () -> LessonLoader.parse("q.json",
                        json.replace("\"data\": \"hola\"", "\"data\": \"hola\", \"blocks\": true")));
        assertTrue(Messages.of(Lang.EN).text(two).contains("an option says one thing"), Messages.of(Lang.EN).text(two));
    }
}
