package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sockaddr bytes exactly as each OS's kernel reads them. */
class SockAddrCodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final SockAddrCodec LINUX = new SockAddrCodec(PlatformConstants.LINUX);
    private static final SockAddrCodec MACOS = new SockAddrCodec(PlatformConstants.MACOS);
    private static final SockAddrCodec WINDOWS = new SockAddrCodec(PlatformConstants.WINDOWS);

    private static final SockAddr V4 = new SockAddr.Inet4(new byte[]{127, 0, 0, 1}, 5000); // port 0x1388
    private static final SockAddr V6 = SockAddr.parse("[::1]:5000", Domain.AF_INET6);

    /** The encoded bytes (only the {@code length} the call is given) as hex. */
    private static String encode(SockAddrCodec codec, SockAddr address) {
        try (Arena arena = Arena.ofConfined()) {
            SockAddrCodec.Encoded e = codec.encode(address, arena);
            return HEX.formatHex(e.segment().asSlice(0, e.length()).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    private static SockAddr decode(SockAddrCodec codec, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(SockAddrCodec.STORAGE_SIZE);
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return codec.decode(s, bytes.length);
        }
    }

    private static SockAddr roundTrip(SockAddrCodec codec, SockAddr address) {
        return decode(codec, encode(codec, address));
    }

    @Test
    void thisMachineIsLittleEndian() {
        // The Linux and Windows expectations below write sa_family in host order; x86-64 and arm64 are little-endian.
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
    }

    @Test
    void ipv4() {
        // Linux/Windows: u16 family 2 little-endian, port big-endian, address, 8 zero bytes of sin_zero.
        assertEquals("02 00 13 88 7f 00 00 01 00 00 00 00 00 00 00 00", encode(LINUX, V4));
        assertEquals("02 00 13 88 7f 00 00 01 00 00 00 00 00 00 00 00", encode(WINDOWS, V4));
        // macOS: sin_len = 16, sin_family = 2 (one byte each).
        assertEquals("10 02 13 88 7f 00 00 01 00 00 00 00 00 00 00 00", encode(MACOS, V4));
    }

    @Test
    void ipv6() {
        String addr = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01";
        assertEquals("0a 00 13 88 00 00 00 00 " + addr + " 00 00 00 00", encode(LINUX, V6));
        assertEquals("17 00 13 88 00 00 00 00 " + addr + " 00 00 00 00", encode(WINDOWS, V6));
        assertEquals("1c 1e 13 88 00 00 00 00 " + addr + " 00 00 00 00", encode(MACOS, V6));
    }

    @Test
    void ipv6ScopeIdIsHostOrder() {
        var scoped = new SockAddr.Inet6(new byte[16], 1, 3);
        assertEquals("0a 00 00 01 00 00 00 00 " + "00 ".repeat(16) + "03 00 00 00", encode(LINUX, scoped));
    }

    @Test
    void unixPath() {
        SockAddr path = new SockAddr.Unix("/tmp/s");
        // family, the path, its terminating NUL: length 2 + 6 + 1.
        assertEquals("01 00 2f 74 6d 70 2f 73 00", encode(LINUX, path));
        assertEquals("01 00 2f 74 6d 70 2f 73 00", encode(WINDOWS, path));
        assertEquals("09 01 2f 74 6d 70 2f 73 00", encode(MACOS, path));
    }

    @Test
    void linuxAbstractName() {
        // A leading NUL, no terminator: the length says where the name ends.
        assertEquals("01 00 00 6c 61 62", encode(LINUX, new SockAddr.Unix("@lab")));
        assertEquals(new SockAddr.Unix("@lab"), decode(LINUX, "01 00 00 6c 61 62"));
        // Elsewhere '@' is just the first character of a file name.
        assertEquals("07 01 40 6c 61 62 00", encode(MACOS, new SockAddr.Unix("@lab")));
    }

    @Test
    void portsAreUnsigned() {
        var high = new SockAddr.Inet4(new byte[]{127, 0, 0, 1}, 65535);
        assertEquals("02 00 ff ff 7f 00 00 01 00 00 00 00 00 00 00 00", encode(LINUX, high));
        assertEquals(high, roundTrip(LINUX, high));
        assertEquals(65535, ((SockAddr.Inet4) decode(MACOS, encode(MACOS, high))).port());
    }

    @ParameterizedTest
    @EnumSource(value = Os.class, names = {"LINUX", "MACOS", "WINDOWS"})
    void everyKindRoundTrips(Os os) {
        var codec = new SockAddrCodec(PlatformConstants.of(os));
        List<SockAddr> addresses = List.of(
                V4,
                new SockAddr.Inet4(new byte[]{0, 0, 0, 0}, 0),
                new SockAddr.Inet4(new byte[]{(byte) 192, (byte) 168, 1, (byte) 254}, 443),
                V6,
                SockAddr.parse("[::ffff:127.0.0.1]:80", Domain.AF_INET6),
                SockAddr.parse("[fe80::1:2]:65000", Domain.AF_INET6),
                new SockAddr.Inet6(HEX.parseHex("20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 07"), 9, 2),
                new SockAddr.Unix("/tmp/socketlab.sock"),
                new SockAddr.Unix("relative.sock"),
                new SockAddr.Unix("/tmp/ñandú.sock"));
        for (SockAddr a : addresses) assertEquals(a, roundTrip(codec, a), os + " " + a);
    }

    @Test
    void abstractNamesRoundTripOnLinux() {
        for (String name : List.of("@lab", "@", "@socketlab-server-1")) {
            assertEquals(new SockAddr.Unix(name), roundTrip(LINUX, new SockAddr.Unix(name)));
        }
    }

    @Test
    void unnamedUnixSocket() {
        // getsockname() on an unbound Unix socket: Linux returns only the family (length 2).
        assertEquals(new SockAddr.Unix(""), decode(LINUX, "01 00"));
        // macOS returns the whole zeroed sun_path: an empty path, not an abstract name.
        assertEquals(new SockAddr.Unix(""), decode(MACOS, "6a 01" + " 00".repeat(104)));
    }

    @Test
    void pathLengthLimits() {
        String linuxMax = "/" + "a".repeat(106); // 107 bytes + NUL = sun_path[108]
        assertEquals(new SockAddr.Unix(linuxMax), roundTrip(LINUX, new SockAddr.Unix(linuxMax)));
        assertThrows(IllegalArgumentException.class, () -> encode(LINUX, new SockAddr.Unix(linuxMax + "a")));

        String macMax = "/" + "a".repeat(102); // 103 bytes + NUL = sun_path[104]
        assertEquals(new SockAddr.Unix(macMax), roundTrip(MACOS, new SockAddr.Unix(macMax)));
        assertThrows(IllegalArgumentException.class, () -> encode(MACOS, new SockAddr.Unix(macMax + "a")));
    }

    @Test
    void decodedAddressCopiesTheBytes() {
        var decoded = (SockAddr.Inet4) decode(LINUX, "02 00 00 50 7f 00 00 01 00 00 00 00 00 00 00 00");
        assertArrayEquals(new byte[]{127, 0, 0, 1}, decoded.address());
        assertEquals(80, decoded.port());
        assertEquals("127.0.0.1:80", decoded.text());
    }
}
