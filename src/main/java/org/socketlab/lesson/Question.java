package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.SocketState;

/**
 * A question asked before a step runs. The right option is decided after the step, by the kernel: the options whose
 * claim the journal's events prove ({@link #rightFor}); only a lesson file's question about ideas fixes it
 * ({@code fixedRight}). {@code expected} is what the lesson file expects, to tell the student when the kernel did
 * otherwise.
 *
 * @param step        the step (1-based) it is asked before
 * @param fixedRight  the right option (1-based) when the file fixed it, else null (the kernel decides)
 * @param expected    the claim the lesson's expectation makes, or null when the lesson says nothing about it
 * @param explanation shown with the verdict, or null
 * @param judgedAfter the step at whose end it is judged: its own, or a later one whose run holds the proof (a loss
 *                    seen only once the segments sent after it are acknowledged), {@code "judged_after"} in the file
 */
public record Question(int step, Topic topic, Wording prompt, List<Option> options, @Nullable Integer fixedRight,
        @Nullable Claim expected, @Nullable Wording explanation, int judgedAfter) {
    /** At most this many options, so they are answered with the keys 1 to 4. */
    public static final int MAX_OPTIONS = 4;

    /**
     * What a question is about; the journal writes it in lower case. A call's result and whether it waits are one topic,
     * so the journal's question note does not tell which is expected; {@code RUN}: options judged by facts of the run
     * (its capture), not only by the call.
     */
    public enum Topic {
        RESULT, STATE, WIRE, IDEA, RUN
    }

    /** A question judged at the end of its own step. */
    public Question(int step, Topic topic, Wording prompt, List<Option> options, @Nullable Integer fixedRight,
            @Nullable Claim expected, @Nullable Wording explanation) {
        this(step, topic, prompt, options, fixedRight, expected, explanation, step);
    }

    public Question {
        if (judgedAfter < step) throw new IllegalArgumentException("judgedAfter " + judgedAfter + " < step " + step);
        options = List.copyOf(options);
        if (options.size() < 2 || options.size() > MAX_OPTIONS)
            throw new IllegalArgumentException("a question has 2 to " + MAX_OPTIONS + " options: " + options.size());
        if (fixedRight == null && options.stream().anyMatch(o -> o.claim() == null))
            throw new IllegalArgumentException("the kernel can only judge options that claim something");
    }

    /** The options (1-based) the kernel's result made right; empty when it did what no option said. */
    public List<Integer> rightFor(Observed kernel) {
        if (fixedRight != null) return List.of(fixedRight);
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Claim claim = options.get(i).claim(); // every option has one when the kernel judges
            if (claim != null && claim.holds(kernel)) right.add(i + 1);
        }
        return right;
    }

    /** The lesson expected something the kernel did not do: the kernel wins, and the student is told. */
    public boolean kernelSurprisedLesson(Observed kernel) {
        return expected != null && !expected.holds(kernel);
    }

    /** What the kernel did, in the words of this question's topic, as the journal keeps it. */
    public String kernelText(Observed kernel) {
        return switch (topic) {
            case RESULT -> kernel.outcomeText();
            case RUN -> runText(kernel);
            case STATE -> {
                String socket = stateSocket();
                SocketState state = socket == null ? null : kernel.states().get(socket);
                yield socket == null ? "-" : socket + "=" + (state == null ? "?" : state.journalName());
            }
            case WIRE -> kernel.wireKnown() ? kernel.wire().text() : Observed.WIRE_UNKNOWN;
            case IDEA -> "-";
        };
    }

    /** The call's outcome, then the run's numbers the options about the run compared, each once: {@code 0; segments(client, fin, 8) = 2}. */
    private String runText(Observed kernel) {
        List<String> parts = new ArrayList<>();
        if (kernel.call() != null || kernel.blocked()) parts.add(kernel.outcomeText());
        List<String> numbers = new ArrayList<>();
        for (Option o : options)
            if (o.claim() instanceof Claim.Run r)
                for (String n : r.values(kernel).split(", ")) if (!numbers.contains(n)) numbers.add(n);
        if (!numbers.isEmpty()) parts.add(String.join(", ", numbers));
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** Whether no option holds because the run's journal cannot tell (the wire not captured), not because none did. */
    public boolean runCannotTell(Observed kernel) {
        return fixedRight == null && rightFor(kernel).isEmpty()
                && options.stream().anyMatch(o -> o.claim() instanceof Claim.Run r && !r.known(kernel));
    }

    private @Nullable String stateSocket() {
        if (expected instanceof Claim.State s) return s.socket();
        return options.stream().map(Option::claim).filter(c -> c instanceof Claim.State)
                .map(c -> ((Claim.State) c).socket())
                .findFirst().orElse(null);
    }

    public String expectedText() {
        return expected == null ? "-" : expected.text();
    }
}
