package org.socketlab.ui.diagram;

import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/** One row of the diagram: exactly one journal event, drawn the way its kind is drawn. */
public sealed interface Row {
    /** Position in the diagram, from 0; equal to the event's seq minus one. */
    int index();

    Event event();

    default String endpoint() {
        return event().endpoint();
    }

    /** Arrow program -> kernel and the return on the same row; {@link #error()} when it returned -1. */
    record CallRow(int index, Event event, Payload.Call call) implements Row {
        public boolean error() {
            return call.failed();
        }
    }

    /** A call started waiting: it opens a bar on the program lifeline. */
    record BlockedRow(int index, Event event, Payload.Blocked blocked) implements Row {}

    /** A waiting call was given up: it closes the bar. */
    record CancelledRow(int index, Event event, Payload.Cancelled cancelled) implements Row {}

    /** A state change marked on the endpoint's kernel lifeline. */
    record StateMark(int index, Event event, Payload.State state) implements Row {}

    /**
     * Queue sizes marked on the endpoint's kernel lifeline. For a {@code listener} the kernel reports the accept
     * queue (connections finished but not yet accepted) and its limit, the backlog.
     */
    record QueueMark(int index, Event event, Payload.Queue queue, boolean listener) implements Row {}

    /**
     * A segment kernel -> kernel. {@code relSeq}/{@code relAck} count from each side's initial sequence number when
     * the segment was captured with numbers; null when unknown (always for inferred segments).
     */
    record SegmentArrow(int index, Event event, Payload.Segment segment, Long relSeq, Long relAck) implements Row {
        public boolean captured() {
            return "captured".equals(segment.origin());
        }
    }

    /** Lesson narration across the whole width. */
    record NoteRow(int index, Event event, Payload.Note note) implements Row {}
}
