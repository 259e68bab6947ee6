package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.List;

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
 */
public record Question(int step, Topic topic, Wording prompt, List<Option> options, Integer fixedRight, Claim expected,
        Wording explanation) {
    /** At most this many options, so they are answered with the keys 1 to 4. */
    public static final int MAX_OPTIONS = 4;

    /** What a question is about; the journal writes it in lower case. */
    public enum Topic {
        RESULT, BLOCKS, STATE, WIRE, IDEA
    }

    public Question {
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
        for (int i = 0; i < options.size(); i++) if (options.get(i).claim().holds(kernel)) right.add(i + 1);
        return right;
    }

    /** The lesson expected something the kernel did not do: the kernel wins, and the student is told. */
    public boolean kernelSurprisedLesson(Observed kernel) {
        return expected != null && !expected.holds(kernel);
    }

    /** What the kernel did, in the words of this question's topic, as the journal keeps it. */
    public String kernelText(Observed kernel) {
        return switch (topic) {
            case RESULT, BLOCKS -> kernel.outcomeText();
            case STATE -> {
                String socket = stateSocket();
                yield socket == null ? "-" : socket + "=" + kernel.states().getOrDefault(socket, "?");
            }
            case WIRE -> kernel.wireKnown() ? kernel.wire().text() : Observed.WIRE_UNKNOWN;
            case IDEA -> "-";
        };
    }

    private String stateSocket() {
        if (expected instanceof Claim.State s) return s.socket();
        return options.stream().map(Option::claim).filter(c -> c instanceof Claim.State)
                .map(c -> ((Claim.State) c).socket())
                .findFirst().orElse(null);
    }

    public String expectedText() {
        return expected == null ? "-" : expected.text();
    }
}
