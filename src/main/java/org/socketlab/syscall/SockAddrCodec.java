package org.socketlab.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads {@code struct sockaddr_in}, {@code sockaddr_in6} and {@code sockaddr_un} in the layout of
 * one OS. Linux and Windows start with a 16-bit family in host order; macOS starts with a length byte and an
 * 8-bit family. Ports and IPv4/IPv6 addresses are in network byte order everywhere.
 */
public final class SockAddrCodec {
    /** Big enough for any sockaddr this program uses ({@code sockaddr_storage} is 128 bytes). */
    public static final int STORAGE_SIZE = 128;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort HOST_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt HOST_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final PlatformConstants c;

    public SockAddrCodec(PlatformConstants constants) {
        this.c = constants;
    }

    /** A sockaddr written into memory from the arena; {@code length} is the socklen_t to pass. */
    public record Encoded(MemorySegment segment, int length) {
    }

    public Encoded encode(SockAddr address, Arena arena) {
        MemorySegment s = arena.allocate(STORAGE_SIZE, 8);
        int length = switch (address) {
            case SockAddr.Inet4 v4 -> {
                writeFamily(s, c.afInet(), 16);
                s.set(NET_SHORT, 2, (short) v4.port());
                MemorySegment.copy(v4.address(), 0, s, ValueLayout.JAVA_BYTE, 4, 4);
                yield 16;
            }
            case SockAddr.Inet6 v6 -> {
                writeFamily(s, c.afInet6(), 28);
                s.set(NET_SHORT, 2, (short) v6.port());
                s.set(HOST_INT, 4, 0); // flow info
                MemorySegment.copy(v6.address(), 0, s, ValueLayout.JAVA_BYTE, 8, 16);
                s.set(HOST_INT, 24, v6.scopeId());
                yield 28;
            }
            case SockAddr.Unix unix -> {
                byte[] path = unixPathBytes(unix.path());
                int len = 2 + path.length + (isAbstract(unix.path()) ? 0 : 1);
                writeFamily(s, c.afUnix(), len);
                MemorySegment.copy(path, 0, s, ValueLayout.JAVA_BYTE, 2, path.length);
                yield len;
            }
        };
        return new Encoded(s, length);
    }

    public SockAddr decode(MemorySegment s, int length) {
        int family = c.sockaddrHasLength()
                ? Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 1))
                : Short.toUnsignedInt(s.get(HOST_SHORT, 0));
        int port = Short.toUnsignedInt(s.get(NET_SHORT, 2));
        if (family == c.afInet()) {
            return new SockAddr.Inet4(s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE), port);
        } else if (family == c.afInet6()) {
            return new SockAddr.Inet6(s.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE), port, s.get(HOST_INT, 24));
        } else if (family == c.afUnix()) {
            int pathLength = Math.max(0, Math.min(length, 2 + c.sunPathLength()) - 2);
            byte[] raw = s.asSlice(2, pathLength).toArray(ValueLayout.JAVA_BYTE);
            if (c.os() == Os.LINUX && raw.length > 0 && raw[0] == 0) { // Linux abstract name: not NUL-terminated
                return new SockAddr.Unix("@" + new String(raw, 1, raw.length - 1, StandardCharsets.UTF_8));
            }
            int end = 0;
            while (end < raw.length && raw[end] != 0) end++;
            return new SockAddr.Unix(new String(raw, 0, end, StandardCharsets.UTF_8));
        }
        return new SockAddr.Unix("(family " + family + ")");
    }

    private void writeFamily(MemorySegment s, int family, int length) {
        if (c.sockaddrHasLength()) {
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) length);
            s.set(ValueLayout.JAVA_BYTE, 1, (byte) family);
        } else {
            s.set(HOST_SHORT, 0, (short) family);
        }
    }

    private byte[] unixPathBytes(String path) {
        byte[] bytes = isAbstract(path)
                ? ("\0" + path.substring(1)).getBytes(StandardCharsets.UTF_8)
                : path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= c.sunPathLength()) throw new IllegalArgumentException("Unix socket path too long: " + path);
        return bytes;
    }

    private boolean isAbstract(String path) {
        return c.os() == Os.LINUX && path.startsWith("@");
    }
}
