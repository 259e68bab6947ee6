package org.socketlab.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * getaddrinfo(3)'s answer as the endpoint process got it (issue 41's getaddrinfo lesson): the list of addrinfo in
 * glibc's order, or the EAI_* code with gai_strerror's own text. The codes and flags are glibc's on Linux.
 *
 * @param code 0, or an EAI_* code (negative in glibc)
 * @param errno the errno glibc left, meaningful only for EAI_SYSTEM
 * @param text gai_strerror(code) as the endpoint's glibc wrote it; empty on success
 * @param entries each addrinfo: family, socktype, protocol and the address
 * @param ns how long the call took, in nanoseconds
 */
public record AddrInfo(int code, int errno, String text, List<Entry> entries, long ns) {
    /** One struct addrinfo of the list: ai_family, ai_socktype, ai_protocol, ai_addr. */
    public record Entry(int family, int socktype, int protocol, SockAddr address) {
    }

    public AddrInfo {
        entries = List.copyOf(entries);
    }

    public static final int AI_PASSIVE = 0x1, AI_CANONNAME = 0x2, AI_NUMERICHOST = 0x4, AI_V4MAPPED = 0x8,
            AI_ALL = 0x10, AI_ADDRCONFIG = 0x20, AI_NUMERICSERV = 0x400;
    /** glibc's EAI_SYSTEM: the error is in errno. */
    public static final int EAI_SYSTEM = -11;

    private static final Map<Integer, String> EAI = new LinkedHashMap<>();
    private static final Map<String, Integer> FLAGS = new LinkedHashMap<>();

    static {
        String[] names = {"EAI_BADFLAGS", "EAI_NONAME", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_FAMILY",
                "EAI_SOCKTYPE", "EAI_SERVICE", "EAI_ADDRFAMILY", "EAI_MEMORY", "EAI_SYSTEM", "EAI_OVERFLOW"};
        for (int i = 0; i < names.length; i++) EAI.put(-(i + 1), names[i]);
        FLAGS.put("AI_PASSIVE", AI_PASSIVE);
        FLAGS.put("AI_CANONNAME", AI_CANONNAME);
        FLAGS.put("AI_NUMERICHOST", AI_NUMERICHOST);
        FLAGS.put("AI_V4MAPPED", AI_V4MAPPED);
        FLAGS.put("AI_ALL", AI_ALL);
        FLAGS.put("AI_ADDRCONFIG", AI_ADDRCONFIG);
        FLAGS.put("AI_NUMERICSERV", AI_NUMERICSERV);
    }

    public boolean failed() {
        return code != 0;
    }

    /** The EAI_* name of a getaddrinfo code ("EAI_NONAME"), or the number when glibc has none by that value. */
    public static String eaiName(int code) {
        return EAI.getOrDefault(code, String.valueOf(code));
    }

    /** An EAI_* name's code, or null. */
    public static @Nullable Integer eaiCode(String name) {
        for (Map.Entry<Integer, String> e : EAI.entrySet()) if (e.getValue().equals(name)) return e.getKey();
        return null;
    }

    /** The AI_* flag called {@code name}, or null when there is none. */
    public static @Nullable Integer flag(String name) {
        return FLAGS.get(name);
    }

    /** Flags as a C program writes them: {@code AI_PASSIVE|AI_NUMERICHOST}, {@code 0} for none. */
    public static String flagNames(int flags) {
        List<String> parts = new ArrayList<>();
        int left = flags;
        for (Map.Entry<String, Integer> f : FLAGS.entrySet())
            if ((flags & f.getValue()) != 0) {
                parts.add(f.getKey());
                left &= ~f.getValue();
            }
        if (left != 0) parts.add("0x" + Integer.toHexString(left));
        return parts.isEmpty() ? "0" : String.join("|", parts);
    }

    /** The request's bytes: node, NUL, service, NUL (a NULL one is sent empty and marked in the null mask). */
    static byte[] request(@Nullable String node, @Nullable String service) {
        String n = node == null ? "" : node, s = service == null ? "" : service;
        // Request.GetAddrInfo refused such a name already, in the user's words.
        if (n.indexOf('\0') >= 0 || s.indexOf('\0') >= 0)
            throw new IllegalArgumentException(n.indexOf('\0') >= 0 ? "node" : "service");
        return (n + "\0" + s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /** Bit 0: node is NULL; bit 1: service is NULL. */
    static long nullMask(@Nullable String node, @Nullable String service) {
        return (node == null ? 1 : 0) | (service == null ? 2 : 0);
    }

    /** Reads endpoint.c's answer: on success each entry as int32 family, socktype, protocol, addrlen, then addr. */
    static AddrInfo decode(long code, int errno, byte[] bytes, long ns, Function<byte[], SockAddr> address) {
        if (code != 0)
            return new AddrInfo((int) code, code == EAI_SYSTEM ? errno : 0, new String(bytes, StandardCharsets.UTF_8),
                    List.of(), ns);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        List<Entry> entries = new ArrayList<>();
        while (b.remaining() >= 16) {
            int family = b.getInt(), socktype = b.getInt(), protocol = b.getInt(), length = b.getInt();
            if (length < 0 || length > b.remaining()) break;
            byte[] addr = new byte[length];
            b.get(addr);
            entries.add(new Entry(family, socktype, protocol, address.apply(addr)));
        }
        return new AddrInfo(0, 0, "", entries, ns);
    }
}
