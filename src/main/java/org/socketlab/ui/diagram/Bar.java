package org.socketlab.ui.diagram;

/**
 * A blocked call: a bar on the endpoint's program lifeline from {@code openRow} until {@code closeRow}
 * (the row of the call's return or of its cancellation), or still open ({@code closeRow} = -1).
 */
public record Bar(String endpoint, String call, int fd, int openRow, int closeRow, Closing closing) {

    public enum Closing {
        /** Still waiting. */
        OPEN,
        /** The call returned. */
        RETURNED,
        /** The wait was given up by a reset. */
        CANCELLED
    }

    /** Whether the bar is still open when only the rows before {@code shownRows} are shown. */
    public boolean openAt(int shownRows) {
        return closeRow < 0 || closeRow >= shownRows;
    }
}
