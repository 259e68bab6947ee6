package org.socketlab.ui.common;

import java.util.List;
import org.socketlab.journal.Event;

/**
 * A {@link Feature} whose view-model shows the playback's moment (the socket table, the processes, the state machine,
 * the code): the playback's moment and the events let go go to that view-model, written once here.
 */
public interface ReplayingFeature extends Feature {
    /** The view-model the playback's moment is handed to. */
    Replayable replayable();

    @Override
    default void replay(List<Event> throughCursor) {
        replayable().replay(throughCursor);
    }

    @Override
    default void older(List<Event> gone) {
        replayable().older(gone);
    }
}
