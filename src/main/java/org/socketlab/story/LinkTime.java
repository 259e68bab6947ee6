package org.socketlab.story;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;

/**
 * How long the story's segments took to cross the link between two hosts (issue 60): on one machine, or on a plain
 * link, leaving and arriving are one moment and the diagram keeps its rows; once a captured segment took a millisecond
 * or more, the diagram is drawn to time ({@link TimeAxis}): each arrow leaves when it was captured leaving and lands
 * when it arrived.
 *
 * @param medianFlightNs the median time a segment took to cross (0 when none took any)
 * @param quietFoldOverNs a gap while nothing is on the link (no arrow crosses it) longer than this is folded: more than
 *                       a round trip of nothing is a page of empty lanes between a lesson's steps
 */
public record LinkTime(long medianFlightNs, long quietFoldOverNs) {
    /** A crossing shorter than this is one moment (loopback, a plain veth: microseconds). */
    public static final long TIMED_FROM_NS = 1_000_000;
    /** A gap longer than this is always folded, an arrow crossing it or not. */
    public static final long FOLD_AT_MOST_NS = 1_000_000_000L;
    /** How many of the newest crossings say whether the link takes time now (two slow ones among them: it does). */
    private static final int RECENT = 8;

    /** Whether the diagram is drawn to time. */
    public boolean timed() {
        return medianFlightNs >= TIMED_FROM_NS;
    }

    /**
     * The flights of the beats' captured segments that have an arrival of their own: their median, or, when at least
     * two of the newest eight took a millisecond or more (the link's delay was set during the session), the median of
     * those that did.
     */
    public static LinkTime of(List<Beat> beats) {
        List<Long> flights = new ArrayList<>();
        for (Beat b : beats) {
            Long flight = b instanceof Beat.Segment s ? flightNs(s.segment()) : null;
            if (flight != null) flights.add(flight);
        }
        if (flights.isEmpty()) return new LinkTime(0, FOLD_AT_MOST_NS);
        // A live window's link may take time only since its delay was set: the newest crossings say so, and the slow
        // ones then give the scale (else a session's flat start kept every later arrow flat).
        List<Long> recent = flights.subList(Math.max(0, flights.size() - RECENT), flights.size());
        boolean slowNow = recent.stream().filter(f -> f >= TIMED_FROM_NS).count() >= 2;
        List<Long> told = new ArrayList<>(flights);
        told.sort(null);
        if (slowNow && told.get(told.size() / 2) < TIMED_FROM_NS) told.removeIf(f -> f < TIMED_FROM_NS);
        long median = told.get(told.size() / 2);
        return new LinkTime(median, Math.min(FOLD_AT_MOST_NS, Math.max(TIMED_FROM_NS, 2 * median)));
    }

    /** How long a captured segment took from one host to the other, or null when the journal does not say. */
    public static @Nullable Long flightNs(Payload.Segment s) {
        Long left = s.departureNs(), arrived = s.arrivalNs();
        if (!s.captured() || left == null || arrived == null) return null;
        return Math.max(0, arrived - left);
    }
}
