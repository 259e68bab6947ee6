package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;

/** Which bound address a packet's destination reaches, as the kernel decides it (the IPv4 wildcard takes IPv4 only). */
class WireAddressesTest {
    private static SockAddr v4(String text) {
        return SockAddr.parse(text, Domain.AF_INET);
    }

    private static SockAddr v6(String text) {
        return SockAddr.parse(text, Domain.AF_INET6);
    }

    @Test
    void theIpv4WildcardTakesIpv4OnlyAndTheIpv6WildcardTakesBoth() {
        assertTrue(WireAddresses.at(v4("0.0.0.0:5000"), v4("127.0.0.1:5000")));
        assertTrue(WireAddresses.at(v4("0.0.0.0:5000"), v6("[::ffff:127.0.0.1]:5000")));
        // getaddrinfo's refused connect() to [::1] while the server listens on 0.0.0.0: nobody's listener.
        assertFalse(WireAddresses.at(v4("0.0.0.0:5000"), v6("[::1]:5000")));
        assertTrue(WireAddresses.at(v6("[::]:5000"), v6("[::1]:5000")));
        assertTrue(WireAddresses.at(v6("[::]:5000"), v4("127.0.0.1:5000")));
        assertTrue(WireAddresses.at(v4("127.0.0.1:5000"), v4("127.0.0.1:5000")));
        assertFalse(WireAddresses.at(v4("127.0.0.1:5000"), v4("127.0.0.2:5000")));
        assertFalse(WireAddresses.at(v4("0.0.0.0:5000"), v4("127.0.0.1:5001")));
    }
}
