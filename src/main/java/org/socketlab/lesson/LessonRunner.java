package org.socketlab.lesson;

import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;

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

/**
 * Runs a lesson's steps in order on a {@link Lab}: before each step its narration is journaled as a note, then
 * the one real call is made and awaited and its outcome compared with the step's expectation. Stops at the first
 * mismatch. The caller owns the lab and closes it.
 */
public final class LessonRunner {
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);

    private final Duration stepTimeout;

    public LessonRunner() {
        this(DEFAULT_STEP_TIMEOUT);
    }

    public LessonRunner(Duration stepTimeout) {
        this.stepTimeout = stepTimeout;
    }

    public LessonReport run(Lesson lesson, Lab lab) {
        return run(lesson, lab, freePort(), r -> { });
    }

    /**
     * @param port         the number that replaces {@code {port}} in the lesson's addresses
     * @param afterEachStep told of every step that ran, as soon as it ran (progress output)
     */
    public LessonReport run(Lesson lesson, Lab lab, int port, Consumer<LessonReport.StepResult> afterEachStep) {
        Map<String, Integer> fds = new HashMap<>();
        List<LessonReport.StepResult> results = new ArrayList<>();
        for (Step step : lesson.steps()) {
            lab.journal().append(step.endpoint(), new Payload.Note(step.narration().byCode()));
            Endpoint endpoint = lab.endpoint(step.endpoint());
            Payload.Call call = null;
            Mismatch mismatch;
            try {
                int fd = -1;
                if (step.socket() != null) {
                    Integer named = fds.get(step.socket());
                    if (named == null) throw new LocalizedException("lesson.mismatch.noSocket", step.socket());
                    fd = named;
                }
                CompletableFuture<Event> future = endpoint.call(step.request(fd, port));
                call = (Payload.Call) future.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS).payload();
                if (step.as() != null && call.result() >= 0) fds.put(step.as(), (int) call.result());
                if (step.call().equals("close")) fds.values().remove(fd);
                mismatch = compare(step, call);
            } catch (LocalizedException e) {
                mismatch = new Mismatch.NotMade(step, e);
            } catch (TimeoutException e) {
                mismatch = new Mismatch.Timeout(step, Math.max(1, stepTimeout.toSeconds()));
            } catch (ExecutionException e) {
                mismatch = new Mismatch.NotMade(step, e.getCause() instanceof LocalizedException le ? le
                        : new LocalizedException(e.getCause() instanceof CallCancelledException
                                ? "lesson.mismatch.cancelled" : "lesson.mismatch.failed", String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mismatch = new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.cancelled", "interrupted"));
            }
            LessonReport.StepResult result = new LessonReport.StepResult(step, call);
            results.add(result);
            afterEachStep.accept(result);
            if (mismatch != null) return new LessonReport(lesson, port, results, mismatch);
        }
        return new LessonReport(lesson, port, results, null);
    }

    /** Null when the call gave what the step expects. */
    static Mismatch compare(Step step, Payload.Call call) {
        Expect expect = step.expect();
        boolean resultOk = expect.anyFd() ? call.result() >= 0
                : call.result() == expect.result() && java.util.Objects.equals(call.errnoName(), expect.errno());
        if (!resultOk) return new Mismatch.Result(step, call.failed() ? "-1 " + call.errnoName() : String.valueOf(call.result()));
        byte[] data = call.data() == null ? new byte[0] : call.data();
        if (expect.bytes() != null && data.length != expect.bytes()) return new Mismatch.Bytes(step, data.length);
        if (expect.data() != null && !expect.data().equals(new String(data, StandardCharsets.UTF_8)))
            return new Mismatch.Data(step, CallFormat.quote(data));
        return null;
    }

    /**
     * A loopback port free for both TCP and UDP right now. Found with java.net (not the lab) so that picking
     * it leaves nothing in the lesson's journal.
     */
    public static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
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
