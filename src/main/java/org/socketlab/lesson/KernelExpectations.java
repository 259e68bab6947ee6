package org.socketlab.lesson;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Lab;

/**
 * What the kernel must show after a step (states, queues, accept queues, captured segments), awaited in the journal:
 * the kernel changes states on its own time, so each expectation waits, up to a limit, for the journal to say it.
 */
final class KernelExpectations {
    /** How long a segment count waits for the wire: keepalive probes come after seconds of silence. */
    static final Duration SEGMENT_TIMEOUT = Duration.ofSeconds(8);

    private KernelExpectations() {
    }

    /**
     * Waits (up to the kernel timeout in all, and as long as TCP's timers beyond when the link lost a segment) for every
     * state and queue the step expects; the first one missing is the mismatch.
     */
    static @Nullable Mismatch awaitKernel(Step step, LessonRun run, Duration kernelTimeout)
            throws InterruptedException {
        Expect e = step.expect();
        if (e.states().isEmpty() && e.queues().isEmpty() && e.acceptQueues().isEmpty()) return null;
        Lab lab = run.lab;
        for (String name : names(e)) {
            LessonRun.Named n = run.named.get(name);
            if (n == null) return new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.noSocket", name));
            if (run.lostToReuse(n))
                return new Mismatch.NotMade(step,
                        new LocalizedException("lesson.mismatch.fdReused", name, String.valueOf(n.fd())));
        }
        lab.observeKernelNow();
        @Nullable
        Mismatch[] first = {null};
        run.tcp.until(kernelTimeout, List.of(), () -> { // as long as TCP's timers when the link lost a segment
            List<Event> events = lab.journal().snapshot();
            first[0] = firstMissing(step, run, events);
            return first[0] == null;
        });
        return atTcpLimit(run, first[0]);
    }

    /**
     * Waits (up to {@link #SEGMENT_TIMEOUT}) until the wire shows at least the expected number of captured segments, then
     * checks there are not more. Without capture there is no wire to count: a note says so and the step goes on.
     */
    static @Nullable Mismatch awaitSegments(Step step, LessonRun run) throws InterruptedException {
        Expect.Segments want = step.expect().segments();
        if (want == null) return null;
        Lab lab = run.lab;
        Payload.Capture capture = null;
        for (Event e : lab.journal().snapshot()) if (e.payload() instanceof Payload.Capture c) capture = c;
        if (capture == null || !capture.status().equals(Payload.Capture.STARTED)) {
            Map<String, String> text = new LinkedHashMap<>();
            for (Lang lang : Lang.values())
                text.put(lang.code(), Messages.of(lang).get("lesson.segments.unchecked"));
            lab.journal().append(Lab.ITSELF, new Payload.Note(text));
            return null;
        }
        long since = run.stepStart.getOrDefault(want.sinceStep(), 0L);
        long[] saw = {0};
        // A segment to the second host over SocketLab's wire is journaled once it arrived: the wait takes its way across.
        Duration across = lab.link().map(l -> Duration.ofNanos(1_000L * Math.max(
                l.toServer().delayUs() + l.toServer().jitterUs(), l.toClient().delayUs() + l.toClient().jitterUs())))
                .orElse(Duration.ZERO);
        run.tcp.until(SEGMENT_TIMEOUT.plus(across), List.of(), () -> {
            saw[0] = lab.journal().after(since).stream().filter(e -> e.payload() instanceof Payload.Segment s
                    && Payload.Segment.CAPTURED.equals(s.origin()) && s.from().equals(want.from())
                    && want.kind().matches(s)).count();
            return saw[0] >= want.count().min();
        });
        return want.count().contains(saw[0]) ? null : atTcpLimit(run, new Mismatch.Segments(step, want, saw[0]));
    }

    /**
     * The mismatch, said to have waited for TCP: as long as a step may when the last wait ended at TCP's limit, or that
     * long when TCP's retries had made it longer.
     */
    private static @Nullable Mismatch atTcpLimit(LessonRun run, @Nullable Mismatch mismatch) {
        TcpWait.Waited waited = run.tcp.last();
        if (mismatch == null || waited == null || waited.done()) return mismatch;
        if (waited.capped()) return new Mismatch.AtTcpLimit(mismatch, Math.max(1, waited.cap().toSeconds()));
        return waited.extended() ? new Mismatch.AfterTcpRetries(mismatch, waited.seconds()) : mismatch;
    }

    private static Set<String> names(Expect e) {
        Set<String> names = new LinkedHashSet<>(e.states().keySet());
        names.addAll(e.queues().keySet());
        names.addAll(e.acceptQueues().keySet());
        return names;
    }

    private static @Nullable Mismatch firstMissing(Step step, LessonRun run, List<Event> events) {
        run.sockets(); // fed up to (at least) the snapshot read: each event's socket is known
        Expect e = step.expect();
        for (Map.Entry<String, SocketState> s : e.states().entrySet()) {
            SocketState saw = lastState(run, named(run, s.getKey()), events);
            if (!saw.equals(s.getValue())) return new Mismatch.State(step, s.getKey(), s.getValue(), saw);
        }
        for (Map.Entry<String, Expect.Queues> q : e.queues().entrySet()) {
            Payload.Queue saw = lastQueue(run, named(run, q.getKey()), events);
            Expect.Queues want = q.getValue();
            if (want.recvQ() != null && !want.recvQ().contains(saw.recvQ()))
                return new Mismatch.Queue(step, q.getKey(), "recv_q", want.recvQ(), saw.recvQ());
            if (want.sendQ() != null && !want.sendQ().contains(saw.sendQ()))
                return new Mismatch.Queue(step, q.getKey(), "send_q", want.sendQ(), saw.sendQ());
        }
        for (Map.Entry<String, Expect.Range> a : e.acceptQueues().entrySet()) {
            long saw = lastQueue(run, named(run, a.getKey()), events).recvQ();
            if (!a.getValue().contains(saw)) return new Mismatch.AcceptQueue(step, a.getKey(), a.getValue(), saw);
        }
        return null;
    }

    /** The socket an expectation names; the run stops saying so when it has none of that name. */
    private static LessonRun.Named named(LessonRun run, String name) {
        LessonRun.Named n = run.named.get(name);
        if (n == null) throw new LocalizedException("lesson.mismatch.noSocket", name);
        return n;
    }

    /** The socket's state as the journal last told it; before any state event, the state a new socket has. */
    private static SocketState lastState(LessonRun run, LessonRun.Named n, List<Event> events) {
        SocketState state = n.tcp() ? TcpState.CLOSED : DgramState.UNBOUND;
        for (Event e : events) if (e.payload() instanceof Payload.State s && run.about(n, e)) state = s.toState();
        return state;
    }

    /** The socket's queues as the journal last told them; a new socket's are empty. */
    private static Payload.Queue lastQueue(LessonRun run, LessonRun.Named n, List<Event> events) {
        Payload.Queue queue = new Payload.Queue(n.fd(), 0, 0);
        for (Event e : events) if (e.payload() instanceof Payload.Queue q && run.about(n, e)) queue = q;
        return queue;
    }
}
