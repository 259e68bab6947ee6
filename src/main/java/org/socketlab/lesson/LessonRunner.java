package org.socketlab.lesson;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Event;
import org.socketlab.lab.FreePort;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Signals;

/**
 * Runs a lesson's steps in order on a {@link Lab}: before each step its narration is journaled as a note, then
 * the one real call is made and awaited and its outcome compared with the step's expectation, then what the
 * kernel must show (states, queues) is awaited in the journal, since the kernel changes states on its own time.
 * A call started with {@code "wait": false} is left running; a later step finishes or resets it, and the end of
 * the run resets whatever is still waiting. Stops at the first mismatch. The caller owns the lab and closes it.
 */
public final class LessonRunner {
    /** The journal endpoint of the lab's own notes: which result the kernel chose, a played lesson's verdict. */
    public static final String ENDPOINT = "lab";
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);
    /** How long a state or queue expectation waits for the journal to show it. */
    public static final Duration DEFAULT_KERNEL_TIMEOUT = Duration.ofSeconds(2);
    /** How long a segment count waits for the wire: keepalive probes come after seconds of silence. */
    static final Duration SEGMENT_TIMEOUT = Duration.ofSeconds(8);

    private final Duration stepTimeout;
    private final Duration kernelTimeout;

    public LessonRunner() {
        this(DEFAULT_STEP_TIMEOUT);
    }

    public LessonRunner(Duration stepTimeout) {
        this(stepTimeout, DEFAULT_KERNEL_TIMEOUT);
    }

    public LessonRunner(Duration stepTimeout, Duration kernelTimeout) {
        this.stepTimeout = stepTimeout;
        this.kernelTimeout = kernelTimeout;
    }

    public LessonReport run(Lesson lesson, Lab lab) {
        return run(lesson, lab, freePort(), r -> {
        });
    }

    /**
     * @param port         the number that replaces {@code {port}} in the lesson's addresses
     * @param afterEachStep told of every step that ran, as soon as it ran (progress output)
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<LessonReport.StepResult> afterEachStep) {
        return run(lesson, lab, port, step -> {
        }, afterEachStep);
    }

    /**
     * A step hook told of each step before its narration is journaled (predict mode's questions): the narration often
     * says what the kernel will do, so a question asked after it would give its answer away.
     */
    @FunctionalInterface
    public interface AsksFirst extends Consumer<Step> {
    }

    /**
     * @param beforeEachStep told of every step after its narration is journaled (before it, for {@link AsksFirst}) and
     *                       before its call is made; it may block, and an exception it throws ends the run
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<Step> beforeEachStep,
            Consumer<LessonReport.StepResult> afterEachStep) {
        if (lesson.onTwoHosts() && lab.hosts().isEmpty()) // its addresses name hosts this lab does not have
            throw new LocalizedException("lesson.hosts.oneMachine", lesson.id(), lesson.hosts().first(),
                    lesson.hosts().second());
        if (lesson.linkKbit() != null) LessonHosts.limitLink(lesson, lab);
        lab.awaitCapture(); // the journal says whether the wire is seen before the lesson's first word
        LessonRun run = new LessonRun(lab, port);
        long runStart = lab.journal().size(); // the run's facts are read from here on
        List<LessonReport.StepResult> results = new ArrayList<>();
        boolean allowedBefore = lab.addressPolicy().nonLoopbackAllowed();
        if (lesson.anyAddress()) {
            // The lesson's own opt-in, for its run only, said where every view shows it: the journal.
            lab.addressPolicy().allowNonLoopback(true);
            Map<String, String> text = new LinkedHashMap<>();
            for (Lang lang : Lang.values())
                text.put(lang.code(), Messages.of(lang).get(anyAddressKey(), lesson.id()));
            lab.journal().append("lab", new Payload.Note(text));
        }
        try {
            for (Step step : lesson.steps()) {
                run.stepStart.put(step.number(), (long) lab.journal().size());
                Told told = lesson.toldAt(step.number());
                // A step run together with the one before it waits for nobody: the kernel's timers would not.
                boolean asksFirst = beforeEachStep instanceof AsksFirst && !told.together();
                if (asksFirst) beforeEachStep.accept(step); // the narration may tell the answer: it comes after it
                lab.journal().append(step.endpoint(), step.slide() == null
                        ? new Payload.Note(step.narration().byCode())
                        : new Payload.Note(step.narration().byCode(), step.slide().title().byCode(),
                                step.slide().text().byCode()));
                if (!asksFirst && !told.together()) beforeEachStep.accept(step);
                Outcome outcome = runStep(restOf(step, told, run), run);
                if (outcome.call() != null) run.results.put(step.number(), outcome.call().result());
                if (outcome.mismatch() == null) outcome = tellOfRun(lesson, step, told, run, runStart, outcome);
                LessonReport.StepResult result = new LessonReport.StepResult(step, outcome.call(), outcome.saw());
                results.add(result);
                afterEachStep.accept(result);
                if (outcome.mismatch() != null) return new LessonReport(lesson, port, results, outcome.mismatch());
            }
            return new LessonReport(lesson, port, results, null);
        } finally {
            // A call still waiting is given up the way the window's reset does it, so the run ends clean.
            for (LessonRun.Waiting w : run.waiting.values()) reset(lab.endpoint(w.step().endpoint()), w);
            if (lesson.anyAddress()) lab.addressPolicy().allowNonLoopback(allowedBefore);
        }
    }

    private record Outcome(Payload.Call call, Mismatch mismatch, Text saw) {
        Outcome(Payload.Call call, Mismatch mismatch) {
            this(call, mismatch, null);
        }
    }

    /**
     * After a step that did what it expected: waits (up to the kernel timeout) for its checks on the run to hold, then
     * journals the first of its sentences about the run that holds, with the run's numbers in it. A check the journal
     * cannot tell because the wire was not captured is left (the segment counts say so); any other that does not hold
     * is the step's mismatch: its point was not shown.
     */
    private Outcome tellOfRun(Lesson lesson, Step step, Told told, LessonRun run, long runStart, Outcome outcome) {
        if (told.said().isEmpty() && told.checks().isEmpty()) return outcome;
        Lab lab = run.lab;
        RunFacts[] facts = {null};
        RunExpr.Condition[] failed = {null};
        try {
            JournalWait.until(lab.journal(), kernelTimeout, List.of(), () -> {
                facts[0] = RunFacts.of(lesson, runEvents(lab.journal().snapshot(), runStart));
                failed[0] = failedCheck(told, facts[0], step.number());
                return failed[0] == null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(outcome.call(),
                    new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.cancelled", step.call())));
        }
        if (failed[0] != null)
            return new Outcome(outcome.call(),
                    new Mismatch.Check(step, failed[0].source(),
                            failed[0].values(facts[0].asOf(step.number()), step.number())),
                    outcome.saw());
        // The observers journal on their own threads: the sentence is computed and journaled under the journal's lock,
        // so the journal before the sentence is exactly what it was computed from.
        lab.journal().appendFrom(ENDPOINT, held -> {
            Text said = said(told, RunFacts.of(lesson, runEvents(held, runStart)), step.number());
            return said == null ? null : new Payload.Note(said.byCode());
        });
        return outcome;
    }

    /** A send that goes on where an earlier one stopped ({@code rest_of}) sends its data without what that one took. */
    private static Step restOf(Step step, Told told, LessonRun run) {
        if (told.restOf().isEmpty()) return step;
        long took = 0;
        for (int n : told.restOf()) took += Math.max(0, run.results.getOrDefault(n, 0L));
        byte[] all = step.data().getBytes(StandardCharsets.UTF_8);
        int from = (int) Math.min(took, all.length);
        return step.withData(new String(all, from, all.length - from, StandardCharsets.UTF_8));
    }

    /**
     * The run's events (those after {@code runStart}, the journal's size when the run began), after the last word on the
     * capture before it (whether the wire is seen): what {@link RunFacts} reads.
     */
    public static List<Event> runEvents(List<Event> held, long runStart) {
        List<Event> events = new ArrayList<>();
        Event capture = null;
        for (Event e : held) {
            if (e.seq() > runStart) events.add(e);
            else if (e.payload() instanceof Payload.Capture) capture = e;
        }
        if (capture != null) events.addFirst(capture);
        return events;
    }

    /** The first check that does not hold in this run; null when all hold (or cannot be told without the wire). */
    static RunExpr.Condition failedCheck(Told told, RunFacts all, int step) {
        RunFacts facts = all.asOf(step);
        for (RunExpr.Condition c : told.checks()) {
            try {
                if (!c.holds(facts, step)) return c;
            } catch (RunFacts.Unknown u) {
                if (facts.captured()) return c;
            }
        }
        return null;
    }

    /**
     * The first of the step's sentences about the run whose condition holds and whose numbers the journal gives, in
     * both languages; null when none does.
     */
    public static Text said(Told told, RunFacts all, int step) {
        RunFacts facts = all.asOf(step);
        for (Told.Said s : told.said()) {
            try {
                if (s.when() != null && !s.when().holds(facts, step)) continue;
            } catch (RunFacts.Unknown u) {
                continue;
            }
            String es = RunExpr.fill(s.text().es(), facts, step, Lang.ES);
            String en = RunExpr.fill(s.text().en(), facts, step, Lang.EN);
            if (es != null && en != null) return new Text(es, en);
        }
        return null;
    }

    private static List<Integer> pollFdsOf(Step step, LessonRun run) {
        return step.call().equals("poll") || step.call().equals("select") ? run.pollFds(step) : List.of();
    }

    /**
     * For a step whose result the kernel picks among several ({@code one_of}), journals right after the call the
     * sentence of the result it gave (a note of the lab), so the journal and the verdict say which one it was.
     */
    private static Text tellWhichOutcome(Step step, Payload.Call call, Lab lab) {
        Expect.Outcome o = matchingOutcome(step.expect(), call);
        if (o == null) return null;
        lab.journal().append(ENDPOINT, new Payload.Note(o.saw().byCode()));
        return o.saw();
    }

    private static Expect.Outcome matchingOutcome(Expect expect, Payload.Call call) {
        for (Expect.Outcome o : expect.oneOf()) if (matches(o.result(), call)) return o;
        return null;
    }

    private static boolean matches(Expect.Result result, Payload.Call call) {
        return switch (result) {
            case Expect.Result.AnyFd a -> call.result() >= 0;
            case Expect.Result.Exact x ->
                call.result() == x.value() && Objects.equals(call.errnoName(), x.errno());
            case Expect.Result.Between b -> !call.failed() && b.range().contains(call.result());
            case Expect.Result.Killed k -> false; // a call that returned was not killed
            case Expect.Result.None n -> true;
        };
    }

    private Outcome runStep(Step step, LessonRun run) {
        Endpoint endpoint = step.kind() == Step.Kind.NETWORK ? null : run.lab.endpoint(step.endpoint());
        Payload.Call call = null;
        Text saw = null;
        try {
            switch (step.kind()) {
                case CALL -> {
                    int fd = run.fdOf(step);
                    CompletableFuture<Event> made = endpoint.call(step.call().equals("waitpid")
                            ? run.waitpid(step)
                            : step.request(fd, run.port, pollFdsOf(step, run), run.lastFrom.get(step.socket())));
                    if (step.expect().result() instanceof Expect.Result.Killed killed) {
                        // The call never returns: its process dies inside it (SIGPIPE's default action).
                        Mismatch m = awaitKilled(step, made, run.lab, killed.signal());
                        if (m != null) return new Outcome(null, m);
                        run.resetDone(step.endpoint()); // the kernel closed its sockets with it
                        break;
                    }
                    Event event = made.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    call = (Payload.Call) event.payload();
                    run.took(step, fd, event);
                    Mismatch m = compare(step, call, run.open);
                    if (m != null) return new Outcome(call, m);
                    saw = tellWhichOutcome(step, call, run.lab);
                }
                case START -> {
                    int fd = run.fdOf(step);
                    long since = run.lab.journal().size();
                    CompletableFuture<Event> future = endpoint
                            .call(step.request(fd, run.port, pollFdsOf(step, run), run.lastFrom.get(step.socket())));
                    run.waiting.put(step.endpoint(), new LessonRun.Waiting(step, future));
                    Mismatch m = awaitBlocked(step, fd, since, future, run.lab);
                    if (m != null) return new Outcome(null, m);
                }
                case FINISH -> {
                    LessonRun.Waiting w = run.waiting.remove(step.endpoint());
                    Event event;
                    try {
                        event = w.future().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        run.waiting.put(step.endpoint(), w); // still running: the end of the run resets it
                        throw e;
                    }
                    call = (Payload.Call) event.payload();
                    run.took(w.step(), call.fd() == null ? -1 : call.fd(), event);
                    Mismatch m = compare(step, call, run.open);
                    if (m != null) return new Outcome(call, m);
                    saw = tellWhichOutcome(step, call, run.lab);
                }
                case HAND_OVER -> {
                    // No call: the threads of one program share their descriptors. The lab journals a note saying so.
                    run.lab.handOver(run.fdOf(step), endpoint, run.lab.endpoint(step.handTo()));
                    run.handedOver(step.socket(), step.handTo());
                }
                case NETWORK -> {
                    if (step.network().clear()) run.lab.clearNetworkConditions();
                    else run.lab.drop(step.network().rule(run.port));
                }
                case RESET -> {
                    LessonRun.Waiting w = run.waiting.remove(step.endpoint());
                    call = reset(endpoint, w);
                    run.resetDone(step.endpoint());
                }
                case FORK -> {
                    Endpoint child = run.lab.fork(endpoint, step.handTo()).get(stepTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
                    call = lastCall(run.lab, step.endpoint(), "fork");
                    run.forked(step, child.pid());
                }
                case EXIT -> {
                    endpoint.exit(step.value()).get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    run.resetDone(step.endpoint()); // the kernel closed its sockets
                }
                case KILL -> {
                    int signal = Signals.number(step.data());
                    boolean ends = endpoint.endsOn(signal);
                    endpoint.kill(signal).get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    // Caught or ignored: the process lives on, and a call it waits in returns -1 EINTR or goes on
                    // (its finish step says which).
                    if (!ends) break;
                    LessonRun.Waiting w = run.waiting.remove(step.endpoint());
                    if (w != null) w.future().exceptionally(never -> null); // it never returns: the process died in it
                    run.resetDone(step.endpoint()); // the kernel closed its sockets
                }
            }
            Mismatch kernel = KernelExpectations.awaitKernel(step, run, kernelTimeout);
            return new Outcome(call, kernel != null ? kernel : KernelExpectations.awaitSegments(step, run), saw);
        } catch (LocalizedException e) {
            return new Outcome(call, new Mismatch.NotMade(step, e));
        } catch (TimeoutException e) {
            return new Outcome(call, new Mismatch.Timeout(step, Math.max(1, stepTimeout.toSeconds())));
        } catch (ExecutionException e) {
            return new Outcome(call, new Mismatch.NotMade(step, e.getCause() instanceof LocalizedException le
                    ? le
                    : e.getCause() instanceof CallCancelledException
                            ? new LocalizedException("lesson.mismatch.cancelled", step.call())
                            : new LocalizedException("lesson.mismatch.failed", String.valueOf(e.getCause()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(call,
                    new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.cancelled", step.call())));
        }
    }

    /**
     * Resets the endpoint (its waiting call is given up, its sockets closed) and returns what the waiting call
     * finally returned, or null if it was given up before it was made.
     */
    private Payload.Call reset(Endpoint endpoint, LessonRun.Waiting w) {
        try {
            endpoint.reset().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (w == null) return null;
            return (Payload.Call) w.future().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS).payload();
        } catch (ExecutionException | TimeoutException e) {
            return null; // a cancelled call journals its Cancelled event; nothing came back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits for a call whose process must die inside it of {@code signal}: null when it did (its end is journaled), else
     * what happened instead.
     */
    private Mismatch awaitKilled(Step step, CompletableFuture<Event> made, Lab lab, String signal)
            throws InterruptedException, TimeoutException {
        try {
            Payload.Call c = (Payload.Call) made.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS).payload();
            return new Mismatch.Result(step, c.failed() ? "-1 " + c.errnoName() : String.valueOf(c.result()));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof EndpointProcess.EndedException))
                return new Mismatch.NotMade(step, e.getCause() instanceof LocalizedException le
                        ? le
                        : new LocalizedException("lesson.mismatch.failed", String.valueOf(e.getCause())));
            Payload.Process end = lastEnd(lab, step.endpoint());
            if (end != null && end.killed() && signal.equals(end.signalName())) return null;
            return new Mismatch.Result(step, end == null
                    ? "-"
                    : end.killed() ? "killed_by=" + end.signalName() : "exit=" + end.code());
        }
    }

    /** The newest end of {@code endpoint}'s process the journal holds, or null. */
    public static Payload.Process lastEnd(Lab lab, String endpoint) {
        List<Event> events = lab.journal().snapshot();
        for (int i = events.size() - 1; i >= 0; i--)
            if (events.get(i).endpoint().equals(endpoint) && events.get(i).payload() instanceof Payload.Process p
                    && Payload.Process.EXITED.equals(p.event()))
                return p;
        return null;
    }

    /** The endpoint's last journaled call named {@code name} (a fork step's own call). */
    private static Payload.Call lastCall(Lab lab, String endpoint, String name) {
        List<Event> events = lab.journal().snapshot();
        for (int i = events.size() - 1; i >= 0; i--)
            if (events.get(i).endpoint().equals(endpoint) && events.get(i).payload() instanceof Payload.Call c
                    && c.call().equals(name))
                return c;
        return null;
    }

    /** Waits until the journal shows the started call blocked (after {@code since}); it must not have returned. */
    private Mismatch awaitBlocked(Step step, int fd, long since, CompletableFuture<Event> future, Lab lab)
            throws InterruptedException {
        boolean[] blocked = {false};
        boolean settled = JournalWait.until(lab.journal(), kernelTimeout, List.of(future), () -> {
            if (future.isDone()) return true;
            blocked[0] = lab.journal().after(since).stream().anyMatch(e -> e.endpoint().equals(step.endpoint())
                    && e.payload() instanceof Payload.Blocked b && b.call().equals(step.call()) && b.fd() == fd);
            return blocked[0];
        });
        if (future.isDone() && !future.isCompletedExceptionally()) {
            Payload.Call c = (Payload.Call) future.join().payload();
            return new Mismatch.NotBlocked(step, c.failed() ? "-1 " + c.errnoName() : String.valueOf(c.result()));
        }
        if (!settled || !blocked[0]) return new Mismatch.NeverBlocked(step, Math.max(1, kernelTimeout.toSeconds()));
        return null;
    }

    /** Null when the call gave what the step expects. */
    static Mismatch compare(Step step, Payload.Call call) {
        return compare(step, call, Map.of());
    }

    /** As {@link #compare(Step, Payload.Call)}; {@code open} gives the descriptors of named sockets (poll's revents). */
    static Mismatch compare(Step step, Payload.Call call, Map<String, Integer> open) {
        Expect expect = step.expect();
        boolean resultOk = expect.oneOf().isEmpty()
                ? matches(expect.result(), call)
                : matchingOutcome(expect, call) != null;
        if (!resultOk)
            return new Mismatch.Result(step, call.failed() ? "-1 " + call.errnoName() : String.valueOf(call.result()));
        byte[] data = call.data() == null ? new byte[0] : call.data();
        if (expect.bytes() != null && data.length != expect.bytes()) return new Mismatch.Bytes(step, data.length);
        if (expect.data() != null && !expect.data().equals(new String(data, StandardCharsets.UTF_8)))
            return new Mismatch.Data(step, CallFormat.quote(data));
        for (Map.Entry<String, Set<PollEvent>> r : expect.revents().entrySet()) {
            Integer fd = open.get(r.getKey());
            String saw = reventsOf(call, fd);
            String want = PollEvent.text(r.getValue());
            if (!want.equals(saw)) return new Mismatch.Revents(step, r.getKey(), want, saw);
        }
        return null;
    }

    /** What poll journaled for one fd ({@code [{fd=3, revents=POLLIN}]}), as {@code POLLIN}; {@code 0} when not ready. */
    private static String reventsOf(Payload.Call call, Integer fd) {
        String all = call.args().get("revents");
        if (all == null || fd == null) return "0";
        Matcher m = Pattern.compile("\\{fd=" + fd + ", revents=([A-Z|]+)}")
                .matcher(all);
        return m.find() ? m.group(1) : "0";
    }

    /**
     * A loopback port free for both TCP and UDP right now. Found with java.net (not the lab) so that picking
     * it leaves nothing in the lesson's journal.
     */
    /**
     * The key of the note that says a wildcard-binding lesson opted in: who can reach its port depends on the network it
     * runs in (only the lab inside the private lab network; other machines on this computer's own).
     */
    public static String anyAddressKey() {
        return LabNetwork.current().isPrivate() ? "lesson.anyAddress.optIn" : "lesson.anyAddress.optIn.host";
    }

    /**
     * A loopback port free for TCP and UDP whose byte-swapped twin ({@value Step#SWAPPED_PORT_PLACEHOLDER}) is another
     * unprivileged port, free for TCP too: the byte-order lesson binds it.
     */
    public static int freePort() {
        return FreePort.find();
    }
}
