package org.socketlab.lesson.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Lab;
import org.socketlab.lab.UncountedSegments;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.RunFacts;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.syscall.SockType;

/**
 * Plays a lesson in predict mode: before each step its questions are asked (the answerer may block: a person is
 * thinking), then the real call runs, and each answer is judged by what the journal says the kernel did in that step
 * (the call event, a blocked event, state events, segments), not by the lesson file. Each verdict and, at the end,
 * the score are journaled as notes on endpoint {@value Lab#ITSELF} with a {@code quiz} object. The caller owns the lab.
 */
public final class Quiz {

    /** Chooses an option (1-based) for a question; empty when no answer will come (input ended, window closed). */
    @FunctionalInterface
    public interface Answerer {
        OptionalInt answer(Question question) throws InterruptedException;
    }

    /** Told of each verdict as soon as it is journaled, and of every step that ran (before its verdicts). */
    @FunctionalInterface
    public interface Listener {
        void judged(Verdict verdict);

        default void stepDone(LessonReport.StepResult step) {
        }
    }

    /** How a quiz went: the lesson's own report, every verdict, the score as journaled. */
    public record Result(@Nullable LessonReport report, List<Verdict> verdicts, Payload.Quiz.Score score,
            boolean answersRanOut) {
        public Result {
            verdicts = List.copyOf(verdicts);
        }
    }

    /** Thrown through the runner to end the lesson when no answer comes. */
    private static final class NoMoreAnswers extends RuntimeException {
        NoMoreAnswers() {
            super(null, null, false, false);
        }
    }

    private final LessonRunner runner;

    public Quiz() {
        this(new LessonRunner());
    }

    public Quiz(LessonRunner runner) {
        this.runner = runner;
    }

    /**
     * A socket the lesson named, as the runner follows it: the number it was made as, and the socket itself
     * ({@link SocketIdentities}, whose events name it under any endpoint and after its number went to another one).
     */
    private record Named(int fd, boolean tcp, SocketIdentities.@Nullable Socket socket, SocketIdentities sockets) {
        /** Whether event {@code e} (fed to {@code sockets}) is about this socket. */
        boolean about(Event e) {
            return socket != null && sockets.socketOf(e) == socket;
        }
    }

    /** An answer given before its step, waiting for the end of the step whose run judges it ({@code judged_after}). */
    private record Pending(Question question, int chosen, Observed kernel) {
    }

    public Result play(Lesson lesson, Lab lab, int port, Answerer answerer, Listener listener) {
        List<List<Question>> questions = new ArrayList<>();
        for (List<Question> asked : Questions.of(lesson)) questions.add(new ArrayList<>(asked));
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, Named> named = new HashMap<>();
        SocketIdentities sockets = SocketIdentities.fromAnywhere();
        Map<String, Boolean> tcpByName = new HashMap<>();
        long[] mark = {0};
        // When the step began on the journal's clock: over SocketLab's wire a segment is journaled as it arrives, and
        // one an earlier step sent may be journaled in this step's span.
        long[] markNs = {Long.MIN_VALUE};
        List<int[]> chosen = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        List<LessonReport.StepResult> ran = new ArrayList<>();
        long runStart = lab.journal().size(); // the run's facts are read from here on, as the runner reads them
        LessonReport report = null;
        boolean ranOut = false;
        // What the steps that ran since the last judging showed: each step's answers, then the answers due by it.
        Runnable judgeRan = () -> {
            // On a slow wire, what the steps sent is judged once it has crossed (a FIN the server's close sent is
            // captured on the client's machine when it arrives); at once elsewhere.
            lab.awaitLinkQuiet();
            for (LessonReport.StepResult each : ran) {
                Step step = each.step();
                List<Event> span = lab.journal().after(mark[0]);
                List<Event> journal = lab.journal().snapshot();
                Event made = madeBy(step, each.call(), span, journal);
                sockets.appendAll(journal);
                track(step, made, named, tcpByName, sockets);
                Observed kernel = observe(step, made, sentSince(span, markNs[0]), journal, named);
                listener.stepDone(each);
                for (int[] c : chosen)
                    pending.add(new Pending(questions.get(step.number() - 1).get(c[0]), c[1], kernel));
                chosen.clear(); // answers belong to the step that asked them, never to one run together after it
                judgeDue(lesson, lab, runStart, pending, step.number(), verdicts, listener);
            }
            ran.clear();
        };
        try {
            report = runner.run(lesson, lab, port, (LessonRunner.AsksFirst) step -> {
                mark[0] = lab.journal().size();
                markNs[0] = lab.journal().now();
                chosen.clear();
                List<Question> asked = questions.get(step.number() - 1);
                // A socket is named as the student sees it, by its descriptor, not by the lesson's alias.
                asked.replaceAll(q -> byDescriptor(q, named));
                for (int i = 0; i < asked.size(); i++) {
                    lab.journal().append(Lab.ITSELF, askedNote(lesson.id(), asked.get(i), i + 1));
                    OptionalInt answer;
                    try {
                        answer = answerer.answer(asked.get(i));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new NoMoreAnswers();
                    }
                    if (answer.isEmpty()) throw new NoMoreAnswers();
                    int a = answer.getAsInt();
                    if (a < 1 || a > asked.get(i).options().size())
                        throw new IllegalArgumentException("no option " + a);
                    chosen.add(new int[]{i, a});
                }
            }, result -> {
                // Steps run together (udp-jitter's six datagrams) follow one another at once, as the lesson runs them
                // without questions: no wait for the wire between them, or each would cross alone. They are judged
                // once the last of them has run.
                ran.add(result);
                if (lesson.toldAt(result.step().number() + 1).together()) return;
                judgeRan.run();
            });
        } catch (NoMoreAnswers stop) {
            ranOut = true;
        }
        if (!ran.isEmpty()) judgeRan.run(); // the lesson stopped before the step run together after these
        // An answer whose judging step never came (the lesson stopped before it) is judged by the run as it stands:
        // what the journal cannot tell, the verdict says it cannot.
        for (Pending p : pending) judge(lesson, lab, runStart, p, verdicts, listener);
        boolean complete = !ranOut && report != null && report.passed(); // the runner gives a report unless it ran out
        int right = (int) verdicts.stream().filter(v -> v.counts() && v.correct()).count();
        int asked = (int) verdicts.stream().filter(Verdict::counts).count();
        Payload.Quiz.Score score = new Payload.Quiz.Score(lesson.id(), right, asked, complete);
        lab.journal().append(Lab.ITSELF, scoreNote(lesson, score));
        return new Result(report, verdicts, score, ranOut);
    }

    /** Judges each answer whose step shows it has ended ({@code judged_after}, else its own): the run up to step N. */
    private static void judgeDue(Lesson lesson, Lab lab, long runStart, List<Pending> pending, int step,
            List<Verdict> verdicts, Listener listener) {
        for (Pending p : List.copyOf(pending))
            if (p.question().judgedAfter() <= step) {
                pending.remove(p);
                judge(lesson, lab, runStart, p, verdicts, listener);
            }
    }

    /**
     * Journals the verdict of one answer. One about the run is computed from the journal under its lock, with the
     * note appended there, so the journal before the verdict is exactly what it was judged from.
     */
    private static void judge(Lesson lesson, Lab lab, long runStart, Pending p, List<Verdict> verdicts,
            Listener listener) {
        Verdict[] v = {null};
        lab.journal().appendFrom(Lab.ITSELF, held -> {
            Observed kernel = p.question().topic() == Question.Topic.RUN
                    ? p.kernel().withRun(RunFacts.of(lesson, LessonRunner.runEvents(held, runStart)),
                            p.question().judgedAfter())
                    : p.kernel();
            v[0] = Verdict.judge(p.question(), p.chosen(), kernel);
            return v[0].note(lesson.id());
        });
        verdicts.add(v[0]);
        listener.judged(v[0]);
    }

    /**
     * The verdict of an answer about the run, judged again from a saved journal of that run ({@code events}: the run's,
     * as {@link LessonRunner#runEvents} gives them): the same journal gives the same verdict, and a journal without the
     * capture says it cannot tell.
     */
    public static Verdict judgeFromRun(Lesson lesson, Question question, int chosen, Observed kernel,
            List<Event> events) {
        return Verdict.judge(question, chosen, kernel.withRun(RunFacts.of(lesson, events), question.judgedAfter()));
    }

    public static String describe(Payload.Quiz.Score score, String title, Messages m) {
        return m.get(score.complete() ? "predict.score" : "predict.score.incomplete", title,
                String.valueOf(score.right()), String.valueOf(score.asked()));
    }

    /** The question and its numbered options, in both languages, as the journal keeps it before the answer. */
    static Payload.Note askedNote(String lessonId, Question q, int index) {
        Map<String, String> text = new HashMap<>();
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            StringBuilder sb = new StringBuilder(q.prompt().in(m));
            for (int i = 0; i < q.options().size(); i++)
                sb.append(' ').append(i + 1).append(") ").append(q.options().get(i).label().in(m));
            text.put(lang.code(), sb.toString());
        }
        return new Payload.Note(text,
                new Payload.Quiz.Asked(lessonId, q.step(), index, q.topic().name().toLowerCase(Locale.ROOT)));
    }

    private static Payload.Note scoreNote(Lesson lesson, Payload.Quiz.Score score) {
        return new Payload.Note(Map.of(Lang.ES.code(), describe(score, lesson.title().es(), Messages.of(Lang.ES)),
                Lang.EN.code(), describe(score, lesson.title().en(), Messages.of(Lang.EN))), score);
    }

    /** The question with the socket its prompt names written as its descriptor ({@code fd 5}) once the journal gave one. */
    static Question byDescriptor(Question q, Map<String, Named> named) {
        if (!(q.prompt() instanceof Wording.Key k) || !k.key().equals("predict.prompt.state") || k.args().size() < 2)
            return q;
        Named n = named.get(k.args().get(1));
        if (n == null) return q;
        Wording prompt = Wording.Key.of(k.key(), k.args().get(0), "fd " + n.fd());
        return new Question(q.step(), q.topic(), prompt, q.options(), q.fixedRight(), q.expected(), q.explanation(),
                q.judgedAfter());
    }

    /**
     * The step's own call event: the endpoint's first call of that name in the step's span; for a step that finishes a
     * blocked call, the event of the call the runner waited for, which may have returned during an earlier step (the
     * sendto that woke a waiting recvfrom), held perhaps with its payload cut to a preview. Null when the call did not
     * return in the step.
     */
    static @Nullable Event madeBy(Step step, Payload.@Nullable Call returned, List<Event> span, List<Event> journal) {
        if (step.kind() != Step.Kind.FINISH || returned == null) return callOf(step, span);
        for (int i = journal.size() - 1; i >= 0; i--)
            if (journal.get(i).payload() instanceof Payload.Call c && c.sameCall(returned)) return journal.get(i);
        return callOf(step, span);
    }

    /** Names the descriptor a step's {@code as} received, as the journal's call event says it. */
    private static void track(Step step, @Nullable Event made, Map<String, Named> named,
            Map<String, Boolean> tcpByName, SocketIdentities sockets) {
        if (step.as() == null) return; // a hand-over moves no name: the socket is the same under its new endpoint
        boolean tcp = step.type() != null
                ? step.type() == SockType.SOCK_STREAM
                : tcpByName.getOrDefault(step.socket(), true);
        tcpByName.put(step.as(), tcp);
        if (made == null || !(made.payload() instanceof Payload.Call c) || c.result() < 0) return;
        int fd = (int) c.result();
        SocketIdentities.Socket socket = sockets.made(made, fd);
        named.put(step.as(), new Named(fd, tcp, socket != null ? socket : sockets.socketOf(made), sockets));
    }

    /** The step's own call event in its span: the endpoint's first call of that name. */
    private static @Nullable Event callOf(Step step, List<Event> span) {
        String call = step.kind() == Step.Kind.RESET || step.kind() == Step.Kind.NETWORK ? null : step.call();
        for (Event e : span)
            if (e.endpoint().equals(step.endpoint()) && e.payload() instanceof Payload.Call c && c.call().equals(call))
                return e;
        return null;
    }

    /** What the kernel did in the step, from the journal: the span since the step began, and the whole journal for states. */
    static Observed observe(Step step, @Nullable Event made, List<Event> span, List<Event> journal,
            Map<String, Named> named) {
        Event callEvent = step.kind() == Step.Kind.START ? null : made;
        Payload.Call call = callEvent == null ? null : (Payload.Call) callEvent.payload();
        boolean blocked = span.stream().anyMatch(e -> e.endpoint().equals(step.endpoint())
                && e.payload() instanceof Payload.Blocked b && b.call().equals(step.call()));
        if (step.kind() == Step.Kind.START && !blocked) { // it came back at once after all: judge what it returned
            Event returned = callOf(step, span);
            call = returned == null ? null : (Payload.Call) returned.payload();
        }
        Map<String, SocketState> states = new HashMap<>();
        for (Map.Entry<String, Named> n : named.entrySet()) states.put(n.getKey(), lastState(n.getValue(), journal));
        return new Observed(call, blocked, states, WireKind.of(segments(span, journal)), wireKnown(span, journal),
                passed(named, journal));
    }

    /**
     * Whether what crossed the wire in the span is known: captured, or deduced with no mark of segments the rules could
     * not count ({@link UncountedSegments}).
     */
    static boolean wireKnown(List<Event> span, List<Event> journal) {
        if (capturing(journal)) return true;
        return span.stream().noneMatch(e -> e.payload() instanceof Payload.Note n && UncountedSegments.is(n));
    }

    private static boolean capturing(List<Event> journal) {
        boolean captured = false;
        for (Event e : journal)
            if (e.payload() instanceof Payload.Capture c) captured = c.status().equals(Payload.Capture.STARTED);
        return captured;
    }

    /**
     * The states each named socket passed before its last reading, too quickly to be read: the story's, so the verdict
     * names them as the transcript and the window do.
     */
    private static Map<String, List<String>> passed(Map<String, Named> named, List<Event> journal) {
        Map<String, List<String>> passed = new HashMap<>();
        Story story = null;
        for (Map.Entry<String, Named> n : named.entrySet()) {
            if (!n.getValue().tcp()) continue;
            if (story == null) story = Story.of(journal);
            for (Beat b : story.beats())
                if (b instanceof Beat.State s && !s.deduced()
                        && n.getValue().about(s.event()))
                    passed.put(n.getKey(), s.passage().via());
        }
        passed.values().removeIf(List::isEmpty);
        return passed;
    }

    private static SocketState lastState(Named n, List<Event> journal) {
        SocketState state = n.tcp() ? TcpState.CLOSED : DgramState.UNBOUND;
        for (Event e : journal) if (e.payload() instanceof Payload.State s && n.about(e)) state = s.toState();
        return state;
    }

    /** The step's segments: the captured ones while capture runs (the inferred ones are then only their twins), else the inferred. */
    /** The span without the captured segments that left before {@code sinceNs} (an earlier step's, journaled late). */
    static List<Event> sentSince(List<Event> span, long sinceNs) {
        return span.stream().filter(e -> !(e.payload() instanceof Payload.Segment s && s.captured()
                && s.wireNs() != null && s.wireNs() < sinceNs)).toList();
    }

    static List<Payload.Segment> segments(List<Event> span, List<Event> journal) {
        boolean capturing = capturing(journal);
        return span.stream().filter(e -> e.payload() instanceof Payload.Segment).map(e -> (Payload.Segment) e.payload())
                .filter(s -> s.captured() == capturing).toList();
    }
}
