package org.socketlab.journal;

import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.SocketState;

/**
 * The journal's events read from the kernel's tables: a socket's state ({@code state}) and its queues ({@code queue}). Its records are {@link Payload}'s, named as {@code Payload.X} everywhere ({@link Payload} extends this
 * holder, and a member type is inherited).
 */
public interface KernelEvents {
    /**
     * The kernel's state of a socket changed ({@code source}: tcp_info, sock_diag, unix_diag, getsockname). TCP uses the
     * RFC 9293 names; UDP uses UNBOUND, BOUND and CONNECTED; AF_UNIX uses the names the kernel keeps for it (LISTEN,
     * ESTABLISHED, CLOSED). {@code timeWaitMs} is the time the kernel still keeps a connection that has just entered
     * TIME_WAIT, else null. The fd may already be closed: the connection outlives it, and a new socket may have taken
     * the number; {@code inode} (the kernel's socket inode, as in {@code /proc/self/fd} and {@code ss -e}) names the
     * socket for good. Null in journals written before it existed.
     */
    record State(int fd, String from, String to, String source, @Nullable Long timeWaitMs,
            @Nullable Long inode) implements Payload {
        public State(int fd, String from, String to, String source, @Nullable Long timeWaitMs) {
            this(fd, from, to, source, timeWaitMs, null);
        }
        public State(int fd, String from, String to, String source) {
            this(fd, from, to, source, null, null);
        }
        /** The state it left, for the engine to compare ({@link SocketState.Unknown} for a name no state has). */
        public SocketState fromState() {
            return SocketState.read(from);
        }
        /** The state it entered, for the engine to compare ({@link SocketState.Unknown} for a name no state has). */
        public SocketState toState() {
            return SocketState.read(to);
        }
        @Override
        public String type() {
            return "state";
        }
    }

    /**
     * Bytes waiting in a socket's queues; for a listener, {@code recvQ} is the accept-queue length. {@code inode} as in
     * {@link State}.
     */
    record Queue(int fd, long recvQ, long sendQ, @Nullable Long inode) implements Payload {
        public Queue(int fd, long recvQ, long sendQ) {
            this(fd, recvQ, sendQ, null);
        }
        @Override
        public String type() {
            return "queue";
        }
    }
}
