package org.socketlab.ui.common;

import java.util.List;
import javafx.scene.Node;
import org.socketlab.journal.Event;

/**
 * A pane of the window that shows a session's journal (the diagram, the socket table, the state machine, the code):
 * the one way such a pane is wired, as AtlantaFX's {@code Page} is for its sampler. A session's window holds a list of
 * them: the bridge hands each the new events ({@link #onEvents}), the playback tells each the moment it reached
 * ({@link #replay}) and the events the diagram let go ({@link #older}), and the layout places {@link #view()}. A pane
 * that shows only the playback's moment leaves {@link #onEvents} as it is, and one that is the playback (the diagram)
 * leaves {@link #replay} and {@link #older}. FX thread only.
 */
public interface Feature {
    /** The session's new events, in journal order: the bridge's sink, before the playback follows them. */
    default void onEvents(List<Event> batch) {
    }

    /** Shows the moment the diagram's playback reached: the story's events through the cursor's row, in its order. */
    default void replay(List<Event> throughCursor) {
    }

    /** Events the diagram let go in a long session, before the next replay starts after them. */
    default void older(List<Event> gone) {
    }

    /** The pane's view, made on first use. */
    Node view();
}
