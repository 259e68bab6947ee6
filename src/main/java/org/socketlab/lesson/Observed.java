package org.socketlab.lesson;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;

/**
 * What the kernel did in one step, read from the journal (never from the lesson file): the call's own event if it
 * returned during the step, whether it was journaled as blocked, the state each named socket was last seen in, and
 * what crossed the wire.
 *
 * @param call    the step's call as journaled; null when it had not returned by the end of the step
 * @param blocked a {@code blocked} event for the call was journaled during the step
 * @param states  socket name (the lesson's {@code as}) to its last journaled state
 * @param wireKnown what crossed the wire is known: captured, or deduced by rules that hold here (false where the
 *                  journal marks segments not counted: without capture, a wire question then cannot be judged)
 * @param passed  socket name to the states it passed before its last reading, too quickly to be read (deduced by the
 *                story from its segments and RFC 9293's table); absent when none
 * @param run     the facts of the whole run as its journal stood when the question was judged, for the options that
 *                claim a fact of the run ({@link Claim.Run}); null where no run is judged (the free lab)
 * @param runStep the step those facts are read at (the question's {@code judged_after})
 */
public record Observed(Payload.@Nullable Call call, boolean blocked, Map<String, SocketState> states, WireKind wire,
        boolean wireKnown, Map<String, List<String>> passed, @Nullable RunFacts run, int runStep) {
    public Observed {
        states = Map.copyOf(states);
        passed = Map.copyOf(passed);
    }

    public Observed(Payload.@Nullable Call call, boolean blocked, Map<String, SocketState> states, WireKind wire,
            boolean wireKnown, Map<String, List<String>> passed) {
        this(call, blocked, states, wire, wireKnown, passed, null, 0);
    }

    /** The same observation, with the run's facts read at {@code step} for the options about the run. */
    public Observed withRun(RunFacts facts, int step) {
        return new Observed(call, blocked, states, wire, wireKnown, passed, facts, step);
    }

    public Observed(Payload.@Nullable Call call, boolean blocked, Map<String, SocketState> states, WireKind wire,
            boolean wireKnown) {
        this(call, blocked, states, wire, wireKnown, Map.of());
    }

    /** How the journal's {@code quiz.kernel} writes a wire that was neither captured nor deducible. */
    public static final String WIRE_UNKNOWN = "unknown";

    public Observed(Payload.@Nullable Call call, boolean blocked, Map<String, SocketState> states, WireKind wire) {
        this(call, blocked, states, wire, true);
    }

    /** The call's outcome as strace writes it ({@code 0}, {@code -1 ECONNREFUSED}), or {@code blocked}. */
    public String outcomeText() {
        if (call == null) return blocked ? Claim.BLOCKED : "-";
        return call.failed() ? "-1 " + call.errnoName() : String.valueOf(call.result());
    }
}
