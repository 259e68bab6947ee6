package org.socketlab.ui.processes;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.socketlab.journal.Event;
import org.socketlab.story.table.ProcessRow;
import org.socketlab.story.table.ProcessTracker;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.Texts;

/**
 * The Processes view's model: the processes and their descriptor tables at the playback's moment, from the journal
 * ({@link ProcessTracker}). Plain beans: testable without the toolkit. FX thread.
 */
public final class ProcessesViewModel implements Replayable {
    private final Texts texts;
    private ProcessTracker tracker = new ProcessTracker();
    /** The processes after the events a replay no longer includes ({@link #older}); empty for a short session. */
    private ProcessTracker before = new ProcessTracker();
    private final ReadOnlyObjectWrapper<List<ProcessRow>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());

    public ProcessesViewModel(Texts texts) {
        this.texts = texts;
    }

    public Texts texts() {
        return texts;
    }

    /** The processes as of the playback's moment, each child under its parent; a new list whenever one changed. */
    public ReadOnlyObjectProperty<List<ProcessRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public List<ProcessRow> rows() {
        return rows.get();
    }

    /** Shows the processes as they were after exactly these events (the journal up to the playback cursor). */
    public void replay(List<Event> upToCursor) {
        tracker = before.copy();
        tracker.accept(upToCursor);
        List<ProcessRow> now = tracker.rows(0); // an open descriptor is never in TIME_WAIT: no countdown to follow
        if (!now.equals(rows.get())) rows.set(now);
    }

    /** Events the replays no longer include (the diagram let them go): the processes they made are where replays start. */
    public void older(List<Event> events) {
        before.accept(events);
    }

    /** A page of a journal file: the processes its earlier events left are where replays start. */
    public void startAfter(ProcessTracker processes) {
        before = processes.copy();
    }
}
