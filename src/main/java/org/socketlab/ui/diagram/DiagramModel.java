package org.socketlab.ui.diagram;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.socketlab.export.story.Beat;
import org.socketlab.export.story.Story;
import org.socketlab.lab.Event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The journal as a sequence diagram: the {@link Story} of the events so far, as rows (one per moment, in causal
 * order), lifelines and blocked bars. A new event may be told before rows already shown (a call's segments arrive
 * after its return is journaled, but happened before it): {@link #firstChangedRow()} says from which row the rows
 * changed. Plain JavaFX beans: usable without the toolkit. Fed on the FX thread (the bridge's batches); never
 * re-runs anything.
 */
public final class DiagramModel {
    private final List<Event> events = new ArrayList<>();
    private List<Row> rows = List.of();
    private List<Bar> bars = List.of();
    private List<Lifeline> lifelines;
    private int firstChanged;
    private final ReadOnlyIntegerWrapper rowCount = new ReadOnlyIntegerWrapper(this, "rowCount", 0);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);

    public DiagramModel() {
        tell(Story.of(List.of()));
    }

    /** New journal events, in order. */
    public void append(List<Event> batch) {
        if (batch.isEmpty()) return;
        events.addAll(batch);
        tell(Story.of(events));
    }

    public void append(Event event) {
        append(List.of(event));
    }

    private void tell(Story story) {
        List<Row> next = new ArrayList<>(story.beats().size());
        for (Beat beat : story.beats()) next.add(Row.of(next.size(), beat));
        int same = 0;
        while (same < rows.size() && same < next.size() && rows.get(same).equals(next.get(same))) same++;
        firstChanged = same;
        rows = next;
        bars = story.bars().stream().map(b -> new Bar(b.endpoint(), b.call(), b.fd(), b.openBeat(), b.closeBeat(),
                Bar.Closing.valueOf(b.closing().name()))).toList();
        lifelines = story.lifelines().stream().map(Lifeline::of).toList();
        if (same < rows.size() || rows.size() != rowCount.get()) revision.set(revision.get() + 1);
        rowCount.set(rows.size());
    }

    public List<Lifeline> lifelines() {
        return lifelines;
    }

    /** The lifeline's column, or -1 when the diagram has no such lifeline. */
    public int column(String endpoint, Lifeline.Role role) {
        return lifelines.indexOf(new Lifeline(endpoint, role));
    }

    public int rowCount() {
        return rows.size();
    }

    public ReadOnlyIntegerProperty rowCountProperty() {
        return rowCount.getReadOnlyProperty();
    }

    /** Grows by one whenever the rows changed; rows before {@link #firstChangedRow()} are as they were. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The first row that differs from the rows before the last change (the row count when only rows were added). */
    public int firstChangedRow() {
        return firstChanged;
    }

    public Row row(int index) {
        return rows.get(index);
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Every blocked bar, in the order they opened. */
    public List<Bar> bars() {
        return bars;
    }

    /**
     * The events told by the first {@code shownRows} rows, in the story's order, each once: what the other views
     * (socket table, state machine) show at that moment. A call counts once it returned.
     */
    public List<Event> eventsThrough(int shownRows) {
        List<Event> told = new ArrayList<>();
        for (int i = 0; i < Math.min(shownRows, rows.size()); i++) {
            Row r = rows.get(i);
            if (r instanceof Row.CallRow c && !c.returns()) continue;
            told.add(r.event());
        }
        return told;
    }
}
