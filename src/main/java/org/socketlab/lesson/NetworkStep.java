package org.socketlab.lesson;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.socketlab.lab.DropRule;

/**
 * A lesson's {@code network} step: a drop rule of the private lab network from now on, or {@code "clear"} (no more
 * losses). The server's port is the run's {@code {port}}, known only when the lesson runs.
 *
 * @param clear whether the step removes every rule (then the other fields are unused)
 */
public record NetworkStep(boolean clear, DropRule.@Nullable Direction direction, DropRule.@Nullable Kind kind, int nth,
        int percent,
        long seed) {
    public static NetworkStep cleared() {
        return new NetworkStep(true, null, null, 0, 0, 0);
    }

    /** The rule for a run whose server listens on {@code port}. */
    public DropRule rule(int port) {
        if (clear) throw new IllegalStateException("a clear step has no rule");
        // NetworkStepReader sets both on a step that is not a clear one.
        return new DropRule(Objects.requireNonNull(direction), port, Objects.requireNonNull(kind), nth, percent, seed);
    }
}
