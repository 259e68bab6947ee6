package org.socketlab.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code sockaddr_in} or {@code sockaddr_in6} field by field, with the bytes the kernel receives for each, in the
 * layout of one OS: what a student's C program builds with {@code htons(port)} and {@code inet_pton}. The family is
 * in the machine's own byte order (little-endian on x86 and ARM), the port and the address in network order
 * (big-endian), which is why a C program must call {@code htons}. {@link SockAddrCodec} writes the same bytes for the
 * real calls; a test holds the two together.
 */
public final class SockAddrLayout {
    /** One field: its C name, its bytes in memory, and its value as a C program would write it. */
    public record Field(String name, byte[] bytes, String value) {
        public Field {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private SockAddrLayout() {
    }

    /** The fields of an IPv4 or IPv6 address; empty for a Unix-domain path (no byte order to show). */
    public static List<Field> of(SockAddr address, PlatformConstants c, ByteOrder hostOrder) {
        List<Field> fields = new ArrayList<>();
        String prefix;
        int family;
        String familyName;
        switch (address) {
            case SockAddr.Inet4 v4 -> {
                prefix = "sin_";
                family = c.afInet();
                familyName = "AF_INET";
            }
            case SockAddr.Inet6 v6 -> {
                prefix = "sin6_";
                family = c.afInet6();
                familyName = "AF_INET6";
            }
            case SockAddr.Unix u -> {
                return List.of();
            }
        }
        if (c.sockaddrHasLength()) {
            int length = address instanceof SockAddr.Inet4 ? 16 : 28;
            fields.add(new Field(prefix + "len", new byte[]{(byte) length}, String.valueOf(length)));
            fields.add(new Field(prefix + "family", new byte[]{(byte) family}, familyName + " = " + family));
        } else {
            fields.add(new Field(prefix + "family",
                    ByteBuffer.allocate(2).order(hostOrder).putShort((short) family).array(),
                    familyName + " = " + family));
        }
        switch (address) {
            case SockAddr.Inet4 v4 -> {
                fields.add(new Field("sin_port", port(v4.port()), "htons(" + v4.port() + ")"));
                String host = v4.text().substring(0, v4.text().lastIndexOf(':'));
                fields.add(new Field("sin_addr", v4.address(), "inet_addr(\"" + host + "\")"));
                fields.add(new Field("sin_zero", new byte[8], "0"));
            }
            case SockAddr.Inet6 v6 -> {
                fields.add(new Field("sin6_port", port(v6.port()), "htons(" + v6.port() + ")"));
                fields.add(new Field("sin6_flowinfo", new byte[4], "0"));
                String host = v6.text().substring(1, v6.text().lastIndexOf("]:"));
                fields.add(new Field("sin6_addr", v6.address(), "inet_pton(AF_INET6, \"" + host + "\")"));
                fields.add(
                        new Field("sin6_scope_id", ByteBuffer.allocate(4).order(hostOrder).putInt(v6.scopeId()).array(),
                                String.valueOf(v6.scopeId())));
            }
            case SockAddr.Unix u -> {
            } // returned empty above
        }
        return List.copyOf(fields);
    }

    /**
     * The fields of an address as the journal writes it ({@code 127.0.0.1:5000}, {@code [::1]:80}), in this machine's
     * layout and byte order; empty for a path, {@code NULL} or anything else.
     */
    public static List<Field> ofJournalText(@Nullable String text) {
        Os os = Os.current();
        return SockAddr.ofJournalText(text)
                .map(a -> of(a, PlatformConstants.of(os == Os.OTHER ? Os.LINUX : os), ByteOrder.nativeOrder()))
                .orElse(List.of());
    }

    /** The C struct the fields make: {@code sockaddr_in} or {@code sockaddr_in6}. */
    public static String structName(List<Field> fields) {
        return fields.getFirst().name().startsWith("sin6_") ? "sockaddr_in6" : "sockaddr_in";
    }

    /** All the fields' bytes one after another: the whole structure as it lies in memory. */
    public static byte[] bytes(List<Field> fields) {
        int n = fields.stream().mapToInt(f -> f.bytes().length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        fields.forEach(f -> b.put(f.bytes()));
        return b.array();
    }

    private static byte[] port(int port) {
        return new byte[]{(byte) (port >>> 8), (byte) port};
    }
}
