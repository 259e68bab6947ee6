package org.socketlab.lab;

import static org.socketlab.lab.WireAddresses.port;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;

/**
 * Why a bind() got EADDRINUSE, said from what the kernel holds at that moment (window review picture 12, the newcomer's
 * trap): a server restarted after it was killed holding a connection cannot bind its port while that connection, held by
 * no process now, is still closing (FIN_WAIT_2, then TIME_WAIT): the errno's words alone did not say which socket, and
 * the new listen() went on, on a port of the kernel's choice. The lab's note names the socket that holds the port, its
 * state, whether a process still has it, and what SO_REUSEADDR would change.
 */
final class PortInUse {
    private PortInUse() {
    }

    /** The note for a bind of {@code boundInode} to {@code port} that failed EADDRINUSE; empty when no socket followed holds it. */
    static Optional<Payload.Note> note(List<TrackedSocket> followed, long boundInode, int port) {
        if (port == 0) return Optional.empty();
        TrackedSocket holder = null;
        for (TrackedSocket t : followed) {
            if (t.inode == boundInode || !t.tcp || t.local == null || port(t.local) != port
                    || t.state == TcpState.CLOSED)
                continue;
            // A listener is the stronger reason: SO_REUSEADDR does not let a second one bind.
            if (holder == null || t.state == TcpState.LISTEN) holder = t;
        }
        if (holder == null) return Optional.empty();
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) text.put(lang.code(), said(holder, port, Messages.of(lang)));
        return Optional.of(new Payload.Note(text));
    }

    private static String said(TrackedSocket holder, int port, Messages m) {
        String who = Names.endpoint(holder.endpoint, m), fd = String.valueOf(holder.fd);
        String state = holder.state.journalName();
        if (holder.state == TcpState.LISTEN) return m.get("lab.portInUse.listener", String.valueOf(port), who, fd);
        return m.get(holder.open ? "lab.portInUse.connection" : "lab.portInUse.formerConnection", String.valueOf(port),
                who, fd, state);
    }

    /** Every socket the observer follows: open ones, closed connections still in the kernel, those in TIME_WAIT. */
    static List<TrackedSocket> followed(Iterable<TrackedSocket> tracked, Iterable<TrackedSocket> timeWaits) {
        List<TrackedSocket> all = new ArrayList<>();
        tracked.forEach(all::add);
        timeWaits.forEach(all::add);
        return all;
    }
}
