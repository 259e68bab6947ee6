package org.socketlab.story;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * Which Send-Q readings are not bytes ({@link Beat.SendQueue}), from the story in order: the socket's last state told
 * before the reading (read or deduced), and whether its last connect() failed. A socket that never left CLOSED after a
 * failed connect() holds no data: Linux's tcp_disconnect() moves its sequence numbers on, and SIOCOUTQ counts them.
 */
final class SendQueues {
    private SendQueues() {
    }

    static Map<PlacedMoment, Beat.SendQueue> of(List<PlacedMoment> ordered, Set<PlacedMoment> former,
            Set<Long> listenerQueues) {
        Map<String, SocketState> state = new HashMap<>(); // endpoint/fd to its socket's last state told
        Map<String, Boolean> refused = new HashMap<>(); // endpoint/fd to whether its last connect() failed
        Map<PlacedMoment, Beat.SendQueue> meaning = new HashMap<>();
        for (PlacedMoment i : ordered) {
            String endpoint = i.event.endpoint();
            switch (i.event.payload()) {
                case Payload.Call c when i.moment != Beat.Moment.ENTRY -> {
                    for (int made : c.madeFds()) {
                        state.remove(EndpointFd.key(endpoint, made));
                        refused.remove(EndpointFd.key(endpoint, made));
                    }
                    if (c.is(SysCall.CONNECT) && c.fd() != null)
                        refused.put(EndpointFd.key(endpoint, c.fd()), c.failed() && !stillConnecting(c.errnoName()));
                }
                case Payload.State s when !former.contains(i) -> state.put(EndpointFd.key(endpoint, s.fd()),
                        (i.deduced != null ? i.deduced : s).toState());
                case Payload.Queue q when q.sendQ() > 0 && !listenerQueues.contains(i.event.seq())
                        && !former.contains(i) -> {
                    String key = EndpointFd.key(endpoint, q.fd());
                    SocketState now = state.get(key);
                    if (refused.getOrDefault(key, false) && (now == null || now == TcpState.CLOSED))
                        meaning.put(i, Beat.SendQueue.NEVER_CONNECTED);
                    else
                        if (now == TcpState.CLOSED) meaning.put(i, Beat.SendQueue.CONNECTION_GONE);
                }
                default -> {
                }
            }
        }
        return meaning;
    }

    /** A non-blocking connect's answers while the handshake goes on: not a failure of the connection. */
    private static boolean stillConnecting(@Nullable String errno) {
        Errno e = Errno.named(errno);
        return e != null && (e.connectUnderway() || e == Errno.EISCONN || e == Errno.EINTR);
    }
}
