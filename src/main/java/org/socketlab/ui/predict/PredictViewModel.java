package org.socketlab.ui.predict;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.predict.Question;
import org.socketlab.lesson.predict.Questions;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.ui.common.Texts;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Predict mode in the window. The question on screen comes from the journal (the quiz's {@code question} note, handed
 * over by the bridge like every event); the verdict and the score likewise. An answer goes the other way: the FX
 * thread puts it in a queue (never blocking) and the lesson's thread, waiting in {@link #answerer()}, takes it.
 */
public final class PredictViewModel {
    /** An answer to the question of one step, or the end of the quiz ({@code choice} 0). */
    private record Answer(int step, int choice) {
        static final Answer STOP = new Answer(0, 0);
    }

    private final Texts texts;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", false);
    private final ReadOnlyObjectWrapper<Question> question = new ReadOnlyObjectWrapper<>(this, "question");
    /** The last verdict, or the score at the end, as journaled (both languages): shown until the next one or Hide. */
    private final ObjectProperty<Payload.Note> result = new SimpleObjectProperty<>(this, "result");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing");
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private Lesson lesson;
    private List<List<Question>> questions = List.of();

    public PredictViewModel(Texts texts) {
        this.texts = texts;
        showing.bind(question.isNotNull().or(result.isNotNull()));
    }

    /** The Lessons menu's toggle: the next lesson is played in predict mode. */
    public BooleanProperty enabledProperty() { return enabled; }
    /** The question waiting for an answer, or null. */
    public ReadOnlyObjectProperty<Question> questionProperty() { return question.getReadOnlyProperty(); }
    /** Whether there is anything to show: a question, a verdict or the score. */
    public ReadOnlyBooleanProperty showingProperty() { return showing.getReadOnlyProperty(); }

    /** The question's prompt in the window's language; empty without a question. */
    public StringBinding prompt() {
        return Bindings.createStringBinding(() -> question.get() == null ? "" : question.get().prompt().in(texts.messages()),
                question, texts.messagesProperty());
    }

    /** Option {@code n} (1-based) as its button says it ("2  It returns 0"); empty when the question has fewer. */
    public StringBinding option(int n) {
        return Bindings.createStringBinding(() -> {
            Question q = question.get();
            return q == null || n > q.options().size() ? "" : n + "  " + q.options().get(n - 1).label().in(texts.messages());
        }, question, texts.messagesProperty());
    }

    /** The last verdict (right or wrong, what the kernel did, the explanation) or the score, in the window's language. */
    public StringBinding result() {
        return Bindings.createStringBinding(() -> {
            Payload.Note n = result.get();
            return n == null ? "" : n.text().getOrDefault(texts.messages().lang().code(), "");
        }, result, texts.messagesProperty());
    }

    /** Whether the result shown is the lesson's score (shown larger than a verdict). */
    public boolean resultIsScore() {
        return result.get() != null && result.get().quiz() instanceof Payload.Quiz.Score;
    }

    /** A lesson starts in predict mode (FX thread): its questions are known here, asked when the journal says so. */
    public void start(Lesson lesson) {
        answers.clear(); // no quiz is waiting (one lesson at a time): a STOP left for an ended one must not end this one
        this.lesson = lesson;
        this.questions = Questions.of(lesson);
        question.set(null);
        result.set(null);
    }

    /** The answerer the lesson's thread waits in: it takes the answer given to the question it asked. */
    public Quiz.Answerer answerer() {
        return q -> {
            while (true) {
                Answer a = answers.take();
                if (a == Answer.STOP) return OptionalInt.empty();
                if (a.step() == q.step() && q.options().size() >= a.choice()) return OptionalInt.of(a.choice());
            }
        };
    }

    /** Answers the question on screen with option {@code n} (1-based); ignored without a question or such an option. FX thread. */
    public void answer(int n) {
        Question q = question.get();
        if (q == null || n < 1 || n > q.options().size()) return;
        question.set(null);
        answers.offer(new Answer(q.step(), n));
    }

    /** Ends a quiz that waits for an answer (Reset all, the window closing); what was answered keeps its verdicts. */
    public void stop() {
        question.set(null);
        answers.offer(Answer.STOP);
    }

    /** Hides the last verdict or the score. */
    public void dismiss() {
        result.set(null);
    }

    /** The bridge's events, in journal order, on the FX thread: questions to show, verdicts and the score. */
    public void onEvents(List<Event> batch) {
        for (Event e : batch) {
            if (!(e.payload() instanceof Payload.Note n) || n.quiz() == null || lesson == null || !n.quiz().lesson().equals(lesson.id())) continue;
            switch (n.quiz()) {
                case Payload.Quiz.Asked a -> {
                    List<Question> step = a.step() >= 1 && a.step() <= questions.size() ? questions.get(a.step() - 1) : List.of();
                    if (a.index() < 1 || a.index() > step.size()) continue;
                    question.set(step.get(a.index() - 1)); // the last verdict stays above it
                }
                case Payload.Quiz.Answer ignored -> result.set(n);
                case Payload.Quiz.Score ignored -> {
                    question.set(null);
                    result.set(n);
                }
            }
        }
    }
}
