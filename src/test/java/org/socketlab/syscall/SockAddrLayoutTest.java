package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes the details pane shows are the bytes the real calls pass to the kernel. */
class SockAddrLayoutTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void ipv4OnLinuxIsFamilyInHostOrderThenPortAndAddressInNetworkOrder() {
        List<SockAddrLayout.Field> f = SockAddrLayout.of(SockAddr.parse("127.0.0.1:5000", Domain.AF_INET),
                PlatformConstants.LINUX, ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of("sin_family", "sin_port", "sin_addr", "sin_zero"),
                f.stream().map(SockAddrLayout.Field::name).toList());
        assertEquals("02 00", HEX.formatHex(f.get(0).bytes()));
        assertEquals("13 88", HEX.formatHex(f.get(1).bytes()), "5000 = 0x1388, high byte first");
        assertEquals("htons(5000)", f.get(1).value());
        assertEquals("7f 00 00 01", HEX.formatHex(f.get(2).bytes()));
        assertEquals(16, SockAddrLayout.bytes(f).length);
    }

    @Test
    void macosStartsWithTheLengthByte() {
        List<SockAddrLayout.Field> f = SockAddrLayout.of(SockAddr.parse("127.0.0.1:80", Domain.AF_INET),
                PlatformConstants.MACOS, ByteOrder.LITTLE_ENDIAN);
        assertEquals("10 02 00 50", HEX.formatHex(SockAddrLayout.bytes(f), 0, 4));
    }

    @Test
    void theLayoutIsWhatTheCodecWritesForTheRealCalls() {
        SockAddrCodec codec = new SockAddrCodec(PlatformConstants.LINUX);
        for (SockAddr a : List.of(SockAddr.parse("127.0.0.1:5000", Domain.AF_INET),
                SockAddr.parse("0.0.0.0:80", Domain.AF_INET),
                SockAddr.parse("[::1]:443", Domain.AF_INET6),
                SockAddr.parse("[::ffff:127.0.0.1]:65535", Domain.AF_INET6))) {
            byte[] shown = SockAddrLayout.bytes(SockAddrLayout.of(a, PlatformConstants.LINUX, ByteOrder.nativeOrder()));
            try (Arena arena = Arena.ofConfined()) {
                SockAddrCodec.Encoded e = codec.encode(a, arena);
                assertEquals(e.length(), shown.length, a.text());
                assertArrayEquals(e.segment().asSlice(0, e.length()).toArray(ValueLayout.JAVA_BYTE), shown, a.text());
            }
        }
        assertTrue(SockAddrLayout.of(new SockAddr.Unix("/tmp/x.sock"), PlatformConstants.LINUX, ByteOrder.nativeOrder())
                .isEmpty());
    }
}
