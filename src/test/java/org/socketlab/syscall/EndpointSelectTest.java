package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * select() as the endpoint process makes it (issue 41's select lesson): the read fd_set SocketLab builds, nfds as a
 * program gives it, the set and the time the kernel left. The classic mistakes are the kernel's own answers here: with
 * nfds = the highest fd, the highest one is not looked at; the set select() left holds only the ready descriptors.
 */
class EndpointSelectTest {
    @Test
    void selectSeesOnlyDescriptorsBelowNfdsAndLeavesOnlyTheReadyOnesInTheSet() {
        Libc libc = Libc.forThisMachine();
        PlatformConstants c = libc.constants();
        Path program = EndpointProcess.program().orElseThrow(() -> new AssertionError("socketlab-endpoint is built"));
        try (EndpointProcess p = EndpointProcess.start(libc, program, "select-test")) {
            int quiet = (int) p.calls().socket(c.afInet(), c.sockDgram(), 0).value();
            int busy = (int) p.calls().socket(c.afInet(), c.sockDgram(), 0).value();
            assertEquals(3, quiet);
            assertEquals(4, busy);
            SockAddr any = SockAddr.parse("127.0.0.1:0", Domain.AF_INET);
            assertEquals(0, p.calls().bind(quiet, any).value());
            assertEquals(0, p.calls().bind(busy, any).value());
            SockAddr busyAt = p.calls().getsockname(busy).address();
            // Nothing to read: select() waits out its timeout, returns 0, and Linux leaves no time in the timeval.
            long start = System.nanoTime();
            EndpointCalls.SelectResult none = p.calls().select(busy + 1, new int[]{quiet, busy}, 200_000);
            assertEquals(0, none.result().value());
            assertTrue(System.nanoTime() - start >= 190_000_000L, "it waited the timeout");
            assertEquals(0, none.leftMicros());
            assertArrayEquals(new int[0], none.ready());
            byte[] hello = "hola".getBytes(StandardCharsets.UTF_8);
            assertEquals(4, p.calls().sendto(quiet, hello, 0, busyAt).value());
            // nfds = highest fd + 1: the datagram on fd 4 is seen; the set comes back with fd 4 alone.
            EndpointCalls.SelectResult right = p.calls().select(busy + 1, new int[]{quiet, busy}, 1_000_000);
            assertEquals(1, right.result().value());
            assertArrayEquals(new int[]{busy}, right.ready());
            assertTrue(right.leftMicros() > 0 && right.leftMicros() <= 1_000_000, "Linux left " + right.leftMicros());
            // nfds = highest fd (the classic slip): fd 4 is not looked at, its datagram is not seen.
            EndpointCalls.SelectResult slip = p.calls().select(busy, new int[]{quiet, busy}, 100_000);
            assertEquals(0, slip.result().value());
            assertArrayEquals(new int[0], slip.ready());
            // No timeout (NULL) with data ready returns at once; a negative nfds is EINVAL.
            assertEquals(1, p.calls().select(busy + 1, new int[]{busy}, -1).result().value());
            SysResult invalid = p.calls().select(-1, new int[]{busy}, 0).result();
            assertEquals(-1, invalid.value());
            assertEquals("EINVAL", libc.errnos().name(invalid.errno()));
        }
    }
}
