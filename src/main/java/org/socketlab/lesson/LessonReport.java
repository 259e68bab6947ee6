package org.socketlab.lesson;

import org.socketlab.lab.Payload;

import java.util.List;
import java.util.Optional;

/**
 * What a run of a lesson did: the calls of the steps that ran, in order, and the first mismatch (the run stops
 * there, since later steps build on it).
 */
public record LessonReport(Lesson lesson, int port, List<StepResult> steps, Mismatch mismatch) {
    public LessonReport {
        steps = List.copyOf(steps);
    }

    /** One step that ran and the call it made (null if it timed out or could not be made). */
    public record StepResult(Step step, Payload.Call call) {
    }

    public boolean passed() {
        return mismatch == null;
    }

    public Optional<Mismatch> firstMismatch() {
        return Optional.ofNullable(mismatch);
    }
}
