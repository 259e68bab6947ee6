package org.socketlab.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;

/**
 * What a run of a lesson did: the calls of the steps that ran, in order, and the first mismatch (the run stops
 * there, since later steps build on it).
 */
public record LessonReport(Lesson lesson, int port, List<StepResult> steps, @Nullable Mismatch mismatch) {
    public LessonReport {
        steps = List.copyOf(steps);
    }

    /**
     * One step that ran and the call it made (null if it timed out or could not be made); {@code saw}, for a step
     * with several possible results ({@code one_of}), the sentence of the one the kernel gave, else null.
     */
    public record StepResult(Step step, Payload.@Nullable Call call, @Nullable Text saw) {
        public StepResult(Step step, Payload.@Nullable Call call) {
            this(step, call, null);
        }
    }

    /** What the kernel chose where a lesson accepts several results, in step order (the verdict tells them). */
    public List<Text> outcomes() {
        return steps.stream().map(StepResult::saw).filter(Objects::nonNull).toList();
    }

    public boolean passed() {
        return mismatch == null;
    }

    public Optional<Mismatch> firstMismatch() {
        return Optional.ofNullable(mismatch);
    }

    /**
     * The lab's note of a run that stopped at {@code mismatch}, in both languages (issue 59, X4): journaled, it stands
     * in every export (transcript, diagram) right after the step whose narration the run did not bear out, and a
     * check that did not hold says that this narration is not what happened.
     */
    public static Payload.Note stoppedNote(Lesson lesson, Mismatch mismatch) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            String said = m.get("lesson.play.differed", lesson.title().in(lang), mismatch.describe(m));
            if (mismatch instanceof Mismatch.Check)
                said += " " + m.get("lesson.play.notShown", String.valueOf(mismatch.step().number()));
            text.put(lang.code(), said);
        }
        return new Payload.Note(text);
    }
}
