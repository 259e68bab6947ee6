package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A failed connect's destination still names its socket's packets for a gone socket's grace: the refusal's RST may be
 * captured after the call returned (LabNetworkHostsTest's two-machines run, one in four at load 5, journaled no RST).
 */
class TrackedSocketTest {
    @Test
    void aFailedConnectsDestinationNamesItsPacketsForTheGraceThenNoLonger() {
        TrackedSocket t = new TrackedSocket("client", new Endpoint.SocketInfo(3, 42, Domain.AF_INET,
                SockType.SOCK_STREAM, false, null));
        SockAddr to = SockAddr.parse("10.77.0.2:5000", Domain.AF_INET);
        t.connectingTo = to;
        assertEquals(to, t.peer(), "while the connect lasts");
        t.connectingUntilNs = System.nanoTime() + PacketOwners.GONE_GRACE_NS;
        assertEquals(to, t.peer(), "just after it failed: its RST may still come");
        t.connectingUntilNs = System.nanoTime() - 1;
        assertNull(t.peer(), "after the grace");
    }
}
