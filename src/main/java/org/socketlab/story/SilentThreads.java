package org.socketlab.story;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The threads of a traced program that made no socket call (issue 79): a JVM starts a score of its own (the garbage
 * collector's, the compiler's, the reference handler...) and a C library a few. The journal keeps their starts and
 * ends, but no drawing gives them a lane: only a thread with a socket call of its own is drawn, and the others are
 * counted ({@link #count}) so a reader is told they were there.
 */
public final class SilentThreads {
    private SilentThreads() {
    }

    /** The endpoints that made a socket call (or waited in one). */
    static Set<String> calling(List<Event> events) {
        Set<String> calling = new HashSet<>();
        for (Event e : events)
            if (e.payload() instanceof Payload.Call || e.payload() instanceof Payload.Blocked)
                calling.add(e.endpoint());
        return calling;
    }

    /** Whether {@code e} starts or ends a thread that made no socket call among the events. */
    static boolean silent(Event e, Set<String> calling) {
        return e.payload() instanceof Payload.Process p && p.ofThread() && !calling.contains(e.endpoint());
    }

    /** Per process pid, how many of its threads made no socket call (none: an empty map). */
    public static Map<Integer, Integer> count(List<Event> events) {
        Set<String> calling = calling(events);
        Map<Integer, Integer> silent = new TreeMap<>();
        for (Event e : events)
            if (silent(e, calling) && e.payload() instanceof Payload.Process p
                    && Payload.Process.THREAD.equals(p.event()) && p.parentPid() != null)
                silent.merge(p.parentPid(), 1, Integer::sum);
        return silent;
    }
}
