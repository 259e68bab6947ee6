package org.socketlab.ui.predict;

import org.socketlab.journal.Payload;

/**
 * What a result of predict mode says, so the pane gives it a colour and an icon as well as its words (a student who
 * cannot tell green from red still sees the tick or the cross).
 */
public enum Outcome {
    /** Nothing shown. */
    NONE,
    /** The option chosen is what the kernel did. */
    RIGHT,
    /** Another option was what the kernel did. */
    WRONG,
    /** The kernel did what no option said, or the wire was not seen: the question does not count. */
    VOID,
    /** The score at the end of the lesson. */
    SCORE;

    /** The outcome of a journaled quiz note (a verdict or the score); {@link #NONE} for anything else. */
    public static Outcome of(Payload.Note note) {
        if (note == null) return NONE;
        return switch (note.quiz()) {
            case Payload.Quiz.Answer a when a.right().isEmpty() -> VOID;
            case Payload.Quiz.Answer a -> a.right().contains(a.chosen()) ? RIGHT : WRONG;
            case Payload.Quiz.Score s -> SCORE;
            case null, default -> NONE;
        };
    }
}
