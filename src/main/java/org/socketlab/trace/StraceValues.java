package org.socketlab.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.SockAddr;

/**
 * Reads the values strace writes, in both its decoded form ({@code AF_INET}, {@code htons(5000)},
 * {@code inet_addr("127.0.0.1")}) and its raw one ({@code -X raw}: {@code 0x2}, {@code "\x13\x88"}): argument lists,
 * C strings with escapes, fds with their {@code -yy} annotation ({@code 5<TCP:[127.0.0.1:5000->127.0.0.1:40112]>}),
 * socket addresses, domains and types. Nothing here throws on bad input: it answers empty or null.
 */
public final class StraceValues {
    private StraceValues() {
    }

    /** An fd as strace printed it: its number and its {@code -yy} annotation (without the angle brackets), or null. */
    public record Fd(int number, @Nullable String annotation) {
        /** Whether the annotation names a socket: {@code TCP:[...]}, {@code UNIX-STREAM:[...]}, {@code socket:[N]}... */
        public boolean socket() {
            String a = annotation;
            if (a == null) return false;
            if (a.startsWith("socket:[")) return true;
            int colon = a.indexOf(":[");
            if (colon <= 0) return false;
            String kind = a.substring(0, colon);
            return Character.isUpperCase(kind.charAt(0))
                    && kind.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-');
        }

        /** The protocol word of a socket's annotation ({@code TCP}, {@code UDPv6}, {@code UNIX-STREAM}), or null. */
        public @Nullable String kind() {
            String a = annotation;
            if (a == null || !socket() || a.startsWith("socket:[")) return null;
            return a.substring(0, a.indexOf(":["));
        }

        /** Inside the brackets: {@code 1330396}, {@code 127.0.0.1:5000} or {@code 127.0.0.1:5000->127.0.0.1:40112}. */
        public @Nullable String detail() {
            String a = annotation;
            if (a == null) return null;
            int open = a.indexOf(":[");
            if (open < 0 || !a.endsWith("]")) return null;
            return a.substring(open + 2, a.length() - 1);
        }

        /** The socket's inode when the annotation gives it (an unbound socket, {@code socket:[N]}, AF_UNIX), else -1. */
        public long inode() {
            String d = detail();
            if (d == null) return -1;
            String first = d.contains("->") ? d.substring(0, d.indexOf("->")) : d;
            int comma = first.indexOf(',');
            if (comma >= 0) first = first.substring(0, comma);
            return first.matches("[0-9]{1,19}") ? parseLongOr(first, -1) : -1;
        }

        /** The local address of an IP socket ({@code 127.0.0.1:5000}, {@code [::1]:5000}), or null. */
        public @Nullable String local() {
            String d = detail();
            if (d == null || !ip()) return null;
            String first = d.contains("->") ? d.substring(0, d.indexOf("->")) : d;
            return first.matches("[0-9]+") ? null : first;
        }

        /** The peer address of a connected IP socket, or null. */
        public @Nullable String peer() {
            String d = detail();
            if (d == null || !ip() || !d.contains("->")) return null;
            return d.substring(d.indexOf("->") + 2);
        }

        public boolean ip() {
            String k = kind();
            return k != null && (k.startsWith("TCP") || k.startsWith("UDP"));
        }

        public boolean tcp() {
            String k = kind();
            return k != null && k.startsWith("TCP");
        }

        public boolean unix() {
            String k = kind();
            return k != null && k.startsWith("UNIX");
        }
    }

    /**
     * Splits an argument list ({@code 3<TCP:[...]>, {sa_family=AF_INET, ...}, 16}) at its top-level commas. Strings,
     * brackets, braces, parentheses, comments and fd annotations are kept whole. Empty for an empty list.
     */
    public static List<String> split(@Nullable String args) {
        List<String> out = new ArrayList<>();
        if (args == null || args.isBlank()) return out;
        int depth = 0, start = 0;
        int i = 0, n = args.length();
        while (i < n) {
            char c = args.charAt(i);
            if (c == '"') {
                i = endOfString(args, i);
                continue;
            }
            if (c == '/' && i + 1 < n && args.charAt(i + 1) == '*') {
                int end = args.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '<' && i > 0 && Character.isDigit(args.charAt(i - 1))) {
                i = endOfAnnotation(args, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
            else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i).trim());
                start = i + 1;
            }
            i++;
        }
        out.add(args.substring(start).trim());
        return out;
    }

    /** The index just after the closing quote of the string opening at {@code at} (the end of the text if none). */
    static int endOfString(String s, int at) {
        int i = at + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') i += 2;
            else if (c == '"') return i + 1;
            else i++;
        }
        return s.length();
    }

    /** The index just after the {@code >} closing the fd annotation opening at {@code at}; {@code ->} does not close it. */
    static int endOfAnnotation(String s, int at) {
        int i = at + 1, depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfString(s, i);
                continue;
            }
            if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            else if (c == '>' && depth == 0 && s.charAt(i - 1) != '-') return i + 1;
            i++;
        }
        return s.length();
    }

    /**
     * The text with every fd annotation taken away ({@code [3 4<TCP:[127.0.0.1:5000->127.0.0.1:42440]>]} becomes
     * {@code [3 4]}); an annotation ends at its own {@code >}, never at the one of {@code ->} inside it.
     */
    public static String withoutAnnotations(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = endOfString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '<' && i > 0 && Character.isDigit(text.charAt(i - 1))) {
                i = endOfAnnotation(text, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static final Pattern FD = Pattern.compile("(-?[0-9]{1,10})(?:<(.*)>)?", Pattern.DOTALL);

    /** An fd argument or result ({@code 3}, {@code 3<TCP:[...]>}), or null when it is not one. */
    public static @Nullable Fd fd(@Nullable String text) {
        if (text == null) return null;
        Matcher m = FD.matcher(text.trim());
        if (!m.matches()) return null;
        long n = parseLongOr(m.group(1), Long.MIN_VALUE);
        if (n < -1 || n > Integer.MAX_VALUE) return null;
        return new Fd((int) n, m.group(2));
    }

    /**
     * The bytes of a C string as strace writes it ({@code "hi\n\0\377"}, {@code "\x13\x88"}); a trailing {@code ...}
     * (strace cut it at {@code -s}) is ignored. Empty when {@code text} is not a string.
     */
    public static Optional<byte[]> bytes(@Nullable String text) {
        if (text == null) return Optional.empty();
        String t = text.trim();
        if (t.endsWith("...")) t = t.substring(0, t.length() - 3);
        if (t.length() < 2 || t.charAt(0) != '"' || t.charAt(t.length() - 1) != '"' || endOfString(t, 0) != t.length())
            return Optional.empty();
        Bytes out = new Bytes(t.length());
        int i = 1, end = t.length() - 1;
        while (i < end) {
            char c = t.charAt(i);
            if (c < 0x80 && c != '\\') {
                out.write(c); // the common case, one byte as it stands (a 6 MiB echo is millions of them)
                i++;
                continue;
            }
            if (c != '\\') {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < end) {
                    utf8 = t.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(utf8);
                i++;
                continue;
            }
            if (i + 1 >= end) return Optional.empty();
            char e = t.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write('\f');
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case '"', '\\', '\'', '?' -> out.write(e);
                case 'x' -> {
                    int start = i;
                    while (i < end && i - start < 2 && Character.digit(t.charAt(i), 16) >= 0) i++;
                    if (i == start) return Optional.empty();
                    out.write(Integer.parseInt(t.substring(start, i), 16));
                }
                default -> {
                    if (e < '0' || e > '7') return Optional.empty();
                    int start = i - 1;
                    while (i < end && i - start < 3 && t.charAt(i) >= '0' && t.charAt(i) <= '7') i++;
                    int value = Integer.parseInt(t.substring(start, i), 8);
                    if (value > 0xff) return Optional.empty();
                    out.write(value);
                }
            }
        }
        return Optional.of(out.toByteArray());
    }

    /** A growing byte array without ByteArrayOutputStream's lock and bounds checks on every byte. */
    private static final class Bytes {
        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (size == bytes.length) bytes = Arrays.copyOf(bytes, size * 2);
            bytes[size++] = (byte) b;
        }

        void writeBytes(byte[] more) {
            for (byte b : more) write(b);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static final Map<Integer, String> DOMAINS = Map.of(1, "AF_UNIX", 2, "AF_INET", 10, "AF_INET6", 16,
            "AF_NETLINK", 17, "AF_PACKET");
    private static final Map<Integer, String> TYPES = Map.of(1, "SOCK_STREAM", 2, "SOCK_DGRAM", 3, "SOCK_RAW", 5,
            "SOCK_SEQPACKET");

    /** {@code AF_INET} from {@code AF_INET}, {@code 0x2} or {@code 2}; {@code PF_*} read as {@code AF_*}. */
    public static String domain(@Nullable String text) {
        String t = withoutComments(text);
        if (t.startsWith("PF_")) t = "AF_" + t.substring(3);
        if (t.startsWith("AF_")) return t;
        Long n = number(t);
        return n == null ? t : DOMAINS.getOrDefault(n.intValue(), t);
    }

    /** {@code SOCK_STREAM|SOCK_CLOEXEC} from the decoded or the raw ({@code 0x1|0x80000}) form. */
    public static String type(@Nullable String text) {
        String t = withoutComments(text);
        List<String> parts = new ArrayList<>();
        for (String part : t.split("\\|")) {
            Long n = number(part.trim());
            if (n == null) {
                parts.add(part.trim());
                continue;
            }
            long v = n;
            if (TYPES.containsKey((int) (v & 0xf))) parts.add(TYPES.get((int) (v & 0xf)));
            else if ((v & 0xf) != 0) parts.add(String.valueOf(v & 0xf));
            if ((v & 0x800) != 0) parts.add("SOCK_NONBLOCK");
            if ((v & 0x80000) != 0) parts.add("SOCK_CLOEXEC");
        }
        return String.join("|", parts);
    }

    /** A number in decimal, hex ({@code 0x10}) or octal ({@code 0644}), or null. */
    public static @Nullable Long number(@Nullable String text) {
        if (text == null) return null;
        String t = text.trim();
        try {
            if (t.matches("-?0[xX][0-9a-fA-F]{1,16}"))
                return Long.parseUnsignedLong(t.replaceFirst("-?0[xX]", ""), 16) * (t.startsWith("-") ? -1 : 1);
            if (t.matches("-?[0-9]{1,19}")) return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The text without {@code -X verbose}'s comments ({@code 0x2 /* AF_INET *}{@code /}); the comment's word wins. */
    static String withoutComments(@Nullable String text) {
        if (text == null) return "";
        Matcher m = Pattern.compile("^\\s*(\\S+)\\s*/\\*\\s*(.*?)\\s*\\*/\\s*$").matcher(text);
        if (m.matches()) return m.group(2);
        return text.replaceAll("/\\*.*?\\*/", "").trim();
    }

    private static final Pattern FIELD = Pattern.compile("([a-z0-9_]+)=");

    /**
     * A socket address structure as text ({@code 127.0.0.1:5000}, {@code [::1]:5000}, {@code /tmp/s.sock}), from
     * {@code {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("127.0.0.1")}} or its raw form; null when
     * the text is no such structure (a pointer, {@code NULL}).
     */
    public static @Nullable String sockaddr(@Nullable String text) {
        if (text == null) return null;
        String t = text.trim();
        if (!t.startsWith("{") || !t.endsWith("}")) return null;
        List<String> fields = split(t.substring(1, t.length() - 1));
        String family = null, port = null, v4 = null, v6 = null, path = null;
        for (String f : fields) {
            String value = f.contains("=") ? f.substring(f.indexOf('=') + 1).trim() : f;
            String key = f.contains("=") ? f.substring(0, f.indexOf('=')).trim() : "";
            switch (key) {
                case "sa_family" -> family = domain(value);
                case "sin_port", "sin6_port" -> port = port(value);
                case "sin_addr" -> v4 = ipv4(value);
                case "sin6_addr" -> v6 = ipv6Raw(value);
                case "sun_path" ->
                    path = bytes(value).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(value);
                default -> {
                    // inet_pton(AF_INET6, "::1", &sin6_addr) has no key
                    Matcher pton = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]*)\", &sin6_addr\\)").matcher(f);
                    if (pton.find()) v6 = pton.group(1);
                }
            }
        }
        if (family == null) return null;
        return switch (family) {
            case "AF_INET" -> v4 == null || port == null ? null : v4 + ":" + port;
            case "AF_INET6" -> v6 == null || port == null ? null : "[" + v6 + "]:" + port;
            case "AF_UNIX" -> path == null ? "(unnamed)" : path.startsWith("\0") ? "@" + path.substring(1) : path;
            default -> family;
        };
    }

    private static @Nullable String port(String value) {
        String v = withoutComments(value);
        Matcher htons = Pattern.compile("htons\\(([0-9]{1,5})\\)").matcher(v);
        if (htons.find()) return htons.group(1);
        Optional<byte[]> raw = bytes(value.contains("/*") ? value.substring(0, value.indexOf("/*")) : value);
        if (raw.isPresent() && raw.get().length == 2)
            return String.valueOf(((raw.get()[0] & 0xff) << 8) | (raw.get()[1] & 0xff));
        Long n = number(v);
        return n == null ? null : String.valueOf(n);
    }

    private static @Nullable String ipv4(String value) {
        Matcher named = Pattern.compile("inet_addr\\(\"([0-9.]{7,15})\"\\)").matcher(value);
        if (named.find()) return named.group(1);
        Optional<byte[]> raw = bytes(value.contains("/*") ? value.substring(0, value.indexOf("/*")) : value);
        if (raw.isEmpty() || raw.get().length != 4) return null;
        byte[] b = raw.get();
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    private static @Nullable String ipv6Raw(String value) {
        Matcher named = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]*)\"").matcher(value);
        if (named.find()) return named.group(1);
        Optional<byte[]> raw = bytes(value.contains("/*") ? value.substring(0, value.indexOf("/*")) : value);
        if (raw.isEmpty() || raw.get().length != 16) return null;
        return new SockAddr.Inet6(raw.get(), 0, 0).text().replaceFirst("^\\[(.*)]:0$", "$1");
    }

    static long parseLongOr(String text, long fallback) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
