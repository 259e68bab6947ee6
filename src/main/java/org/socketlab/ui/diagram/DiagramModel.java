package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.Bar;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.LifelineHosts;
import org.socketlab.story.LinkTime;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.ui.common.EventWindow;

/**
 * The journal as a sequence diagram: the {@link Story} of the events so far, as rows (one per moment, in causal
 * order), lifelines and blocked bars. A new event may be told before rows already shown (a call's segments arrive
 * after its return is journaled, but happened before it): {@link #firstChangedRow()} says from which row the rows
 * changed. Plain JavaFX beans: usable without the toolkit. Fed on the FX thread (the bridge's batches); never
 * re-runs anything.
 *
 * <p>Bounded for a session of any length: the story is told of the newest events only ({@link EventWindow}), after
 * one {@link Row.OlderRow} saying how many older events are only in the journal file. Whoever keeps state built from
 * the rows' events (the socket table) is handed the events let go ({@link #onOlder}) before the rows change.
 */
public final class DiagramModel {
    private final EventWindow window;
    private final List<Consumer<List<Event>>> olderListeners = new ArrayList<>();
    private int rowsDropped;
    private List<Row> rows = List.of();
    /**
     * The kernel's tcp_info readings no row tells (on one machine the story leaves them out), by number: the socket
     * table shows them all the same, each once the rows shown reach past it ({@link #eventsThrough}).
     */
    private List<Event> untoldReadings = List.of();
    private List<Bar> bars = List.of();
    private List<Lifeline> lifelines;
    /** The story's beats, row {@code i} telling beat {@code i - beatOffset} (after the older-events row). */
    private List<Beat> beats = List.of();
    private int beatOffset;
    private LinkTime link = LinkTime.of(List.of());
    /** Each endpoint's process start on a host (two machines), kept after the rows that told it are let go. */
    private final Map<String, Payload.Process> hosts = new HashMap<>();
    private int firstChanged;
    private final ReadOnlyIntegerWrapper rowCount = new ReadOnlyIntegerWrapper(this, "rowCount", 0);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);

    public DiagramModel() {
        this(EventWindow.DEFAULT_MAX_EVENTS);
    }

    /** A diagram of at most the newest {@code maxEvents} events. */
    public DiagramModel(int maxEvents) {
        this.window = new EventWindow(maxEvents);
        tell(Story.of(List.of()));
    }

    /** New journal events, in order. */
    public void append(List<Event> batch) {
        rowsDropped = 0;
        if (batch.isEmpty()) return;
        if (sessionFirst < 0) sessionFirst = batch.getFirst().seq() - window.older(); // a file's page: its first event
        List<Event> gone = window.add(batch);
        for (Consumer<List<Event>> l : olderListeners) if (!gone.isEmpty()) l.accept(gone);
        tell(window.story());
    }

    /**
     * Tells {@code listener} of the events the diagram lets go (oldest first, in journal order), each time before the
     * rows change: from then on {@link #eventsThrough} starts after them.
     */
    public void onOlder(Consumer<List<Event>> listener) {
        olderListeners.add(listener);
    }

    /** A page of a journal file: {@code count} earlier events are only in the file, {@code told} read of them (before the first {@link #append}). */
    public void olderInFile(long count, List<Event> told, SequenceOrigins origins) {
        window.olderInFile(count, told, origins);
    }

    /** The events will be the session after event {@code cut} (before the first {@link #append}; {@link EventWindow#startsSessionAfter}). */
    public void startsSessionAfter(long cut) {
        window.startsSessionAfter(cut);
        if (cut >= 0 && window.events().isEmpty() && window.older() == 0) sessionFirst = cut + 1;
    }

    /**
     * The number of the first event of the session the diagram tells (after a Reset all or a lesson's start, the first
     * after the cut; else the journal's or the file's first), 0 before any: the journal numbers events across sessions.
     */
    public long sessionFirstEventNumber() {
        return Math.max(sessionFirst, 0);
    }

    /** {@link #sessionFirstEventNumber}, -1 until known. */
    private long sessionFirst = -1;

    /** How many of the oldest events the diagram no longer tells (they are in the journal file). */
    public long olderEvents() {
        return window.older();
    }

    /**
     * How many rows the last {@link #append} took away from the top (older events let go; less one when the older-events
     * row first appears): a cursor on the rows moves up as many to stay on the same moment.
     */
    public int rowsDroppedByLastChange() {
        return rowsDropped;
    }

    public void append(Event event) {
        append(List.of(event));
    }

    private void tell(Story story) {
        List<Row> next = new ArrayList<>(story.beats().size() + 1);
        if (window.older() > 0 && !story.beats().isEmpty())
            next.add(new Row.OlderRow(0, window.events().getFirst(), window.older()));
        int offset = next.size();
        if (window.older() == 0) hosts.clear(); // the whole story is here: its starts say where each endpoint is
        boolean named = StoryText.marksNamed(story.lifelines()); // a fork names the marks told before it too
        for (Beat beat : story.beats()) {
            next.add(Row.of(next.size(), beat, named));
            LifelineHosts.remember(hosts, beat); // kept when the start's row is let go
        }
        long firstKept = window.events().isEmpty() ? Long.MAX_VALUE : window.events().getFirst().seq();
        // Rows of let-go events, and the older-events row itself when it is new (it pushes the rest down one).
        rowsDropped = (int) rows.stream().filter(r -> !(r instanceof Row.OlderRow) && r.event().seq() < firstKept)
                .count()
                + (rows.isEmpty() || !(rows.getFirst() instanceof Row.OlderRow) ? 0 : 1) - offset;
        int same = 0;
        while (same < rows.size() && same < next.size() && rows.get(same).equals(next.get(same))) same++;
        firstChanged = same;
        rows = next;
        Set<Long> told = new HashSet<>();
        for (Row r : next) told.add(r.event().seq());
        untoldReadings = window.events().stream()
                .filter(e -> e.payload() instanceof Payload.TcpInfo && !told.contains(e.seq())).toList();
        bars = story.bars().stream().map(b -> b.shifted(offset)).toList();
        beats = story.beats();
        beatOffset = offset;
        firstNumber = story.firstNumber();
        link = LinkTime.of(beats);
        lifelines = story.lifelines();
        if (same < rows.size() || rows.size() != rowCount.get()) revision.set(revision.get() + 1);
        rowCount.set(rows.size());
    }

    /** How long the story's segments took to cross the link (issue 60): the rows are drawn to time when it took any. */
    public LinkTime linkTime() {
        return link;
    }

    /** The story's beats, in the rows' order: row {@code i} tells beat {@code i - }{@link #beatOffset()}. */
    List<Beat> beats() {
        return beats;
    }

    /** 1 when the first row says how many older events are only in the journal file, else 0. */
    int beatOffset() {
        return beatOffset;
    }

    public List<Lifeline> lifelines() {
        return lifelines;
    }

    /** "on h2 (10.77.0.2)": the host the endpoint lives on in a lab of two machines (issue 40); empty with one. */
    public String hostOf(String endpoint, Messages m) {
        return LifelineHosts.label(endpoint, hosts, m);
    }

    /** As {@link #hostOf}, without the address: "on h2" (a lifeline's title kept to its lane). */
    public String shortHostOf(String endpoint, Messages m) {
        return LifelineHosts.shortLabel(endpoint, hosts, m);
    }

    /** The lifeline's column, or -1 when the diagram has no such lifeline. */
    public int column(String endpoint, Lifeline.Role role) {
        return lifelines.indexOf(new Lifeline(endpoint, role));
    }

    /** The number of the story's first moment told (after the moments of the events let go). */
    private long firstNumber = 1;

    /**
     * The number the row at {@code index} is known by, the journal pane's and the exports' ({@link Story#number}): its
     * moment's place in the story; the older-events row has none (0).
     */
    public long number(int index) {
        return index < beatOffset ? 0 : firstNumber + index - beatOffset;
    }

    /** The number of the story's last moment, 0 when none is told. */
    public long lastNumber() {
        return beats.isEmpty() ? 0 : firstNumber + beats.size() - 1;
    }

    /** The number of the story's first moment, 0 when none is told. */
    public long firstNumber() {
        return beats.isEmpty() ? 0 : firstNumber;
    }

    /** The number of the oldest event the diagram holds, 0 when none. */
    public long firstEventNumber() {
        return window.events().isEmpty() ? 0 : window.events().getFirst().seq();
    }

    /** The number of the newest event the diagram holds (drawn or not, as an inferred twin), 0 when none. */
    public long lastEventNumber() {
        return window.events().isEmpty() ? 0 : window.events().getLast().seq();
    }

    public int rowCount() {
        return rows.size();
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

    /** Every blocked bar, in the order they opened, by row (the story's, after the older-events row). */
    public List<Bar> bars() {
        return bars;
    }

    /**
     * The events told by the first {@code shownRows} rows, in the story's order, each once: what the other views
     * (socket table, state machine) show at that moment, after the older events let go ({@link #onOlder}). A call
     * counts once it returned. After them, the tcp_info readings no row tells, up to the newest event told (every one
     * with the last row).
     */
    public List<Event> eventsThrough(int shownRows) {
        List<Event> told = new ArrayList<>();
        long newest = 0;
        for (int i = 0; i < Math.min(shownRows, rows.size()); i++) {
            Row r = rows.get(i);
            if (r instanceof Row.CallRow c && !c.returns() || r instanceof Row.OlderRow) continue;
            // A state passed too fast to be read is drawn at the segment that made it, carrying the reading that
            // revealed it, which has its own row further down: told there, once, after its segments (told here, the
            // state machine took CLOSE_WAIT -> CLOSED for a change no FIN explained, and then took it again).
            if (r instanceof Row.StateMark s && s.deduced()) continue;
            told.add(r.event());
            newest = Math.max(newest, r.event().seq());
        }
        boolean all = shownRows >= rows.size(); // the last rows shown: so is the newest reading, whatever came after
        for (Event e : untoldReadings) {
            if (e.seq() > newest && !all) break;
            told.add(e);
        }
        return told;
    }
}
