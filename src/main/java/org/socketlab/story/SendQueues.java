package org.socketlab.story;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * Which Send-Q readings are not bytes ({@link Beat.SendQueue}), from the story in order: the socket's last state told
 * before the reading (read or deduced), and whether its last connect() failed. A socket that never left CLOSED after a
 * failed connect() holds no data: Linux's tcp_disconnect() moves its sequence numbers on, and SIOCOUTQ counts them.
 * Which socket an event is about is {@link SocketIdentities}'s answer (a number is reused at once).
 */
final class SendQueues {
    private SendQueues() {
    }

    /** @param ids the sockets of the story's events, already appended */
    static Map<PlacedMoment, Beat.SendQueue> of(List<PlacedMoment> ordered, Set<PlacedMoment> former,
            Set<Long> listenerQueues, SocketIdentities ids) {
        Map<SocketIdentities.Socket, SocketState> state = new HashMap<>(); // its last state told
        Map<SocketIdentities.Socket, Boolean> refused = new HashMap<>(); // whether its last connect() failed
        Map<PlacedMoment, Beat.SendQueue> meaning = new HashMap<>();
        for (PlacedMoment i : ordered) {
            SocketIdentities.Socket socket = ids.socketOf(i.event);
            if (socket == null) continue;
            switch (i.event.payload()) {
                case Payload.Call c when i.moment != Beat.Moment.ENTRY && c.is(SysCall.CONNECT) ->
                    refused.put(socket, c.failed() && !stillConnecting(c.errnoName()));
                case Payload.State s when !former.contains(i) ->
                    state.put(socket, (i.deduced != null ? i.deduced : s).toState());
                case Payload.Queue q when q.sendQ() > 0 && !listenerQueues.contains(i.event.seq())
                        && !former.contains(i) -> {
                    SocketState now = state.get(socket);
                    if (refused.getOrDefault(socket, false) && (now == null || now == TcpState.CLOSED))
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
