package org.socketlab.lesson;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SysCall;

/**
 * Runs one step of a lesson on the lab: makes its one real call (or starts, finishes or resets a waiting one; hands a
 * socket over; forks, exits or kills; sets the network's drops), compares what it gave with the step's expectation
 * ({@link CallComparison}), then awaits what the kernel must show ({@link KernelExpectations}).
 */
final class StepRunner {
    /** What a step did: its call (null when it made none), its mismatch (null when none) and the outcome it told. */
    record Outcome(Payload.@Nullable Call call, @Nullable Mismatch mismatch, @Nullable Text saw) {
        Outcome(Payload.@Nullable Call call, @Nullable Mismatch mismatch) {
            this(call, mismatch, null);
        }
    }

    private final Duration stepTimeout;
    private final Duration kernelTimeout;

    StepRunner(Duration stepTimeout, Duration kernelTimeout) {
        this.stepTimeout = stepTimeout;
        this.kernelTimeout = kernelTimeout;
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    Outcome run(Step step, LessonRun run) {
        // Every step but a network rule has an endpoint; the cases below use it through on(endpoint).
        @Nullable
        Endpoint endpoint = step.kind() == Step.Kind.NETWORK ? null : run.lab.endpoint(step.endpoint());
        Payload.Call call = null;
        Text saw = null;
        long seqBefore = run.lab.journal().size();
        run.tcp.newStep();
        try {
            switch (step.kind()) {
                case CALL -> {
                    int fd = run.fdOf(step);
                    CompletableFuture<Event> made = on(endpoint).call(step.is(SysCall.WAITPID)
                            ? run.waitpid(step)
                            : step.request(fd, run.port, pollFdsOf(step, run), run.lastFrom.get(step.socket())));
                    if (step.expect().result() instanceof Expect.Result.Killed killed) {
                        // The call never returns: its process dies inside it (SIGPIPE's default action).
                        Mismatch m = awaitKilled(step, made, run.lab, killed.signal());
                        if (m != null) return new Outcome(null, m);
                        run.resetDone(step.endpoint()); // the kernel closed its sockets with it
                        break;
                    }
                    Event event;
                    try {
                        event = awaitCall(made, run);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof EndpointProcess.EndedException ended)) throw e;
                        return new Outcome(null, died(step, run.lab, ended));
                    }
                    call = (Payload.Call) event.payload();
                    run.took(step, fd, event);
                    Mismatch m = CallComparison.compare(step, call, run.open);
                    if (m != null) return new Outcome(call, m);
                    saw = CallComparison.tellWhichOutcome(step, call, run.lab);
                }
                case START -> {
                    int fd = run.fdOf(step);
                    long since = run.lab.journal().size();
                    CompletableFuture<Event> future = on(endpoint)
                            .call(step.request(fd, run.port, pollFdsOf(step, run), run.lastFrom.get(step.socket())));
                    run.waiting.put(step.endpoint(), new LessonRun.Waiting(step, future));
                    Mismatch m = awaitBlocked(step, fd, since, future, run.lab);
                    if (m != null) return new Outcome(null, m);
                }
                case FINISH -> {
                    LessonRun.Waiting w = run.waiting.remove(step.endpoint());
                    if (w == null) throw new LocalizedException("lesson.error.nothingToFinish", step.endpoint());
                    Event event;
                    try {
                        event = awaitCall(w.future(), run);
                    } catch (TimeoutException e) {
                        run.waiting.put(step.endpoint(), w); // still running: the end of the run resets it
                        throw e;
                    }
                    call = (Payload.Call) event.payload();
                    run.took(w.step(), call.fd() == null ? -1 : call.fd(), event);
                    Mismatch m = CallComparison.compare(step, call, run.open);
                    if (m != null) return new Outcome(call, m);
                    saw = CallComparison.tellWhichOutcome(step, call, run.lab);
                }
                case HAND_OVER -> {
                    // No call: the threads of one program share their descriptors. The lab journals a note saying so.
                    String to = Step.required(step.handTo(), "to", Step.HAND_OVER);
                    run.lab.handOver(run.fdOf(step), on(endpoint), run.lab.endpoint(to));
                    run.handedOver(Step.required(step.socket(), "hand_over", Step.HAND_OVER), to);
                }
                case NETWORK -> {
                    NetworkStep network = Step.required(step.network(), "network", "network");
                    if (network.clear()) run.lab.clearNetworkConditions();
                    else run.lab.drop(network.rule(run.port));
                }
                case RESET -> {
                    LessonRun.Waiting w = run.waiting.remove(step.endpoint());
                    call = reset(on(endpoint), w);
                    run.resetDone(step.endpoint());
                }
                case FORK -> {
                    String childName = Step.required(step.handTo(), "fork", "fork");
                    Endpoint child = run.lab.fork(on(endpoint), childName).get(stepTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
                    call = lastCall(run.lab, step.endpoint(), "fork");
                    run.forked(step, child.pid());
                }
                case EXIT -> {
                    on(endpoint).exit(Step.required(step.value(), "exit", "exit")).get(stepTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
                    run.resetDone(step.endpoint()); // the kernel closed its sockets
                }
                case KILL -> {
                    int signal = Signals.number(Step.required(step.data(), "kill", Step.KILL));
                    boolean ends = on(endpoint).endsOn(signal);
                    on(endpoint).kill(signal).get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
            TcpWait.Waited waited = run.tcp.last();
            boolean blocked = waitsInTheKernel(step, run.lab.journal().after(seqBefore));
            return new Outcome(call, waited == null
                    ? new Mismatch.Timeout(step, Math.max(1, stepTimeout.toSeconds()), blocked)
                    : new Mismatch.Timeout(step, waited.seconds(), blocked, waited.capped()
                            ? Math.max(1, waited.cap().toSeconds())
                            : null));
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
     * A call's answer, waited for its step timeout, and as long as TCP's timers beyond when the link lost a segment
     * ({@link TcpWait}); a call that waits for no TCP timer times out as before.
     */
    private Event awaitCall(CompletableFuture<Event> made, LessonRun run)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!run.tcp.until(stepTimeout, List.of(made), made::isDone)) throw new TimeoutException();
        return made.get();
    }

    /**
     * Whether the step's call is waiting in the kernel: its endpoint journaled it blocked. A call that is not was never
     * answered by its process at all (a computer too busy to run it, seen at load 21 on two cores).
     */
    static boolean waitsInTheKernel(Step step, List<Event> since) {
        return since.stream().anyMatch(e -> e.endpoint().equals(step.endpoint())
                && e.payload() instanceof Payload.Blocked b && b.call().equals(step.call()));
    }

    private static List<Integer> pollFdsOf(Step step, LessonRun run) {
        return step.is(SysCall.POLL) || step.is(SysCall.SELECT) ? run.pollFds(step) : List.of();
    }

    /** A step's endpoint where the step has one (all but a network rule: {@link #run} looks it up for those). */
    private static Endpoint on(@Nullable Endpoint endpoint) {
        return Objects.requireNonNull(endpoint);
    }

    /**
     * Resets the endpoint (its waiting call is given up, its sockets closed) and returns what the waiting call
     * finally returned, or null if it was given up before it was made.
     */
    Payload.@Nullable Call reset(Endpoint endpoint, LessonRun.@Nullable Waiting w) {
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
    private @Nullable Mismatch awaitKilled(Step step, CompletableFuture<Event> made, Lab lab, String signal)
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

    /**
     * The step's process ended under its call: how, as the journal says it (its end is journaled a moment after the
     * call's channel closes, so it is waited for).
     */
    private Mismatch died(Step step, Lab lab, EndpointProcess.EndedException ended) throws InterruptedException {
        JournalWait.until(lab.journal(), kernelTimeout, List.of(), () -> lastEnd(lab, step.endpoint()) != null);
        Payload.Process p = lastEnd(lab, step.endpoint());
        if (p == null) return new Mismatch.NotMade(step, ended); // how it ended was not journaled in time
        return new Mismatch.Died(step, p.killed() ? p.signalName() : null, p.killed() ? p.signal() : null, p.code());
    }

    /** The newest end of {@code endpoint}'s process the journal holds, or null. */
    static Payload.@Nullable Process lastEnd(Lab lab, String endpoint) {
        List<Event> events = lab.journal().snapshot();
        for (int i = events.size() - 1; i >= 0; i--)
            if (events.get(i).endpoint().equals(endpoint) && events.get(i).payload() instanceof Payload.Process p
                    && Payload.Process.EXITED.equals(p.event()))
                return p;
        return null;
    }

    /** The endpoint's last journaled call named {@code name} (a fork step's own call). */
    private static Payload.@Nullable Call lastCall(Lab lab, String endpoint, String name) {
        List<Event> events = lab.journal().snapshot();
        for (int i = events.size() - 1; i >= 0; i--)
            if (events.get(i).endpoint().equals(endpoint) && events.get(i).payload() instanceof Payload.Call c
                    && c.call().equals(name))
                return c;
        return null;
    }

    /** Waits until the journal shows the started call blocked (after {@code since}); it must not have returned. */
    private @Nullable Mismatch awaitBlocked(Step step, int fd, long since, CompletableFuture<Event> future, Lab lab)
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
}
