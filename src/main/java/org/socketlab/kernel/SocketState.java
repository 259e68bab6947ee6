package org.socketlab.kernel;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A socket's state as the kernel tells it: a TCP (or AF_UNIX stream) state, or a datagram socket's. Engine code
 * compares these; only the journal's JSON and the window's text hold their names.
 */
public sealed interface SocketState permits TcpState, DgramState {
    /** Its name in the journal (RFC 9293's for TCP). */
    String journalName();

    /** The state a journal's name names (no name is both a TCP and a datagram state), if any. */
    static Optional<SocketState> named(@Nullable String name) {
        if (name == null) return Optional.empty();
        for (TcpState t : TcpState.values()) if (t.journalName().equals(name)) return Optional.of(t);
        for (DgramState d : DgramState.values()) if (d.journalName().equals(name)) return Optional.of(d);
        return Optional.empty();
    }
}
