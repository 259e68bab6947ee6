package org.socketlab.kernel;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.socketlab.syscall.SockAddr;

/**
 * Whether a UDP datagram sent to an address of this machine finds no socket there, read from the kernel's own tables of
 * this network namespace ({@code /proc/net/udp} and {@code udp6}), which hold every program's sockets, not only the
 * lab's. Only a "nobody" read from them may be drawn as the kernel's ICMP port unreachable: a client such as
 * {@code nc -u} is bound at the address a server answers, and its datagrams get no ICMP.
 */
public final class UdpPorts {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private UdpPorts() {
    }

    /**
     * True only when the tables were read and no UDP socket is bound at {@code destination}'s port on its address or on
     * a wildcard (an IPv6 wildcard may take IPv4 too); false when one is, or when the tables cannot be read.
     */
    public static boolean nobodyAt(SockAddr destination) {
        byte[] address;
        int port;
        switch (destination) {
            case SockAddr.Inet4 v4 -> {
                address = v4.address();
                port = v4.port();
            }
            case SockAddr.Inet6 v6 -> {
                address = v6.isV4Mapped() ? Arrays.copyOfRange(v6.address(), 12, 16) : v6.address();
                port = v6.port();
            }
            case SockAddr.Unix u -> {
                return false;
            }
        }
        boolean read = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | RuntimeException e) {
                continue; // no IPv6 on this kernel, or no /proc
            }
            read = true;
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 2 || !f[0].endsWith(":")) continue; // the heading
                int colon = f[1].indexOf(':');
                if (colon < 0 || Integer.parseInt(f[1].substring(colon + 1), 16) != port) continue;
                byte[] bound = bytes(f[1].substring(0, colon));
                if (covers(bound, address)) return false;
            }
        }
        return read;
    }

    /** Whether a socket bound at {@code bound} receives what is sent to {@code address} (4 or 16 bytes). */
    private static boolean covers(byte[] bound, byte[] address) {
        if (allZero(bound) || Arrays.equals(bound, address)) return true;
        return bound.length == 16 && address.length == 4
                && Arrays.equals(Arrays.copyOfRange(bound, 0, 12), V4_MAPPED_PREFIX)
                && Arrays.equals(Arrays.copyOfRange(bound, 12, 16), address);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    /** The table's address: each 32-bit word printed as a number in the machine's byte order. */
    static byte[] bytes(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) return raw;
        for (int word = 0; word + 4 <= raw.length; word += 4) {
            byte a = raw[word], b = raw[word + 1];
            raw[word] = raw[word + 3];
            raw[word + 1] = raw[word + 2];
            raw[word + 2] = b;
            raw[word + 3] = a;
        }
        return raw;
    }
}
