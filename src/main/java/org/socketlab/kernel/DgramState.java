package org.socketlab.kernel;

/**
 * A datagram socket's state, which no kernel table keeps: it follows from its addresses (getsockname, getpeername). A
 * closed one is {@link TcpState#CLOSED}, as every closed socket is.
 */
public enum DgramState implements SocketState {
    /** No local address yet. */
    UNBOUND,
    /** A local address (bind, or the kernel chose one at the first send). */
    BOUND,
    /** A default peer (connect): send without an address, and only its datagrams arrive. */
    CONNECTED;

    @Override
    public String journalName() {
        return name();
    }
}
