package org.socketlab.story;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.kernel.TcpTransitions.Cause;

/** RFC 9293's segment-driven transitions, matched against the captured segments of the interval a change was seen in. */
final class Causes {
    private Causes() {
    }

    /**
     * Places each state at its cause and names the states it passed between its two readings. {@code wire}: the
     * captured TCP segments in time order; {@code deducedWire}: the inferred ones the story tells (no capture), placed
     * in their calls. Returns the deduced states to tell besides the read ones.
     */
    static List<PlacedMoment> place(List<PlacedMoment> states, List<PlacedMoment> wire,
            List<PlacedMoment> deducedWire) {
        List<PlacedMoment> deduced = new ArrayList<>();
        List<PlacedMoment> evidence = wire.isEmpty() ? deducedWire : wire;
        for (PlacedMoment state : states) {
            Payload.State s = (Payload.State) state.event.payload();
            // Null: not a TCP state (a datagram socket's UNBOUND, BOUND, CONNECTED).
            @Nullable
            TcpState from = TcpState.named(s.from()).orElse(null), to = TcpState.named(s.to()).orElse(null);
            String me = state.event.endpoint();
            if (state.madeByAccept && state.conn != null && state.conn.peer != null && from == TcpState.CLOSED)
                passedInQueue(state, s, me, evidence);
            if (state.since == null) {
                closedByItsCall(state);
                continue;
            }
            // A listener changes state only by its own calls (listen, close): no segment is its cause.
            if (from == TcpState.LISTEN || to == TcpState.LISTEN || state.conn != null && state.conn.listener) {
                closedByItsCall(state);
                continue;
            }
            List<PlacedMoment> window = new ArrayList<>();
            for (int i = firstAfter(wire, state.since); i < wire.size()
                    && wire.get(i).time <= state.event.atNs(); i++)
                if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn)
                        && when(wire.get(i), me) <= state.event.atNs())
                    window.add(wire.get(i));
            deduced.addAll(passed(state, s, me, evidence));
            Placement p = placement(from, to, me, window);
            if (p == null && state.walkEnd != null && state.walkEnd.event.payload() instanceof Payload.Segment g
                    && g.captured())
                p = new Placement(state.walkEnd, received(state.walkEnd, me));
            if (p == null && state.conn != null && state.conn.peer != null && enteredBySendingItsFin(from)) {
                // The ACK of its FIN may have come before the reading that still saw FIN_WAIT_1 (or LAST_ACK):
                // on loopback it follows the FIN within microseconds. Look for it on this connection's whole wire.
                List<PlacedMoment> all = new ArrayList<>();
                for (int i = 0; i < wire.size() && wire.get(i).time <= state.event.atNs(); i++)
                    if (involves(wire.get(i), me) && ofConnection(wire.get(i), me, state.conn))
                        all.add(wire.get(i));
                p = firstAfter(all, w -> shows(Cause.SEND_FIN, w, me),
                        w -> received(w, me) && has(w, TcpFlag.ACK) && !has(w, TcpFlag.FIN) && !has(w, TcpFlag.RST));
            }
            if (p == null) {
                closedByItsCall(state);
                continue;
            }
            state.time = when(p.segment, me);
            state.sub = p.after ? 1 : -1;
        }
        return deduced;
    }

    /**
     * The states the socket passed between its previous reading and this one, replayed through RFC 9293's table
     * ({@link TcpTransitions#walk}) from what it sent and received on its connection meanwhile: named on the read state
     * ({@code via}) and returned as deduced states, each placed at the segment that made it (before one it sent, after
     * one it received). Nothing when the segments do not lead from the one reading to the other.
     */
    private static List<PlacedMoment> passed(PlacedMoment state, Payload.State s, String me,
            List<PlacedMoment> evidence) {
        Optional<TcpState> from = TcpState.named(s.from()), to = TcpState.named(s.to());
        if (from.isEmpty() || to.isEmpty() || state.since == null) return List.of();
        List<PlacedMoment> window = new ArrayList<>();
        for (PlacedMoment w : evidence)
            if (w.time > state.since && when(w, me) <= state.event.atNs() && involves(w, me)
                    && ofConnection(w, me, state.conn))
                window.add(w);
        List<TcpTransitions.Step<PlacedMoment>> walk = TcpTransitions.walk(from.get(), to.get(), seen(window, me));
        if (walk.isEmpty() && enteredBySendingItsFin(from.get())) {
            // The ACK of its FIN may have come just before the reading that still saw FIN_WAIT_1 (or LAST_ACK).
            List<PlacedMoment> all = new ArrayList<>();
            for (PlacedMoment w : evidence)
                if (w.time <= state.event.atNs() && involves(w, me) && ofConnection(w, me, state.conn)) all.add(w);
            walk = TcpTransitions.walk(from.get(), to.get(), seen(all, me));
        }
        if (!walk.isEmpty()) state.walkEnd = walk.getLast().by();
        List<TcpTransitions.Step<PlacedMoment>> passed = TcpTransitions.passed(walk);
        if (passed.isEmpty()) return List.of();
        state.via = passed.stream().map(p -> p.state().rfcName()).toList();
        List<PlacedMoment> deduced = new ArrayList<>();
        String before = s.from();
        int after = 0;
        for (TcpTransitions.Step<PlacedMoment> step : passed) {
            PlacedMoment d = new PlacedMoment(state.event, when(step.by(), me));
            d.sub = step.by().sub;
            boolean received = received(step.by(), me);
            d.tie = received ? ++after : -1;
            d.deduced = new Payload.State(s.fd(), before, step.state().rfcName(), DEDUCED, null, s.inode());
            d.deducedBy = step.by();
            d.conn = state.conn;
            before = step.state().rfcName();
            deduced.add(d);
        }
        return deduced;
    }

    /**
     * An accepted socket is new, but its connection is older: it went through SYN_RECEIVED (and more, when the peer
     * already closed) in the listener's queue before accept() returned it. Named on its first reading, never drawn as
     * a state of its descriptor, which did not exist yet.
     */
    private static void passedInQueue(PlacedMoment state, Payload.State s, String me, List<PlacedMoment> evidence) {
        Optional<TcpState> to = TcpState.named(s.to());
        if (to.isEmpty()) return;
        List<PlacedMoment> all = new ArrayList<>();
        for (PlacedMoment w : evidence)
            if (w.time <= state.event.atNs() && involves(w, me) && ofConnection(w, me, state.conn)) all.add(w);
        List<TcpTransitions.Step<PlacedMoment>> walk = TcpTransitions.walk(TcpState.LISTEN, to.get(), seen(all, me));
        List<TcpTransitions.Step<PlacedMoment>> passed = TcpTransitions.passed(walk);
        if (passed.isEmpty()) return;
        state.via = passed.stream().map(p -> p.state().rfcName()).toList();
        state.inQueue = true;
    }

    /**
     * When a segment was at {@code me}'s kernel: a segment it received when it arrived (where the link between two hosts
     * takes time, after it left), any other when it left.
     */
    static long when(PlacedMoment w, String me) {
        if (w.event.payload() instanceof Payload.Segment s && s.to().equals(me) && !s.from().equals(me)
                && s.arrivalNs() instanceof Long arrived)
            return Math.max(w.time, arrived);
        return w.time;
    }

    /** The source a deduced state is told with: it was never read from the kernel. */
    static final String DEDUCED = "deduced";

    /**
     * FIN_WAIT_1 and LAST_ACK, as the table has it: the ACK of the socket's FIN may have come just before the reading
     * that still saw it there (on loopback it follows the FIN within microseconds).
     */
    private static boolean enteredBySendingItsFin(@Nullable TcpState state) {
        return state != null && TcpTransitions.into(state).equals(List.of(Cause.SEND_FIN));
    }

    /**
     * Whether segment {@code w} is, to the socket of endpoint {@code me}, the cause {@code c} of the table. An ACK
     * acknowledges one thing or another by what came before it ({@link #seen}), so no single segment shows those.
     */
    private static boolean shows(Cause c, PlacedMoment w, String me) {
        return switch (c) {
            case SEND_SYN -> sent(w, me) && has(w, TcpFlag.SYN) && !has(w, TcpFlag.ACK);
            case SEND_FIN -> sent(w, me) && has(w, TcpFlag.FIN);
            case SEND_RST -> sent(w, me) && has(w, TcpFlag.RST);
            case RECEIVE_SYN -> received(w, me) && has(w, TcpFlag.SYN) && !has(w, TcpFlag.ACK);
            case RECEIVE_SYN_ACK -> received(w, me) && has(w, TcpFlag.SYN) && has(w, TcpFlag.ACK);
            case RECEIVE_FIN -> received(w, me) && has(w, TcpFlag.FIN);
            case RECEIVE_RST -> received(w, me) && has(w, TcpFlag.RST);
            case RECEIVE_ACK_OF_SYN, RECEIVE_ACK_OF_FIN, LISTEN, CLOSE, TIMEOUT -> false;
        };
    }

    /**
     * What each segment of the socket's connection was to it, as causes of the table: what it sent (SYN, FIN, RST),
     * what it received (a lost segment never was). An ACK received acknowledges its FIN when the acknowledgement
     * number covers the FIN (or, numbers unknown, when a FIN of its left before).
     */
    private static List<TcpTransitions.Seen<PlacedMoment>> seen(List<PlacedMoment> segments, String me) {
        List<TcpTransitions.Seen<PlacedMoment>> seen = new ArrayList<>();
        Long finEnd = null;
        boolean finSent = false;
        for (PlacedMoment w : segments) {
            Payload.Segment g = seg(w);
            List<Cause> causes = new ArrayList<>();
            if (sent(w, me)) {
                if (shows(Cause.SEND_RST, w, me)) causes.add(Cause.SEND_RST);
                else if (shows(Cause.SEND_SYN, w, me)) causes.add(Cause.SEND_SYN);
                if (shows(Cause.SEND_FIN, w, me)) {
                    causes.add(Cause.SEND_FIN);
                    finSent = true;
                    finEnd = g.seqNo() == null ? null : (g.seqNo() + g.len() + 1) & 0xFFFFFFFFL;
                }
            } else if (received(w, me) && !g.lost()) {
                if (shows(Cause.RECEIVE_RST, w, me)) causes.add(Cause.RECEIVE_RST);
                else if (shows(Cause.RECEIVE_SYN_ACK, w, me)) causes.add(Cause.RECEIVE_SYN_ACK);
                else if (shows(Cause.RECEIVE_SYN, w, me)) causes.add(Cause.RECEIVE_SYN);
                else if (has(w, TcpFlag.ACK)) {
                    if (finSent && (finEnd == null || g.ackNo() == null || covers(g.ackNo(), finEnd)))
                        causes.add(Cause.RECEIVE_ACK_OF_FIN);
                    else
                        if (!finSent) causes.add(Cause.RECEIVE_ACK_OF_SYN);
                }
                if (shows(Cause.RECEIVE_FIN, w, me) && !has(w, TcpFlag.RST)) causes.add(Cause.RECEIVE_FIN);
            }
            if (!causes.isEmpty()) seen.add(new TcpTransitions.Seen<>(causes, w));
        }
        return seen;
    }

    /** Whether acknowledgement number {@code ack} reaches {@code end} (32-bit sequence arithmetic). */
    private static boolean covers(long ack, long end) {
        return (int) (ack - end) >= 0;
    }

    /**
     * A socket seen CLOSED after its own close() with no segment to place it at (a listener, a datagram socket, a
     * socket never connected) was closed by that call: told just after it, not where a later reading saw it.
     */
    private static void closedByItsCall(PlacedMoment state) {
        if (state.closedBy == null) return;
        state.time = state.closedBy.time;
        state.sub = 1;
    }

    /** The index of the first segment later than {@code time} (the wire is in time order). */
    private static int firstAfter(List<PlacedMoment> wire, long time) {
        int lo = 0, hi = wire.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (wire.get(mid).time <= time) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private record Placement(PlacedMoment segment, boolean after) {
    }

    /**
     * The segment that made the socket enter {@code to} (seen last in {@code from}; either null when not a TCP state):
     * the one segment the table says enters it, or for the states an acknowledgement enters, the ACK after what it
     * acknowledges.
     */
    private static @Nullable Placement placement(@Nullable TcpState from, @Nullable TcpState to, String me,
            List<PlacedMoment> window) {
        if (to == null) return null;
        return switch (to) {
            case ESTABLISHED -> {
                Placement synAck = first(window, w -> shows(Cause.RECEIVE_SYN_ACK, w, me), true);
                yield synAck != null
                        ? synAck
                        : firstAfter(window, w -> sent(w, me) && has(w, TcpFlag.SYN) && has(w, TcpFlag.ACK),
                                w -> received(w, me) && has(w, TcpFlag.ACK) && !has(w, TcpFlag.SYN));
            }
            case FIN_WAIT_2 -> {
                Placement acked = firstAfter(window, w -> shows(Cause.SEND_FIN, w, me),
                        w -> received(w, me) && has(w, TcpFlag.ACK) && !has(w, TcpFlag.FIN));
                // Seen in FIN_WAIT_1 before: its FIN left earlier, and the ACK of it is the cause.
                yield acked != null || from != TcpState.FIN_WAIT_1
                        ? acked
                        : first(window, w -> received(w, me) && has(w, TcpFlag.ACK) && !has(w, TcpFlag.FIN), true);
            }
            case TIME_WAIT -> last(window, w -> shows(Cause.RECEIVE_FIN, w, me));
            case CLOSED -> {
                Placement rst = first(window,
                        w -> shows(Cause.RECEIVE_RST, w, me) || shows(Cause.SEND_RST, w, me), true);
                if (rst != null || !(from == TcpState.LAST_ACK || from == TcpState.CLOSE_WAIT)) yield rst;
                Placement acked = firstAfter(window, w -> shows(Cause.SEND_FIN, w, me),
                        w -> received(w, me) && has(w, TcpFlag.ACK));
                // Seen in LAST_ACK before: its FIN left earlier, and the ACK of it is the cause.
                yield acked != null || from != TcpState.LAST_ACK
                        ? acked
                        : first(window, w -> received(w, me) && has(w, TcpFlag.ACK), true);
            }
            default -> byOneSegment(to, me, window);
        };
    }

    /**
     * A state one segment enters, as the table has it (SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, LAST_ACK, CLOSE_WAIT,
     * CLOSING): placed just before that segment when the socket sent it, just after it when it received it.
     */
    private static @Nullable Placement byOneSegment(TcpState to, String me, List<PlacedMoment> window) {
        List<Cause> causes = TcpTransitions.into(to);
        if (causes.size() != 1) return null;
        Cause c = causes.getFirst();
        return switch (c) {
            case SEND_SYN, SEND_FIN -> first(window, w -> shows(c, w, me), false);
            case RECEIVE_SYN, RECEIVE_FIN -> first(window, w -> shows(c, w, me), true);
            default -> null;
        };
    }

    private static @Nullable Placement first(List<PlacedMoment> window, Predicate<PlacedMoment> test, boolean after) {
        for (PlacedMoment w : window) if (test.test(w)) return new Placement(w, after);
        return null;
    }

    private static @Nullable Placement last(List<PlacedMoment> window, Predicate<PlacedMoment> test) {
        for (int i = window.size() - 1; i >= 0; i--)
            if (test.test(window.get(i))) return new Placement(window.get(i), true);
        return null;
    }

    /** The first segment matching {@code then} after one matching {@code first}; placed after it. */
    private static @Nullable Placement firstAfter(List<PlacedMoment> window, Predicate<PlacedMoment> first,
            Predicate<PlacedMoment> then) {
        boolean seen = false;
        for (PlacedMoment w : window) {
            if (seen && then.test(w)) return new Placement(w, true);
            if (first.test(w)) seen = true;
        }
        return null;
    }

    private static Payload.Segment seg(PlacedMoment w) {
        return (Payload.Segment) w.event.payload();
    }

    /**
     * Whether the segment belongs to the socket's connection: between its address (when known) and its peer. A
     * segment without addresses (an older journal), or a socket whose peer the journal never told, is matched by
     * the endpoint alone.
     */
    private static boolean ofConnection(PlacedMoment w, String me, @Nullable SocketConnection conn) {
        Payload.Segment s = seg(w);
        // A segment of the other protocol is never this socket's (a UDP socket bound to a TCP listener's port).
        if (conn != null && conn.proto != null && s.proto() != null && !conn.proto.equals(s.proto())) return false;
        if (conn == null || conn.peer == null || s.src() == null || s.dst() == null) return true;
        String mine = sent(w, me) ? s.src() : s.dst(), theirs = sent(w, me) ? s.dst() : s.src();
        if (!theirs.equals(conn.peer)) return false;
        return conn.local == null || SocketConnection.isWildcard(conn.local) || mine.equals(conn.local);
    }

    private static boolean involves(PlacedMoment w, String endpoint) {
        return sent(w, endpoint) || received(w, endpoint);
    }

    private static boolean sent(PlacedMoment w, String endpoint) {
        return seg(w).from().equals(endpoint);
    }

    /** Whether the endpoint received the segment: addressed to it, and not lost on the way (it never arrived). */
    private static boolean received(PlacedMoment w, String endpoint) {
        return seg(w).to().equals(endpoint) && !seg(w).lost();
    }

    private static boolean has(PlacedMoment w, TcpFlag flag) {
        return seg(w).has(flag);
    }
}
