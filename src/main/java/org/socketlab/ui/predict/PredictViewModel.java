package org.socketlab.ui.predict;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.predict.FreeLabQuiz;
import org.socketlab.lesson.predict.Questions;
import org.socketlab.lesson.predict.Quiz;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.CallGate;

/**
 * Predict mode in the window. The question on screen comes from the journal (the quiz's {@code question} note, handed
 * over by the bridge like every event); the verdict and the score likewise. An answer goes the other way: the FX
 * thread puts it in a queue (never blocking) and the lesson's thread, waiting in {@link #answerer()}, takes it.
 * <p>In the free lab ({@link #freeLabEnabledProperty()}) the question comes from a pane's call button instead
 * ({@link #gate()}): it is shown at once, and the answer hands the held call to {@link FreeLabQuiz}, which journals the
 * question, makes the call, and journals the verdict and the running score; those come back through the bridge.
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
    /** The lesson's last verdict, kept when the score comes right after it: shown under the score with its narration. */
    private final ObjectProperty<Payload.Note> lastVerdict = new SimpleObjectProperty<>(this, "lastVerdict");
    /** Kept here: a binding only listened to would be collected and stop telling its changes. */
    private final ObjectBinding<Outcome> outcome = Bindings.createObjectBinding(() -> Outcome.of(result.get()), result);
    private final ObjectBinding<Outcome> lastOutcome = Bindings.createObjectBinding(
            () -> resultIsScore() ? Outcome.of(lastVerdict.get()) : Outcome.NONE, result, lastVerdict);
    /**
     * The answers of the quiz started last: each quiz has its own queue, so an answer or a stop meant for one that
     * ended (or never started) cannot reach the next. Read and replaced on the FX thread; its lesson's thread keeps the
     * queue it was given.
     */
    private BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private Lesson lesson;
    private List<List<Question>> questions = List.of();

    /** A call a pane's button asked for in the free lab, held until its question is answered (or cancelled). */
    private record HeldCall(Question question, String endpoint, Request request,
            Supplier<CompletableFuture<Event>> make) {
    }

    private static final System.Logger LOG = System.getLogger(PredictViewModel.class.getName());
    /** Null where no call can be made (no lab): the free lab then asks nothing. */
    private final FreeLabQuiz freeLab;
    private final BooleanProperty freeLabEnabled = new SimpleBooleanProperty(this, "freeLabEnabled", false);
    private final ReadOnlyBooleanWrapper cancellable = new ReadOnlyBooleanWrapper(this, "cancellable", false);
    /** The free lab's running score as last journaled, shown under its verdicts. */
    private final ObjectProperty<Payload.Note> freeLabScore = new SimpleObjectProperty<>(this, "freeLabScore");
    private HeldCall held;

    public PredictViewModel(Texts texts) {
        this(texts, null);
    }

    public PredictViewModel(Texts texts, FreeLabQuiz freeLab) {
        this.texts = texts;
        this.freeLab = freeLab;
        showing.bind(question.isNotNull().or(result.isNotNull()));
    }

    /** The Lessons menu's second toggle: each call button of the free lab asks first. */
    public BooleanProperty freeLabEnabledProperty() {
        return freeLabEnabled;
    }
    /** Whether the question on screen is a free-lab call's, which Cancel (or Escape) drops without making the call. */
    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable.getReadOnlyProperty();
    }

    /**
     * What the panes ask before each call: while the free-lab toggle is on, a call that has a question is held and its
     * question shown; while a question is on screen, another call is refused (one prediction at a time). FX thread.
     */
    public CallGate gate() {
        return (pane, request, make) -> {
            if (!freeLabEnabled.get() || freeLab == null) return false;
            if (question.get() != null) throw new LocalizedException("predict.ui.answerFirst");
            Question q = freeLab.question(request, pane.situation(request));
            if (q == null) return false; // socket(), options, names: nothing to predict
            held = new HeldCall(q, pane.name(), request, make);
            cancellable.set(true);
            question.set(q);
            return true;
        };
    }

    /** Drops the free-lab question on screen: its call is not made, nothing is journaled. FX thread. */
    public void cancel() {
        if (held == null) return;
        held = null;
        cancellable.set(false);
        question.set(null);
    }

    /** A new session in the window: the free lab's score and numbering start again. FX thread. */
    public void sessionStarted() {
        cancel();
        if (freeLab != null) freeLab.newSession();
        freeLabScore.set(null);
        if (result.get() != null && result.get().quiz() != null
                && FreeLabQuiz.LESSON.equals(result.get().quiz().lesson()))
            result.set(null);
    }

    /** The Lessons menu's toggle: the next lesson is played in predict mode. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }
    /** The question waiting for an answer, or null. */
    public ReadOnlyObjectProperty<Question> questionProperty() {
        return question.getReadOnlyProperty();
    }
    /** Whether there is anything to show: a question, a verdict or the score. */
    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** The question's prompt in the window's language; empty without a question. */
    public StringBinding prompt() {
        return Bindings.createStringBinding(
                () -> question.get() == null ? "" : question.get().prompt().in(texts.messages()),
                question, texts.messagesProperty());
    }

    /** Option {@code n} (1-based) as its button says it ("2  It returns 0"); empty when the question has fewer. */
    public StringBinding option(int n) {
        return Bindings.createStringBinding(() -> {
            Question q = question.get();
            return q == null || n > q.options().size()
                    ? ""
                    : n + "  " + q.options().get(n - 1).label().in(texts.messages());
        }, question, texts.messagesProperty());
    }

    /** The last verdict (right or wrong, what the kernel did, the explanation) or the score, in the window's language. */
    public StringBinding result() {
        return Bindings.createStringBinding(() -> {
            Payload.Note n = result.get();
            if (n == null) return "";
            String lang = texts.messages().lang().code();
            String said = n.text().getOrDefault(lang, "");
            Payload.Note score = freeLabScore.get();
            boolean freeLabVerdict = n.quiz() != null && FreeLabQuiz.LESSON.equals(n.quiz().lesson());
            return freeLabVerdict && score != null ? said + "\n" + score.text().getOrDefault(lang, "") : said;
        }, result, freeLabScore, texts.messagesProperty());
    }

    /** Whether the result shown is the lesson's score (shown larger than a verdict). */
    public boolean resultIsScore() {
        return result.get() != null && result.get().quiz() instanceof Payload.Quiz.Score;
    }

    /** What the result shown says, for its colour and icon (never colour alone: the words say it too). */
    public ObservableValue<Outcome> outcome() {
        return outcome;
    }

    /** Under the score at the end: the last step's verdict, which the score came right after; else empty. */
    public StringBinding lastVerdict() {
        return Bindings.createStringBinding(() -> resultIsScore() && lastVerdict.get() != null
                ? lastVerdict.get().text().getOrDefault(texts.messages().lang().code(), "")
                : "", result, lastVerdict, texts.messagesProperty());
    }

    /** The outcome of {@link #lastVerdict()}, for its colour and icon. */
    public ObservableValue<Outcome> lastOutcome() {
        return lastOutcome;
    }

    /**
     * The narration of the step the verdict shown is about (the last one, under the score), in the window's language: it
     * comes with the verdict, never before the answer (it often says what the kernel will do). Empty for a free-lab
     * verdict or none.
     */
    public StringBinding narration() {
        return Bindings.createStringBinding(() -> {
            Payload.Note n = resultIsScore() ? lastVerdict.get() : result.get();
            if (lesson == null || n == null || !(n.quiz() instanceof Payload.Quiz.Answer a)
                    || !a.lesson().equals(lesson.id()) || a.step() < 1 || a.step() > lesson.steps().size())
                return "";
            return lesson.steps().get(a.step() - 1).narration().in(texts.messages().lang());
        }, result, lastVerdict, texts.messagesProperty());
    }

    /** A lesson starts in predict mode (FX thread): its questions are known here, asked when the journal says so. */
    public void start(Lesson lesson) {
        answers = new LinkedBlockingQueue<>(); // a STOP left for an earlier quiz must not end this one
        this.lesson = lesson;
        this.questions = Questions.of(lesson);
        question.set(null);
        result.set(null);
        lastVerdict.set(null);
    }

    /** The answerer the lesson's thread waits in: it takes the answer given to the question it asked. */
    public Quiz.Answerer answerer() {
        BlockingQueue<Answer> mine = answers;
        return q -> {
            while (true) {
                Answer a = mine.take();
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
        if (held != null && held.question() == q) {
            HeldCall call = held;
            held = null;
            cancellable.set(false);
            freeLab.play(q, n, call.endpoint(), call.request(), call.make()).whenComplete((v, failure) -> {
                if (failure != null) LOG.log(System.Logger.Level.WARNING, call.request().call(), failure); // refused or not judged: logged
            });
            return;
        }
        answers.offer(new Answer(q.step(), n));
    }

    /** Ends a quiz that waits for an answer (Reset all, the window closing); what was answered keeps its verdicts. */
    public void stop() {
        cancel();
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
            if (!(e.payload() instanceof Payload.Note n) || n.quiz() == null) continue;
            if (FreeLabQuiz.LESSON.equals(n.quiz().lesson())) {
                switch (n.quiz()) {
                    case Payload.Quiz.Answer ignored -> result.set(n);
                    case Payload.Quiz.Score ignored -> freeLabScore.set(n);
                    case Payload.Quiz.Asked ignored -> {
                    } // shown already, when its button was pressed
                }
                continue;
            }
            if (lesson == null || !n.quiz().lesson().equals(lesson.id())) continue;
            switch (n.quiz()) {
                case Payload.Quiz.Asked a -> {
                    List<Question> step = a.step() >= 1 && a.step() <= questions.size()
                            ? questions.get(a.step() - 1)
                            : List.of();
                    if (a.index() < 1 || a.index() > step.size()) continue;
                    cancel(); // the lesson's question comes first: a held free-lab call is dropped
                    question.set(step.get(a.index() - 1)); // the last verdict stays above it
                }
                case Payload.Quiz.Answer ignored -> {
                    lastVerdict.set(n);
                    result.set(n);
                }
                case Payload.Quiz.Score ignored -> {
                    question.set(null);
                    result.set(n);
                }
            }
        }
    }
}
