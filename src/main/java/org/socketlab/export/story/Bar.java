package org.socketlab.export.story;

/**
 * A blocked call: a bar on the endpoint's program lifeline from the beat {@code openBeat} (the call started
 * waiting) until {@code closeBeat} (its return or its cancellation), or still open ({@code closeBeat} = -1).
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
}
