package org.socketlab.lesson.predict;

import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;

/**
 * What the free lab knows about the socket a call is about to act on, to build plausible options for it (an
 * {@code EISCONN} for a connected socket, {@code EINPROGRESS} for a non-blocking one, no wire question for a socket
 * that puts nothing on a wire). It never decides the answer: the kernel does, after the call.
 *
 * @param tcp         a stream socket
 * @param onTheWire   a TCP socket over IPv4 or IPv6 (an AF_UNIX stream socket sends no segment)
 * @param nonBlocking O_NONBLOCK is set on it
 * @param state       its last journaled state ({@code ESTABLISHED}, {@code LISTEN}...), or null when none is known
 */
public record CallSituation(boolean tcp, boolean onTheWire, boolean nonBlocking, @Nullable SocketState state) {
    /** A call without a socket to act on (there is none selected yet). */
    public static final CallSituation NONE = new CallSituation(true, true, false, null);

    /** The socket as {@link PossibleOutcomes} tells its rows apart: its kind and where it stands now. */
    PossibleOutcomes.Situation outcomes() {
        PossibleOutcomes.Kind kind = !tcp
                ? PossibleOutcomes.Kind.DATAGRAM
                : onTheWire ? PossibleOutcomes.Kind.TCP : PossibleOutcomes.Kind.LOCAL_STREAM;
        PossibleOutcomes.Phase phase = switch (state) {
            case null -> PossibleOutcomes.Phase.FRESH;
            case TcpState t -> phase(t);
            case DgramState d -> switch (d) {
                case UNBOUND -> PossibleOutcomes.Phase.FRESH;
                case BOUND -> PossibleOutcomes.Phase.BOUND;
                case CONNECTED -> PossibleOutcomes.Phase.CONNECTED; // a datagram socket with a default peer
            };
            case SocketState.Unknown u -> PossibleOutcomes.Phase.FRESH;
        };
        return new PossibleOutcomes.Situation(kind, phase, nonBlocking);
    }

    /**
     * Where a TCP socket stands, by the kernel's transition table: connected while it may still send (ESTABLISHED,
     * CLOSE_WAIT), its sending shut once its FIN left (the other synchronized states), connecting before it is
     * synchronized (SYN_SENT, SYN_RECEIVED).
     */
    private static PossibleOutcomes.Phase phase(TcpState state) {
        if (state == TcpState.CLOSED) return PossibleOutcomes.Phase.FRESH;
        if (state == TcpState.LISTEN) return PossibleOutcomes.Phase.LISTENING;
        if (TcpTransitions.maySendData(state)) return PossibleOutcomes.Phase.CONNECTED;
        if (TcpTransitions.SYNCHRONIZED.contains(state)) return PossibleOutcomes.Phase.SENDING_SHUT;
        return PossibleOutcomes.Phase.CONNECTING;
    }
}
