package org.socketlab.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CapturedPacket.Icmp;
import org.socketlab.capture.CapturedPacket.Proto;
import org.socketlab.kernel.IcmpMessage;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.syscall.SockAddr;

/**
 * Reads a classic pcap stream (what {@code tcpdump -w -} writes) packet by packet and decodes the TCP, UDP and
 * ICMP packets in it. Strict and bounded, because the bytes come from another program: every field is
 * range-checked before use, a record may be at most {@value #MAX_RECORD} bytes (nothing larger is ever
 * allocated), a packet that does not decode is skipped, and a stream that stops making sense simply ends
 * ({@link #next()} returns null and {@link #endReason()} says why). Only the underlying stream's own
 * IOException can escape.
 *
 * <p>Link types: Ethernet (what Linux {@code lo} gives), BSD loopback (macOS {@code lo0}), Linux cooked v1 and
 * v2, raw IP. IPv4 without fragments, IPv6 with its common extension headers.
 */
public final class PcapStream {
    /** Larger than any snap length we ask for (256) and than any loopback frame (65 536 + headers). */
    static final int MAX_RECORD = 262_144;
    private static final int LINK_NULL = 0, LINK_ETHERNET = 1, LINK_RAW = 101, LINK_RAW_OLD = 12, LINK_LOOP = 108,
            LINK_SLL = 113, LINK_SLL2 = 276, LINK_IPV4 = 228, LINK_IPV6 = 229, LINK_NFLOG = 239;

    private final InputStream in;
    private final byte[] recordHeader = new byte[16];
    private boolean bigEndian, nanos, headerRead;
    private int linkType;
    private @Nullable String endReason;
    private long skipped;

    public PcapStream(InputStream in) {
        this.in = in;
    }

    /** The next decodable packet, or null when the stream ended (cleanly, cut short, or malformed). */
    public @Nullable CapturedPacket next() throws IOException {
        if (endReason != null) return null;
        if (!headerRead && !readGlobalHeader()) return null;
        while (true) {
            if (!readFully(recordHeader, 16)) return end(endReason == null ? "end of stream" : endReason);
            long sec = u32(recordHeader, 0), frac = u32(recordHeader, 4), captured = u32(recordHeader, 8);
            if (captured > MAX_RECORD) return end("record of " + captured + " bytes is larger than " + MAX_RECORD);
            byte[] frame = new byte[(int) captured];
            if (!readFully(frame, frame.length)) return end("stream cut inside a record");
            long epochNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            CapturedPacket p = decodeFrame(linkType, frame, epochNanos);
            if (p != null) return p;
            skipped++;
        }
    }

    /** Why the stream ended, once it has; null while it goes on. */
    public @Nullable String endReason() {
        return endReason;
    }

    /** Records that were read but were not TCP, UDP or ICMP over IP, or did not decode. */
    public long skipped() {
        return skipped;
    }

    private boolean readGlobalHeader() throws IOException {
        byte[] h = new byte[24];
        if (!readFully(h, 24)) {
            end("no pcap header");
            return false;
        }
        long magic = (h[0] & 0xffL) << 24 | (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL);
        if (magic == 0xa1b2c3d4L || magic == 0xa1b23c4dL) bigEndian = true;
        else if (magic == 0xd4c3b2a1L || magic == 0x4d3cb2a1L) bigEndian = false;
        else {
            end(magic == 0x0a0d0d0aL
                    ? "pcapng is not read, only classic pcap"
                    : String.format("not a pcap stream (magic %08x)", magic));
            return false;
        }
        nanos = magic == 0xa1b23c4dL || magic == 0x4d3cb2a1L;
        if (u16(h, 4) != 2) {
            end("pcap version " + u16(h, 4) + " is not 2");
            return false;
        }
        linkType = (int) (u32(h, 20) & 0x0fff_ffff); // the upper bits carry FCS information
        headerRead = true;
        return true;
    }

    private @Nullable CapturedPacket end(String reason) {
        if (endReason == null) endReason = reason;
        return null;
    }

    private boolean readFully(byte[] b, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(b, done, n - done);
            if (r < 0) {
                if (done > 0 && endReason == null) endReason = "stream cut inside a record";
                return false;
            }
            done += r;
        }
        return true;
    }

    private long u32(byte[] b, int i) {
        return bigEndian
                ? (b[i] & 0xffL) << 24 | (b[i + 1] & 0xffL) << 16 | (b[i + 2] & 0xffL) << 8 | (b[i + 3] & 0xffL)
                : (b[i + 3] & 0xffL) << 24 | (b[i + 2] & 0xffL) << 16 | (b[i + 1] & 0xffL) << 8 | (b[i] & 0xffL);
    }

    private int u16(byte[] b, int i) {
        return bigEndian ? (b[i] & 0xff) << 8 | (b[i + 1] & 0xff) : (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
    }

    // ---- frame decoding: everything below reads network byte order through a bounds-checked view ----

    /** A packet that does not decode: thrown by the bounds checks, caught in {@link #decodeFrame}. No stack trace. */
    private static final class Malformed extends Exception {
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super(null, null, false, false);
        }
    }

    /** Bounds-checked big-endian reads over one captured frame. */
    private record Frame(byte[] b) {
        void need(int offset, int n) throws Malformed {
            if (offset < 0 || n < 0 || offset > b.length - n) throw Malformed.INSTANCE;
        }
        int u8(int i) throws Malformed {
            need(i, 1);
            return b[i] & 0xff;
        }
        int u16(int i) throws Malformed {
            need(i, 2);
            return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        long u32(int i) throws Malformed {
            need(i, 4);
            return (long) u16(i) << 16 | u16(i + 2);
        }
        byte[] slice(int i, int n) throws Malformed {
            need(i, n);
            return Arrays.copyOfRange(b, i, i + n);
        }
        int length() {
            return b.length;
        }
    }

    /** One frame of the given link type, or null when it is not TCP, UDP or ICMP over IP, or does not decode. */
    static @Nullable CapturedPacket decodeFrame(int linkType, byte[] bytes, long epochNanos) {
        Frame f = new Frame(bytes);
        try {
            int ipAt;
            switch (linkType) {
                case LINK_ETHERNET -> {
                    int etherType = f.u16(12);
                    ipAt = 14;
                    if (etherType == 0x8100) {
                        etherType = f.u16(16);
                        ipAt = 18;
                    } // one VLAN tag
                    if (etherType != 0x0800 && etherType != 0x86dd) return null;
                }
                case LINK_NULL, LINK_LOOP -> ipAt = 4; // the address family; the IP version nibble tells the rest
                case LINK_SLL -> ipAt = 16;
                case LINK_SLL2 -> ipAt = 20;
                case LINK_RAW, LINK_RAW_OLD, LINK_IPV4, LINK_IPV6 -> ipAt = 0;
                case LINK_NFLOG -> {
                    ipAt = nflogPayload(f);
                    if (ipAt < 0) return null;
                }
                default -> {
                    return null;
                }
            }
            CapturedPacket p = switch (f.u8(ipAt) >> 4) {
                case 4 -> ipv4(f, ipAt, epochNanos);
                case 6 -> ipv6(f, ipAt, epochNanos);
                default -> null;
            };
            return p == null ? null : p.withIpPacket(Arrays.copyOfRange(bytes, ipAt, bytes.length));
        } catch (Malformed e) {
            return null;
        }
    }

    /**
     * Where the packet starts in a netfilter log record (LINKTYPE_NFLOG, what {@code tcpdump -i nflog:N} writes): a
     * 4-byte header, then type-length-value attributes, each 4-byte aligned, whose length and type are in the capturing
     * host's byte order (little-endian here); the packet is the NFULA_PAYLOAD attribute (type 9). -1 without one.
     */
    private static int nflogPayload(Frame f) throws Malformed {
        int at = 4;
        while (at + 4 <= f.length()) {
            int length = f.u8(at) | f.u8(at + 1) << 8, type = f.u8(at + 2) | f.u8(at + 3) << 8;
            if (length < 4) return -1;
            if (type == 9) return at + 4;
            at += (length + 3) & ~3;
        }
        return -1;
    }

    private record Ip(byte[] from, byte[] to, boolean v6, int proto, int l4At, int l4Len) {
        SockAddr addr(byte[] a, int port) {
            return v6 ? new SockAddr.Inet6(a, port, 0) : new SockAddr.Inet4(a, port);
        }
    }

    /** The IPv4 header at {@code at}; null for fragments. {@code l4Len} comes from the header, not the capture. */
    private static @Nullable Ip ipv4Header(Frame f, int at) throws Malformed {
        int ihl = (f.u8(at) & 0x0f) * 4;
        int total = f.u16(at + 2);
        if ((f.u8(at) >> 4) != 4 || ihl < 20 || total < ihl) throw Malformed.INSTANCE;
        int fragment = f.u16(at + 6);
        if ((fragment & 0x3fff) != 0) return null; // more-fragments or an offset: the ports are not all here
        return new Ip(f.slice(at + 12, 4), f.slice(at + 16, 4), false, f.u8(at + 9), at + ihl, total - ihl);
    }

    /** The IPv6 header at {@code at}, past hop-by-hop, routing and destination options; null for fragments. */
    private static @Nullable Ip ipv6Header(Frame f, int at) throws Malformed {
        if ((f.u8(at) >> 4) != 6) throw Malformed.INSTANCE;
        int payload = f.u16(at + 4);
        int next = f.u8(at + 6);
        int l4At = at + 40;
        for (int hops = 0; next == 0 || next == 43 || next == 60 || next == 44; hops++) {
            if (next == 44 || hops > 8) return null;
            int extLen = (f.u8(l4At + 1) + 1) * 8;
            next = f.u8(l4At);
            l4At += extLen;
        }
        int l4Len = payload - (l4At - at - 40);
        if (l4Len < 0) throw Malformed.INSTANCE;
        return new Ip(f.slice(at + 8, 16), f.slice(at + 24, 16), true, next, l4At, l4Len);
    }

    private static @Nullable CapturedPacket ipv4(Frame f, int at, long epochNanos) throws Malformed {
        Ip ip = ipv4Header(f, at);
        return ip == null ? null : transport(f, ip, epochNanos);
    }

    private static @Nullable CapturedPacket ipv6(Frame f, int at, long epochNanos) throws Malformed {
        Ip ip = ipv6Header(f, at);
        return ip == null ? null : transport(f, ip, epochNanos);
    }

    private static @Nullable CapturedPacket transport(Frame f, Ip ip, long epochNanos) throws Malformed {
        int at = ip.l4At();
        switch (ip.proto()) {
            case 6 -> {
                if (ip.l4Len() < 20) throw Malformed.INSTANCE;
                int offset = (f.u8(at + 12) >> 4) * 4;
                if (offset < 20 || offset > ip.l4Len()) throw Malformed.INSTANCE;
                int bits = f.u8(at + 13);
                List<String> flags = TcpFlag.names(TcpFlag.ofBits(bits));
                long ack = (bits & TcpFlag.ACK.bit) != 0 ? f.u32(at + 8) : 0;
                return new CapturedPacket(epochNanos, ip.addr(ip.from(), f.u16(at)), ip.addr(ip.to(), f.u16(at + 2)),
                        Proto.TCP, flags,
                        f.u32(at + 4), ack, ip.l4Len() - offset, f.u16(at + 14), null);
            }
            case 17 -> {
                int udpLen = f.u16(at + 4);
                if (ip.l4Len() < 8 || udpLen < 8 || udpLen > ip.l4Len()) throw Malformed.INSTANCE;
                return new CapturedPacket(epochNanos, ip.addr(ip.from(), f.u16(at)), ip.addr(ip.to(), f.u16(at + 2)),
                        Proto.UDP, List.of(),
                        0, 0, udpLen - 8, 0, null);
            }
            case 1, 58 -> {
                if (ip.v6() != (ip.proto() == 58) || ip.l4Len() < 8) throw Malformed.INSTANCE;
                int type = f.u8(at), code = f.u8(at + 1);
                Icmp icmp = quoted(f, ip.v6(), type, code, at + 8);
                return new CapturedPacket(epochNanos, ip.addr(ip.from(), 0), ip.addr(ip.to(), 0), Proto.ICMP,
                        List.of(icmpName(ip.v6(), type, code)),
                        0, 0, ip.l4Len() - 8, 0, icmp);
            }
            default -> {
                return null;
            }
        }
    }

    /** For an ICMP error, the quoted packet's protocol and ports when they were captured. */
    private static Icmp quoted(Frame f, boolean v6, int type, int code, int at) {
        boolean error = v6 ? type < 128 : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
        if (!error) return new Icmp(type, code, null, null, null);
        try {
            Ip inner = v6 ? ipv6Header(f, at) : ipv4Header(f, at);
            if (inner == null || inner.proto() != 6 && inner.proto() != 17)
                return new Icmp(type, code, null, null, null);
            int l4 = inner.l4At();
            return new Icmp(type, code, inner.proto() == 6 ? Proto.TCP : Proto.UDP,
                    inner.addr(inner.from(), f.u16(l4)), inner.addr(inner.to(), f.u16(l4 + 2)));
        } catch (Malformed cut) {
            return new Icmp(type, code, null, null, null); // the quote was cut short: the message itself is fine
        }
    }

    private static String icmpName(boolean v6, int type, int code) {
        return IcmpMessage.nameOf(v6, type, code);
    }
}
