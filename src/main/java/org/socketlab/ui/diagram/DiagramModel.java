package org.socketlab.ui.diagram;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal as a sequence diagram: events in, rows, lifelines and blocked bars out. One row per event, in
 * journal order, so the playback cursor is simply a row count. Plain JavaFX beans: usable without the toolkit.
 * Fed on the FX thread (the bridge's batches); never re-runs anything.
 */
public final class DiagramModel {
    private final List<Row> rows = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    /** Index into {@link #bars} of each endpoint's open bar: one worker thread per endpoint, so at most one. */
    private final Map<String, Integer> openBars = new HashMap<>();
    /** Initial sequence number of each direction ("client>server"), learnt from captured SYNs. */
    private final Map<String, Long> isn = new HashMap<>();
    private final List<String> clients = new ArrayList<>();
    /** "endpoint/fd" of sockets the kernel last said were in LISTEN. */
    private final org.socketlab.export.ListeningSockets listeners = new org.socketlab.export.ListeningSockets();
    private boolean external;
    private List<Lifeline> lifelines = List.of();
    private final ReadOnlyIntegerWrapper rowCount = new ReadOnlyIntegerWrapper(this, "rowCount", 0);

    public DiagramModel() {
        clients.add("client");
        lifelines = layout();
    }

    /** New journal events, in order. */
    public void append(List<Event> events) {
        for (Event e : events) add(e);
        rowCount.set(rows.size());
    }

    public void append(Event event) {
        append(List.of(event));
    }

    /** Whether segments are being captured from the wire right now. */
    private boolean capturing;

    private void add(Event e) {
        int index = rows.size();
        boolean listenerQueue = listeners.isListenerQueue(e);
        Row row = switch (e.payload()) {
            case Payload.Call c -> {
                see(e.endpoint());
                close(e.endpoint(), c.call(), index, Bar.Closing.RETURNED);
                yield new Row.CallRow(index, e, c);
            }
            case Payload.Blocked b -> {
                see(e.endpoint());
                close(e.endpoint(), null, index, Bar.Closing.CANCELLED); // a stale bar never stays open under a new one
                openBars.put(e.endpoint(), bars.size());
                bars.add(new Bar(e.endpoint(), b.call(), b.fd(), index, -1, Bar.Closing.OPEN));
                yield new Row.BlockedRow(index, e, b);
            }
            case Payload.Cancelled c -> {
                see(e.endpoint());
                close(e.endpoint(), null, index, Bar.Closing.CANCELLED);
                yield new Row.CancelledRow(index, e, c);
            }
            case Payload.State s -> {
                see(e.endpoint());
                yield new Row.StateMark(index, e, s);
            }
            case Payload.Queue q -> {
                see(e.endpoint());
                yield new Row.QueueMark(index, e, q, listenerQueue);
            }
            case Payload.Segment s when capturing && !"captured".equals(s.origin()) -> null;
            case Payload.Segment s -> {
                see(s.from());
                see(s.to());
                yield segment(index, e, s);
            }
            case Payload.Note n -> new Row.NoteRow(index, e, n);
            case Payload.Capture c -> {
                // While the wire is seen, its segments are drawn and the deduced ones would only repeat them
                // (the journal list still shows both).
                capturing = "started".equals(c.status());
                yield null;
            }
        };
        if (row != null) rows.add(row);
    }

    private Row.SegmentArrow segment(int index, Event e, Payload.Segment s) {
        if (!"captured".equals(s.origin()) || s.seqNo() == null) return new Row.SegmentArrow(index, e, s, null, null);
        String dir = s.from() + ">" + s.to(), back = s.to() + ">" + s.from();
        if (s.flags().contains("SYN") || !isn.containsKey(dir)) isn.put(dir, s.seqNo());
        Long relSeq = s.seqNo() - isn.get(dir);
        Long relAck = s.ackNo() == null ? null : isn.containsKey(back) ? s.ackNo() - isn.get(back) : s.ackNo();
        return new Row.SegmentArrow(index, e, s, relSeq, relAck);
    }

    private void close(String endpoint, String call, int row, Bar.Closing how) {
        Integer i = openBars.get(endpoint);
        if (i == null) return;
        Bar open = bars.get(i);
        if (call != null && !call.equals(open.call())) return; // another call of the same endpoint cannot return first
        bars.set(i, new Bar(open.endpoint(), open.call(), open.fd(), open.openRow(), row, how));
        openBars.remove(endpoint);
    }

    /** Grows the lifeline set: a new client adds its pair on the left, {@code external} its kernel before the server. */
    private void see(String endpoint) {
        if (endpoint.equals("server")) return;
        if (endpoint.equals("external")) {
            if (!external) {
                external = true;
                lifelines = layout();
            }
            return;
        }
        if (!clients.contains(endpoint)) {
            clients.add(endpoint);
            lifelines = layout();
        }
    }

    private List<Lifeline> layout() {
        List<Lifeline> l = new ArrayList<>();
        for (int i = clients.size() - 1; i >= 0; i--) {
            l.add(new Lifeline(clients.get(i), Lifeline.Role.PROGRAM));
            l.add(new Lifeline(clients.get(i), Lifeline.Role.KERNEL));
        }
        if (external) l.add(new Lifeline("external", Lifeline.Role.KERNEL));
        l.add(new Lifeline("server", Lifeline.Role.KERNEL));
        l.add(new Lifeline("server", Lifeline.Role.PROGRAM));
        return List.copyOf(l);
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

    public Row row(int index) {
        return rows.get(index);
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Every blocked bar, in the order they opened. */
    public List<Bar> bars() {
        return Collections.unmodifiableList(bars);
    }
}
