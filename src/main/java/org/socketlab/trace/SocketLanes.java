package org.socketlab.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * On whose lane a socket of the traced program is drawn when several processes hold it (issue 39: a forking server's
 * parent and child): the rule the capture and the state readings of {@link TracedSockets} both follow.
 */
final class SocketLanes {
    private SocketLanes() {
    }

    /**
     * Each socket's lane (issue 39): its segments and states are drawn on the lane of the process that last acted on it.
     * Of the processes still holding it, the one whose call on it came last (a child that has not acted yet shares its
     * parent's last act, and the newer holder takes a tie: a forking server's child serves the connection); when none
     * holds it any more, the last to close it (its close is the one that sent the FIN).
     */
    static Map<String, Known> of(Collection<Known> open, List<Known> closed) {
        Map<String, Known> lanes = new HashMap<>();
        for (Known k : open) {
            String c = Known.connection(k);
            if (c != null)
                lanes.merge(c, k, (a, b) -> b.acted > a.acted || b.acted == a.acted && b.since > a.since ? b : a);
        }
        for (Known k : closed) {
            String c = Known.connection(k);
            if (c == null) continue;
            Known lane = lanes.get(c);
            if (lane == null || !lane.open && k.closedAtNs >= lane.closedAtNs) lanes.put(c, k);
        }
        return lanes;
    }

    /** The holders of each socket, by its connection: whom its lane's readings are shared with. */
    static Map<String, List<Known>> holders(Collection<Known> open, List<Known> closed) {
        Map<String, List<Known>> holders = new HashMap<>();
        for (Known k : (Iterable<Known>) Stream.concat(open.stream(), closed.stream())::iterator) {
            String c = Known.connection(k);
            if (c != null) holders.computeIfAbsent(c, x -> new ArrayList<>()).add(k);
        }
        return holders;
    }

    /** The state and queues the lane of a socket read, copied to its other holders (one of them leads next). */
    static void share(Known lane, List<Known> holders) {
        for (Known k : holders) {
            if (k == lane) continue;
            k.state = lane.state;
            k.recvQ = lane.recvQ;
            k.sendQ = lane.sendQ;
        }
    }

}
