package org.socketlab.ui.diagram;

import java.util.List;
import org.socketlab.journal.Event;

/**
 * The window's one numbering: the journal's event numbers ({@code seq}, the {@code #12} of the transcript, the
 * journal file and {@code socketlab export --from --to}). The playback counter, the details pane, the export dialog
 * and the journal pane all say these numbers; none counts diagram rows (rows are moments of the story: a call may
 * have two, and a long session lets its oldest rows go). No toolkit.
 *
 * @param at    the event the playback has reached: the newest event told by the rows shown (a call once it returned),
 *              or the last event when every row is shown; 0 before any
 * @param first the first event of the session shown: the journal goes on numbering across a Reset all, so a new
 *              session's first event is #38, not #1; 0 when the window holds none
 * @param last  the newest event the window holds; 0 when it holds none
 */
public record EventNumbers(long at, long first, long last) {

    /** Where the playback of {@code model} is when its first {@code visibleRows} rows are shown. */
    public static EventNumbers of(DiagramModel model, int visibleRows) {
        long last = model.lastEventNumber();
        long first = last == 0 ? 0 : model.sessionFirstEventNumber();
        if (visibleRows >= model.rowCount()) return new EventNumbers(last, first, last);
        List<Event> told = model.eventsThrough(visibleRows);
        return new EventNumbers(told.stream().mapToLong(Event::seq).max().orElse(0), first, last);
    }

    /** The number a row is known by: its event's. */
    public static long of(Row row) {
        return row.event().seq();
    }
}
