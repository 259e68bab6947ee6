package org.socketlab.lab;

import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * What the kernel observer knows of one socket of the lab: read and written only under the {@link SocketTable}'s lock.
 */
final class TrackedSocket {
    /** The endpoint that owns the fd; changes when a socket is handed over. */
    String endpoint;
    final int fd;
    final long inode;
    final boolean tcp;
    /** AF_UNIX: read through unix_diag by inode; nothing of it is ever on a wire. */
    final boolean unix;
    SocketState state;
    long recvQ = 0, sendQ = 0;
    @Nullable
    SockAddr local, remote;
    /** Where the last connect went: names a socket's packets while the kernel has not told its port. */
    @Nullable
    SockAddr connectingTo;
    /**
     * When a failed connect's destination stops naming its packets ({@link System#nanoTime}; 0: while it lasts): the
     * refusal's RST may be captured after the call returned (on two machines it crosses the wire first).
     */
    long connectingUntilNs;
    boolean open = true, lingerZero;
    /** The last send's segments were not counted (Nagle may join them) and a mark says so. */
    boolean uncountedMarked;
    /** When a connection in TIME_WAIT is due to be looked up again. */
    long nextLookNs;
    /** The last tcp_info journaled for it (null: none yet), when it was read, and whether a segment since asks again. */
    Payload.@Nullable TcpInfo lastInfo;
    long lastInfoNs;
    boolean infoDue;
    /** The window field of the last captured segment its peer sent (unscaled), or null. */
    @Nullable
    Integer capturedPeerWindow;

    TrackedSocket(String endpoint, Endpoint.SocketInfo info) {
        this.endpoint = endpoint;
        this.fd = info.fd();
        this.inode = info.inode();
        this.unix = info.domain() == Domain.AF_UNIX;
        this.tcp = !unix && info.type() == SockType.SOCK_STREAM;
        this.state = tcp || unix ? TcpState.CLOSED : DgramState.UNBOUND;
    }

    /** The other end: where it is connected, else (TCP) where its connect went; null for an unconnected socket. */
    @Nullable
    SockAddr peer() {
        if (remote != null) return remote;
        if (!tcp || connectingUntilNs != 0 && System.nanoTime() - connectingUntilNs > 0) return null;
        return connectingTo;
    }
}
