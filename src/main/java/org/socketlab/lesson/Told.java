package org.socketlab.lesson;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a step tells and checks of its own run, computed from the journal after the step ({@link RunFacts}), and how
 * it is paced.
 *
 * @param together runs right after the step before it, without waiting for a press or an answer: the kernel's timers
 *                 do not wait for a person, so steps whose point depends on their timing are one press
 *                 ({@code "together": true})
 * @param said     sentences about the run, the first that holds is journaled after the step ({@code "said"})
 * @param checks   conditions the run must meet for the step to have shown its point ({@code "check"})
 * @param restOf   a send that goes on where the sends of these steps stopped: its data without the bytes their calls
 *                 took, as a send-all loop calls {@code send(fd, buf + sent, len - sent, 0)} ({@code "rest_of": [N,
 *                 M]}); empty for an ordinary step
 */
public record Told(boolean together, List<Said> said, List<RunExpr.Condition> checks, List<Integer> restOf) {
    public static final Told NOTHING = new Told(false, List.of(), List.of(), List.of());

    public Told(boolean together, List<Said> said, List<RunExpr.Condition> checks) {
        this(together, said, checks, List.of());
    }

    public Told {
        said = List.copyOf(said);
        checks = List.copyOf(checks);
        restOf = List.copyOf(restOf);
    }

    /** One sentence about the run, said when {@code when} holds (always, when null); {@code {…}} are numbers of the run. */
    public record Said(RunExpr.@Nullable Condition when, Text text) {
    }
}
