package org.socketlab.lab;

import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SockAddr;

/** Addresses as the wire has them: how a socket's bound address matches a packet's, and the keys of 4-tuples. */
final class WireAddresses {
    private WireAddresses() {
    }

    /** Whether a socket bound at {@code local} is the one at {@code address} on the wire (a wildcard host takes any). */
    static boolean at(@Nullable SockAddr local, SockAddr address) {
        return local != null && port(local) != 0 && port(local) == port(address) && sameHost(local, address);
    }

    /** An address as host and port, with IPv4-mapped IPv6 written as IPv4 (as the wire has it). */
    static String key(SockAddr a) {
        return host(a) + "|" + port(a);
    }

    /** The 4-tuple of a TCP connection, the same whichever way a packet goes. */
    static String connectionKey(SockAddr a, SockAddr b) {
        String x = key(a), y = key(b);
        return x.compareTo(y) < 0 ? x + "<>" + y : y + "<>" + x;
    }

    /**
     * Whether {@code destination} reaches a socket bound on {@code bound}'s host (its own, or a wildcard). The IPv4
     * wildcard takes IPv4 only: a SYN to [::1] never reaches a listener on 0.0.0.0 (the kernel refuses it), and taking
     * it for that listener's queued connection kept the refusal out of the journal. The IPv6 wildcard takes both (a
     * dual-stack socket; IPV6_V6ONLY is not known here).
     */
    static boolean sameHost(SockAddr bound, SockAddr destination) {
        String b = host(bound), d = host(destination);
        if (b.equals(d)) return true;
        if (b.equals("0.0.0.0"))
            return destination instanceof SockAddr.Inet4
                    || destination instanceof SockAddr.Inet6 v6 && v6.isV4Mapped();
        return b.equals("[::]") || b.equals("::");
    }

    private static String host(SockAddr a) {
        // A dual-stack socket names IPv4 peers ::ffff:a.b.c.d; the wire says a.b.c.d.
        if (a instanceof SockAddr.Inet6 v6 && v6.isV4Mapped()) {
            byte[] b = v6.address();
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        String text = a.text();
        return text.substring(0, text.lastIndexOf(':'));
    }

    /** The port of an IP address; 0 for a Unix-domain one, which has none. */
    static int port(SockAddr a) {
        return switch (a) {
            case SockAddr.Inet4 v4 -> v4.port();
            case SockAddr.Inet6 v6 -> v6.port();
            case SockAddr.Unix u -> 0;
        };
    }

    /** A connection's direction as text: local, then remote. */
    static String tuple(SockAddr local, SockAddr remote) {
        return local.text() + ">" + remote.text();
    }
}
