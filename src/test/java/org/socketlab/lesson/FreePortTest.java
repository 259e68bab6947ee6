package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A lesson's port is never one the kernel may hand to another program's connect() as its local port: below the
 * ephemeral range, free for TCP and UDP, its byte-swapped twin free and unprivileged.
 */
class FreePortTest {
    @Test
    void aLessonsPortIsBelowTheEphemeralRangeAndFreeWithItsTwin() throws Exception {
        int ephemeralStart = Integer.parseInt(
                Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            int port = LessonRunner.freePort(), twin = Step.swapped(port);
            if (ephemeralStart - 10_000 >= 1_000)
                assertTrue(port >= 10_000 && port < ephemeralStart, port + " is outside the ephemeral range");
            assertTrue(twin >= 1024, "twin " + twin);
            assertNotEquals(port, twin);
            try (ServerSocket tcp = new ServerSocket(port, 1, loopback);
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                    ServerSocket swapped = new ServerSocket(twin, 1, loopback)) {
                assertTrue(tcp.isBound() && udp.isBound() && swapped.isBound());
            }
        }
    }
}
