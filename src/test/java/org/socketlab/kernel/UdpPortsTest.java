package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.SockAddr;

/** The kernel's UDP tables say who is bound where, whichever program it is (issue 58: no ICMP for a bound client). */
class UdpPortsTest {
    @Test
    void aSocketOfAnotherProgramBoundThereIsSomebodyAndItsPortOnceClosedIsNobody() throws Exception {
        int port;
        // A socket this JVM holds, not the lab's: to the lab it is an outside program's, as nc's is.
        try (DatagramSocket outside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = outside.getLocalPort();
            assertFalse(UdpPorts.nobodyAt(loopback(port)), "bound at 127.0.0.1:" + port);
            assertTrue(UdpPorts.nobodyAt(new SockAddr.Inet4(new byte[]{127, 0, 0, 2}, port)),
                    "127.0.0.2 is another address: the socket bound at 127.0.0.1 does not take its datagrams");
        }
        assertTrue(UdpPorts.nobodyAt(loopback(port)), "closed: nobody at " + port);
    }

    @Test
    void aWildcardSocketTakesTheLoopbacksDatagrams() throws Exception {
        try (DatagramSocket any = new DatagramSocket(new InetSocketAddress(0))) {
            assertFalse(UdpPorts.nobodyAt(loopback(any.getLocalPort())));
        }
    }

    @Test
    void theTablesWordsAreNumbersInTheMachinesOrder() {
        byte[] expected = {127, 0, 0, 1};
        String printed = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0100007F" : "7F000001";
        assertArrayEquals(expected, UdpPorts.bytes(printed));
    }

    private static SockAddr loopback(int port) {
        return new SockAddr.Inet4(new byte[]{127, 0, 0, 1}, port);
    }
}
