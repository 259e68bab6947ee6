package org.socketlab.kernel.capture;

import org.socketlab.syscall.SockAddr;

import java.util.List;

/**
 * One packet seen on the loopback wire, decoded from the capture.
 *
 * @param timeNanos  capture time in nanoseconds since the epoch: the kernel's CLOCK_REALTIME stamp as tcpdump
 *                   wrote it (nanosecond precision when asked for), not the journal's monotonic clock
 * @param from       source address and port (for ICMP the port is 0)
 * @param to         destination address and port (for ICMP the port is 0)
 * @param flags      TCP flag names in a fixed order (SYN, FIN, RST, PSH, ACK, URG, ECE, CWR); for ICMP the
 *                   message name ({@code PORT_UNREACHABLE}, else {@code TYPE_t_CODE_c}); empty for UDP
 * @param seq        the real 32-bit TCP sequence number (0 for UDP and ICMP)
 * @param ack        the real 32-bit acknowledgement number (0 when the ACK flag is not set, UDP and ICMP)
 * @param len        payload bytes as the IP header says (not how many were captured: the snap length cuts)
 * @param window     the TCP window field as sent, unscaled (0 for UDP and ICMP)
 * @param icmp       for ICMP, what it says and which datagram it answers; else null
 */
public record CapturedPacket(long timeNanos, SockAddr from, SockAddr to, Proto proto, List<String> flags,
                             long seq, long ack, int len, int window, Icmp icmp) {

    public enum Proto {
        TCP, UDP, ICMP;

        /** The journal's name: tcp, udp, icmp. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An ICMP (or ICMPv6) error and the addresses of the packet it quotes; {@code quotedFrom}/{@code quotedTo} are
     * null when the quoted packet was not TCP or UDP or was cut short.
     */
    public record Icmp(int type, int code, Proto quotedProto, SockAddr quotedFrom, SockAddr quotedTo) {}

    public CapturedPacket {
        flags = List.copyOf(flags);
    }
}
