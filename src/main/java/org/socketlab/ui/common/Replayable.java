package org.socketlab.ui.common;

import java.util.List;
import org.socketlab.journal.Event;

/**
 * A view-model that shows the playback's moment: the story's events through the cursor's row, and the events the
 * diagram let go in a long session ({@link ReplayingFeature} hands it both).
 */
public interface Replayable {
    /** Shows the moment the playback reached: the events through the cursor's row, in the story's order. */
    void replay(List<Event> throughCursor);

    /** Events the diagram let go, before the next replay starts after them. */
    void older(List<Event> gone);
}
