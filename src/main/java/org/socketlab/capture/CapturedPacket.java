package org.socketlab.capture;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SockAddr;

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
 * @param ipPacket   the packet's bytes as captured from its IP header on (IP and transport headers and the first
 *                   payload bytes, at most the capture's snap length), for writing it back as pcap; null when unknown
 */
public record CapturedPacket(long timeNanos, SockAddr from, SockAddr to, Proto proto, List<String> flags,
        long seq, long ack, int len, int window, @Nullable Icmp icmp, byte @Nullable [] ipPacket) {

    /** A packet whose bytes were not kept. */
    public CapturedPacket(long timeNanos, SockAddr from, SockAddr to, Proto proto, List<String> flags,
            long seq, long ack, int len, int window, @Nullable Icmp icmp) {
        this(timeNanos, from, to, proto, flags, seq, ack, len, window, icmp, null);
    }

    /** This packet with its captured bytes (IP header on). */
    CapturedPacket withIpPacket(byte[] bytes) {
        return new CapturedPacket(timeNanos, from, to, proto, flags, seq, ack, len, window, icmp, bytes);
    }

    @Override
    public byte @Nullable [] ipPacket() {
        return ipPacket == null ? null : ipPacket.clone();
    }

    public enum Proto {
        TCP, UDP, ICMP;

        /** The journal's name: tcp, udp, icmp. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An ICMP (or ICMPv6) error and the addresses of the packet it quotes; {@code quotedFrom}/{@code quotedTo} are
     * null when the quoted packet was not TCP or UDP or was cut short.
     */
    public record Icmp(int type, int code, @Nullable Proto quotedProto, @Nullable SockAddr quotedFrom,
            @Nullable SockAddr quotedTo) {
    }

    public CapturedPacket {
        flags = List.copyOf(flags);
        ipPacket = ipPacket == null ? null : ipPacket.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedPacket p && p.timeNanos == timeNanos && p.from.equals(from) && p.to.equals(to)
                && p.proto == proto && p.flags.equals(flags) && p.seq == seq && p.ack == ack && p.len == len
                && p.window == window && Objects.equals(p.icmp, icmp)
                && Arrays.equals(p.ipPacket, ipPacket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeNanos, from, to, proto, flags, seq, ack, len, window, icmp) * 31
                + Arrays.hashCode(ipPacket);
    }
}
