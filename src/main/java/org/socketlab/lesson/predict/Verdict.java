package org.socketlab.lesson.predict;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Question;

/**
 * A question held against what the kernel did in its step.
 *
 * @param chosen the option the student chose (1-based)
 * @param right  the options the kernel made right (1-based); empty when it did what no option said (the question
 *               does not count)
 */
public record Verdict(Question question, int chosen, List<Integer> right, Observed kernel) {
    public Verdict {
        right = List.copyOf(right);
    }

    public static Verdict judge(Question question, int chosen, Observed kernel) {
        return new Verdict(question, chosen, question.rightFor(kernel), kernel);
    }

    public boolean counts() {
        return !right.isEmpty();
    }

    public boolean correct() {
        return right.contains(chosen);
    }

    /** The lesson file expected something else than the kernel did; the kernel's result is the one judged. */
    public boolean kernelSurprisedLesson() {
        return question.kernelSurprisedLesson(kernel);
    }

    /**
     * What the kernel did, in the words of the option that says it, else as the journal writes it; for a question
     * about ideas (its answer fixed by the lesson), the right option's words.
     */
    public String kernelWords(Messages m) {
        return right.isEmpty()
                ? question.kernelText(kernel)
                : question.options().get(right.getFirst() - 1).label().in(m);
    }

    /** The verdict in one paragraph: right or wrong, what the kernel did, the lesson's surprise, the explanation. */
    public String describe(Messages m) {
        return describe(m, "predict.position.step");
    }

    /** As {@link #describe(Messages)}, the question placed by {@code positionKey}: a lesson's step or the free lab's prediction. */
    private String describe(Messages m, String positionKey) {
        String step = m.get(positionKey, String.valueOf(question.step()));
        StringBuilder sb = new StringBuilder();
        String kind = question.fixedRight() != null
                ? "predict.verdict.idea."
                : question.topic() == Question.Topic.RUN ? "predict.verdict.run." : "predict.verdict.";
        if (!counts() && question.topic() == Question.Topic.WIRE && !kernel.wireKnown())
            sb.append(m.get("predict.verdict.needsWire", step));
        else
            if (question.runCannotTell(kernel))
                // Said, never guessed: without the capture (or the step) that holds the proof, nothing is judged.
                sb.append(m.get("predict.verdict.run.cannotTell", step,
                        m.get(kernel.run() != null && !kernel.run().captured()
                                ? "predict.verdict.run.noCapture"
                                : "predict.verdict.run.notReached")));
            else
                if (!counts()) sb.append(m.get("predict.verdict.void", step, question.kernelText(kernel)));
                else
                    if (correct()) sb.append(m.get(kind + "right", step, withoutStop(kernelWords(m))));
                    else
                        sb.append(m.get(kind + "wrong", step,
                                withoutStop(question.options().get(chosen - 1).label().in(m)),
                                withoutStop(kernelWords(m))));
        // A state read after others too quick to read: named as the transcript and the window name them, deduced.
        if (question.topic() == Question.Topic.STATE && question.expected() instanceof Claim.State c
                && kernel.passed().containsKey(c.socket())
                && kernel.states().get(c.socket()) instanceof SocketState now)
            sb.append(' ').append(m.get("predict.verdict.passed", now.journalName(),
                    String.join(", ", kernel.passed().get(c.socket()))));
        if (kernelSurprisedLesson())
            sb.append(' ')
                    .append(m.get("predict.verdict.kernelWins", question.expectedText(), question.kernelText(kernel)));
        if (question.explanation() != null) sb.append(' ').append(question.explanation().in(m));
        return sb.toString();
    }

    /** An option's words inside a verdict, whose sentence puts its own full stop after them (never "..."). */
    private static String withoutStop(String words) {
        return words.endsWith(".") && !words.endsWith("..") ? words.substring(0, words.length() - 1) : words;
    }

    /** The journal note: the verdict in both languages, and the structured answer (docs/architecture/journal.md). */
    public Payload.Note note(String lessonId) {
        String position = FreeLabQuiz.LESSON.equals(lessonId) ? "predict.position.call" : "predict.position.step";
        return new Payload.Note(
                Map.of(Lang.ES.code(), describe(Messages.of(Lang.ES), position), Lang.EN.code(),
                        describe(Messages.of(Lang.EN), position)),
                new Payload.Quiz.Answer(lessonId, question.step(),
                        question.topic().name().toLowerCase(Locale.ROOT),
                        chosen, right, question.kernelText(kernel), question.expectedText()));
    }
}
