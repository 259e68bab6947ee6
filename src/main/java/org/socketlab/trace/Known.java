package org.socketlab.trace;

import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.SocketState;
import org.socketlab.syscall.SockAddr;

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

    /**
     * The inode of this TCP connection, found by the address pair strace printed ({@code -yy} prints no inode for a
     * connected socket) as the kernel has it now, else -1. The socket itself, whoever holds it under whatever number:
     * its line may be read after its fd was closed and the number taken again (dup-leak.c's accepts, a dup kept),
     * when /proc/PID/fd names the newer socket. The kernel gives none once every holder closed it (0) or it is gone.
     */
    long connectionInode(@Nullable SockDiag diag) {
        if (diag == null || !tcp() || local == null || peer == null) return -1;
        SockAddr l = ProcSockets.address(local), p = ProcSockets.address(peer);
        if (l == null || p == null) return -1;
        return diag.lookupTcp(l, p).map(SockDiag.Answer::inode).filter(inode -> inode > 0).orElse(-1L);
    }
}
