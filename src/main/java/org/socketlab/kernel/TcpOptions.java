package org.socketlab.kernel;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The options a captured TCP segment carried (RFC 9293 3.2, RFC 7323, RFC 2018), read from its bytes as captured from
 * the IP header on: what a SYN offers (the MSS the two-machines lesson compares: 65495 on the loopback, 1460 on an
 * Ethernet-sized link) and the SACK blocks a duplicate ACK names. A segment whose bytes were not kept, or cut inside
 * its options, has what could be read.
 *
 * @param mss           the maximum segment size offered (kind 2), or null
 * @param windowScale   the window scale shift (kind 3), or null
 * @param sackPermitted whether SACK is offered (kind 4)
 * @param timestamps    whether it carries timestamps (kind 8)
 * @param sackBlocks    the SACK blocks (kind 5), each the left and right edge as sent
 */
public record TcpOptions(@Nullable Integer mss, @Nullable Integer windowScale, boolean sackPermitted,
        boolean timestamps, List<long[]> sackBlocks) {

    private static final TcpOptions NONE = new TcpOptions(null, null, false, false, List.of());

    public TcpOptions {
        sackBlocks = List.copyOf(sackBlocks);
    }

    /** The options of the TCP segment in {@code ip} (an IPv4 or IPv6 packet, TCP right after the fixed header). */
    public static TcpOptions of(byte @Nullable [] ip) {
        if (ip == null || ip.length < 20) return NONE;
        int tcpAt = (ip[0] >> 4 & 0xf) == 6 ? 40 : (ip[0] & 0xf) * 4;
        if (ip.length < tcpAt + 20) return NONE;
        int end = Math.min(ip.length, tcpAt + ((ip[tcpAt + 12] & 0xff) >> 4) * 4);
        Integer mss = null, scale = null;
        boolean sackOk = false, stamps = false;
        List<long[]> blocks = new ArrayList<>();
        for (int at = tcpAt + 20; at < end;) {
            int kind = ip[at] & 0xff;
            if (kind == 0) break; // end of the list
            if (kind == 1) { // no-operation, padding
                at++;
                continue;
            }
            if (at + 1 >= end) break;
            int len = ip[at + 1] & 0xff;
            if (len < 2 || at + len > end) break;
            switch (kind) {
                case 2 -> mss = len == 4 ? (ip[at + 2] & 0xff) << 8 | ip[at + 3] & 0xff : null;
                case 3 -> scale = len == 3 ? ip[at + 2] & 0xff : null;
                case 4 -> sackOk = true;
                case 5 -> {
                    for (int b = at + 2; b + 8 <= at + len; b += 8) blocks.add(new long[]{u32(ip, b), u32(ip, b + 4)});
                }
                case 8 -> stamps = true;
                default -> {
                }
            }
            at += len;
        }
        return new TcpOptions(mss, scale, sackOk, stamps, blocks);
    }

    /** Whether any option was read. */
    public boolean isEmpty() {
        return mss == null && windowScale == null && !sackPermitted && !timestamps && sackBlocks.isEmpty();
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
