package org.socketlab.ui.diagram;

import java.util.List;
import org.socketlab.journal.Event;

/**
 * Where the playback is, in the window's one numbering: the story's moment numbers ({@link DiagramModel#number}, the
 * {@code #12} of the journal pane, the details pane, the Markdown transcript and the SVG), strictly increasing in the
 * order the rows are drawn (issue 79). A journal event's {@code seq} is the order it was journaled in and not the
 * order it is drawn in; it stays the identity of events in files ({@code socketlab export --from --to}), given here as
 * {@link #atEvent}. No toolkit.
 *
 * @param at      the number of the newest moment shown (the last row shown), or the last when every row is shown; 0
 *                before any
 * @param first   the number of the first moment of the session shown; 0 when the window tells none
 * @param last    the number of the newest moment the window tells; 0 when it tells none
 * @param atEvent the journal event the playback has reached: the newest event told by the rows shown (a call once it
 *                returned), or the last event when every row is shown; 0 before any (what an export's range ends at)
 */
public record EventNumbers(long at, long first, long last, long atEvent) {

    /** Where the playback of {@code model} is when its first {@code visibleRows} rows are shown. */
    public static EventNumbers of(DiagramModel model, int visibleRows) {
        long last = model.lastNumber(), first = model.firstNumber(), lastEvent = model.lastEventNumber();
        if (visibleRows >= model.rowCount()) return new EventNumbers(last, first, last, lastEvent);
        List<Event> told = model.eventsThrough(visibleRows);
        long atEvent = told.stream().mapToLong(Event::seq).max().orElse(0);
        return new EventNumbers(visibleRows <= 0 ? 0 : model.number(visibleRows - 1), first, last, atEvent);
    }
}
