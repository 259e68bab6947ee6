package org.socketlab.journal;

import java.util.Objects;
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

    /**
     * What TCP is doing on a connection, from the kernel's {@code tcp_info} read through sock_diag (INET_DIAG_INFO)
     * just after a captured segment of it (at most every 5 ms a socket; journaled only when a figure changed).
     *
     * @param rttUs          the smoothed round-trip time (µs); 0 before any was measured
     * @param rttVarUs       its variation (µs)
     * @param rtoUs          the retransmission timeout now (µs)
     * @param sndCwnd        the congestion window, in segments
     * @param sndSsthresh    the slow-start threshold in segments; null while it is still "infinite"
     * @param sndMss         the segment size it sends (bytes of data)
     * @param inFlight       bytes sent and not yet acknowledged (the kernel's send queue less what it has not sent)
     * @param unacked        segments sent and not yet acknowledged
     * @param peerWindow     the peer's receive window in bytes, scaled ({@code tcpi_snd_wnd}); where the kernel does
     *                       not say it, the window field of the last captured segment from the peer (unscaled); null
     *                       when neither is known
     * @param peerWindowFrom {@code tcp_info} or {@code captured}: where {@code peerWindow} came from
     * @param retransmitted  segments it sent again so far ({@code tcpi_total_retrans})
     * @param congestion     the congestion control the connection uses ({@code reno}, {@code cubic}), as the kernel
     *                       names it (sock_diag's INET_DIAG_CONG); null where it did not say, and in older journals
     */
    record TcpInfo(int fd, @Nullable Long inode, long rttUs, long rttVarUs, long rtoUs, long sndCwnd,
            @Nullable Long sndSsthresh, long sndMss, long inFlight, long unacked, @Nullable Long peerWindow,
            String peerWindowFrom, long retransmitted, @Nullable String congestion) implements Payload {
        public static final String FROM_TCP_INFO = "tcp_info", FROM_CAPTURE = "captured";
        /** A reading without the congestion control's name (an older journal's). */
        public TcpInfo(int fd, @Nullable Long inode, long rttUs, long rttVarUs, long rtoUs, long sndCwnd,
                @Nullable Long sndSsthresh, long sndMss, long inFlight, long unacked, @Nullable Long peerWindow,
                String peerWindowFrom, long retransmitted) {
            this(fd, inode, rttUs, rttVarUs, rtoUs, sndCwnd, sndSsthresh, sndMss, inFlight, unacked, peerWindow,
                    peerWindowFrom, retransmitted, null);
        }
        /** The same figures (what a new reading is compared with: nothing else changed, nothing is journaled). */
        public boolean sameFigures(TcpInfo o) {
            return rttUs == o.rttUs && rttVarUs == o.rttVarUs && rtoUs == o.rtoUs && sndCwnd == o.sndCwnd
                    && Objects.equals(sndSsthresh, o.sndSsthresh) && sndMss == o.sndMss
                    && inFlight == o.inFlight && unacked == o.unacked && Objects.equals(peerWindow, o.peerWindow)
                    && retransmitted == o.retransmitted && Objects.equals(congestion, o.congestion);
        }
        @Override
        public String type() {
            return "tcp_info";
        }
    }
}
