package org.socketlab.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes a pcapng file (Wireshark and {@code tcpdump -r} open it) with several interfaces: what a classic pcap file
 * cannot say, which host saw each packet. One section, little-endian; every interface is raw IPv4 (link type 228:
 * libpcap, and so tcpdump, refuses a file whose interfaces' raw-IP type 101 it maps to another number for the second
 * interface than for the first) with nanosecond stamps ({@code if_tsresol} 9), named and described; a record may
 * carry a comment ({@code opt_comment}). Records keep the packet's length on the wire from its IP header, as the
 * classic file does.
 */
public final class PcapngWriter {
    private static final int SECTION = 0x0A0D0D0A, INTERFACE = 1, ENHANCED_PACKET = 6;
    /** LINKTYPE_IPV4: the record is an IPv4 packet. */
    private static final int LINK_IPV4 = 228;
    private static final int OPT_END = 0, OPT_COMMENT = 1, IF_NAME = 2, IF_DESCRIPTION = 3, IF_TSRESOL = 9;

    private final OutputStream out;
    private int interfaces;
    private long written;

    /** Writes the section header at once. */
    public PcapngWriter(OutputStream out) throws IOException {
        this.out = out;
        Block b = new Block();
        b.u32(0x1A2B3C4D).u16(1).u16(0).u32(-1).u32(-1); // byte-order magic, version 1.0, section length unknown
        b.end();
        b.writeTo(out, SECTION);
    }

    /** Declares an interface (raw IPv4, nanosecond stamps); returns its number, from 0. */
    public int addInterface(String name, String description) throws IOException {
        Block b = new Block();
        b.u16(LINK_IPV4).u16(0).u32(PcapWriter.SNAP_LENGTH);
        b.option(IF_NAME, name.getBytes(StandardCharsets.UTF_8));
        b.option(IF_DESCRIPTION, description.getBytes(StandardCharsets.UTF_8));
        b.option(IF_TSRESOL, new byte[]{9});
        b.end();
        b.writeTo(out, INTERFACE);
        return interfaces++;
    }

    /**
     * One packet seen on {@code iface} at {@code epochNanos}: {@code ipPacket} from its IPv4 header on, with an optional
     * comment. Refuses what is not an IPv4 packet, is larger than a record may be, or names an undeclared interface.
     */
    public void write(int iface, long epochNanos, byte[] ipPacket, @Nullable String comment) throws IOException {
        if (iface < 0 || iface >= interfaces) throw new IllegalArgumentException("no interface " + iface);
        if (ipPacket.length == 0 || ipPacket.length > PcapWriter.SNAP_LENGTH)
            throw new IllegalArgumentException("packet of " + ipPacket.length + " bytes");
        int version = (ipPacket[0] & 0xff) >> 4;
        if (version != 4) throw new IllegalArgumentException("not an IPv4 packet (version " + version + ")");
        Block b = new Block();
        b.u32(iface).u32((int) (epochNanos >>> 32)).u32((int) epochNanos);
        b.u32(ipPacket.length).u32(Math.max(ipPacket.length, PcapWriter.wireLength(ipPacket)));
        b.padded(ipPacket);
        if (comment != null) b.option(OPT_COMMENT, comment.getBytes(StandardCharsets.UTF_8));
        b.end();
        b.writeTo(out, ENHANCED_PACKET);
        written++;
    }

    /** How many packets were written. */
    public long written() {
        return written;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** A block's body, little-endian, padded to 32 bits; {@link #writeTo} frames it with its type and length. */
    private static final class Block {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Block u16(int v) {
            body.write(v);
            body.write(v >>> 8);
            return this;
        }

        Block u32(int v) {
            return u16(v).u16(v >>> 16);
        }

        Block padded(byte[] bytes) {
            body.writeBytes(bytes);
            for (int i = bytes.length; i % 4 != 0; i++) body.write(0);
            return this;
        }

        Block option(int code, byte[] value) {
            u16(code).u16(value.length);
            return padded(value);
        }

        /** The end of the options (harmless where a block has none). */
        void end() {
            u16(OPT_END).u16(0);
        }

        void writeTo(OutputStream out, int type) throws IOException {
            int length = 12 + body.size();
            Block frame = new Block();
            frame.u32(type).u32(length);
            out.write(frame.body.toByteArray());
            out.write(body.toByteArray());
            Block tail = new Block();
            tail.u32(length);
            out.write(tail.body.toByteArray());
        }
    }
}
