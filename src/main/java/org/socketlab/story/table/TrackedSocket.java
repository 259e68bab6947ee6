package org.socketlab.story.table;

import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;

/** A socket as the journal tells it; mutable inside the tracker, handed out as {@link SocketRow} snapshots. */
final class TrackedSocket {
    final long id;
    /** Who holds it now: a hand-over ({@code Lab.handOver}) moves it to another endpoint. */
    String endpoint;
    final int fd;
    final SocketTracker.Kind kind;
    final @Nullable String domain;
    /** The local address when known; {@code null} while the socket has none. */
    @Nullable
    String local;
    /** The kernel gave it an address (connect, listen, sendto) that no call has told us. */
    boolean localAssignedUnknown;
    @Nullable
    String peer;
    /** Where an unconnected datagram socket last sent to: lets the receiver's {@code from} name its port. */
    @Nullable
    String lastSentTo;
    /** Null for a socket neither TCP nor UDP until the kernel tells its state (unix_diag). */
    @Nullable
    SocketState state;
    /** A state event told {@link #state}: until then it is the kernel's start, not a reading. */
    boolean stateTold;
    long recvQ, sendQ;
    boolean queuesKnown;
    boolean listener;
    /** Made by accept(): it came from a listener's queue (LISTEN, SYN_RECEIVED), not from connect(). */
    boolean accepted;
    boolean open = true;
    /** Journal time (monotonic ns) at which the kernel forgets a TIME_WAIT connection; null otherwise. */
    @Nullable
    Long timeWaitEndsNs;
    /** The kernel's inode of the socket, once its call or a state or queue event has told it; null before. */
    @Nullable
    Long inode;
    /** What TCP was last doing on its connection (the kernel's tcp_info); null until a reading names it. */
    Payload.@Nullable TcpInfo tcpInfo;

    TrackedSocket(long id, String endpoint, int fd, SocketTracker.Kind kind, @Nullable String domain) {
        this.id = id;
        this.endpoint = endpoint;
        this.fd = fd;
        this.kind = kind;
        this.domain = domain;
        this.state = kind.tcp() ? TcpState.CLOSED : kind.udp() ? DgramState.UNBOUND : null;
    }

    TrackedSocket copy() {
        TrackedSocket t = new TrackedSocket(id, endpoint, fd, kind, domain);
        t.local = local;
        t.localAssignedUnknown = localAssignedUnknown;
        t.peer = peer;
        t.lastSentTo = lastSentTo;
        t.state = state;
        t.stateTold = stateTold;
        t.recvQ = recvQ;
        t.sendQ = sendQ;
        t.queuesKnown = queuesKnown;
        t.listener = listener;
        t.accepted = accepted;
        t.open = open;
        t.timeWaitEndsNs = timeWaitEndsNs;
        t.inode = inode;
        t.tcpInfo = tcpInfo;
        return t;
    }

    SocketRow row(long nowNs) {
        Long left = timeWaitEndsNs == null ? null : Math.max(0, (timeWaitEndsNs - nowNs) / 1_000_000);
        String shownLocal = local != null ? local : localAssignedUnknown ? "?" : null;
        // The kernel's readers journal queues only when not empty: a TCP socket read (its state told) and never told
        // its queues has empty ones, not unknown ones (the clients' Recv-Q read "—" at 1920x1080, issue 57).
        boolean known = queuesKnown || kind.tcp() && stateTold;
        return new SocketRow(id, endpoint, fd, kind, shownLocal, peer, state, known ? recvQ : null,
                known ? sendQ : null, listener, open, left, inode,
                state == TcpState.LISTEN ? null : tcpInfo);
    }
}
