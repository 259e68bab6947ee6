package org.socketlab.ui.sockets;

import java.util.List;
import java.util.function.LongSupplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.journal.Event;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;
import org.socketlab.ui.common.Replayable;
import org.socketlab.ui.common.Texts;

/**
 * The socket table: one row per socket of every endpoint, from the journal. Fed on the FX thread by the bridge;
 * {@link #tick()} re-reads the clock so TIME_WAIT counts down between events. Plain beans: testable without the
 * toolkit, with any clock on the journal's time base (monotonic ns).
 */
public final class SocketsViewModel implements Replayable {
    private final Texts texts;
    private final LongSupplier clock;
    private SocketTracker tracker = new SocketTracker();
    /** The sockets after the events a replay no longer includes ({@link #older}); empty for a short session. */
    private SocketTracker before = new SocketTracker();
    private final ObservableList<SocketRow> rows = FXCollections.observableArrayList();
    private final ObservableList<SocketRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);

    public SocketsViewModel(Texts texts, LongSupplier monotonicClock) {
        this.texts = texts;
        this.clock = monotonicClock;
    }

    public SocketsViewModel(Texts texts) {
        this(texts, System::nanoTime);
    }

    public Texts texts() {
        return texts;
    }

    public ObservableList<SocketRow> rows() {
        return readOnlyRows;
    }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        tracker.accept(batch);
        refresh();
    }

    /**
     * Shows the sockets as they were after exactly these events (the journal up to the playback cursor), which
     * follow the events given to {@link #older}.
     */
    public void replay(List<Event> upToCursor) {
        tracker = before.copy();
        tracker.accept(upToCursor);
        refresh();
    }

    /** Events the replays no longer include (the diagram let them go): the sockets they made are where replays start. */
    public void older(List<Event> events) {
        before.accept(events);
    }

    /**
     * A page of a journal file: the sockets its earlier events left ({@code sockets}, tracked off the FX thread while
     * the page was read) are where replays start. Before the page's first events.
     */
    public void startAfter(SocketTracker sockets) {
        before = sockets.copy();
    }

    /**
     * Re-reads the clock so the TIME_WAIT countdown moves: the window's bridge calls it about once a second while
     * {@link #countingDown()}, and not at all otherwise.
     */
    public void tick() {
        refresh();
    }

    /** Whether a row shows a TIME_WAIT countdown that has not reached 0 yet (so {@link #tick()} would change it). */
    public boolean countingDown() {
        for (SocketRow r : rows) if (r.timeWaitLeftMs() != null && r.timeWaitLeftMs() > 0) return true;
        return false;
    }

    private void refresh() {
        List<SocketRow> now = tracker.rows(clock.getAsLong());
        // Replace only what changed, so a selected row and the scroll position stay put.
        if (now.size() == rows.size() && sameIds(now)) {
            for (int i = 0; i < now.size(); i++) if (!now.get(i).equals(rows.get(i))) rows.set(i, now.get(i));
        } else {
            rows.setAll(now);
        }
    }

    private boolean sameIds(List<SocketRow> now) {
        for (int i = 0; i < now.size(); i++) if (now.get(i).id() != rows.get(i).id()) return false;
        return true;
    }
}
