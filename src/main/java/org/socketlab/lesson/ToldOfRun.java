package org.socketlab.lesson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * What a step tells and checks of its own run ({@link Told}): waits for its checks to hold and journals the first of
 * its sentences about the run that holds, with the run's numbers in it, read from the run's events ({@link RunFacts}).
 */
final class ToldOfRun {
    private final Duration kernelTimeout;

    ToldOfRun(Duration kernelTimeout) {
        this.kernelTimeout = kernelTimeout;
    }

    /**
     * After a step that did what it expected: waits (the kernel timeout, and as long as TCP's timers beyond it when the
     * link lost a segment, as {@link TcpWait} does) for its checks on the run to hold, then
     * journals the first of its sentences about the run that holds, with the run's numbers in it. A check the journal
     * cannot tell because the wire was not captured is left (the segment counts say so); any other that does not hold
     * is the step's mismatch: its point was not shown.
     */
    StepRunner.Outcome tell(Lesson lesson, Step step, Told told, LessonRun run, long runStart,
            StepRunner.Outcome outcome) {
        if (told.said().isEmpty() && told.checks().isEmpty()) return outcome;
        Lab lab = run.lab;
        RunFacts[] facts = {null};
        RunExpr.@Nullable Condition[] failed = {null};
        try {
            // As long as TCP's timers when the link lost a segment: a check of an ACK waits for the retransmission.
            run.tcp.until(kernelTimeout, List.of(), () -> {
                facts[0] = RunFacts.of(lesson, runEvents(lab.journal().snapshot(), runStart));
                failed[0] = failedCheck(told, facts[0], step.number());
                return failed[0] == null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepRunner.Outcome(outcome.call(),
                    new Mismatch.NotMade(step, new LocalizedException("lesson.mismatch.cancelled", step.call())));
        }
        if (failed[0] != null)
            return new StepRunner.Outcome(outcome.call(),
                    new Mismatch.Check(step, failed[0].source(),
                            failed[0].values(facts[0].asOf(step.number()), step.number())),
                    outcome.saw());
        // The observers journal on their own threads: the sentence is computed and journaled under the journal's lock,
        // so the journal before the sentence is exactly what it was computed from.
        lab.journal().appendFrom(Lab.ITSELF, held -> {
            Text said = said(told, RunFacts.of(lesson, runEvents(held, runStart)), step.number());
            return said == null ? null : new Payload.Note(said.byCode());
        });
        return outcome;
    }

    /**
     * The run's events (those after {@code runStart}, the journal's size when the run began), after the last word on the
     * capture before it (whether the wire is seen): what {@link RunFacts} reads.
     */
    static List<Event> runEvents(List<Event> held, long runStart) {
        List<Event> events = new ArrayList<>();
        Event capture = null;
        for (Event e : held) {
            if (e.seq() > runStart) events.add(e);
            else if (e.payload() instanceof Payload.Capture) capture = e;
        }
        if (capture != null) events.addFirst(capture);
        return events;
    }

    /** The first check that does not hold in this run; null when all hold (or cannot be told without the wire). */
    static RunExpr.@Nullable Condition failedCheck(Told told, RunFacts all, int step) {
        RunFacts facts = all.asOf(step);
        for (RunExpr.Condition c : told.checks()) {
            try {
                if (!c.holds(facts, step)) return c;
            } catch (RunFacts.Unknown u) {
                if (facts.captured()) return c;
            }
        }
        return null;
    }

    /**
     * The first of the step's sentences about the run whose condition holds and whose numbers the journal gives, in
     * both languages; null when none does.
     */
    static @Nullable Text said(Told told, RunFacts all, int step) {
        RunFacts facts = all.asOf(step);
        for (Told.Said s : told.said()) {
            try {
                if (s.when() != null && !s.when().holds(facts, step)) continue;
            } catch (RunFacts.Unknown u) {
                continue;
            }
            String es = RunExpr.fill(s.text().es(), facts, step, Lang.ES);
            String en = RunExpr.fill(s.text().en(), facts, step, Lang.EN);
            if (es != null && en != null) return new Text(es, en);
        }
        return null;
    }
}
