package org.socketlab.story;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.socketlab.lab.Payload;

/** RFC 9293's segment-driven transitions, matched against the captured segments of the interval a change was seen in. */
final class Causes {
    private Causes() {
    }

    static void place(List<Story.Item> states, List<Story.Item> wire) {
        for (Story.Item state : states) {
            if (state.since == null) {
                closedByItsCall(state);
                continue;
            }
            Payload.State s = (Payload.State) state.event.payload();
            String me = state.event.endpoint();
            // A listener changes state only by its own calls (listen, close): no segment is its cause.
            if (s.from().equals("LISTEN") || s.to().equals("LISTEN")
                    || state.conn != null && state.conn.listener) {
                closedByItsCall(state);
                continue;
            }
            List<Story.Item> window = new ArrayList<>();
            for (int i = firstAfter(wire, state.since); i < wire.size()
                    && wire.get(i).time <= state.event.atNs(); i++)
                if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn)) window.add(wire.get(i));
            Placement p = placement(s.from(), s.to(), me, window);
            if (p == null && state.conn != null && state.conn.peer != null
                    && (s.from().equals("FIN_WAIT_1") || s.from().equals("LAST_ACK"))) {
                // The ACK of its FIN may have come before the reading that still saw FIN_WAIT_1 (or LAST_ACK):
                // on loopback it follows the FIN within microseconds. Look for it on this connection's whole wire.
                List<Story.Item> all = new ArrayList<>();
                for (int i = 0; i < wire.size() && wire.get(i).time <= state.event.atNs(); i++)
                    if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn))
                        all.add(wire.get(i));
                p = firstAfter(all, w -> sent(w, me) && has(w, "FIN"),
                        w -> received(w, me) && has(w, "ACK") && !has(w, "FIN") && !has(w, "RST"));
            }
            if (p == null) {
                closedByItsCall(state);
                continue;
            }
            state.time = p.segment.time;
            state.sub = p.after ? 1 : -1;
        }
    }

    /**
     * A socket seen CLOSED after its own close() with no segment to place it at (a listener, a datagram socket, a
     * socket never connected) was closed by that call: told just after it, not where a later reading saw it.
     */
    private static void closedByItsCall(Story.Item state) {
        if (state.closedBy == null) return;
        state.time = state.closedBy.time;
        state.sub = 1;
    }

    /** The index of the first segment later than {@code time} (the wire is in time order). */
    private static int firstAfter(List<Story.Item> wire, long time) {
        int lo = 0, hi = wire.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (wire.get(mid).time <= time) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private record Placement(Story.Item segment, boolean after) {
    }

    private static Placement placement(String from, String to, String me, List<Story.Item> window) {
        return switch (to) {
            case "SYN_SENT" -> first(window, w -> sent(w, me) && has(w, "SYN") && !has(w, "ACK"), false);
            case "SYN_RECEIVED" -> first(window, w -> received(w, me) && has(w, "SYN") && !has(w, "ACK"), true);
            case "ESTABLISHED" -> {
                Placement synAck = first(window, w -> received(w, me) && has(w, "SYN") && has(w, "ACK"), true);
                yield synAck != null
                        ? synAck
                        : firstAfter(window, w -> sent(w, me) && has(w, "SYN") && has(w, "ACK"),
                                w -> received(w, me) && has(w, "ACK") && !has(w, "SYN"));
            }
            case "FIN_WAIT_1", "LAST_ACK" -> first(window, w -> sent(w, me) && has(w, "FIN"), false);
            case "CLOSE_WAIT", "CLOSING" -> first(window, w -> received(w, me) && has(w, "FIN"), true);
            case "FIN_WAIT_2" -> {
                Placement acked = firstAfter(window, w -> sent(w, me) && has(w, "FIN"),
                        w -> received(w, me) && has(w, "ACK") && !has(w, "FIN"));
                // Seen in FIN_WAIT_1 before: its FIN left earlier, and the ACK of it is the cause.
                yield acked != null || !from.equals("FIN_WAIT_1")
                        ? acked
                        : first(window, w -> received(w, me) && has(w, "ACK") && !has(w, "FIN"), true);
            }
            case "TIME_WAIT" -> last(window, w -> received(w, me) && has(w, "FIN"));
            case "CLOSED" -> {
                Placement rst = first(window, w -> has(w, "RST"), true);
                if (rst != null || !(from.equals("LAST_ACK") || from.equals("CLOSE_WAIT"))) yield rst;
                Placement acked = firstAfter(window, w -> sent(w, me) && has(w, "FIN"),
                        w -> received(w, me) && has(w, "ACK"));
                // Seen in LAST_ACK before: its FIN left earlier, and the ACK of it is the cause.
                yield acked != null || !from.equals("LAST_ACK")
                        ? acked
                        : first(window, w -> received(w, me) && has(w, "ACK"), true);
            }
            default -> null;
        };
    }

    private static Placement first(List<Story.Item> window, Predicate<Story.Item> test, boolean after) {
        for (Story.Item w : window) if (test.test(w)) return new Placement(w, after);
        return null;
    }

    private static Placement last(List<Story.Item> window, Predicate<Story.Item> test) {
        for (int i = window.size() - 1; i >= 0; i--)
            if (test.test(window.get(i))) return new Placement(window.get(i), true);
        return null;
    }

    /** The first segment matching {@code then} after one matching {@code first}; placed after it. */
    private static Placement firstAfter(List<Story.Item> window, Predicate<Story.Item> first,
            Predicate<Story.Item> then) {
        boolean seen = false;
        for (Story.Item w : window) {
            if (seen && then.test(w)) return new Placement(w, true);
            if (first.test(w)) seen = true;
        }
        return null;
    }

    private static Payload.Segment seg(Story.Item w) {
        return (Payload.Segment) w.event.payload();
    }

    /**
     * Whether the segment belongs to the socket's connection: between its address (when known) and its peer. A
     * segment without addresses (an older journal), or a socket whose peer the journal never told, is matched by
     * the endpoint alone.
     */
    private static boolean ofConnection(Story.Item w, String me, Story.Conn conn) {
        Payload.Segment s = seg(w);
        if (conn == null || conn.peer == null || s.src() == null || s.dst() == null) return true;
        String mine = sent(w, me) ? s.src() : s.dst(), theirs = sent(w, me) ? s.dst() : s.src();
        if (!theirs.equals(conn.peer)) return false;
        return conn.local == null || Story.isWildcard(conn.local) || mine.equals(conn.local);
    }

    private static boolean involves(Story.Item w, String endpoint) {
        return sent(w, endpoint) || received(w, endpoint);
    }

    private static boolean sent(Story.Item w, String endpoint) {
        return seg(w).from().equals(endpoint);
    }

    private static boolean received(Story.Item w, String endpoint) {
        return seg(w).to().equals(endpoint);
    }

    private static boolean has(Story.Item w, String flag) {
        return seg(w).flags().contains(flag);
    }
}
