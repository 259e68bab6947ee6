package org.socketlab.lesson;

import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * The presenter cut the link on purpose during a step (the drop key or button held, issue 78): an expectation a dropped
 * packet can make untrue (a state or queue waiting on the wire, a count of segments, a call still waiting for the peer,
 * a check of arrival times, acknowledgements or queues) is not judged, and one sentence in both languages says so; the
 * lesson goes on. Any other expectation (a call's result or bytes, a check of what the calls returned) is judged as
 * always, and a step during which nothing was cut is judged as always.
 */
final class CutLink {
    /** A check's facts that never read the wire or the clock: a cut link cannot change them. */
    private static final Set<String> NOT_OF_THE_WIRE = Set.of("result", "returned", "handler_runs",
            "reaped_by_handler", "addrlen_out", "addr_written", "addresses", "family_at", "seq_at", "syn_mss");
    private static final Pattern FUNCTION = Pattern.compile("([a-z_]+)\\s*\\(");

    private CutLink() {
    }

    /**
     * The step's outcome with its mismatch excused when the link was cut during the step and the mismatch is one a
     * dropped packet can cause: the journal (and {@code told}) then say what was not checked. Else {@code outcome}.
     */
    static StepRunner.Outcome excuse(Step step, StepRunner.Outcome outcome, LessonRun run, Consumer<Text> told) {
        Mismatch m = outcome.mismatch();
        if (m == null || !canBeTheCut(m)) return outcome;
        Long start = run.stepStart.get(step.number());
        if (start == null || !run.lab.dropHeldSince(start)) return outcome;
        String number = String.valueOf(step.number());
        Messages es = Messages.of(Lang.ES), en = Messages.of(Lang.EN);
        Text said = new Text(es.get("lesson.cut.unchecked", number, Mismatch.shown(step, es), unchecked(m, es)),
                en.get("lesson.cut.unchecked", number, Mismatch.shown(step, en), unchecked(m, en)));
        run.lab.journal().append(Lab.ITSELF, new Payload.Note(said.byCode()));
        told.accept(said);
        return new StepRunner.Outcome(outcome.call(), null, outcome.saw());
    }

    /** Whether a dropped packet can be why {@code m} happened (the rule kept narrow: see the class). */
    static boolean canBeTheCut(Mismatch m) {
        return switch (m) {
            case Mismatch.AtTcpLimit a -> canBeTheCut(a.within());
            case Mismatch.AfterTcpRetries a -> canBeTheCut(a.within());
            case Mismatch.State s -> true;
            case Mismatch.Queue q -> true;
            case Mismatch.AcceptQueue a -> true;
            case Mismatch.Segments s -> true;
            case Mismatch.Timeout t -> t.blocked(); // still waiting in the kernel, for what the link did not carry
            case Mismatch.Check c -> readsTheWire(c.condition());
            default -> false;
        };
    }

    /** Whether a check's condition reads a fact a dropped packet can change (times, acks, queues, segments). */
    static boolean readsTheWire(String condition) {
        Matcher f = FUNCTION.matcher(condition);
        while (f.find()) if (!NOT_OF_THE_WIRE.contains(f.group(1))) return true;
        return false;
    }

    /** What was not checked, in the reader's words. */
    private static String unchecked(Mismatch m, Messages said) {
        return switch (m) {
            case Mismatch.AtTcpLimit a -> unchecked(a.within(), said);
            case Mismatch.AfterTcpRetries a -> unchecked(a.within(), said);
            case Mismatch.State s -> said.get("lesson.cut.state", s.socket(), s.expected().journalName());
            case Mismatch.Queue q -> said.get("lesson.cut.queue", q.socket(), q.queue());
            case Mismatch.AcceptQueue a -> said.get("lesson.cut.acceptQueue", a.socket());
            case Mismatch.Segments s -> said.get("lesson.cut.segments");
            case Mismatch.Check c -> said.get("lesson.cut.check", c.condition());
            default -> said.get("lesson.cut.answer", m.step().call());
        };
    }
}
