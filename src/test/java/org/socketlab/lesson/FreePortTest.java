package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A lesson's port is free for TCP and UDP, its byte-swapped twin free and unprivileged.
 */
class FreePortTest {
    @Test
    void aLessonsPortIsFreeForTcpAndUdpWithItsTwin() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            int port = LessonRunner.freePort(), twin = Step.swapped(port);
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
