package org.socketlab.lesson;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A lesson's port: free on loopback for TCP and UDP, with its byte-swapped twin ({@value Step#SWAPPED_PORT_PLACEHOLDER})
 * another unprivileged port free for TCP (the byte-order lesson binds it). The kernel chooses it (port 0). Choosing at
 * random below the ephemeral range was tried and taken back: in whole test runs (three JVMs side by side) a lesson's
 * bind() got EADDRINUSE more often, not less.
 */
final class FreePort {
    private FreePort() {
    }

    static int find() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0;; attempt++) {
            IOException failed = null;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort(), twin = Step.swapped(port);
                if (twin >= 1024 && twin != port)
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                            ServerSocket swapped = new ServerSocket(twin, 1, loopback)) {
                                return port;
                            }
            } catch (IOException e) {
                failed = e;
            }
            if (attempt >= 40) throw new IllegalStateException("no free loopback port", failed);
        }
    }
}
