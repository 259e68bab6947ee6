package org.socketlab.check;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.RoomNetwork;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * One socket the check plays with, on the loopback of the network the program runs in: this program's own (not
 * contained) or the program's room's ({@link RoomNetwork}, whose endpoint makes the socket there). Its calls are
 * {@link Libc}'s, made here; every wait is a poll with a time limit, in slices short enough that {@link #close()} from
 * another thread (a run cut short) ends it soon. A failed call is a {@link CallFailed} with its errno
 * ({@link SocketTimeoutException} when a wait ran out).
 */
final class LabSocket implements AutoCloseable {
    /** Where sockets are made: this program's network, or a room's. */
    @FunctionalInterface
    interface Maker {
        SysResult socket(int domain, int type, int protocol);

        static Maker here(Libc libc) {
            return libc::socket;
        }

        static Maker in(RoomNetwork room) {
            return room::socket;
        }
    }

    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    /** The longest single wait, so that a close from another thread is seen soon. */
    private static final int SLICE_MS = 100;
    /** The most bytes one send or recv moves. */
    static final int CHUNK = 64 * 1024;

    private final Libc libc;
    private final PlatformConstants c;
    private int fd;
    private int users;
    private boolean closed;

    private LabSocket(Libc libc, int fd) {
        this.libc = libc;
        this.c = libc.constants();
        this.fd = fd;
    }

    /** A TCP socket; {@code receiveBuffer} > 0 sets SO_RCVBUF before it connects (the window it offers). */
    static LabSocket tcp(Libc libc, Maker maker, int receiveBuffer) throws IOException {
        LabSocket s = made(libc, maker, libc.constants().sockStream());
        if (receiveBuffer > 0) {
            SysResult set = libc.setsockoptInt(s.fd, s.c.solSocket(), s.c.soRcvBuf(), receiveBuffer);
            if (set.failed()) {
                s.close();
                throw s.failure(SysCall.SETSOCKOPT, set.errno());
            }
        }
        return s;
    }

    /** A UDP socket. */
    static LabSocket udp(Libc libc, Maker maker) throws IOException {
        return made(libc, maker, libc.constants().sockDgram());
    }

    private static LabSocket made(Libc libc, Maker maker, int type) throws IOException {
        PlatformConstants c = libc.constants();
        SysResult r = maker.socket(c.afInet(), type | c.sockCloexec(), 0);
        if (r.failed()) throw new CallFailed(SysCall.SOCKET, libc.errnos().name(r.errno()));
        LabSocket s = new LabSocket(libc, (int) r.value());
        SysResult nonBlocking = libc.fcntl(s.fd, c.fSetFl(), c.oNonBlock());
        if (nonBlocking.failed()) {
            s.close();
            throw new CallFailed(SysCall.FCNTL, libc.errnos().name(nonBlocking.errno()));
        }
        return s;
    }

    static SockAddr loopback(int port) {
        return new SockAddr.Inet4(LOOPBACK, port);
    }

    /** connect() to the loopback's {@code port}, waiting at most {@code timeoutMs}; then TCP_NODELAY for a stream. */
    void connect(int port, int timeoutMs) throws IOException {
        int f = enter();
        try {
            SysResult r = libc.connect(f, loopback(port));
            if (r.failed() && errno(r.errno()) != Errno.EINPROGRESS) throw failure(SysCall.CONNECT, r.errno());
            if (r.failed()) {
                waitFor(f, c.pollOut(), timeoutMs, SysCall.CONNECT);
                Libc.ReceiveResult error = libc.getsockopt(f, c.solSocket(), c.soError(), 4);
                int errno = error.data().length == 4
                        ? ByteBuffer.wrap(error.data()).order(ByteOrder.nativeOrder()).getInt()
                        : 0;
                if (errno != 0) throw failure(SysCall.CONNECT, errno);
            }
            libc.setsockoptInt(f, c.ipprotoTcp(), c.options().tcpNoDelay(), 1);
        } finally {
            leave();
        }
    }

    /** bind() to the loopback's {@code port} (0: one the kernel picks), SO_REUSEADDR with {@code reuse}. */
    void bind(int port, boolean reuse) throws IOException {
        int f = enter();
        try {
            if (reuse) libc.setsockoptInt(f, c.solSocket(), c.soReuseAddr(), 1);
            SysResult r = libc.bind(f, loopback(port));
            if (r.failed()) throw failure(SysCall.BIND, r.errno());
        } finally {
            leave();
        }
    }

    void listen(int backlog) throws IOException {
        int f = enter();
        try {
            SysResult r = libc.listen(f, backlog);
            if (r.failed()) throw failure(SysCall.LISTEN, r.errno());
        } finally {
            leave();
        }
    }

    /** accept(), waiting at most {@code timeoutMs} ({@link SocketTimeoutException} then): the new connection. */
    LabSocket accept(int timeoutMs) throws IOException {
        int f = enter();
        try {
            long until = deadline(timeoutMs);
            while (true) {
                Libc.AddressResult a = libc.accept(f);
                if (!a.result().failed()) {
                    LabSocket s = new LabSocket(libc, (int) a.result().value());
                    libc.setsockoptInt(s.fd, c.ipprotoTcp(), c.options().tcpNoDelay(), 1);
                    return s;
                }
                if (!again(a.result().errno())) throw failure(SysCall.ACCEPT, a.result().errno());
                waitFor(f, c.pollIn(), left(until), SysCall.ACCEPT);
            }
        } finally {
            leave();
        }
    }

    /**
     * Reads at most {@code len} bytes into {@code into} at {@code off}: the count, -1 at the end of the stream;
     * {@link SocketTimeoutException} when nothing came within {@code timeoutMs}.
     */
    int read(byte[] into, int off, int len, int timeoutMs) throws IOException {
        int f = enter();
        try {
            long until = deadline(timeoutMs);
            while (true) {
                Libc.ReceiveResult r = libc.recv(f, Math.min(len, CHUNK), c.msgDontWait());
                if (!r.result().failed()) {
                    int n = (int) r.result().value();
                    if (n == 0) return len == 0 ? 0 : -1;
                    System.arraycopy(r.data(), 0, into, off, n);
                    return n;
                }
                if (!again(r.result().errno())) throw failure(SysCall.RECV, r.result().errno());
                waitFor(f, c.pollIn(), left(until), SysCall.RECV);
            }
        } finally {
            leave();
        }
    }

    /** Sends all of {@code bytes[off, off + len)}, as long as it takes (a peer that does not read holds it there). */
    void write(byte[] bytes, int off, int len) throws IOException {
        int f = enter();
        try {
            int done = 0;
            while (done < len) {
                int n = Math.min(CHUNK, len - done);
                byte[] piece = off + done == 0 && n == bytes.length
                        ? bytes
                        : Arrays.copyOfRange(bytes, off + done, off + done + n);
                SysResult r = libc.send(f, piece, c.msgDontWait() | c.msgNoSignal());
                if (!r.failed()) {
                    done += (int) r.value();
                    continue;
                }
                if (!again(r.errno())) throw failure(SysCall.SEND, r.errno());
                waitFor(f, c.pollOut(), -1, SysCall.SEND);
            }
        } finally {
            leave();
        }
    }

    /** A datagram and who sent it. */
    record Datagram(byte[] data, @Nullable SockAddr from) {
    }

    /** recvfrom(), waiting at most {@code timeoutMs} ({@link SocketTimeoutException} then). */
    Datagram receive(int timeoutMs) throws IOException {
        int f = enter();
        try {
            long until = deadline(timeoutMs);
            while (true) {
                Libc.ReceiveResult r = libc.recvfrom(f, 65_536, c.msgDontWait());
                if (!r.result().failed())
                    return new Datagram(Arrays.copyOf(r.data(), (int) r.result().value()), r.from());
                if (!again(r.result().errno())) throw failure(SysCall.RECVFROM, r.result().errno());
                waitFor(f, c.pollIn(), left(until), SysCall.RECVFROM);
            }
        } finally {
            leave();
        }
    }

    /** sendto() of one datagram ({@code to} null: the connected peer). */
    void send(byte[] data, @Nullable SockAddr to) throws IOException {
        int f = enter();
        try {
            SysResult r = libc.sendto(f, data, c.msgNoSignal(), to);
            if (r.failed()) throw failure(SysCall.SENDTO, r.errno());
        } finally {
            leave();
        }
    }

    /** shutdown(SHUT_WR): the peer reads the end of the stream. */
    void shutdownOutput() throws IOException {
        int f = enter();
        try {
            SysResult r = libc.shutdown(f, c.shutWr());
            if (r.failed()) throw failure(SysCall.SHUTDOWN, r.errno());
        } finally {
            leave();
        }
    }

    /** SO_LINGER 0: the close that follows sends a reset (RST), not a FIN. */
    void lingerZero() throws IOException {
        int f = enter();
        try {
            libc.setLinger(f, true, 0);
        } finally {
            leave();
        }
    }

    /** The local port ({@code getsockname}), 0 when unknown. */
    int localPort() {
        try {
            int f = enter();
            try {
                Libc.AddressResult a = libc.getsockname(f);
                return a.address() instanceof SockAddr.Inet4 in ? in.port() : 0;
            } finally {
                leave();
            }
        } catch (IOException closedAlready) {
            return 0;
        }
    }

    /**
     * Closes it; a call of another thread still waiting on it is woken (shutdown) and the descriptor closed when that
     * call returns, never while it may still use the number.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (users > 0) {
                libc.shutdown(fd, c.shutRdWr());
                return;
            }
            libc.close(fd);
            fd = -1;
        }
    }

    private synchronized int enter() throws IOException {
        if (closed) throw new SocketException(SysCall.CLOSE.journalName);
        users++;
        return fd;
    }

    private synchronized void leave() {
        if (--users == 0 && closed && fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Waits for {@code events} at most {@code timeoutMs} (-1: as long as the socket is open), in slices. */
    private void waitFor(int f, short events, long timeoutMs, SysCall call) throws IOException {
        long until = timeoutMs < 0 ? Long.MAX_VALUE : deadline(timeoutMs);
        while (true) {
            if (isClosed()) throw new SocketException(call.journalName);
            long left = timeoutMs < 0 ? SLICE_MS : left(until);
            if (left <= 0) throw new SocketTimeoutException(call.journalName);
            Libc.PollResult p = libc.poll(f, events, (int) Math.min(SLICE_MS, left));
            if (p.result().failed() && errno(p.result().errno()) != Errno.EINTR)
                throw failure(SysCall.POLL, p.result().errno());
            if (p.result().value() > 0) return;
        }
    }

    private static long deadline(long timeoutMs) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    private static long left(long until) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
    }

    private boolean again(int errno) {
        Errno e = errno(errno);
        return e != null && (e.wouldBlock() || e == Errno.EINTR);
    }

    private @Nullable Errno errno(int number) {
        return Errno.named(libc.errnos().name(number));
    }

    /** A call that failed: which, and its errno ({@link LabSide#code} tells a refusal and a reset by it). */
    static final class CallFailed extends SocketException {
        private final transient @Nullable Errno errno;

        CallFailed(SysCall call, String errnoName) {
            super(call.journalName + ": " + errnoName);
            this.errno = Errno.named(errnoName);
        }

        @Nullable
        Errno errno() {
            return errno;
        }
    }

    private IOException failure(SysCall call, int errno) {
        return new CallFailed(call, libc.errnos().name(errno));
    }
}
