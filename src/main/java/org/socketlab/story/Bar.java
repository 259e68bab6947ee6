package org.socketlab.story;

/**
 * A blocked call: a bar on the endpoint's program lifeline from the beat {@code openBeat} (the call started
 * waiting) until {@code closeBeat} (its return or its cancellation), or still open ({@code closeBeat} = -1). A painter
 * that draws rows of its own before the beats (the window's older-events row) shifts both by as many.
 */
public record Bar(String endpoint, String call, int fd, int openBeat, int closeBeat, Closing closing) {

    public enum Closing {
        /** Still waiting. */
        OPEN,
        /** The call returned. */
        RETURNED,
        /** The wait was given up by a reset. */
        CANCELLED
    }

    /** Whether the bar is still open when only the beats before {@code shown} are drawn. */
    public boolean openAt(int shown) {
        return closeBeat < 0 || closeBeat >= shown;
    }

    /** The same bar {@code rows} further down (beats drawn after rows of the painter's own). */
    public Bar shifted(int rows) {
        return new Bar(endpoint, call, fd, openBeat + rows, closeBeat < 0 ? closeBeat : closeBeat + rows, closing);
    }
}
