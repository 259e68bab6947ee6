package org.socketlab.kernel;

import java.util.Optional;

/** TCP connection states with their RFC 9293 names, the names the journal and the UI use on every OS. */
public enum TcpState implements SocketState {
    /** No connection: a fresh socket, or one whose connection is gone. */
    CLOSED,
    /** A passive socket waiting for connection requests (after listen). */
    LISTEN,
    /** SYN sent by connect, waiting for the SYN-ACK. */
    SYN_SENT,
    /** SYN received and SYN-ACK sent, waiting for the final ACK. */
    SYN_RECEIVED,
    /** Handshake done: data flows both ways. */
    ESTABLISHED,
    /** This side closed first and sent FIN; waiting for its ACK. */
    FIN_WAIT_1,
    /** Our FIN was acknowledged; waiting for the peer's FIN. */
    FIN_WAIT_2,
    /** The peer sent FIN (end of its data); we may still send until we close. */
    CLOSE_WAIT,
    /** Both sides sent FIN at once; waiting for the ACK of ours. */
    CLOSING,
    /** We closed after the peer did; waiting for the ACK of our FIN. */
    LAST_ACK,
    /** The active closer waits 2*MSL so stray segments die before the port pair is reused. */
    TIME_WAIT;

    /** The RFC name as written in the journal. */
    public String rfcName() {
        return name();
    }

    @Override
    public String journalName() {
        return rfcName();
    }

    /** The state a journal or kernel name names (an RFC name), if it is a TCP state (not UNBOUND, not a UDP state). */
    public static Optional<TcpState> named(String name) {
        for (TcpState t : values()) if (t.rfcName().equals(name)) return Optional.of(t);
        return Optional.empty();
    }
}
