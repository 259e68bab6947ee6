package org.socketlab.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a classic pcap file (the format {@link PcapStream} reads and tcpdump, Wireshark and tshark open): nanosecond
 * stamps (magic {@code a1b23c4d}), little-endian, link type raw IP (101: each record starts at its IPv4 or IPv6 header,
 * which says which). Records keep the packet's length on the wire from its IP header, so a record holding only the
 * first bytes (a snap length) reads as cut, exactly like tcpdump's own files.
 */
public final class PcapWriter {
    /** LINKTYPE_RAW: the record is an IP packet; the version nibble says v4 or v6. */
    static final int LINK_RAW = 101;
    /** Larger than any record written: {@link PcapStream#MAX_RECORD}. */
    static final int SNAP_LENGTH = PcapStream.MAX_RECORD;

    private final OutputStream out;
    private long written;

    /** Writes the file header at once. */
    public PcapWriter(OutputStream out) throws IOException {
        this.out = out;
        byte[] h = new byte[24];
        le32(h, 0, 0xa1b23c4d);
        le16(h, 4, 2);
        le16(h, 6, 4);
        le32(h, 16, SNAP_LENGTH);
        le32(h, 20, LINK_RAW);
        out.write(h);
    }

    /**
     * One packet: {@code ipPacket} as captured from its IP header on, stamped {@code epochNanos} (ns since the epoch).
     * Refuses what is not an IP packet or is larger than a record may be, so the file always reads back.
     */
    public void write(long epochNanos, byte[] ipPacket) throws IOException {
        if (ipPacket.length == 0 || ipPacket.length > SNAP_LENGTH)
            throw new IllegalArgumentException("packet of " + ipPacket.length + " bytes");
        int version = (ipPacket[0] & 0xff) >> 4;
        if (version != 4 && version != 6)
            throw new IllegalArgumentException("not an IP packet (version " + version + ")");
        byte[] r = new byte[16];
        le32(r, 0, (int) Math.floorDiv(epochNanos, 1_000_000_000L));
        le32(r, 4, (int) Math.floorMod(epochNanos, 1_000_000_000L));
        le32(r, 8, ipPacket.length);
        le32(r, 12, Math.max(ipPacket.length, wireLength(ipPacket)));
        out.write(r);
        out.write(ipPacket);
        written++;
    }

    /** How many packets were written. */
    public long written() {
        return written;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The packet's whole length as its IP header says (the captured bytes may be fewer); 0 when the header is cut. */
    static int wireLength(byte[] p) {
        int version = (p[0] & 0xff) >> 4;
        if (version == 4 && p.length >= 4) return (p[2] & 0xff) << 8 | (p[3] & 0xff);
        if (version == 6 && p.length >= 6) return 40 + ((p[4] & 0xff) << 8 | (p[5] & 0xff));
        return 0;
    }

    private static void le32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }
}
