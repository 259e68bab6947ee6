package org.socketlab.kernel;

import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysResult;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Asks Linux's sock_diag netlink interface about one TCP connection by its address pair. Unlike reading
 * /proc/net/tcp, which walks the kernel's whole connection hash table (milliseconds), an exact lookup costs a few
 * microseconds, and it still finds connections whose fd is closed (FIN_WAIT_2, TIME_WAIT).
 * Linux only (linux/sock_diag.h, linux/inet_diag.h).
 */
public final class SockDiag implements AutoCloseable {
    private static final int AF_NETLINK = 16, NETLINK_SOCK_DIAG = 4, SOCK_DIAG_BY_FAMILY = 20, NLMSG_ERROR = 2;
    private static final int NLM_F_REQUEST = 1, MSG_DONTWAIT = 0x40, IPPROTO_TCP = 6;
    private static final int REQUEST_LENGTH = 16 + 56;

    /** The kernel's answer: its state number, the time left on its timer (ms; TIME_WAIT's countdown) and its queues. */
    public record Answer(int state, int timer, long expiresMs, long recvQ, long sendQ, long inode) {}

    private final Libc libc;
    private int fd;
    private int sequence;

    public SockDiag(Libc libc) {
        this.libc = libc;
        SysResult s = libc.socket(AF_NETLINK, libc.constants().sockDgram(), NETLINK_SOCK_DIAG);
        this.fd = (int) s.value();
    }

    public synchronized boolean available() {
        return fd >= 0;
    }

    /** The TCP connection from {@code local} to {@code remote}, if the kernel still has it. */
    public synchronized Optional<Answer> lookupTcp(SockAddr local, SockAddr remote) {
        if (fd < 0) return Optional.empty();
        int family;
        byte[] src, dst;
        switch (local) {
            case SockAddr.Inet4 v4 when remote instanceof SockAddr.Inet4 r -> { family = libc.constants().afInet(); src = v4.address(); dst = r.address(); }
            case SockAddr.Inet6 v6 when remote instanceof SockAddr.Inet6 r -> { family = libc.constants().afInet6(); src = v6.address(); dst = r.address(); }
            default -> { return Optional.empty(); }
        }
        ByteBuffer req = ByteBuffer.allocate(REQUEST_LENGTH).order(ByteOrder.nativeOrder());
        req.putInt(REQUEST_LENGTH).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) NLM_F_REQUEST).putInt(++sequence).putInt(0);
        req.put((byte) family).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0).putInt(0xffffffff); // all states
        req.order(ByteOrder.BIG_ENDIAN).putShort((short) port(local)).putShort((short) port(remote));
        req.put(src).position(req.position() + 16 - src.length);
        req.put(dst).position(req.position() + 16 - dst.length);
        req.order(ByteOrder.nativeOrder()).putInt(0).putInt(-1).putInt(-1); // any interface; INET_DIAG_NOCOOKIE
        if (libc.send(fd, req.array(), 0).failed()) return Optional.empty();
        Libc.ReceiveResult r = libc.recv(fd, 8192, MSG_DONTWAIT);
        if (r.result().failed() || r.data().length < 16 + 72) return Optional.empty();
        ByteBuffer msg = ByteBuffer.wrap(r.data()).order(ByteOrder.nativeOrder());
        if (msg.getShort(4) == NLMSG_ERROR) return Optional.empty();
        int at = 16;
        // With no connection on that pair the kernel may answer with the listener on the local port: not ours.
        int answeredPeerPort = Short.toUnsignedInt(msg.order(ByteOrder.BIG_ENDIAN).getShort(at + 6));
        msg.order(ByteOrder.nativeOrder());
        if (answeredPeerPort != port(remote)) return Optional.empty();
        return Optional.of(new Answer(Byte.toUnsignedInt(msg.get(at + 1)), Byte.toUnsignedInt(msg.get(at + 2)),
                Integer.toUnsignedLong(msg.getInt(at + 52)), Integer.toUnsignedLong(msg.getInt(at + 56)),
                Integer.toUnsignedLong(msg.getInt(at + 60)), Integer.toUnsignedLong(msg.getInt(at + 68))));
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
        fd = -1;
    }
}
