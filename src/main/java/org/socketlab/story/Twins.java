package org.socketlab.story;

import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The one rule for twins: while the wire is captured the lab still journals what it deduced, and those inferred
 * segments are twins of captured ones, not moments of the story (the JSONL keeps them, with the capture status around
 * them). Fed the events in journal order; whoever tells only the newest events hands over the status of the older ones
 * ({@link #capturing()}), so a twin never reappears when the capture's start is no longer among them.
 */
public final class Twins {
    private boolean capturing;

    public Twins() {
    }

    /** Starting from what the events before told of the capture. */
    public Twins(boolean capturing) {
        this.capturing = capturing;
    }

    /** Whether {@code event} is a twin to leave out; a capture status among the events is read as it comes. */
    public boolean hides(Event event) {
        return switch (event.payload()) {
            case Payload.Capture c -> {
                capturing = Payload.Capture.STARTED.equals(c.status());
                yield false;
            }
            case Payload.Segment s -> !s.captured() && capturing;
            default -> false;
        };
    }

    /** Whether the wire is captured after the events read so far. */
    public boolean capturing() {
        return capturing;
    }
}
