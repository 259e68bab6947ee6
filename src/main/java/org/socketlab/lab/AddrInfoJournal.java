package org.socketlab.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SysCall;

/**
 * A getaddrinfo(3) as the journal keeps it: its arguments as a C program writes them, and its real answer, each
 * addrinfo of the list in glibc's order ({@code res}), or the EAI_* code (the call's result and its errno name) with
 * gai_strerror's text ({@code error}).
 */
public final class AddrInfoJournal {
    private AddrInfoJournal() {
    }

    static Payload.Call call(Request.GetAddrInfo r, AddrInfo res, PlatformConstants c) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put(CallArg.NODE.key, quoted(r.node()));
        args.put(CallArg.SERVICE.key, quoted(r.service()));
        args.put(CallArg.HINTS.key, "{ai_flags=" + AddrInfo.flagNames(r.flags()) + ", ai_family="
                + (r.family() == null ? "AF_UNSPEC" : r.family().name()) + ", ai_socktype="
                + (r.type() == null ? "0" : r.type().name()) + "}");
        if (res.failed()) {
            args.put(CallArg.ERROR.key, res.text());
        } else {
            List<String> entries = new ArrayList<>();
            for (AddrInfo.Entry e : res.entries())
                entries.add("{ai_family=" + family(e.family(), c) + ", ai_socktype=" + socktype(e.socktype(), c)
                        + ", ai_protocol=" + protocol(e.protocol()) + ", ai_addr=" + e.address() + "}");
            args.put(CallArg.RES.key, "[" + String.join(", ", entries) + "]");
        }
        return new Payload.Call(SysCall.GETADDRINFO.journalName, null, args, res.code(), null,
                res.failed() ? AddrInfo.eaiName(res.code()) : null, null, res.ns());
    }

    /** How many addrinfo a journaled getaddrinfo's list held; with a family, how many of that family. */
    public static int count(Payload.Call call, @Nullable String family) {
        String res = call.arg(CallArg.RES);
        if (res == null) return 0;
        String needle = family == null ? "{ai_family=" : "{ai_family=" + family + ",";
        int n = 0;
        for (int at = res.indexOf(needle); at >= 0; at = res.indexOf(needle, at + 1)) n++;
        return n;
    }

    /** The family of a journaled getaddrinfo's {@code i}-th addrinfo as Linux numbers it (2, 10), or 0 past the end. */
    public static int familyAt(Payload.Call call, int i) {
        String res = call.arg(CallArg.RES);
        if (res == null) return 0;
        String[] parts = res.split("\\{ai_family=");
        if (i + 1 >= parts.length) return 0;
        return parts[i + 1].startsWith("AF_INET6,") ? 10 : parts[i + 1].startsWith("AF_INET,") ? 2 : -1;
    }

    private static String quoted(@Nullable String text) {
        return text == null ? "NULL" : "\"" + text + "\"";
    }

    private static String family(int f, PlatformConstants c) {
        return f == c.afInet() ? "AF_INET" : f == c.afInet6() ? "AF_INET6" : String.valueOf(f);
    }

    private static String socktype(int t, PlatformConstants c) {
        return t == c.sockStream()
                ? "SOCK_STREAM"
                : t == c.sockDgram()
                        ? "SOCK_DGRAM"
                        : t == 3
                                ? "SOCK_RAW"
                                : String.valueOf(t);
    }

    private static String protocol(int p) {
        return switch (p) {
            case 6 -> "IPPROTO_TCP";
            case 17 -> "IPPROTO_UDP";
            default -> String.valueOf(p);
        };
    }
}
