package org.socketlab.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysResult;

/**
 * Asks Linux's sock_diag netlink interface about one TCP connection by its address pair, or one Unix-domain socket by
 * its inode. Unlike reading /proc/net/tcp, which walks the kernel's whole connection hash table (milliseconds), an
 * exact lookup costs a few microseconds, and it still finds connections whose fd is closed (FIN_WAIT_2, TIME_WAIT).
 * Linux only (linux/sock_diag.h, linux/inet_diag.h, linux/unix_diag.h).
 */
public final class SockDiag implements AutoCloseable {
    private static final int AF_NETLINK = 16, NETLINK_SOCK_DIAG = 4, SOCK_DIAG_BY_FAMILY = 20, NLMSG_ERROR = 2;
    private static final int NLM_F_REQUEST = 1, MSG_DONTWAIT = 0x40, IPPROTO_TCP = 6, TCP_CLOSE = 7;
    private static final int REQUEST_LENGTH = 16 + 56;
    /** idiag_ext's bit asking for struct tcp_info, and the attribute that carries it (linux/inet_diag.h). */
    private static final int INET_DIAG_INFO = 2, EXT_INFO = 1 << (INET_DIAG_INFO - 1);
    /** The connection's congestion control's name, asked beside its tcp_info ({@code INET_DIAG_CONG}, a C string). */
    private static final int INET_DIAG_CONG = 4, EXT_CONG = 1 << (INET_DIAG_CONG - 1);
    /** Offsets in struct tcp_info (linux/tcp.h), stable since they were added. */
    private static final int TCPI_RTO = 8, TCPI_SND_MSS = 16, TCPI_UNACKED = 24, TCPI_RTT = 68, TCPI_RTTVAR = 72,
            TCPI_SND_SSTHRESH = 76, TCPI_SND_CWND = 80, TCPI_TOTAL_RETRANS = 100, TCPI_NOTSENT_BYTES = 144,
            TCPI_SND_WND = 228, TCPI_MIN_LENGTH = 148;
    /** struct unix_diag_req after the netlink header; the reply's struct unix_diag_msg is 16 bytes, then attributes. */
    private static final int UNIX_REQUEST_LENGTH = 16 + 24, AF_UNIX = 1, UDIAG_SHOW_RQLEN = 0x10, UNIX_DIAG_RQLEN = 4;

    /** The kernel's answer: its state number, the time left on its timer (ms; TIME_WAIT's countdown) and its queues. */
    public record Answer(int state, int timer, long expiresMs, long recvQ, long sendQ, long inode) {
    }

    /**
     * A connection's {@code struct tcp_info} (linux/tcp.h), the figures the lab shows, and the send queue sock_diag
     * gives beside it.
     *
     * @param sendQ      bytes written and not acknowledged ({@code write_seq - snd_una})
     * @param notSent    of those, bytes not sent yet ({@code tcpi_notsent_bytes})
     * @param peerWindow the peer's window in bytes ({@code tcpi_snd_wnd}, Linux 5.4 on), -1 where the kernel's
     *                   tcp_info is too short to hold it
     * @param congestion the congestion control the connection uses ({@code reno}, {@code cubic}: INET_DIAG_CONG, what
     *                   TCP_CONGESTION would say); null where the kernel did not say it
     */
    public record TcpInfo(int state, long rttUs, long rttVarUs, long rtoUs, long sndCwnd, long sndSsthresh,
            long sndMss, long unacked, long totalRetrans, long sendQ, long notSent, long peerWindow,
            @Nullable String congestion) {
        /** The kernel's "no threshold yet" ({@code TCP_INFINITE_SSTHRESH}). */
        public static final long INFINITE_SSTHRESH = 0x7fffffffL;

        /** Bytes in flight: sent and not yet acknowledged ({@code snd_nxt - snd_una}). */
        public long inFlight() {
            return Math.max(0, sendQ - notSent);
        }
    }

    private final Libc libc;
    /** This namespace's sock_diag socket: {@link #NOT_MADE} until the first question, negative if refused or closed. */
    private int fd = NOT_MADE;
    private static final int NOT_MADE = Integer.MIN_VALUE;
    /** A sock_diag socket of another namespace (the second host's), or -1. */
    private int elsewhere = -1;
    private int sequence;

    /** Its socket is made at the first question: the window's lab is made before its first frame (issue 62). */
    public SockDiag(Libc libc) {
        this.libc = libc;
    }

    private int here() {
        if (fd == NOT_MADE) {
            PlatformConstants c = libc.constants();
            SysResult s = libc.socket(AF_NETLINK, c.sockDgram() | c.sockCloexec(), NETLINK_SOCK_DIAG);
            fd = (int) s.value();
        }
        return fd;
    }

    /**
     * Also looks in another network namespace, the lab's second host's, through {@code netlinkSocket} (a sock_diag
     * socket made there; owned by this from now on): a TCP connection not found here is looked for there. Negative:
     * no longer (the one held is closed).
     */
    public synchronized void alsoIn(int netlinkSocket) {
        if (elsewhere >= 0) libc.close(elsewhere);
        elsewhere = netlinkSocket;
    }

    /**
     * Looks only in another network namespace from now on, through {@code netlinkSocket} (a sock_diag socket made
     * there; owned by this from now on): a checked program's room, where none of this program's own sockets are.
     */
    public synchronized void onlyIn(int netlinkSocket) {
        if (fd >= 0) libc.close(fd);
        fd = netlinkSocket;
    }

    public synchronized boolean available() {
        return here() >= 0;
    }

    /** The TCP connection from {@code local} to {@code remote}, if the kernel still has it. */
    public synchronized Optional<Answer> lookupTcp(SockAddr local, SockAddr remote) {
        Optional<Answer> here = lookupTcp(here(), local, remote);
        return here.isPresent() || elsewhere < 0 ? here : lookupTcp(elsewhere, local, remote);
    }

    /**
     * Asked twice when the first answer is CLOSE or nothing: when a closed fd's connection leaves its full socket for a
     * small TIME_WAIT one (FIN_WAIT_1 to FIN_WAIT_2 too, on Linux), the kernel hashes the new one first, then marks the
     * old one CLOSE, unhashes and frees it; a question that raced that got the old one, or neither (12 to 50 in 2,000
     * closes with a question always in flight, TimeWaitRaceTest), and the journal said CLOSED for good. A question
     * begun after that one ended finds the new socket; a connection really gone answers nothing twice.
     */
    private Optional<Answer> lookupTcp(int fd, SockAddr local, SockAddr remote) {
        Optional<Answer> first = askTcp(fd, local, remote);
        return first.isPresent() && first.get().state() != TCP_CLOSE ? first : askTcp(fd, local, remote);
    }

    private Optional<Answer> askTcp(int fd, SockAddr local, SockAddr remote) {
        return ask(fd, local, remote, 0).map(msg -> {
            int at = 16;
            return new Answer(Byte.toUnsignedInt(msg.get(at + 1)), Byte.toUnsignedInt(msg.get(at + 2)),
                    Integer.toUnsignedLong(msg.getInt(at + 52)), Integer.toUnsignedLong(msg.getInt(at + 56)),
                    Integer.toUnsignedLong(msg.getInt(at + 60)), Integer.toUnsignedLong(msg.getInt(at + 68)));
        });
    }

    /**
     * The {@code tcp_info} of the TCP connection from {@code local} to {@code remote} (here, else in the other
     * namespace), if the kernel has it: one exact sock_diag request with INET_DIAG_INFO, a few microseconds, no
     * descriptor of the socket needed.
     */
    public synchronized Optional<TcpInfo> tcpInfo(SockAddr local, SockAddr remote) {
        Optional<TcpInfo> here = tcpInfo(here(), local, remote);
        return here.isPresent() || elsewhere < 0 ? here : tcpInfo(elsewhere, local, remote);
    }

    private Optional<TcpInfo> tcpInfo(int fd, SockAddr local, SockAddr remote) {
        return ask(fd, local, remote, EXT_INFO | EXT_CONG).flatMap(msg -> {
            int end = Math.min(msg.getInt(0), msg.limit());
            int infoAt = -1, infoSize = 0;
            String congestion = null;
            for (int at = 16 + 72; at + 4 <= end;) {
                int length = Short.toUnsignedInt(msg.getShort(at)), type = Short.toUnsignedInt(msg.getShort(at + 2));
                if (length < 4) break;
                int info = at + 4, size = Math.min(length - 4, end - info);
                if (type == INET_DIAG_INFO && size >= TCPI_MIN_LENGTH) {
                    infoAt = info;
                    infoSize = size;
                }
                if (type == INET_DIAG_CONG) congestion = cString(msg, info, size);
                at += (length + 3) & ~3;
            }
            if (infoAt < 0) return Optional.empty();
            int info = infoAt;
            return Optional.of(new TcpInfo(Byte.toUnsignedInt(msg.get(info)), u32(msg, info + TCPI_RTT),
                    u32(msg, info + TCPI_RTTVAR), u32(msg, info + TCPI_RTO), u32(msg, info + TCPI_SND_CWND),
                    u32(msg, info + TCPI_SND_SSTHRESH), u32(msg, info + TCPI_SND_MSS),
                    u32(msg, info + TCPI_UNACKED), u32(msg, info + TCPI_TOTAL_RETRANS),
                    Integer.toUnsignedLong(msg.getInt(16 + 60)), u32(msg, info + TCPI_NOTSENT_BYTES),
                    infoSize >= TCPI_SND_WND + 4 ? u32(msg, info + TCPI_SND_WND) : -1,
                    congestion));
        });
    }

    /** A NUL-terminated name of at most {@code size} bytes (the kernel's own, ASCII); null when empty. */
    private static @Nullable String cString(ByteBuffer b, int at, int size) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < size; i++) {
            byte c = b.get(at + i);
            if (c == 0) break;
            if (c < 0x21 || c > 0x7e) return null; // not a name the kernel gives
            name.append((char) c);
        }
        return name.isEmpty() ? null : name.toString();
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    /** One exact request for the connection; the reply (native order) when the kernel has that very connection. */
    private Optional<ByteBuffer> ask(int fd, SockAddr local, SockAddr remote, int extensions) {
        if (fd < 0) return Optional.empty();
        int family;
        byte[] src, dst;
        switch (local) {
            case SockAddr.Inet4 v4 when remote instanceof SockAddr.Inet4 r -> {
                family = libc.constants().afInet();
                src = v4.address();
                dst = r.address();
            }
            case SockAddr.Inet6 v6 when remote instanceof SockAddr.Inet6 r -> {
                family = libc.constants().afInet6();
                src = v6.address();
                dst = r.address();
            }
            default -> {
                return Optional.empty();
            }
        }
        ByteBuffer req = ByteBuffer.allocate(REQUEST_LENGTH).order(ByteOrder.nativeOrder());
        req.putInt(REQUEST_LENGTH).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) NLM_F_REQUEST)
                .putInt(++sequence).putInt(0);
        req.put((byte) family).put((byte) IPPROTO_TCP).put((byte) extensions).put((byte) 0).putInt(0xffffffff); // all states
        req.order(ByteOrder.BIG_ENDIAN).putShort((short) port(local)).putShort((short) port(remote));
        req.put(src).position(req.position() + 16 - src.length);
        req.put(dst).position(req.position() + 16 - dst.length);
        req.order(ByteOrder.nativeOrder()).putInt(0).putInt(-1).putInt(-1); // any interface; INET_DIAG_NOCOOKIE
        if (libc.send(fd, req.array(), 0).failed()) return Optional.empty();
        Libc.ReceiveResult r = libc.recv(fd, 8192, MSG_DONTWAIT);
        if (r.result().failed() || r.data().length < 16 + 72) return Optional.empty();
        ByteBuffer msg = ByteBuffer.wrap(r.data()).order(ByteOrder.nativeOrder());
        if (msg.getShort(4) == NLMSG_ERROR) return Optional.empty();
        // With no connection on that pair the kernel may answer with the listener on the local port: not ours.
        int answeredPeerPort = Short.toUnsignedInt(msg.order(ByteOrder.BIG_ENDIAN).getShort(16 + 6));
        msg.order(ByteOrder.nativeOrder());
        if (answeredPeerPort != port(remote)) return Optional.empty();
        return Optional.of(msg);
    }

    /**
     * The Unix-domain socket with this inode, if the kernel still has it: its state (the TCP numbers Linux reuses for
     * them: ESTABLISHED, LISTEN, CLOSE) and its queues as {@code ss -x} shows them (for a listener, the connections
     * waiting for accept() and the backlog; else the bytes waiting to be read, and the memory its sent, unread data
     * takes). The timer fields are 0: Unix sockets have none.
     */
    public synchronized Optional<Answer> lookupUnix(long inode) {
        int socket = here();
        if (socket < 0 || inode <= 0 || inode > 0xffffffffL) return Optional.empty();
        ByteBuffer req = ByteBuffer.allocate(UNIX_REQUEST_LENGTH).order(ByteOrder.nativeOrder());
        req.putInt(UNIX_REQUEST_LENGTH).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) NLM_F_REQUEST)
                .putInt(++sequence).putInt(0);
        req.put((byte) AF_UNIX).put((byte) 0).putShort((short) 0).putInt(0xffffffff) // any protocol, all states
                .putInt((int) inode).putInt(UDIAG_SHOW_RQLEN).putInt(-1).putInt(-1); // exact inode; no cookie check
        if (libc.send(socket, req.array(), 0).failed()) return Optional.empty();
        Libc.ReceiveResult r = libc.recv(socket, 8192, MSG_DONTWAIT);
        if (r.result().failed() || r.data().length < 16 + 16) return Optional.empty();
        ByteBuffer msg = ByteBuffer.wrap(r.data()).order(ByteOrder.nativeOrder());
        if (msg.getShort(4) == NLMSG_ERROR || Integer.toUnsignedLong(msg.getInt(16 + 4)) != inode)
            return Optional.empty();
        int state = Byte.toUnsignedInt(msg.get(16 + 2));
        long recvQ = 0, sendQ = 0;
        int end = Math.min(msg.getInt(0), r.data().length);
        for (int at = 16 + 16; at + 4 <= end;) {
            int length = Short.toUnsignedInt(msg.getShort(at)), type = Short.toUnsignedInt(msg.getShort(at + 2));
            if (length < 4) break;
            if (type == UNIX_DIAG_RQLEN && length >= 12) {
                recvQ = Integer.toUnsignedLong(msg.getInt(at + 4));
                sendQ = Integer.toUnsignedLong(msg.getInt(at + 8));
            }
            at += (length + 3) & ~3;
        }
        return Optional.of(new Answer(state, 0, 0, recvQ, sendQ, inode));
    }

    private static int port(SockAddr a) {
        return switch (a) {
            case SockAddr.Inet4 v4 -> v4.port();
            case SockAddr.Inet6 v6 -> v6.port();
            case SockAddr.Unix u -> 0;
        };
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) libc.close(fd);
        if (elsewhere >= 0) libc.close(elsewhere);
        fd = -1;
        elsewhere = -1;
    }
}
