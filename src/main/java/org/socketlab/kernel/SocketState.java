package org.socketlab.kernel;

/**
 * A socket's state as the kernel tells it: a TCP (or AF_UNIX stream) state, or a datagram socket's. Engine code
 * compares these; only the journal's JSON and the window's text hold their names.
 */
public sealed interface SocketState permits TcpState, DgramState {
    /** Its name in the journal (RFC 9293's for TCP). */
    String journalName();
}
