package org.socketlab.lesson.predict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.JournalWait;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.WireKind;

/**
 * Predict mode in the free lab: the student presses a call button, answers a question built from that call
 * ({@link Questions#forCall}), and then the real call is made. The answer is judged exactly as a lesson's is
 * ({@link Verdict#judge}): by what the journal says the kernel did (the call's own event, a {@code blocked} event, the
 * segments journaled with it). The question, the verdict and the running score of the session are journaled as a
 * lesson quiz's are, with {@code "lesson": "free-lab"} and the question's number in the session as its step. Each
 * answered question is played on a short-lived thread of its own, which ends when the call has returned or is waiting.
 */
public final class FreeLabQuiz {
    /** The {@code lesson} of the free lab's quiz notes (no shipped lesson has this id). */
    public static final String LESSON = "free-lab";
    /** How long a call may take to return or to be seen waiting before its question is judged anyway (void). */
    static final Duration JUDGE_LIMIT = Duration.ofSeconds(30);

    private final Journal journal;
    private int number;
    private int right;
    private int asked;

    public FreeLabQuiz(Journal journal) {
        this.journal = Objects.requireNonNull(journal);
    }

    /** The question for a call about to run, numbered next in the session; null when the call asks nothing. */
    public synchronized @Nullable Question question(Request request, CallSituation situation) {
        return Questions.forCall(number + 1, request, situation);
    }

    /** A new session (Reset all, a lesson): the score and the numbering start again. */
    public synchronized void newSession() {
        number = 0;
        right = 0;
        asked = 0;
    }

    /** The running score of this session: right and counted answers. */
    public synchronized int[] score() {
        return new int[]{right, asked};
    }

    /**
     * Journals the question, makes the call ({@code call}: the button's own path to the endpoint), waits until it has
     * returned or is seen waiting, then journals the verdict and the session's score. Never blocks its caller.
     *
     * @param endpoint the endpoint that makes the call ({@code client}, {@code server}...)
     * @return the verdict once journaled; failed when the call was refused before it was made (nothing more journaled)
     */
    public CompletableFuture<Verdict> play(Question question, int chosen, String endpoint, Request request,
            Supplier<CompletableFuture<Event>> call) {
        Objects.checkIndex(chosen - 1, question.options().size()); // an option that is not there: a programming error
        synchronized (this) {
            number = Math.max(number, question.step());
        }
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("socketlab-predict").start(() -> {
            try {
                verdict.complete(judge(question, chosen, endpoint, request, call));
            } catch (InterruptedException | RuntimeException e) {
                verdict.completeExceptionally(e);
            }
        });
        return verdict;
    }

    private Verdict judge(Question question, int chosen, String endpoint, Request request,
            Supplier<CompletableFuture<Event>> call)
            throws InterruptedException {
        long mark = journal.size();
        journal.append(Lab.ITSELF, Quiz.askedNote(LESSON, question, 1)); // the prediction comes before the call
        CompletableFuture<Event> made = call.get(); // a LocalizedException here: refused, nothing was called
        Integer fd = Request.fdOf(request);
        boolean[] blocked = {false};
        JournalWait.until(journal, JUDGE_LIMIT, List.of(made), () -> {
            blocked[0] = journal.after(mark).stream().anyMatch(e -> e.endpoint().equals(endpoint)
                    && e.payload() instanceof Payload.Blocked b && b.call().equals(request.call())
                    && (fd == null || b.fd() == fd));
            return blocked[0] || made.isDone();
        });
        // Seen waiting first: it blocked (what it returned later, once woken, is another moment).
        Payload.Call returned = !blocked[0] && made.isDone() && !made.isCompletedExceptionally()
                ? (Payload.Call) made.join().payload()
                : null;
        List<Event> span = journal.after(mark);
        List<Event> all = journal.snapshot();
        Observed kernel = new Observed(returned, blocked[0], Map.of(), WireKind.of(Quiz.segments(span, all)),
                Quiz.wireKnown(span, all));
        Verdict v = Verdict.judge(question, chosen, kernel);
        Payload.Quiz.Score score;
        synchronized (this) {
            if (v.counts()) {
                asked++;
                if (v.correct()) right++;
            }
            score = new Payload.Quiz.Score(LESSON, right, asked, true);
        }
        journal.append(Lab.ITSELF, v.note(LESSON));
        journal.append(Lab.ITSELF, scoreNote(score));
        return v;
    }

    /** The running score, in both languages: "Predict mode, free lab: 3 of 4 right." */
    static Payload.Note scoreNote(Payload.Quiz.Score score) {
        return new Payload.Note(Map.of(Lang.ES.code(), describe(score, Messages.of(Lang.ES)), Lang.EN.code(),
                describe(score, Messages.of(Lang.EN))), score);
    }

    public static String describe(Payload.Quiz.Score score, Messages m) {
        return Quiz.describe(score, m.get("predict.freeLab.title"), m);
    }

    /** Whether {@link #play} failed because the endpoint refused the call before making it (a socket closed meanwhile). */
    public static boolean refused(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ce && ce.getCause() != null
                ? ce.getCause()
                : failure;
        return cause instanceof LocalizedException;
    }
}
