package org.socketlab.lesson;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lesson's port: free on loopback for TCP and UDP, with its byte-swapped twin ({@value Step#SWAPPED_PORT_PLACEHOLDER})
 * another unprivileged port free for TCP (the byte-order lesson binds it). Chosen below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}) where there is room: a port from that range, free when asked, may be
 * given the next moment to any other program's connect() as its own local port, and the lesson's bind() then fails
 * with EADDRINUSE (seen when test JVMs ran side by side); below it, only an explicit bind takes a port.
 */
final class FreePort {
    /** The lowest port chosen below the ephemeral range (well-known and registered service ports stay out). */
    private static final int LOWEST = 10_000;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePort() {
    }

    static int find() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int below = ephemeralStart();
        IOException failed = null;
        for (int attempt = 0; attempt <= 200; attempt++) {
            // Where the ephemeral range leaves no room below it, the kernel's own choice (port 0) as before.
            int wanted = below - LOWEST >= 1_000 && attempt < 160
                    ? ThreadLocalRandom.current().nextInt(LOWEST, below)
                    : 0;
            try (ServerSocket tcp = bound(loopback, wanted)) {
                int port = tcp.getLocalPort(), twin = Step.swapped(port);
                if (twin >= 1024 && twin != port)
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                            ServerSocket swapped = bound(loopback, twin)) {
                                return port;
                            }
            } catch (IOException e) {
                failed = e;
            }
        }
        throw new IllegalStateException("no free loopback port", failed);
    }

    /**
     * A TCP socket bound to {@code port} as a lesson's server binds it: without SO_REUSEADDR (Java sets it by default),
     * so a port whose earlier connections still wait in TIME_WAIT is refused here, as the lesson's bind() would be.
     */
    private static ServerSocket bound(InetAddress loopback, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(loopback, port), 1);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The first port the kernel hands out by itself; Linux's default when the file cannot be read (another OS). */
    private static int ephemeralStart() {
        try {
            String[] range = Files.readString(RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
