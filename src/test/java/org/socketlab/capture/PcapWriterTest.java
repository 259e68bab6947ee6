package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.socketlab.capture.PcapStreamTest.ipv4;
import static org.socketlab.capture.PcapStreamTest.ipv6;
import static org.socketlab.capture.PcapStreamTest.tcp;
import static org.socketlab.capture.PcapStreamTest.udp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;

/** The one hand-written pcap writer and reader agree: what is written reads back field by field, bytes and time too. */
class PcapWriterTest {

    /** A random TCP or UDP packet over IPv4 or IPv6, cut at a random snap length like a capture's. */
    private static byte[] randomPacket(Random r) {
        boolean isTcp = r.nextBoolean();
        int payload = r.nextInt(2000);
        byte[] l4 = isTcp
                ? tcp(1 + r.nextInt(65535), 1 + r.nextInt(65535), r.nextInt() & 0xffffffffL, r.nextInt() & 0xffffffffL,
                        r.nextInt(256), r.nextInt(65536), payload)
                : udp(1 + r.nextInt(65535), 1 + r.nextInt(65535), payload);
        byte[] ip = r.nextBoolean() ? ipv4(isTcp ? 6 : 17, l4, 0) : ipv6(isTcp ? 6 : 17, l4);
        int snap = 60 + r.nextInt(300); // always past the headers, often inside the payload
        return Arrays.copyOf(ip, Math.min(ip.length, snap));
    }

    @Test
    void everyPacketWrittenReadsBackTheSame() throws IOException {
        Random r = new Random(FuzzSupport.SEED);
        for (int run = 0; run < FuzzSupport.RUNS / 20; run++) {
            List<byte[]> packets = new ArrayList<>();
            List<Long> stamps = new ArrayList<>();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            PcapWriter writer = new PcapWriter(file);
            int count = r.nextInt(30);
            for (int i = 0; i < count; i++) {
                byte[] p = randomPacket(r);
                long stamp = 1_700_000_000_000_000_000L + (r.nextLong() & 0xffff_ffffL) * 1_000;
                writer.write(stamp, p);
                packets.add(p);
                stamps.add(stamp);
            }
            assertEquals(count, writer.written());
            PcapStream back = new PcapStream(new ByteArrayInputStream(file.toByteArray()));
            for (int i = 0; i < count; i++) {
                CapturedPacket direct = PcapStream.decodeFrame(PcapWriter.LINK_RAW, packets.get(i), stamps.get(i));
                CapturedPacket read = back.next();
                assertNotNull(read, "packet " + i + " of run " + run + ": " + back.endReason());
                assertEquals(direct, read, "packet " + i + " of run " + run);
                assertArrayEquals(packets.get(i), read.ipPacket());
                assertEquals(stamps.get(i), read.timeNanos());
            }
            assertNull(back.next());
            assertEquals("end of stream", back.endReason());
        }
    }

    @Test
    void theRecordKeepsTheLengthOnTheWire() throws IOException {
        byte[] whole = ipv4(6, tcp(40000, 5000, 1, 2, 0x18, 512, 1000), 0);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        new PcapWriter(file).write(5_000_000_123L, Arrays.copyOf(whole, 100));
        byte[] b = file.toByteArray();
        assertEquals(24 + 16 + 100, b.length);
        assertEquals(100, le32(b, 24 + 8), "captured length");
        assertEquals(whole.length, le32(b, 24 + 12), "length on the wire, from the IP header");
        assertEquals(5, le32(b, 24), "seconds");
        assertEquals(123, le32(b, 24 + 4), "nanoseconds");
    }

    @Test
    void whatIsNotAnIpPacketIsRefused() throws IOException {
        PcapWriter writer = new PcapWriter(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> writer.write(0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.write(0, new byte[]{0x12, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> writer.write(0, new byte[PcapStream.MAX_RECORD + 1]));
        assertEquals(0, writer.written());
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
