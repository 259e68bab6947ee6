package org.socketlab.ui.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.story.Launchers;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.story.Twins;

/**
 * The newest events a view keeps, so a window stays bounded over a session of any length (the journal file keeps
 * every event). Past {@code maxEvents} the oldest tenth is let go at once, so views that rebuild from the kept
 * events (the story, the rows) shift only once in a while, not on every event. No toolkit.
 */
public final class EventWindow {
    /** As many as the lab's own journal holds in memory: everything a view can be handed again. */
    public static final int DEFAULT_MAX_EVENTS = Journal.Retention.DEFAULT.maxEvents();

    private final int maxEvents;
    private final List<Event> kept = new ArrayList<>();
    private long older;
    /** What the events let go told of the capture: their twins stay hidden in the newest events' story. */
    private final Twins olderTwins = new Twins();
    /** What the events let go told of each direction's initial sequence number. */
    private SequenceOrigins olderOrigins = new SequenceOrigins();
    /**
     * Which socket each fd named, fed every event handed in (kept or let go, once each), and whether the events start a
     * session.
     */
    private SocketIdentities sockets = SocketIdentities.fromAnywhere();
    /** The traced program's launchers, learnt from every event handed in: they get no lane (issue 79). */
    private final Launchers launchers = new Launchers();
    /** The event a session starts after, when the events are to start it ({@link #startsSessionAfter}); else -1. */
    private long sessionAfter = -1;

    public EventWindow(int maxEvents) {
        if (maxEvents < 10) throw new IllegalArgumentException("maxEvents=" + maxEvents); // at least 10
        this.maxEvents = maxEvents;
    }

    /** Adds events in journal order; returns the oldest ones let go to stay bounded (empty most of the time). */
    public List<Event> add(List<Event> batch) {
        if (kept.isEmpty() && older == 0 && sessionAfter >= 0 && !batch.isEmpty()) {
            // Only a session seen from its first event knows every socket of it.
            if (batch.getFirst().seq() == sessionAfter + 1) sockets = SocketIdentities.sessionStart();
            sessionAfter = -1;
        }
        kept.addAll(batch);
        sockets.appendAll(batch);
        launchers.learnAll(batch);
        if (kept.size() <= maxEvents) return List.of();
        int drop = kept.size() - maxEvents + maxEvents / 10;
        List<Event> gone = List.copyOf(kept.subList(0, drop));
        kept.subList(0, drop).clear();
        older += drop;
        for (Event e : gone) {
            olderTwins.hides(e);
            olderOrigins.learn(e);
        }
        return gone;
    }

    /** The events kept, oldest first. */
    public List<Event> events() {
        return Collections.unmodifiableList(kept);
    }

    /**
     * The story of the events kept, told knowing whether the wire was captured when they start and each direction's
     * initial sequence number.
     */
    public Story story() {
        // The events let go are no longer read: each counts as one moment, whatever the batches were (a window fed
        // event by event numbers as one fed everything at once). Exact for a session that never let any go.
        return Story.of(kept, new Twins(olderTwins.capturing()), olderOrigins, sockets, launchers)
                .numberedFrom(older + 1);
    }

    /**
     * Counts {@code count} events before the first one handed in as let go: a page of a journal file shown from its
     * middle, whose earlier events are only in the file; {@code told} are some of them (the capture status before the
     * page), read so the page's story knows whether the wire was captured; {@code origins} what all the events before
     * the page told of each direction's initial sequence number. Called before the first events.
     */
    public void olderInFile(long count, List<Event> told, SequenceOrigins origins) {
        if (count < 0 || !kept.isEmpty()) throw new IllegalStateException("olderInFile=" + count); // a count, before any event
        older = count;
        olderOrigins = origins;
        sockets = SocketIdentities.fromAnywhere();
        sessionAfter = -1;
        for (Event e : told) {
            olderTwins.hides(e);
            olderOrigins.learn(e);
        }
    }

    /**
     * The events handed in will be a session's, the one that starts after event {@code cut} (0: the journal's first):
     * when the first of them is indeed its first, a kernel event about a socket no call of the session named is another
     * session's (the previous lesson's listener seen CLOSED, its connection leaving TIME_WAIT) and is not told
     * ({@link SocketIdentities#sessionStart}). Said after events were handed in, it changes nothing.
     */
    public void startsSessionAfter(long cut) {
        if (cut >= 0 && kept.isEmpty() && older == 0) sessionAfter = cut;
    }

    /** How many events were let go: they are only in the journal file now. */
    public long older() {
        return older;
    }

    public int maxEvents() {
        return maxEvents;
    }
}
