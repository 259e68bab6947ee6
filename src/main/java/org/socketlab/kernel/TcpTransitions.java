package org.socketlab.kernel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9293's TCP state diagram (section 3.3.2) as data, with the resets of section 3.10.7.4: the one table of
 * transitions that the story (the states a socket passed between two readings), the inference rules and the drawn
 * state machine read. Each transition has the one thing that makes it: a call of the socket's program, a segment it
 * sends or receives, or a timer.
 *
 * <p>The kernel is read from outside, so two readings of a socket can be several transitions apart (a connect() goes
 * CLOSED, SYN_SENT, ESTABLISHED within microseconds on loopback). {@link #walk} replays what was seen between the two
 * readings (the segments on the wire, the calls) through this table: the states it passes are deduced, never sampled.
 */
public final class TcpTransitions {
    private TcpTransitions() {
    }

    /** What makes a transition. */
    public enum Cause {
        /** listen(). */
        LISTEN,
        /** connect(): the socket sends SYN. */
        SEND_SYN,
        /** close() of a socket with no connection (LISTEN, SYN_SENT): nothing is sent. */
        CLOSE,
        /** close() or shutdown(SHUT_WR): the socket sends FIN. */
        SEND_FIN,
        /** A SYN arrives (the socket answers SYN-ACK). */
        RECEIVE_SYN,
        /** The SYN-ACK arrives (the socket answers ACK). */
        RECEIVE_SYN_ACK,
        /** The ACK of the socket's SYN-ACK arrives. */
        RECEIVE_ACK_OF_SYN,
        /** The peer's FIN arrives (the socket answers ACK). */
        RECEIVE_FIN,
        /** The ACK of the socket's own FIN arrives. */
        RECEIVE_ACK_OF_FIN,
        /** An RST arrives: a synchronized connection ends at once. */
        RECEIVE_RST,
        /** The socket aborts (close() with SO_LINGER 0 or with unread data) and sends RST. */
        SEND_RST,
        /** TIME_WAIT's timer ran out. */
        TIMEOUT
    }

    /** One arrow: from a state to another, and what makes it (the drawn machine words its label from these). */
    public record Transition(TcpState from, TcpState to, Cause cause) {
    }

    /** The states RFC 9293 calls synchronized: an RST in any of them ends the connection (section 3.10.7.4). */
    public static final List<TcpState> SYNCHRONIZED = List.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
            TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK, TcpState.TIME_WAIT);

    /** The arrows of the RFC's diagram. */
    public static final List<Transition> DIAGRAM = List.of(
            t(TcpState.CLOSED, TcpState.LISTEN, Cause.LISTEN),
            t(TcpState.LISTEN, TcpState.CLOSED, Cause.CLOSE),
            t(TcpState.CLOSED, TcpState.SYN_SENT, Cause.SEND_SYN),
            t(TcpState.SYN_SENT, TcpState.CLOSED, Cause.CLOSE),
            t(TcpState.LISTEN, TcpState.SYN_RECEIVED, Cause.RECEIVE_SYN),
            t(TcpState.SYN_RECEIVED, TcpState.LISTEN, Cause.RECEIVE_RST),
            t(TcpState.LISTEN, TcpState.SYN_SENT, Cause.SEND_SYN),
            t(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, Cause.RECEIVE_SYN),
            t(TcpState.SYN_SENT, TcpState.ESTABLISHED, Cause.RECEIVE_SYN_ACK),
            t(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, Cause.RECEIVE_ACK_OF_SYN),
            t(TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_1, Cause.SEND_FIN),
            t(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, Cause.SEND_FIN),
            t(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, Cause.RECEIVE_FIN),
            t(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, Cause.RECEIVE_ACK_OF_FIN),
            t(TcpState.FIN_WAIT_1, TcpState.CLOSING, Cause.RECEIVE_FIN),
            t(TcpState.CLOSE_WAIT, TcpState.LAST_ACK, Cause.SEND_FIN),
            t(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, Cause.RECEIVE_FIN),
            t(TcpState.CLOSING, TcpState.TIME_WAIT, Cause.RECEIVE_ACK_OF_FIN),
            t(TcpState.LAST_ACK, TcpState.CLOSED, Cause.RECEIVE_ACK_OF_FIN),
            t(TcpState.TIME_WAIT, TcpState.CLOSED, Cause.TIMEOUT));

    /** The diagram's arrows and the resets: RST received or sent takes a synchronized state (and SYN_SENT) to CLOSED. */
    public static final List<Transition> ALL = all();

    private static List<Transition> all() {
        List<Transition> all = new ArrayList<>(DIAGRAM);
        all.add(t(TcpState.SYN_SENT, TcpState.CLOSED, Cause.RECEIVE_RST));
        for (TcpState s : SYNCHRONIZED) {
            all.add(t(s, TcpState.CLOSED, Cause.RECEIVE_RST));
            if (s != TcpState.TIME_WAIT) all.add(t(s, TcpState.CLOSED, Cause.SEND_RST));
        }
        return List.copyOf(all);
    }

    private static Transition t(TcpState from, TcpState to, Cause cause) {
        return new Transition(from, to, cause);
    }

    /** The diagram's arrow from {@code from} to {@code to}, if RFC 9293 draws one (resets are not drawn there). */
    public static Optional<Transition> drawn(TcpState from, TcpState to) {
        return DIAGRAM.stream().filter(t -> t.from() == from && t.to() == to).findFirst();
    }

    /** The reset arrow out of {@code from} to CLOSED, if an RST received there ends the connection. */
    public static Optional<Transition> reset(TcpState from) {
        return next(from, Cause.RECEIVE_RST).filter(t -> SYNCHRONIZED.contains(from));
    }

    /** What makes a socket enter {@code to}: the causes of the table's arrows into it, in the table's order. */
    public static List<Cause> into(TcpState to) {
        return ALL.stream().filter(t -> t.to() == to).map(Transition::cause).distinct().toList();
    }

    /**
     * The states {@code from} leads to by {@code causes} alone, {@code from} included: where a socket can be that
     * nothing else happened to (an established connection whose peer sent no FIN: its own FIN and the ACK of it).
     */
    public static Set<TcpState> reach(TcpState from, Set<Cause> causes) {
        Set<TcpState> reached = EnumSet.of(from);
        List<TcpState> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            TcpState at = todo.removeLast();
            for (Transition t : ALL)
                if (t.from() == at && causes.contains(t.cause()) && reached.add(t.to())) todo.add(t.to());
        }
        return reached;
    }

    /** The transition {@code cause} makes out of {@code from}, if the table has one. */
    public static Optional<Transition> next(TcpState from, Cause cause) {
        return ALL.stream().filter(t -> t.from() == from && t.cause() == cause).findFirst();
    }

    /**
     * Something seen between two readings of a socket: the causes it stands for, in the order the kernel handles them
     * (a FIN that also acknowledges the socket's own FIN is {@code RECEIVE_ACK_OF_FIN} then {@code RECEIVE_FIN}: Linux
     * processes the acknowledgement before the FIN), and what it was (a segment, a call) for the reader.
     */
    public record Seen<T>(List<Cause> causes, T what) {
        public Seen {
            causes = List.copyOf(causes);
        }
    }

    /** A state passed on the way, and what was seen that made the socket enter it. */
    public record Step<T>(TcpState state, Cause cause, T by) {
    }

    /**
     * The way from {@code from} to {@code to} that what was seen between the two readings takes through the table:
     * each thing seen makes the transition its cause has out of the current state, if any (else it changes nothing:
     * a retransmission, a segment the reading already counted). Every state entered is a step; the last is {@code to}.
     * Empty when what was seen does not lead to {@code to}, or when it leads there with no state between: nothing was
     * skipped that the table and the evidence can name.
     */
    public static <T> List<Step<T>> walk(TcpState from, TcpState to, List<Seen<T>> seen) {
        if (from == to) return List.of();
        TcpState at = from;
        List<Step<T>> steps = new ArrayList<>();
        int lastAtTarget = -1;
        for (Seen<T> s : seen) {
            for (Cause c : s.causes()) {
                Optional<Transition> t = next(at, c);
                if (t.isEmpty()) continue;
                at = t.get().to();
                steps.add(new Step<>(at, c, s.what()));
                if (at == to) lastAtTarget = steps.size();
            }
        }
        if (lastAtTarget < 0) return List.of();
        return List.copyOf(steps.subList(0, lastAtTarget));
    }

    /** Whether the table has an arrow that {@code cause} takes out of {@code from} (null: a socket not yet read). */
    public static boolean leaves(@Nullable TcpState from, Cause cause) {
        return from != null && next(from, cause).isPresent();
    }

    /**
     * Whether a socket in {@code state} may still send data: a synchronized state it leaves by sending its own FIN
     * (ESTABLISHED, CLOSE_WAIT). Once its FIN is sent, no arrow sends another.
     */
    public static boolean maySendData(@Nullable TcpState state) {
        return state != null && SYNCHRONIZED.contains(state) && leaves(state, Cause.SEND_FIN);
    }

    /** The states strictly between the two readings on a {@link #walk}: the ones no reading saw. */
    public static <T> List<Step<T>> passed(List<Step<T>> walk) {
        return walk.size() <= 1 ? List.of() : walk.subList(0, walk.size() - 1);
    }
}
