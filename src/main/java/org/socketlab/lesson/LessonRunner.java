package org.socketlab.lesson;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;
import org.socketlab.syscall.SockType;

/**
 * Runs a lesson's steps in order on a {@link Lab}: before each step its narration is journaled as a note, then
 * the one real call is made and awaited and its outcome compared with the step's expectation, then what the
 * kernel must show (states, queues) is awaited in the journal, since the kernel changes states on its own time.
 * A call started with {@code "wait": false} is left running; a later step finishes or resets it, and the end of
 * the run resets whatever is still waiting. Stops at the first mismatch. The caller owns the lab and closes it.
 */
public final class LessonRunner {
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
     * A socket the lesson named: where its kernel events are journaled. {@code sinceSeq} is the call that made it;
     * {@code staleFromSeq} is set once a later socket of the same endpoint got the same fd number. {@code inode} is the
     * kernel's inode of the socket (null where unknown): kernel events that carry it are matched by it, so a socket
     * stays followed after its fd number went to another one.
     */
    private record Named(String endpoint, int fd, boolean tcp, long sinceSeq, long staleFromSeq, Long inode) {
        Named stale(long seq) {
            return new Named(endpoint, fd, tcp, sinceSeq, seq, inode);
        }
    }

    /** A call left running by a {@code "wait": false} step. */
    private record Waiting(Step step, CompletableFuture<Event> future) {
    }

    /** Everything one run keeps between steps. */
    private final class Run {
        final Lab lab;
        final int port;
        final Map<String, Integer> open = new HashMap<>();
        final Map<String, Named> named = new HashMap<>();
        final Map<String, Boolean> tcpByName = new HashMap<>();
        final Map<String, Waiting> waiting = new HashMap<>();
        /** Per step number, the journal size just before its narration: where a segment count starts. */
        final Map<Integer, Long> stepStart = new HashMap<>();
        /** Per socket name, where its last recvfrom() said the datagram came from: a reply's {@code {from}}. */
        final Map<String, org.socketlab.syscall.SockAddr> lastFrom = new HashMap<>();

        Run(Lab lab, int port) {
            this.lab = lab;
            this.port = port;
        }

        int fdOf(Step step) {
            if (step.socket() == null) return -1;
            Integer fd = open.get(step.socket());
            if (fd == null) throw new LocalizedException("lesson.mismatch.noSocket", step.socket());
            return fd;
        }

        /** Records what a finished call did to the names: a new descriptor, or one released. */
        void took(Step step, int fd, Event event) {
            Payload.Call call = (Payload.Call) event.payload();
            if (step.call().equals("socketpair")) {
                List<Integer> made = call.madeFds();
                for (int i = 0; i < made.size() && i < step.sockets().size(); i++)
                    name(step, step.sockets().get(i), made.get(i), true, event);
            } else if (step.as() != null && call.result() >= 0) {
                // A connected kind (TCP, AF_UNIX) starts CLOSED; a datagram one UNBOUND.
                boolean tcp = step.type() != null
                        ? step.type() == SockType.SOCK_STREAM || step.domain() == org.socketlab.syscall.Domain.AF_UNIX
                        : tcpByName.getOrDefault(step.socket(), true);
                name(step, step.as(), (int) call.result(), tcp, event);
            }
            if (step.call().equals("close")) open.values().remove(fd);
            String from = call.args().get("from");
            if (step.call().equals("recvfrom") && call.result() >= 0 && from != null && step.socket() != null)
                lastFrom.put(step.socket(), org.socketlab.syscall.SockAddr.parse(from, step.addressDomain()));
        }

        private void name(Step step, String as, int newFd, boolean tcp, Event event) {
            {
                named.replaceAll((name,
                        n) -> n.endpoint().equals(step.endpoint()) && n.fd() == newFd
                                && n.staleFromSeq() == Long.MAX_VALUE
                                        ? n.stale(event.seq())
                                        : n);
                Long inode = lab.endpoint(step.endpoint()).sockets().stream()
                        .filter(i -> i.fd() == newFd && i.inode() > 0)
                        .map(i -> (Long) i.inode()).findFirst().orElse(null); // the fd is still this socket's: the run waits for each call
                // The 50 ms sampler may journal the new socket's first state just before the call's own event: with the
                // inode to tell sockets apart, the socket's events are followed from the step's narration on.
                long since = inode != null ? stepStart.getOrDefault(step.number(), event.seq()) : event.seq();
                named.put(as, new Named(step.endpoint(), newFd, tcp, since, Long.MAX_VALUE, inode));
                tcpByName.put(as, tcp);
                open.put(as, newFd);
            }
        }

        /** The descriptors of the sockets a poll step watches, in its order. */
        List<Integer> pollFds(Step step) {
            List<Integer> fds = new ArrayList<>();
            for (String name : step.sockets()) {
                Integer fd = open.get(name);
                if (fd == null) throw new LocalizedException("lesson.mismatch.noSocket", name);
                fds.add(fd);
            }
            return fds;
        }

        /** After a reset the endpoint has no sockets left. */
        void resetDone(String endpoint) {
            open.keySet().removeIf(name -> named.get(name) != null && named.get(name).endpoint().equals(endpoint));
        }
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
     * @param beforeEachStep told of every step after its narration is journaled and before its call is made (predict
     *                       mode asks its question there); it may block, and an exception it throws ends the run
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<Step> beforeEachStep,
            Consumer<LessonReport.StepResult> afterEachStep) {
        lab.awaitCapture(); // the journal says whether the wire is seen before the lesson's first word
        Run run = new Run(lab, port);
        List<LessonReport.StepResult> results = new ArrayList<>();
        boolean allowedBefore = lab.addressPolicy().nonLoopbackAllowed();
        if (lesson.anyAddress()) {
            // The lesson's own opt-in, for its run only, said where every view shows it: the journal.
            lab.addressPolicy().allowNonLoopback(true);
            java.util.Map<String, String> text = new java.util.LinkedHashMap<>();
            for (org.socketlab.i18n.Lang lang : org.socketlab.i18n.Lang.values())
                text.put(lang.code(), org.socketlab.i18n.Messages.of(lang).get("lesson.anyAddress.optIn", lesson.id()));
            lab.journal().append("lab", new Payload.Note(text));
        }
        try {
            for (Step step : lesson.steps()) {
                run.stepStart.put(step.number(), (long) lab.journal().size());
                lab.journal().append(step.endpoint(), step.slide() == null
                        ? new Payload.Note(step.narration().byCode())
                        : new Payload.Note(step.narration().byCode(), step.slide().title().byCode(),
                                step.slide().text().byCode()));
                beforeEachStep.accept(step);
                Outcome outcome = runStep(step, run);
                LessonReport.StepResult result = new LessonReport.StepResult(step, outcome.call(), outcome.saw());
                results.add(result);
                afterEachStep.accept(result);
                if (outcome.mismatch() != null) return new LessonReport(lesson, port, results, outcome.mismatch());
            }
            return new LessonReport(lesson, port, results, null);
        } finally {
            // A call still waiting is given up the way the window's reset does it, so the run ends clean.
            for (Waiting w : run.waiting.values()) reset(lab.endpoint(w.step().endpoint()), w);
            if (lesson.anyAddress()) lab.addressPolicy().allowNonLoopback(allowedBefore);
        }
    }

    private record Outcome(Payload.Call call, Mismatch mismatch, Text saw) {
        Outcome(Payload.Call call, Mismatch mismatch) {
            this(call, mismatch, null);
        }
    }

    private static List<Integer> pollFdsOf(Step step, Run run) {
        return step.call().equals("poll") ? run.pollFds(step) : List.of();
    }

    /**
     * For a step whose result the kernel picks among several ({@code one_of}), journals right after the call the
     * sentence of the result it gave (a note of the lab), so the journal and the verdict say which one it was.
     */
    private static Text tellWhichOutcome(Step step, Payload.Call call, Lab lab) {
        Expect.Outcome o = matchingOutcome(step.expect(), call);
        if (o == null) return null;
        lab.journal().append(LessonPlayer.ENDPOINT, new Payload.Note(o.saw().byCode()));
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
                call.result() == x.value() && java.util.Objects.equals(call.errnoName(), x.errno());
            case Expect.Result.Between b -> !call.failed() && b.range().contains(call.result());
            case Expect.Result.None n -> true;
        };
    }

    private Outcome runStep(Step step, Run run) {
        Endpoint endpoint = step.kind() == Step.Kind.NETWORK ? null : run.lab.endpoint(step.endpoint());
        Payload.Call call = null;
        Text saw = null;
        try {
            switch (step.kind()) {
                case CALL -> {
                    int fd = run.fdOf(step);
                    Event event = endpoint
                            .call(step.request(fd, run.port, pollFdsOf(step, run), run.lastFrom.get(step.socket())))
                            .get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
                    run.waiting.put(step.endpoint(), new Waiting(step, future));
                    Mismatch m = awaitBlocked(step, fd, since, future, run.lab);
                    if (m != null) return new Outcome(null, m);
                }
                case FINISH -> {
                    Waiting w = run.waiting.remove(step.endpoint());
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
                case NETWORK -> {
                    if (step.network().clear()) run.lab.clearNetworkConditions();
                    else run.lab.drop(step.network().rule(run.port));
                }
                case RESET -> {
                    Waiting w = run.waiting.remove(step.endpoint());
                    call = reset(endpoint, w);
                    run.resetDone(step.endpoint());
                }
            }
            Mismatch kernel = awaitKernel(step, run);
            return new Outcome(call, kernel != null ? kernel : awaitSegments(step, run), saw);
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
    private Payload.Call reset(Endpoint endpoint, Waiting w) {
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

    /** Waits (up to the kernel timeout in all) for every state and queue the step expects; the first one missing is the mismatch. */
    private Mismatch awaitKernel(Step step, Run run) throws InterruptedException {
        Expect e = step.expect();
        if (e.states().isEmpty() && e.queues().isEmpty() && e.acceptQueues().isEmpty()) return null;
        Lab lab = run.lab;
        for (String name : names(e)) {
            Named n = run.named.get(name);
            if (n == null) return new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.noSocket", name));
            if (n.staleFromSeq() != Long.MAX_VALUE && n.inode() == null)
                return new Mismatch.NotMade(step,
                        new LocalizedException("lesson.mismatch.fdReused", name, String.valueOf(n.fd())));
        }
        lab.observeKernelNow();
        Mismatch[] first = {null};
        JournalWait.until(lab.journal(), kernelTimeout, List.of(), () -> {
            List<Event> events = lab.journal().snapshot();
            first[0] = firstMissing(step, run, events);
            return first[0] == null;
        });
        return first[0];
    }

    /**
     * Waits (up to {@link #SEGMENT_TIMEOUT}) until the wire shows at least the expected number of captured segments, then
     * checks there are not more. Without capture there is no wire to count: a note says so and the step goes on.
     */
    private Mismatch awaitSegments(Step step, Run run) throws InterruptedException {
        Expect.Segments want = step.expect().segments();
        if (want == null) return null;
        Lab lab = run.lab;
        Payload.Capture capture = null;
        for (Event e : lab.journal().snapshot()) if (e.payload() instanceof Payload.Capture c) capture = c;
        if (capture == null || !capture.status().equals(Payload.Capture.STARTED)) {
            java.util.Map<String, String> text = new java.util.LinkedHashMap<>();
            for (org.socketlab.i18n.Lang lang : org.socketlab.i18n.Lang.values())
                text.put(lang.code(), org.socketlab.i18n.Messages.of(lang).get("lesson.segments.unchecked"));
            lab.journal().append("lab", new Payload.Note(text));
            return null;
        }
        long since = run.stepStart.getOrDefault(want.sinceStep(), 0L);
        long[] saw = {0};
        JournalWait.until(lab.journal(), SEGMENT_TIMEOUT, List.of(), () -> {
            saw[0] = lab.journal().after(since).stream().filter(e -> e.payload() instanceof Payload.Segment s
                    && Payload.Segment.CAPTURED.equals(s.origin()) && s.from().equals(want.from())
                    && want.kind().matches(s)).count();
            return saw[0] >= want.count().min();
        });
        return want.count().contains(saw[0]) ? null : new Mismatch.Segments(step, want, saw[0]);
    }

    private static java.util.Set<String> names(Expect e) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(e.states().keySet());
        names.addAll(e.queues().keySet());
        names.addAll(e.acceptQueues().keySet());
        return names;
    }

    private static Mismatch firstMissing(Step step, Run run, List<Event> events) {
        Expect e = step.expect();
        for (Map.Entry<String, String> s : e.states().entrySet()) {
            Named n = run.named.get(s.getKey());
            String saw = lastState(n, events);
            if (!saw.equals(s.getValue())) return new Mismatch.State(step, s.getKey(), s.getValue(), saw);
        }
        for (Map.Entry<String, Expect.Queues> q : e.queues().entrySet()) {
            Payload.Queue saw = lastQueue(run.named.get(q.getKey()), events);
            Expect.Queues want = q.getValue();
            if (want.recvQ() != null && !want.recvQ().contains(saw.recvQ()))
                return new Mismatch.Queue(step, q.getKey(), "recv_q", want.recvQ(), saw.recvQ());
            if (want.sendQ() != null && !want.sendQ().contains(saw.sendQ()))
                return new Mismatch.Queue(step, q.getKey(), "send_q", want.sendQ(), saw.sendQ());
        }
        for (Map.Entry<String, Expect.Range> a : e.acceptQueues().entrySet()) {
            long saw = lastQueue(run.named.get(a.getKey()), events).recvQ();
            if (!a.getValue().contains(saw)) return new Mismatch.AcceptQueue(step, a.getKey(), a.getValue(), saw);
        }
        return null;
    }

    private static boolean about(Named n, Event e, int fd, Long inode) {
        if (e.seq() <= n.sinceSeq() || !e.endpoint().equals(n.endpoint())) return false;
        if (n.inode() != null && inode != null) return n.inode().equals(inode);
        return e.seq() < n.staleFromSeq() && fd == n.fd();
    }

    /** The socket's state as the journal last told it; before any state event, the state a new socket has. */
    private static String lastState(Named n, List<Event> events) {
        String state = n.tcp() ? "CLOSED" : "UNBOUND";
        for (Event e : events)
            if (e.payload() instanceof Payload.State s && about(n, e, s.fd(), s.inode())) state = s.to();
        return state;
    }

    /** The socket's queues as the journal last told them; a new socket's are empty. */
    private static Payload.Queue lastQueue(Named n, List<Event> events) {
        Payload.Queue queue = new Payload.Queue(n.fd(), 0, 0);
        for (Event e : events) if (e.payload() instanceof Payload.Queue q && about(n, e, q.fd(), q.inode())) queue = q;
        return queue;
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
        for (Map.Entry<String, java.util.Set<org.socketlab.syscall.PollEvent>> r : expect.revents().entrySet()) {
            Integer fd = open.get(r.getKey());
            String saw = reventsOf(call, fd);
            String want = org.socketlab.syscall.PollEvent.text(r.getValue());
            if (!want.equals(saw)) return new Mismatch.Revents(step, r.getKey(), want, saw);
        }
        return null;
    }

    /** What poll journaled for one fd ({@code [{fd=3, revents=POLLIN}]}), as {@code POLLIN}; {@code 0} when not ready. */
    private static String reventsOf(Payload.Call call, Integer fd) {
        String all = call.args().get("revents");
        if (all == null || fd == null) return "0";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{fd=" + fd + ", revents=([A-Z|]+)}")
                .matcher(all);
        return m.find() ? m.group(1) : "0";
    }

    /**
     * A loopback port free for both TCP and UDP right now. Found with java.net (not the lab) so that picking
     * it leaves nothing in the lesson's journal.
     */
    public static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0;; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                }
            } catch (IOException e) {
                if (attempt >= 20) throw new IllegalStateException("no free loopback port", e);
            }
        }
    }
}
