package org.socketlab.kernel;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A socket's state as the kernel tells it: a TCP (or AF_UNIX stream) state, or a datagram socket's. Engine code
 * compares these; only the journal's JSON and the window's text hold their names.
 */
public sealed interface SocketState permits TcpState, DgramState, SocketState.Unknown {
    /** Its name in the journal (RFC 9293's for TCP). */
    String journalName();

    /**
     * A name in a journal that no state of this SocketLab has (a newer one's, a hand-edited file): the journal's format
     * takes any name, so it is kept and shown as written, and equals no known state.
     */
    record Unknown(String journalName) implements SocketState {
    }

    /** The state a journal's name names, or the name kept as an {@link Unknown} one. */
    static SocketState read(String name) {
        return named(name).orElseGet(() -> new Unknown(name));
    }

    /** The state a journal's name names (no name is both a TCP and a datagram state), if any. */
    static Optional<SocketState> named(@Nullable String name) {
        if (name == null) return Optional.empty();
        for (TcpState t : TcpState.values()) if (t.journalName().equals(name)) return Optional.of(t);
        for (DgramState d : DgramState.values()) if (d.journalName().equals(name)) return Optional.of(d);
        return Optional.empty();
    }
}
