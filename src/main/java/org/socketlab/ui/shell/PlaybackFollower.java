package org.socketlab.ui.shell;

import java.util.List;
import java.util.function.Consumer;
import org.socketlab.journal.Event;
import org.socketlab.ui.common.Feature;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * Keeps the socket table and the state machine at the same moment as the diagram: whenever the playback cursor
 * moves to another row, they are shown as the kernel was after the moments of the story up to that row (in the
 * story's order, as the diagram tells them). Replaying never makes a call: it re-reads the journal. FX thread only
 * (fed by the bridge, moved by the playback).
 */
final class PlaybackFollower {
    private final DiagramModel model;
    private final PlaybackModel playback;
    private final List<Consumer<List<Event>>> followers;
    private List<Event> shown; // null until the followers were first told

    PlaybackFollower(DiagramModel model, PlaybackModel playback, List<Consumer<List<Event>>> followers) {
        this(model, playback, followers, List.of());
    }

    /**
     * @param followers replay the events through the cursor's row
     * @param older     told of the events the diagram lets go in a long session, before the next replay starts after them
     */
    PlaybackFollower(DiagramModel model, PlaybackModel playback, List<Consumer<List<Event>>> followers,
            List<Consumer<List<Event>>> older) {
        this.model = model;
        this.playback = playback;
        this.followers = List.copyOf(followers);
        List<Consumer<List<Event>>> olderFollowers = List.copyOf(older);
        model.onOlder(events -> olderFollowers.forEach(f -> f.accept(events)));
        playback.positionProperty().addListener(obs -> follow());
        playback.totalProperty().addListener(obs -> follow());
    }

    /** Every feature of a session follows the playback: each replays the cursor's moment and hears of older events. */
    static PlaybackFollower following(DiagramModel model, PlaybackModel playback, List<? extends Feature> features) {
        return new PlaybackFollower(model, playback,
                features.stream().<Consumer<List<Event>>>map(f -> f::replay).toList(),
                features.stream().<Consumer<List<Event>>>map(f -> f::older).toList());
    }

    /** The bridge's sink, after the diagram's: the story has the batch by now. */
    void onEvents(List<Event> batch) {
        follow();
    }

    private void follow() {
        int visible = Math.min(playback.visibleRows(), model.rowCount());
        List<Event> now = model.eventsThrough(visible);
        if (now.equals(shown)) return;
        shown = now;
        for (Consumer<List<Event>> f : followers) f.accept(now);
    }
}
