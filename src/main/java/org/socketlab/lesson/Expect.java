package org.socketlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.syscall.PollEvent;

/**
 * What a step must give for the lesson to go on: the call's outcome, and what the kernel must show afterwards.
 * Kernel expectations name sockets by the lesson's {@code as} names; a closed socket's connection can still be
 * expected (TIME_WAIT after close).
 *
 * @param result       what the call must return; {@link Result.None} for a step whose call has not returned yet
 *                     ({@code "wait": false}) or a reset
 * @param bytes        how many bytes must have been sent or received, or null to not check
 * @param data         the text that must have been sent or received (UTF-8), or null to not check
 * @param blocked      the call must be blocked (only with {@code "wait": false})
 * @param states       socket name to the state it must reach (a TCP state; UDP: UNBOUND, BOUND, CONNECTED, CLOSED)
 * @param queues       socket name to the bytes its queues must hold
 * @param acceptQueues listener name to how many connections must wait in its accept queue
 */
public record Expect(Result result, @Nullable Integer bytes, @Nullable String data, boolean blocked,
        Map<String, SocketState> states, Map<String, Queues> queues, Map<String, Range> acceptQueues,
        Map<String, Set<PollEvent>> revents, List<Outcome> oneOf, @Nullable Segments segments) {
    public Expect {
        states = Map.copyOf(states);
        queues = Map.copyOf(queues);
        acceptQueues = Map.copyOf(acceptQueues);
        revents = Map.copyOf(revents);
        oneOf = List.copyOf(oneOf);
    }

    /** An expectation on the call's outcome only. */
    public Expect(Result result, @Nullable Integer bytes, @Nullable String data) {
        this(result, bytes, data, false, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null);
    }

    /** An expectation without captured-segment counts. */
    public Expect(Result result, @Nullable Integer bytes, @Nullable String data, boolean blocked,
            Map<String, SocketState> states,
            Map<String, Queues> queues, Map<String, Range> acceptQueues,
            Map<String, Set<PollEvent>> revents, List<Outcome> oneOf) {
        this(result, bytes, data, blocked, states, queues, acceptQueues, revents, oneOf, null);
    }

    /** An expectation without poll revents or alternative outcomes. */
    public Expect(Result result, @Nullable Integer bytes, @Nullable String data, boolean blocked,
            Map<String, SocketState> states,
            Map<String, Queues> queues, Map<String, Range> acceptQueues, Segments segments) {
        this(result, bytes, data, blocked, states, queues, acceptQueues, Map.of(), List.of(), segments);
    }

    /**
     * One of the results a call may give where the kernel decides by something outside the lesson (privilege, which
     * of two errors came first), with the sentence that tells, after the call, which one it gave: {@code "one_of"}.
     */
    public record Outcome(Result result, Text saw) {
    }

    /**
     * How many captured segments an endpoint must have put on the wire since a step's narration: the wire itself,
     * checked only while capture runs ({@code "segments": {"from": "client", "kind": "data", "count": 3}}).
     *
     * @param sinceStep the step whose narration starts the count (the step itself when not given)
     */
    public record Segments(String from, SegmentKind kind, Range count, int sinceStep) {
    }

    /** Which segments are counted. */
    public enum SegmentKind {
        /** Segments that carry bytes. */
        DATA,
        /** Segments with no bytes and no flag but ACK: on an idle connection, keepalive probes and their answers. */
        BARE_ACK,
        /** Segments a rule of the lab network dropped: seen leaving, never delivered. */
        LOST,
        /** Segments with SYN (a SYN-ACK too). */
        SYN,
        /** Segments with FIN. */
        FIN;

        public boolean matches(Payload.Segment s) {
            return switch (this) {
                case DATA -> s.len() > 0;
                case BARE_ACK -> s.len() == 0 && s.tcpFlags().equals(Set.of(TcpFlag.ACK));
                case LOST -> s.lost();
                case SYN -> s.has(TcpFlag.SYN);
                case FIN -> s.has(TcpFlag.FIN);
            };
        }
    }

    public boolean anyFd() {
        return result instanceof Result.AnyFd;
    }

    /** What the call must return. */
    public sealed interface Result {
        /** Any new descriptor (>= 0): {@code "fd"} in the file. */
        record AnyFd() implements Result {
        }

        /** Exactly this value; with -1 the errno name too. */
        record Exact(long value, @Nullable String errno) implements Result {
        }

        /** A byte count in a range: a partial send is the kernel's choice ({@code {"min": 1}}). */
        record Between(Range range) implements Result {
        }

        /** Nothing to check (the call has not returned, or the step is a reset). */
        /**
         * The call never returns: a signal's default action ends its process inside it ({@code "killed_by":
         * "SIGPIPE"}: a send with flags 0 on a reset connection).
         */
        record Killed(String signal) implements Result {
        }

        record None() implements Result {
        }
    }

    /** Bytes in a socket's receive and send queues; a null side is not checked. */
    public record Queues(@Nullable Range recvQ, @Nullable Range sendQ) {
    }

    /** A whole number from {@code min} to {@code max}; written as {@code 8}, {@code >= 1} or {@code 1..4096}. */
    public record Range(long min, long max) {
        public static Range exactly(long n) {
            return new Range(n, n);
        }

        public boolean contains(long n) {
            return n >= min && n <= max;
        }

        public String text() {
            if (min == max) return String.valueOf(min);
            return max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
        }
    }

    /** The result as written in a strace line: {@code 0}, {@code -1 ECONNREFUSED}; "fd" for any descriptor. */
    public String resultText() {
        if (!oneOf.isEmpty()) return String.join(" | ", oneOf.stream().map(o -> text(o.result())).toList());
        return text(result);
    }

    private static String text(Result result) {
        return switch (result) {
            case Result.AnyFd a -> "fd";
            case Result.Exact e ->
                e.value() == -1 ? "-1 " + e.errno() : e.errno() != null ? e.errno() : String.valueOf(e.value());
            case Result.Between b -> b.range().text();
            case Result.Killed k -> "killed_by=" + k.signal(); // the file's own words, as "fd" and "-1 EPIPE"
            case Result.None n -> "-";
        };
    }
}
