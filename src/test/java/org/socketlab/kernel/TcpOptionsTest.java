package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A captured segment's TCP options read from its bytes, as Linux's SYN carries them (tcpdump's order). */
public class TcpOptionsTest {

    /**
     * An IPv4 SYN as Linux sends it: MSS, SACK permitted, timestamps, NOP, window scale (40 bytes of TCP header with
     * options after the 20 of IP).
     */
    public static byte[] synPacket(int mss, int shift) {
        byte[] p = new byte[60];
        p[0] = 0x45; // IPv4, 5 words of header
        p[9] = 6; // TCP
        int t = 20;
        p[t + 12] = (byte) (10 << 4); // 10 words of TCP header
        p[t + 13] = 0x02; // SYN
        int[] options = {2, 4, mss >> 8, mss & 0xff, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, shift};
        for (int i = 0; i < options.length; i++) p[t + 20 + i] = (byte) options[i];
        return p;
    }

    @Test
    void aLinuxSynOffersItsMssSackTimestampsAndScale() {
        TcpOptions o = TcpOptions.of(synPacket(65495, 7));
        assertEquals(65495, o.mss());
        assertEquals(7, o.windowScale());
        assertTrue(o.sackPermitted());
        assertTrue(o.timestamps());
        assertTrue(o.sackBlocks().isEmpty());
    }

    @Test
    void sackBlocksAreReadAndACutPacketOrNoneHasWhatCouldBeRead() {
        byte[] p = new byte[20 + 32 + 4];
        p[0] = 0x45;
        p[20 + 12] = (byte) (8 << 4); // 8 words: 12 bytes of options
        int[] options = {1, 1, 5, 10, 0, 0, 0, 4, 0, 0, 0, 7};
        for (int i = 0; i < options.length; i++) p[40 + i] = (byte) options[i];
        TcpOptions o = TcpOptions.of(p);
        assertEquals(1, o.sackBlocks().size());
        assertArrayEquals(new long[]{4, 7}, o.sackBlocks().getFirst());
        assertNull(o.mss());
        assertTrue(TcpOptions.of(null).isEmpty());
        assertTrue(TcpOptions.of(Arrays.copyOf(synPacket(1460, 7), 45)).mss() == 1460, "the MSS comes first");
        assertFalse(TcpOptions.of(Arrays.copyOf(synPacket(1460, 7), 45)).timestamps(), "cut before the timestamps");
    }
}
