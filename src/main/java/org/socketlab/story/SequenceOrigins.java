package org.socketlab.story;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Each direction's initial sequence number, learned from events a view has let go, so the segments it still tells keep
 * their numbers relative to the same origin: a segment told as {@code seq 1025} stays {@code seq 1025} when its
 * connection's SYN scrolls out of the window, instead of becoming {@code seq 0}. Fed in journal order.
 */
public final class SequenceOrigins {
    /** The newest directions' origins: a long session's old connections are forgotten, not kept for ever. */
    private static final int DIRECTIONS = 1_000;

    private final Map<String, Long> isn = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > DIRECTIONS;
        }
    };

    /** Reads one event let go: a captured TCP segment sets its direction's origin as the story does. */
    public void learn(Event event) {
        if (event.payload() instanceof Payload.Segment s) WireNumbers.origin(s, isn);
    }

    /** The origins learned so far, as the story's starting numbers (a copy: the story adds its own). */
    Map<String, Long> start() {
        return new HashMap<>(isn);
    }
}
