package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.socketlab.syscall.CFunctions.captureIn;
import static org.socketlab.syscall.CFunctions.errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/**
 * This program's end of the control channel of one endpoint (a process, or a thread of one): endpoint.c's wire
 * format. A call goes out as one frame (its length, the operation, six numbers, the bytes it takes) and its answer
 * comes back as one (its length, the result, errno, the time the call took there, four numbers, the bytes filled in).
 */
final class EndpointChannel {
    /** The endpoint's end of the channel ({@link EndpointProcess#CONTROL}). */
    static final int CONTROL = 100;
    /** How long an answer may take before the slow-answer listener is told ({@link EndpointProcess#SLOW_ANSWER_MS}). */
    static final int SLOW_ANSWER_MS = 1;
    /**
     * endpoint.c's {@code struct request}: where its fields lie after the frame's 4-byte length, and its size; and
     * {@code struct answer}'s. EndpointProtocolTest holds them to what gcc lays out for the C.
     */
    static final int REQUEST_OP = 0, REQUEST_PAD = 4, REQUEST_A = 8, REQUEST_NUMBERS = 6,
            REQUEST_HEAD = REQUEST_A + 8 * REQUEST_NUMBERS;
    static final int ANSWER_RESULT = 0, ANSWER_ERRNO = 8, ANSWER_NS = 16, ANSWER_B = 24, ANSWER_NUMBERS = 4,
            ANSWER_ENTERED = ANSWER_B + 8 * ANSWER_NUMBERS, ANSWER_HEAD = ANSWER_ENTERED + 8;
    /** The frame's length, before its body. */
    private static final int LENGTH = 4;

    private static final CFunctions FUNCTIONS = new CFunctions();
    private static final CFunctions.Downcall READ = FUNCTIONS.declare("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final CFunctions.Downcall WRITE = FUNCTIONS.declare("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final ValueLayout.OfInt INT = JAVA_INT.withByteAlignment(1);
    private static final ValueLayout.OfLong LONG = JAVA_LONG.withByteAlignment(1);

    private final Libc libc;
    /** The endpoint's name and pid, for the exception that says it is gone. */
    private final String name;
    private final int pid;
    private final int control;
    /** The frames' buffer and errno's capture, reused call after call (only under {@link #ask}'s lock). */
    private MemorySegment buffer = Arena.ofAuto().allocate(64 * 1024, 8);
    private final MemorySegment capture = captureIn(Arena.ofAuto());
    /** One {@code struct pollfd}, reused under {@link #ask}'s lock. */
    private final MemorySegment pollChannel = Arena.ofAuto().allocate(8, 8);
    /** Told when a call is not answered within {@link #SLOW_ANSWER_MS} (null: nobody is told). */
    private volatile @Nullable Runnable onSlowAnswer;
    private volatile long lastCallNs;
    private volatile long lastEnteredNs;
    private volatile int lastErrno;

    /** What the endpoint answered: the call's result and errno, extra numbers, and the bytes it filled in. */
    record Answer(SysResult result, long[] b, byte[] bytes) {
    }

    EndpointChannel(Libc libc, String name, int pid, int control) {
        this.libc = libc;
        this.name = name;
        this.pid = pid;
        this.control = control;
    }

    void onSlowAnswer(Runnable r) {
        onSlowAnswer = r;
    }

    /** How long the last call took inside the endpoint, measured there around the call itself (ns). */
    long lastCallNs() {
        return lastCallNs;
    }

    /** When the last call was made inside the endpoint: its CLOCK_MONOTONIC reading (ns) as it called. */
    long lastEnteredNs() {
        return lastEnteredNs;
    }

    /** The last answer's errno, whatever its result (getaddrinfo's EAI_SYSTEM keeps its errno too). */
    int lastErrno() {
        return lastErrno;
    }

    /** Closes this program's end: the endpoint (or thread) then ends on its own. */
    void close() {
        libc.close(control);
    }

    /** One call: the request goes out in one frame, the answer comes back in one; the endpoint may block meanwhile. */
    synchronized Answer ask(EndpointOp op, byte @Nullable [] bytes, long... a) {
        byte[] body = bytes == null ? new byte[0] : bytes;
        int frameLength = LENGTH + REQUEST_HEAD + body.length;
        MemorySegment out = room(frameLength);
        out.set(INT, 0, REQUEST_HEAD + body.length);
        out.set(INT, LENGTH + REQUEST_OP, op.code);
        out.set(INT, LENGTH + REQUEST_PAD, 0);
        for (int i = 0; i < REQUEST_NUMBERS; i++) out.set(LONG, LENGTH + REQUEST_A + 8L * i, i < a.length ? a[i] : 0);
        MemorySegment.copy(body, 0, out, JAVA_BYTE, LENGTH + REQUEST_HEAD, body.length);
        for (long at = 0; at < frameLength;) {
            long n = io(WRITE, out.asSlice(at), frameLength - at);
            if (n <= 0) throw at == 0 ? goneBefore() : gone(); // nothing asked yet: the call was never made
            at += n;
        }
        Runnable slow = onSlowAnswer;
        if (slow != null && !ProcessCalls.readable(control, pollChannel, capture, SLOW_ANSWER_MS))
            slow.run();
        // The answer: its length first, then the body; usually one read takes it all.
        long got = 0;
        int total = Integer.MAX_VALUE;
        MemorySegment in = room(LENGTH + ANSWER_HEAD);
        while (got < total) {
            long n = io(READ, in.asSlice(got), in.byteSize() - got);
            if (n <= 0) throw gone();
            got += n;
            if (total == Integer.MAX_VALUE && got >= LENGTH) {
                int length = in.get(INT, 0);
                if (length < ANSWER_HEAD) throw gone();
                total = LENGTH + length;
                if (total > in.byteSize()) {
                    MemorySegment bigger = grow(total);
                    MemorySegment.copy(in, 0, bigger, 0, got);
                    in = bigger;
                }
            }
        }
        long result = in.get(LONG, LENGTH + ANSWER_RESULT);
        int err = in.get(INT, LENGTH + ANSWER_ERRNO);
        lastCallNs = in.get(LONG, LENGTH + ANSWER_NS);
        lastEnteredNs = in.get(LONG, LENGTH + ANSWER_ENTERED);
        long[] b = new long[ANSWER_NUMBERS];
        for (int i = 0; i < ANSWER_NUMBERS; i++) b[i] = in.get(LONG, LENGTH + ANSWER_B + 8L * i);
        byte[] data = in.asSlice(LENGTH + ANSWER_HEAD, total - LENGTH - ANSWER_HEAD).toArray(JAVA_BYTE);
        lastErrno = err; // getaddrinfo's EAI_SYSTEM (-11) keeps its errno too
        return new Answer(new SysResult(result, result == -1 ? err : 0), b, data);
    }

    /** Reads exactly {@code length} bytes of the channel (a new thread's first word: its id). */
    byte[] receive(int length) {
        MemorySegment in = Arena.ofAuto().allocate(length, 8);
        for (long got = 0; got < length;) {
            long n = io(READ, in.asSlice(got), length - got);
            if (n <= 0) throw gone();
            got += n;
        }
        return in.toArray(JAVA_BYTE);
    }

    /** The reused buffer, at least {@code size} bytes (one endpoint's frames, made by one thread at a time). */
    private MemorySegment room(long size) {
        return size <= buffer.byteSize() ? buffer : grow(size);
    }

    private MemorySegment grow(long size) {
        buffer = Arena.ofAuto().allocate(Math.max(size, 2 * buffer.byteSize()), 8);
        return buffer;
    }

    /** One read or write of the control channel (retried on EINTR); its byte count, 0 at its end, -1 on error. */
    private long io(CFunctions.Downcall function, MemorySegment at, long count) {
        try {
            while (true) {
                long n = (long) function.handle().invokeExact(capture, control, at, count);
                if (n >= 0 || errno(capture) != 4) return n;
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private EndpointProcess.EndedException gone() {
        return new EndpointProcess.EndedException(name, pid, true);
    }

    private EndpointProcess.EndedException goneBefore() {
        return new EndpointProcess.EndedException(name, pid, false);
    }
}
