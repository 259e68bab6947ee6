package org.socketlab.lab;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * A socket bound on loopback to check a port ({@link FreePort}), as a lesson's bind() takes it: without SO_REUSEADDR
 * (Java sets it by default), so a port whose earlier connections wait in TIME_WAIT is refused here as it would be there.
 * <p>
 * On Linux it is made close-on-exec ({@code SOCK_CLOEXEC}), through the C library: Java's sockets are inherited by a
 * process started at that moment from any thread (a lab starts its endpoint processes in the background), and such a
 * process held the checked port until it closed its inherited descriptors: the lesson's bind() of the port just
 * handed out got EADDRINUSE (whole runs, 2026-11-26; {@code PortCheckInheritanceTest}). {@link FreePort} opens them
 * while no program of this one starts ({@code syscall/ProcessStarts}); close-on-exec, a program started another way
 * (a library's) drops its copy at its exec. Elsewhere no endpoint process is started, and Java's sockets do.
 */
final class PortCheckSocket implements AutoCloseable {
    private static final @Nullable Libc LIBC = Os.current() == Os.LINUX ? Libc.forThisMachine() : null;
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final int fd;
    private final @Nullable Closeable java;
    private final int port;

    private PortCheckSocket(int fd, @Nullable Closeable java, int port) {
        this.fd = fd;
        this.java = java;
        this.port = port;
    }

    /** A TCP socket bound to {@code port} (0: one the kernel chooses), or why not. */
    static PortCheckSocket tcp(int port) throws IOException {
        if (LIBC != null) return bound(LIBC, LIBC.constants().sockStream(), port);
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return new PortCheckSocket(-1, s, s.getLocalPort());
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A UDP socket bound to {@code port}, or why not. */
    static PortCheckSocket udp(int port) throws IOException {
        if (LIBC != null) return bound(LIBC, LIBC.constants().sockDgram(), port);
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new PortCheckSocket(-1, s, s.getLocalPort());
    }

    private static PortCheckSocket bound(Libc libc, int type, int port) throws IOException {
        PlatformConstants c = libc.constants();
        SysResult made = libc.socket(c.afInet(), type | c.sockCloexec(), 0);
        if (made.failed()) throw refused(libc, SysCall.SOCKET.journalName, port, made);
        int fd = (int) made.value();
        SysResult bound = libc.bind(fd, new SockAddr.Inet4(LOOPBACK, port));
        if (bound.failed()) {
            libc.close(fd);
            throw refused(libc, SysCall.BIND.journalName, port, bound);
        }
        if (port != 0) return new PortCheckSocket(fd, null, port);
        if (libc.getsockname(fd).address() instanceof SockAddr.Inet4 named)
            return new PortCheckSocket(fd, null, named.port());
        libc.close(fd);
        throw new IOException("getsockname 127.0.0.1:0"); // bound, yet not to an IPv4 address: never seen
    }

    private static IOException refused(Libc libc, String call, int port, SysResult r) {
        return new IOException(call + " 127.0.0.1:" + port + ": " + libc.errnos().name(r.errno()));
    }

    /** The port it is bound to. */
    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        if (java != null) java.close();
        else if (LIBC != null) LIBC.close(fd);
    }
}
