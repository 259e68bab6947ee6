package org.socketlab.ui.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.predict.Questions;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.lesson.predict.Verdict;
import org.socketlab.testing.Await;
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
        assertEquals("Predict: connect() is called now. What happens?", vm.prompt().get());
        assertEquals("1  " + q.options().getFirst().label().in(texts.messages()), vm.option(1).get());
        assertEquals("", vm.option(5).get());
        texts.langProperty().set(Lang.ES);
        assertEquals("Predice: ahora se llama a connect(). ¿Qué pasa?", vm.prompt().get());

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

    @Test
    void eachQuizHasItsOwnAnswersSoALateThreadOfAnEarlierOneTakesNothingOfTheNext() throws Exception {
        vm.start(lesson);
        Quiz.Answerer first = vm.answerer();
        vm.start(lesson); // another lesson starts before the first one's thread asked anything
        Quiz.Answerer second = vm.answerer();
        journal(new Payload.Quiz.Asked("connection-refused", 2, 1, "result"), "q", "p");
        Question q = vm.questionProperty().get();
        vm.answer(2);
        assertEquals(OptionalInt.of(2), second.answer(q));
        vm.stop(); // the window's quiz now is the second one: the stop is its

        AtomicReference<OptionalInt> got = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread late = Thread.ofPlatform().name("late-quiz").start(() -> {
            try {
                got.set(first.answer(q));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        Await.until(Duration.ofSeconds(60), () -> late.getState() == Thread.State.WAITING || !late.isAlive(),
                () -> "the first quiz's thread waits or ends");
        assertTrue(late.isAlive(), () -> "the first quiz took what was meant for the second: " + got.get());
        late.interrupt(); // ends it, as nothing else will
        late.join(Duration.ofSeconds(60));
        assertTrue(interrupted.get());
        assertEquals(OptionalInt.empty(), second.answer(q), "the stop reached the second quiz");
    }

    @Test
    void aCallThatWaitsIsAskedAsEveryOtherAndItsOptionsAreItsCallsOwn() {
        Lesson blocking = LessonLoader.load("udp-port-unreachable");
        vm.start(blocking);
        // Step 10: recvfrom() on an unconnected UDP socket waits; step 4: recv() on the connected one fails.
        journal(new Payload.Quiz.Asked("udp-port-unreachable", 10, 1, "result"), "q", "p");
        assertEquals("Predict: recvfrom() is called now. What happens?", vm.prompt().get());
        List<String> waits = options();
        journal(new Payload.Quiz.Asked("udp-port-unreachable", 4, 1, "result"), "q", "p");
        assertEquals("Predict: recv() is called now. What happens?", vm.prompt().get());
        assertTrue(options().contains("It returns -1 ECONNREFUSED"), options().toString());
        assertTrue(waits.contains("It returns -1 ECONNREFUSED"), "offered where it is not the answer too: " + waits);
        // connect() on UDP: nothing about accept(), which a datagram socket has none of.
        journal(new Payload.Quiz.Asked("udp-port-unreachable", 2, 1, "result"), "q", "p");
        for (String o : options()) assertFalse(o.contains("accept"), o);
        texts.langProperty().set(Lang.ES);
        assertEquals("Predice: ahora se llama a connect(). ¿Qué pasa?", vm.prompt().get());
    }

    private List<String> options() {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= Question.MAX_OPTIONS; n++)
            if (!vm.option(n).get().isEmpty()) out.add(vm.option(n).get().substring(3));
        return out;
    }

    @Test
    void aLossQuestionsVerdictComesFromTheRunAfterTheStepThatShowsItAndSaysWhenTheRunCannotTell() {
        Lesson loss = LessonLoader.load("fast-retransmit");
        vm.start(loss);
        journal(new Payload.Quiz.Asked("fast-retransmit", 10, 1, "run"), "q", "p");
        Question q = vm.questionProperty().get();
        assertEquals(Question.Topic.RUN, q.topic());
        assertEquals(11, q.judgedAfter());
        vm.answer(2);
        assertNull(vm.questionProperty().get());
        assertEquals(Outcome.NONE, vm.outcome().getValue(), "no verdict until the step that shows it has run");
        // A run without capture: the engine's verdict says it cannot tell, and the window shows it as void.
        Verdict blind = Quiz.judgeFromRun(loss, q, 2, new Observed(null, false, Map.of(), WireKind.NOTHING, false),
                List.of());
        Payload.Note note = blind.note("fast-retransmit");
        vm.onEvents(List.of(new Event(++seq, seq, "lab", note)));
        assertEquals(Outcome.VOID, vm.outcome().getValue());
        assertTrue(vm.result().get().startsWith("Step 10: this run cannot tell: the answer is in the segments"),
                vm.result().get());
        assertEquals(loss.steps().get(9).narration().in(Lang.EN), vm.narration().get(),
                "the narration of the step that asked");
        texts.langProperty().set(Lang.ES);
        assertTrue(vm.result().get().startsWith("Paso 10: esta ejecución no permite saberlo"), vm.result().get());
        assertEquals("run", ((Payload.Quiz.Answer) note.quiz()).topic());
        assertEquals(List.of(), ((Payload.Quiz.Answer) note.quiz()).right());
    }
}
