package org.socketlab.syscall;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;

/** A socket address as the kernel sees it: IPv4, IPv6 or a Unix-domain path. */
public sealed interface SockAddr {

    Domain domain();

    /** Human-readable, as in the journal: {@code 127.0.0.1:5000}, {@code [::1]:5000}, {@code /tmp/s.sock}. */
    String text();

    /**
     * As the wire carries it: an IPv4-mapped IPv6 address ({@code [::ffff:127.0.0.1]:80}) as the IPv4 address it maps
     * ({@code 127.0.0.1:80}); any other address as it is.
     */
    default SockAddr unmapped() {
        return this;
    }

    /** Whether this address stays on this machine (127.0.0.0/8, ::1, any Unix-domain path; which paths the lab may use, lab/AddressPolicy decides). */
    boolean isLoopback();

    record Inet4(byte[] address, int port) implements SockAddr {
        public Inet4 {
            if (address.length != 4) throw new IllegalArgumentException("IPv4 address needs 4 bytes");
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }
        @Override
        public Domain domain() {
            return Domain.AF_INET;
        }
        @Override
        public String text() {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff) + ":" + port;
        }
        @Override
        public boolean isLoopback() {
            return (address[0] & 0xff) == 127;
        }
        @Override
        public boolean equals(Object o) {
            return o instanceof Inet4 other && other.port == port && Arrays.equals(other.address, address);
        }
        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + port;
        }
        @Override
        public String toString() {
            return text();
        }
    }

    record Inet6(byte[] address, int port, int scopeId) implements SockAddr {
        private static final byte[] LOOPBACK = new byte[16];
        static {
            LOOPBACK[15] = 1;
        }

        public Inet6 {
            if (address.length != 16) throw new IllegalArgumentException("IPv6 address needs 16 bytes");
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }
        @Override
        public Domain domain() {
            return Domain.AF_INET6;
        }
        @Override
        public String text() {
            if (isV4Mapped()) {
                // InetAddress would print a mapped address as plain IPv4 ("[127.0.0.1]:80"), which parse() rejects.
                return "[::ffff:" + (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "."
                        + (address[15] & 0xff) + "]:" + port;
            }
            try {
                String host = InetAddress.getByAddress(address).getHostAddress();
                int percent = host.indexOf('%');
                if (percent >= 0) host = host.substring(0, percent);
                return "[" + compress(host) + "]:" + port;
            } catch (UnknownHostException e) {
                return "[" + HexFormat.of().formatHex(address) + "]:" + port;
            }
        }
        @Override
        public boolean isLoopback() {
            return Arrays.equals(address, LOOPBACK) || (isV4Mapped() && (address[12] & 0xff) == 127);
        }
        /** {@code ::ffff:a.b.c.d}, an IPv4 address seen through an IPv6 socket. */
        public boolean isV4Mapped() {
            return address[10] == (byte) 0xff && address[11] == (byte) 0xff
                    && Arrays.equals(address, 0, 10, new byte[10], 0, 10);
        }
        @Override
        public SockAddr unmapped() {
            return isV4Mapped() ? new Inet4(Arrays.copyOfRange(address, 12, 16), port) : this;
        }
        @Override
        public boolean equals(Object o) {
            return o instanceof Inet6 other && other.port == port && other.scopeId == scopeId
                    && Arrays.equals(other.address, address);
        }
        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + port;
        }
        @Override
        public String toString() {
            return text();
        }

        /** Java prints 0:0:0:0:0:0:0:1; people write ::1. */
        private static String compress(String full) {
            String s = ":" + full + ":";
            String best = null;
            for (int n = 8; n >= 2 && best == null; n--) {
                String zeros = ":" + "0:".repeat(n);
                if (s.contains(zeros)) best = zeros;
            }
            if (best == null) return full;
            String out = s.replaceFirst(Pattern.quote(best), "::");
            out = out.substring(out.startsWith("::") ? 0 : 1, out.endsWith("::") ? out.length() : out.length() - 1);
            return out.isEmpty() ? "::" : out;
        }
    }

    /** A Unix-domain address; a leading {@code @} names Linux's abstract namespace (no file). */
    record Unix(String path) implements SockAddr {
        @Override
        public Domain domain() {
            return Domain.AF_UNIX;
        }
        @Override
        public String text() {
            return path.isEmpty() ? "(unnamed)" : path;
        }
        @Override
        public boolean isLoopback() {
            return true;
        }
        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * Parses what a user typed for a domain: {@code 127.0.0.1:5000}, {@code localhost:5000}, {@code [::1]:5000},
     * {@code /tmp/lab.sock}. Numeric addresses only: nothing is looked up in DNS.
     */
    static SockAddr parse(String text, Domain domain) {
        String input = text == null ? "" : text.strip();
        if (input.isEmpty()) throw new LocalizedException("input.address.empty");
        return switch (domain) {
            case AF_UNIX -> {
                if (input.getBytes(StandardCharsets.UTF_8).length >= 104)
                    throw new LocalizedException("input.address.unixTooLong", input);
                yield new Unix(input);
            }
            case AF_INET -> {
                int colon = input.lastIndexOf(':');
                if (colon < 0) throw new LocalizedException("input.address.noPort", input);
                String host = input.substring(0, colon);
                int port = parsePort(input.substring(colon + 1));
                if (host.equalsIgnoreCase("localhost")) host = "127.0.0.1";
                yield new Inet4(parseIpv4(host, input), port);
            }
            case AF_INET6 -> {
                if (!input.startsWith("[")) throw new LocalizedException("input.address.ipv6Brackets", input);
                int close = input.indexOf("]:");
                if (close < 0) throw new LocalizedException("input.address.noPort", input);
                String host = input.substring(1, close);
                int port = parsePort(input.substring(close + 2));
                if (host.equalsIgnoreCase("localhost")) host = "::1";
                yield new Inet6(parseIpv6(host, input), port, 0);
            }
        };
    }

    /**
     * An address as the journal writes it ({@code 127.0.0.1:5000}, {@code [::1]:80}, {@code /tmp/s.sock}, {@code @lab}): the one
     * reader of that text. Empty for none, {@code NULL}, a traced call's {@code ?} or anything else that is not one.
     */
    static Optional<SockAddr> ofJournalText(@Nullable String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        char first = text.charAt(0);
        Domain domain = first == '['
                ? Domain.AF_INET6
                : first == '/' || first == '@'
                        ? Domain.AF_UNIX
                        : Character.isDigit(first) ? Domain.AF_INET : null;
        if (domain == null) return Optional.empty();
        try {
            return Optional.of(parse(text, domain));
        } catch (RuntimeException notAnAddress) {
            return Optional.empty();
        }
    }

    /** A TCP or UDP port: 0 to 65535 (0 asks the kernel to choose, when binding). */
    static int parsePort(String text) {
        String s = text == null ? "" : text.strip();
        if (!s.matches("\\d{1,5}")) throw new LocalizedException("input.port.invalid", s);
        int port = Integer.parseInt(s);
        if (port > 65535) throw new LocalizedException("input.port.invalid", s);
        return port;
    }

    private static byte[] parseIpv4(String host, String input) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) throw new LocalizedException("input.address.invalid", input);
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) throw new LocalizedException("input.address.invalid", input);
            int v = Integer.parseInt(parts[i]);
            if (v > 255) throw new LocalizedException("input.address.invalid", input);
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String host, String input) {
        // Only hex digits, colons and dots reach InetAddress, so it parses a literal and never resolves a name.
        if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+") || !host.contains(":"))
            throw new LocalizedException("input.address.invalid", input);
        try {
            InetAddress parsed = InetAddress.getByName(host);
            if (parsed instanceof Inet6Address v6) return v6.getAddress();
            byte[] v4 = parsed.getAddress(); // ::ffff:a.b.c.d comes back as IPv4
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            throw new LocalizedException("input.address.invalid", input);
        }
    }
}
