package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lesson's port is free for TCP and UDP, its byte-swapped twin free and unprivileged; it comes from below the
 * kernel's ephemeral range, and a port whose connections wait in TIME_WAIT is not free for a lesson.
 */
class FreePortTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aLessonsPortIsFreeForTcpAndUdpWithItsTwin() throws Exception {
        for (int i = 0; i < 50; i++) {
            int port = FreePort.find(), twin = FreePort.swapped(port);
            assertTrue(twin >= 1024, "twin " + twin);
            assertNotEquals(port, twin);
            try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK);
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
                    ServerSocket swapped = new ServerSocket(twin, 1, LOOPBACK)) {
                assertTrue(tcp.isBound() && udp.isBound() && swapped.isBound());
            }
        }
    }

    @Test
    void theEphemeralRangeIsReadWholeAndTheLessonsPortLiesBelowIt() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int start = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        assertEquals(start, FreePort.ephemeralStart());
        if (start - 10_000 >= 1_000)
            for (int i = 0; i < 50; i++) {
                int port = FreePort.find();
                assertTrue(port >= 10_000 && port < start, port + " not below " + start);
            }
    }

    @Test
    void threadsAskingAtOnceNeverGetTheSamePortFromOneProcess() throws Exception {
        // check --jobs N and test classes ask from several threads; a port comes back only after its slice's others.
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger repeated = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++)
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) if (!seen.add(FreePort.find())) repeated.incrementAndGet();
            }));
        for (Thread t : threads) t.join();
        assertEquals(0, repeated.get(), "ports handed out twice among 900");
    }

    @Test
    void aPortWhoseConnectionWaitsInTimeWaitIsNotFreeForALesson() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
                Socket client = new Socket(LOOPBACK,
                        server.getLocalPort());
                Socket accepted = server.accept();
                InputStream in = client.getInputStream()) {
            port = server.getLocalPort();
            accepted.close(); // the server closes first: its side of the connection waits in TIME_WAIT on port
            assertEquals(-1, in.read());
        }
        // Java's ServerSocket sets SO_REUSEADDR, so port 0 with it may be given this very port; a lesson's bind may not.
        assertFalse(FreePort.freeForALesson(port), "port " + port + " has a connection in TIME_WAIT");
    }

    @Test
    void noPortHandedOutIsTheTwinOfAnother() {
        // Checking a port binds its twin for a moment: were the twin another handed-out port, that moment could refuse
        // the other's real bind (seen in a whole run: EADDRINUSE for a check's server).
        int[] ports = FreePort.usable(32_768);
        Set<Integer> all = new HashSet<>();
        for (int p : ports) all.add(p);
        for (int p : ports) assertFalse(all.contains(FreePort.swapped(p)), p + " and its twin " + FreePort.swapped(p));
        assertFalse(all.contains(0x2F30), "12080, whose twin 12335 is in the same slice");
        assertTrue(ports.length > 10_000, "room enough for many slices: " + ports.length);
    }

    @Test
    void theSlicesLockIsHeldSoAnotherProcessTakesAnotherSlice() throws Exception {
        FreePort.claimSlice();
        int port = FreePort.find();
        // The first port of this process's slice is bound by it: another process's claim of that slice fails there.
        int[] ports = FreePort.usable(FreePort.ephemeralStart());
        int index = Arrays.binarySearch(ports, port);
        int lock = ports[index - 1 - (index - 1) % 1000];
        assertFalse(FreePort.freeForALesson(lock), "the slice's first port is held: " + lock);
        assertTrue(port != lock, "the lock is never handed out");
    }
}
