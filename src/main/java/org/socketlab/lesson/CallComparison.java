package org.socketlab.lesson;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.PollEvent;

/**
 * Compares what a call returned (its journaled {@link Payload.Call}) with what its step expects: the result (or which of
 * the kernel's possible results it was), the bytes, the data and poll's revents.
 */
final class CallComparison {
    private CallComparison() {
    }

    /** Null when the call gave what the step expects. */
    static @Nullable Mismatch compare(Step step, Payload.Call call) {
        return compare(step, call, Map.of());
    }

    /** As {@link #compare(Step, Payload.Call)}; {@code open} gives the descriptors of named sockets (poll's revents). */
    static @Nullable Mismatch compare(Step step, Payload.Call call, Map<String, Integer> open) {
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

    /**
     * For a step whose result the kernel picks among several ({@code one_of}), journals right after the call the
     * sentence of the result it gave (a note of the lab), so the journal and the verdict say which one it was.
     */
    static @Nullable Text tellWhichOutcome(Step step, Payload.Call call, Lab lab) {
        Expect.Outcome o = matchingOutcome(step.expect(), call);
        if (o == null) return null;
        lab.journal().append(Lab.ITSELF, new Payload.Note(o.saw().byCode()));
        return o.saw();
    }

    private static Expect.@Nullable Outcome matchingOutcome(Expect expect, Payload.Call call) {
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

    /** What poll journaled for one fd ({@code [{fd=3, revents=POLLIN}]}), as {@code POLLIN}; {@code 0} when not ready. */
    private static String reventsOf(Payload.Call call, @Nullable Integer fd) {
        String all = call.arg(CallArg.REVENTS);
        if (all == null || fd == null) return "0";
        Matcher m = Pattern.compile("\\{fd=" + fd + ", revents=([A-Z|]+)}")
                .matcher(all);
        return m.find() ? m.group(1) : "0";
    }
}
