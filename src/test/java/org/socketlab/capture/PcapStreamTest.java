package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.CapturedPacket.Proto;

/** The pcap reader decodes what tcpdump writes and survives any bytes at all. */
class PcapStreamTest {

    // ---- building frames as tcpdump -i lo writes them: Ethernet with zero MACs ----

    static byte[] ethernet(int etherType, byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.position(12);
        b.putShort((short) etherType).put(ip);
        return b.array();
    }

    static byte[] ipv4(int proto, byte[] l4, int totalLengthExtra) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length + totalLengthExtra)).putShort((short) 1)
                .putShort((short) 0x4000)
                .put((byte) 64).put((byte) proto).putShort((short) 0).put(new byte[]{127, 0, 0, 1})
                .put(new byte[]{127, 0, 0, 2}).put(l4);
        return b.array();
    }

    static byte[] ipv6(int next, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        b.putInt(0x6000_0000).putShort((short) l4.length).put((byte) next).put((byte) 64).put(loopback).put(loopback)
                .put(l4);
        return b.array();
    }

    static byte[] tcp(int from, int to, long seq, long ack, int flags, int window, int payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload);
        b.putShort((short) from).putShort((short) to).putInt((int) seq).putInt((int) ack).put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) window).putInt(0);
        return b.array();
    }

    static byte[] udp(int from, int to, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putShort((short) from).putShort((short) to).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }

    static byte[] icmpPortUnreachable(byte[] quotedIp) {
        ByteBuffer b = ByteBuffer.allocate(8 + quotedIp.length);
        b.put((byte) 3).put((byte) 3).putShort((short) 0).putInt(0).put(quotedIp);
        return b.array();
    }

    /** A little-endian microsecond pcap stream of Ethernet frames, as tcpdump -w - writes on x86. */
    static byte[] pcap(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(256).putInt(1);
        out.writeBytes(h.array());
        int t = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1_700_000_000).putInt(t++).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static List<byte[]> sampleFrames() {
        return List.of(
                ethernet(0x0800, ipv4(6, tcp(40000, 5000, 0xfffffff0L, 0, 0x02, 65495, 0), 0)),
                ethernet(0x0800, ipv4(6, tcp(5000, 40000, 7, 0xfffffff1L, 0x12, 65483, 0), 0)),
                // Snap length cut the payload: 4 bytes captured of 1000 sent.
                ethernet(0x0800, ipv4(6, tcp(40000, 5000, 0xfffffff1L, 8, 0x18, 512, 4), 996)),
                ethernet(0x0800, ipv4(17, udp(40001, 6000, 5), 0)),
                ethernet(0x0800, ipv4(1, icmpPortUnreachable(ipv4(17, udp(40001, 6000, 5), 0)), 0)),
                ethernet(0x86dd, ipv6(6, tcp(40002, 7000, 1, 2, 0x11, 100, 0))),
                ethernet(0x0806, new byte[28])); // ARP: skipped
    }

    static List<CapturedPacket> readAll(byte[] stream) throws IOException {
        PcapStream s = new PcapStream(new ByteArrayInputStream(stream));
        List<CapturedPacket> all = new ArrayList<>();
        CapturedPacket p;
        while ((p = s.next()) != null) all.add(p);
        return all;
    }

    @Test
    void decodesTcpUdpIcmpAndIpv6WithRealNumbersAndHeaderLengths() throws IOException {
        List<CapturedPacket> p = readAll(pcap(sampleFrames()));
        assertEquals(6, p.size());
        CapturedPacket syn = p.get(0);
        assertEquals("127.0.0.1:40000", syn.from().text());
        assertEquals("127.0.0.2:5000", syn.to().text());
        assertEquals(Proto.TCP, syn.proto());
        assertEquals(List.of("SYN"), syn.flags());
        assertEquals(0xfffffff0L, syn.seq(), "unsigned 32-bit sequence numbers");
        assertEquals(0, syn.ack());
        assertEquals(65495, syn.window());
        assertEquals(1_700_000_000_000_000_000L, syn.timeNanos());
        assertEquals(List.of("SYN", "ACK"), p.get(1).flags());
        assertEquals(0xfffffff1L, p.get(1).ack());
        assertEquals(List.of("PSH", "ACK"), p.get(2).flags());
        assertEquals(1000, p.get(2).len(), "length from the IP header, not from the cut capture");
        assertEquals(Proto.UDP, p.get(3).proto());
        assertEquals(5, p.get(3).len());
        CapturedPacket icmp = p.get(4);
        assertEquals(List.of("PORT_UNREACHABLE"), icmp.flags());
        assertEquals("127.0.0.1:40001", icmp.icmp().quotedFrom().text());
        assertEquals("127.0.0.2:6000", icmp.icmp().quotedTo().text());
        assertEquals(Proto.UDP, icmp.icmp().quotedProto());
        assertEquals("[::1]:40002", p.get(5).from().text());
        assertEquals(List.of("FIN", "ACK"), p.get(5).flags());
    }

    @Test
    void aStreamThatStopsMakingSenseEndsWithAReasonAndAllocatesNothingHuge() throws IOException {
        byte[] good = pcap(sampleFrames());
        // The first record claims 2 GiB.
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, Integer.MAX_VALUE);
        PcapStream s = new PcapStream(new ByteArrayInputStream(huge));
        assertNull(s.next());
        assertTrue(s.endReason().contains("larger than"), s.endReason());

        PcapStream notPcap = new PcapStream(new ByteArrayInputStream("hello, this is not a capture at all".getBytes()));
        assertNull(notPcap.next());
        assertTrue(notPcap.endReason().startsWith("not a pcap stream"), notPcap.endReason());

        PcapStream cut = new PcapStream(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 3)));
        int n = 0;
        while (cut.next() != null) n++;
        assertEquals(6, n, "everything before the cut record is read");
        assertEquals("stream cut inside a record", cut.endReason());
    }

    @Test
    void survivesThousandsOfRandomAndMutatedStreams() {
        byte[] seed = pcap(sampleFrames());
        long seedValue = 20_240_613L;
        Random random = new Random(seedValue);
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int runs = 0, decoded = 0;
            for (; runs < 20_000 && (runs < 3_000 || System.nanoTime() < deadline); runs++) {
                byte[] input = switch (runs % 5) {
                    case 0 -> randomBytes(random, random.nextInt(600));
                    case 1 -> mutate(seed, random, 1 + random.nextInt(8));
                    case 2 -> mutate(seed, random, 40);
                    case 3 -> { // a valid global header, random records
                        byte[] r = randomBytes(random, 24 + random.nextInt(800));
                        System.arraycopy(seed, 0, r, 0, 24);
                        yield r;
                    }
                    default -> { // valid records with random frames inside
                        List<byte[]> frames = new ArrayList<>();
                        for (int i = random.nextInt(6); i >= 0; i--)
                            frames.add(random.nextBoolean()
                                    ? mutate(sampleFrames().get(random.nextInt(6)), random, 1 + random.nextInt(4))
                                    : randomBytes(random, random.nextInt(120)));
                        yield pcap(frames);
                    }
                };
                try {
                    PcapStream s = new PcapStream(new ByteArrayInputStream(input));
                    int packets = 0;
                    while (s.next() != null) {
                        if (++packets > input.length / 16 + 1) fail("more packets than records could fit, run " + runs);
                    }
                    decoded += packets;
                    assertNotNull(s.endReason(), "an ended stream says why");
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("run " + runs + " (seed " + seedValue + ") threw " + e, e);
                }
            }
            assertTrue(runs >= 3_000, "runs: " + runs);
            assertTrue(decoded > 0, "the mutated streams still decode some packets");
        });
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Flips, overwrites with extreme values, inserts, deletes and truncates. */
    private static byte[] mutate(byte[] original, Random r, int mutations) {
        byte[] b = original.clone();
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) (r.nextBoolean() ? 0xff : 0);
                case 2 -> { // insert a random byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt();
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> { // delete one
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
