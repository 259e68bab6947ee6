package org.socketlab.lesson.predict;

/**
 * What the free lab knows about the socket a call is about to act on, to build plausible options for it (an
 * {@code EISCONN} for a connected socket, {@code EINPROGRESS} for a non-blocking one, no wire question for a socket
 * that puts nothing on a wire). It never decides the answer: the kernel does, after the call.
 *
 * @param tcp         a stream socket
 * @param onTheWire   a TCP socket over IPv4 or IPv6 (an AF_UNIX stream socket sends no segment)
 * @param nonBlocking O_NONBLOCK is set on it
 * @param state       its last journaled state ({@code ESTABLISHED}, {@code LISTEN}...), or "" when none is known
 */
public record CallSituation(boolean tcp, boolean onTheWire, boolean nonBlocking, String state) {
    public CallSituation {
        state = state == null ? "" : state;
    }

    /** A call without a socket to act on (there is none selected yet). */
    public static final CallSituation NONE = new CallSituation(true, true, false, "");

    /** The socket as {@link PossibleOutcomes} tells its rows apart: its kind and where it stands now. */
    PossibleOutcomes.Situation outcomes() {
        PossibleOutcomes.Kind kind = !tcp
                ? PossibleOutcomes.Kind.DATAGRAM
                : onTheWire ? PossibleOutcomes.Kind.TCP : PossibleOutcomes.Kind.LOCAL_STREAM;
        PossibleOutcomes.Phase phase = switch (state) {
            case "BOUND" -> PossibleOutcomes.Phase.BOUND;
            case "LISTEN" -> PossibleOutcomes.Phase.LISTENING;
            case "SYN_SENT", "SYN_RECEIVED" -> PossibleOutcomes.Phase.CONNECTING;
            case "ESTABLISHED", "CONNECTED", "CLOSE_WAIT" -> PossibleOutcomes.Phase.CONNECTED;
            case "FIN_WAIT_1", "FIN_WAIT_2", "CLOSING", "TIME_WAIT", "LAST_ACK" -> PossibleOutcomes.Phase.SENDING_SHUT;
            default -> PossibleOutcomes.Phase.FRESH; // CLOSED, UNBOUND, CLOSE, or not known yet
        };
        return new PossibleOutcomes.Situation(kind, phase, nonBlocking);
    }
}
