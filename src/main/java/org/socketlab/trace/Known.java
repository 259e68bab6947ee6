package org.socketlab.trace;

import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.SocketState;

/**
 * One socket of the traced program as one process holds it, at one fd ({@link TracedSockets}): a forked child's copy is
 * a Known of its own, naming the same socket (inode, addresses).
 */
final class Known {
    String endpoint;
    final int pid;
    int fd;
    long inode = -1;
    @Nullable
    String kind;
    @Nullable
    String local, peer;
    boolean listening, open = true;
    /** Null until first read. */
    @Nullable
    SocketState state;
    long recvQ = -1, sendQ = -1;
    long closedAtNs;
    /** When (in record order) this process last acted on the socket; a forked child's copy starts with its parent's. */
    long acted;
    /** When (in record order) this process began to hold the socket: of two that acted last, the newer holder leads. */
    long since;
    /** A forked child's copy it has not used yet: an exec may have closed it (close-on-exec) without a word. */
    boolean copied;

    Known(String endpoint, int pid, int fd) {
        this.endpoint = endpoint;
        this.pid = pid;
        this.fd = fd;
    }

    boolean tcp() {
        return kind != null && kind.startsWith("TCP");
    }

    boolean udp() {
        return kind != null && kind.startsWith("UDP");
    }

    boolean unix() {
        return kind != null && kind.startsWith("UNIX");
    }

    /**
     * What names one socket for good: its TCP address pair (a child that ended before its inode was read has no
     * inode), else its inode.
     */
    static @Nullable String connection(Known k) {
        if (k.tcp() && k.local != null && k.peer != null) return k.local + "->" + k.peer;
        return k.inode > 0 ? "inode " + k.inode : null;
    }
}
