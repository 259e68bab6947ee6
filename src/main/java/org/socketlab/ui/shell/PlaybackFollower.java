package org.socketlab.ui.shell;

import org.socketlab.lab.Event;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.playback.PlaybackModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the socket table and the state machine at the same moment as the diagram: whenever the playback cursor
 * moves to another row, they are shown as the kernel was after the events up to that row. Replaying never makes a
 * call: it re-reads the journal. FX thread only (fed by the bridge, moved by the playback).
 */
final class PlaybackFollower {
    private final DiagramModel model;
    private final PlaybackModel playback;
    private final List<Consumer<List<Event>>> followers;
    private final List<Event> events = new ArrayList<>();
    private long shownUpToSeq = -1;

    PlaybackFollower(DiagramModel model, PlaybackModel playback, List<Consumer<List<Event>>> followers) {
        this.model = model;
        this.playback = playback;
        this.followers = List.copyOf(followers);
        playback.positionProperty().addListener(obs -> follow());
        playback.totalProperty().addListener(obs -> follow());
    }

    /** The bridge's sink: keeps every event; the followers see them as the cursor reaches them. */
    void onEvents(List<Event> batch) {
        events.addAll(batch);
        follow();
    }

    private void follow() {
        int visible = Math.min(playback.visibleRows(), model.rowCount());
        long upTo = visible == 0 ? 0 : model.row(visible - 1).event().seq();
        if (upTo == shownUpToSeq) return;
        shownUpToSeq = upTo;
        List<Event> prefix = events.subList(0, countUpTo(upTo));
        for (Consumer<List<Event>> f : followers) f.accept(prefix);
    }

    /** How many events have seq at most {@code seq} (events are in seq order). */
    private int countUpTo(long seq) {
        int lo = 0, hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).seq() <= seq) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
