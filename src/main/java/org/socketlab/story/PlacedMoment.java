package org.socketlab.story;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * A moment of the story being placed (one event, or one of a call's two moments): its sort key is (time,
 * before/at/after, journal seq, entry before return), {@link #ORDER}.
 */
final class PlacedMoment {
    final Event event;
    long time;
    int sub;
    /** For a call: which of its moments this is (a moment of anything else is whole). */
    Beat.Moment moment = Beat.Moment.WHOLE;
    /** For a state: the earliest it can have happened (exclusive); null when unknown. */
    @Nullable
    Long since;
    /** For a state or a call: the connection of its socket, as far as the journal tells it; null when unknown. */
    @Nullable
    SocketConnection conn;
    /**
     * For a state no segment explains: the socket's own call that made it, since its previous reading: the close()
     * before it is seen CLOSED, the accept() or socketpair() that gave a socket first seen connected. Else null.
     */
    @Nullable
    PlacedMoment closedBy;
    /** For a state: its socket was made by accept() (its connection is older than its descriptor). */
    boolean madeByAccept;
    /** For a state: the states it passed since its previous reading, deduced ({@link Causes}); null when none. */
    @Nullable
    List<String> via;
    /** For a state: {@link #via} was passed in the listener's queue, before accept() returned the socket. */
    boolean inQueue;
    /** For a state: the segment that made the last step of its way there, when the way is known. */
    @Nullable
    PlacedMoment walkEnd;
    /** A deduced state (never read from the kernel): what it was, and the segment that made it. Null otherwise. */
    Payload.@Nullable State deduced;
    @Nullable
    PlacedMoment deducedBy;
    /** Orders moments of the same time and sub: a deduced state just before a segment it sent (-1), after one it got. */
    int tie;

    /** The story's order of moments. */
    static final Comparator<PlacedMoment> ORDER = Comparator.<PlacedMoment>comparingLong(i -> i.time)
            .thenComparingInt(i -> i.sub).thenComparingInt(i -> i.tie)
            .thenComparingLong(i -> i.event.seq()).thenComparingInt(i -> i.moment == Beat.Moment.ENTRY ? 0 : 1);

    PlacedMoment(Event event, long time) {
        this.event = event;
        this.time = time;
    }
}
