package org.socketlab.ui.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.predict.Questions;
import org.socketlab.ui.common.Texts;

/** The window's predict mode, fed journal events directly (no toolkit, no bridge). */
class PredictViewModelTest {
    private final Texts texts = new Texts(Lang.EN);
    private final PredictViewModel vm = new PredictViewModel(texts);
    private final Lesson lesson = LessonLoader.load("connection-refused");
    private long seq;

    private void journal(Payload.Quiz quiz, String en, String es) {
        vm.onEvents(List.of(new Event(++seq, seq, "lab", new Payload.Note(Map.of("en", en, "es", es), quiz))));
    }

    @Test
    void aJournaledQuestionIsShownAndItsAnswerReachesTheLessonsThread() throws Exception {
        vm.start(lesson);
        assertFalse(vm.showingProperty().get());
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        Question q = Questions.of(lesson).get(1).getFirst();
        assertEquals(q, vm.questionProperty().get());
        assertTrue(vm.showingProperty().get());
        assertEquals("Predict: what will connect() return?", vm.prompt().get());
        assertEquals("1  " + q.options().getFirst().label().in(texts.messages()), vm.option(1).get());
        assertEquals("", vm.option(5).get());
        texts.langProperty().set(Lang.ES);
        assertEquals("Predice: ¿qué devolverá connect()?", vm.prompt().get());

        // The lesson's thread waits for the answer; the FX thread gives it without waiting.
        CompletableFuture<OptionalInt> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return vm.answerer().answer(q);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        vm.answer(9); // no such option: nothing happens
        assertEquals(q, vm.questionProperty().get());
        vm.answer(3);
        assertEquals(OptionalInt.of(3), waiting.get(60, TimeUnit.SECONDS));
        assertNull(vm.questionProperty().get(), "answered: the question goes");
        vm.answer(2); // a second press on nothing changes nothing
    }

    @Test
    void theVerdictAndThenTheScoreAreShownInTheWindowsLanguageUntilHidden() {
        vm.start(lesson);
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        vm.answer(1);
        journal(new Payload.Quiz.Answer("connection-refused", 2, "result", 1, List.of(2), "-1 ECONNREFUSED",
                "-1 ECONNREFUSED"),
                "Step 2: you said ...", "Paso 2: dijiste ...");
        assertEquals("Step 2: you said ...", vm.result().get());
        assertFalse(vm.resultIsScore());
        texts.langProperty().set(Lang.ES);
        assertEquals("Paso 2: dijiste ...", vm.result().get());
        journal(new Payload.Quiz.Score("connection-refused", 0, 1, true), "score en", "puntuación");
        assertEquals("puntuación", vm.result().get());
        assertTrue(vm.resultIsScore());
        assertTrue(vm.showingProperty().get());
        vm.dismiss();
        assertFalse(vm.showingProperty().get());
    }

    @Test
    void theVerdictSaysItsOutcomeAndBringsTheStepsNarrationWhichStaysUnderTheScore() {
        vm.start(lesson);
        String narration = lesson.steps().get(1).narration().in(Lang.EN);
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        assertEquals(Outcome.NONE, vm.outcome().getValue());
        assertEquals("", vm.narration().get(), "nothing of the step before its answer");
        vm.answer(1);
        journal(new Payload.Quiz.Answer("connection-refused", 2, "result", 1, List.of(2), "-1 ECONNREFUSED",
                "-1 ECONNREFUSED"), "Step 2: Not this time.", "Paso 2: Esta vez no.");
        assertEquals(Outcome.WRONG, vm.outcome().getValue());
        assertEquals(narration, vm.narration().get(), "the narration comes with the verdict");
        journal(new Payload.Quiz.Answer("connection-refused", 3, "result", 2, List.of(2), "none", "none"),
                "Step 3: Right!", "Paso 3: ¡Correcto!");
        assertEquals(Outcome.RIGHT, vm.outcome().getValue());
        journal(new Payload.Quiz.Answer("connection-refused", 5, "result", 1, List.of(), "0", "0"), "void", "nula");
        assertEquals(Outcome.VOID, vm.outcome().getValue());
        journal(new Payload.Quiz.Score("connection-refused", 1, 2, true), "score", "puntuación");
        assertEquals(Outcome.SCORE, vm.outcome().getValue());
        assertEquals("void", vm.lastVerdict().get(), "the last step's verdict stays under the score");
        assertEquals(Outcome.VOID, vm.lastOutcome().getValue());
        assertEquals(lesson.steps().get(4).narration().in(Lang.EN), vm.narration().get());
        texts.langProperty().set(Lang.ES);
        assertEquals(lesson.steps().get(4).narration().in(Lang.ES), vm.narration().get());
    }

    @Test
    void anotherLessonsNotesAreIgnoredAndStopEndsAWaitingQuiz() throws Exception {
        vm.start(lesson);
        journal(new Payload.Quiz.Asked("tcp-basics", 5, 1, "result"), "q", "p");
        assertNull(vm.questionProperty().get());
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        Question q = vm.questionProperty().get();
        CompletableFuture<OptionalInt> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return vm.answerer().answer(q);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        vm.stop();
        assertEquals(OptionalInt.empty(), waiting.get(60, TimeUnit.SECONDS));
        assertNull(vm.questionProperty().get());
        // A new lesson is not ended by the stop meant for the old one.
        vm.start(lesson);
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        vm.answer(2);
        assertEquals(OptionalInt.of(2), vm.answerer().answer(q));
    }
}
