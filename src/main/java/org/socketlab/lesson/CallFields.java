package org.socketlab.lesson;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.socketlab.i18n.LocalizedException;

/**
 * The calls a lesson step may make and the fields each one takes: required, optional and the ones every step may
 * have. docs/lesson.schema.json says the same (a test checks).
 */
final class CallFields {
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect", "wait", "slide",
            "questions", "together", "said", "check");
    /** Calls that can block, so a step may start them without waiting ({@code "wait": false}). */
    static final Set<String> BLOCKING = Set.of("accept", "connect", "send", "recv", "sendto", "recvfrom",
            "read", "write", "poll", "select");

    /** The fields each call takes besides the common ones; all of them are required. */
    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("socket", Set.of("domain", "type", "as")),
            Map.entry("bind", Set.of("socket", "address")),
            Map.entry("listen", Set.of("socket", "backlog")),
            Map.entry("accept", Set.of("socket", "as")),
            Map.entry("connect", Set.of("socket", "address")),
            Map.entry("send", Set.of("socket", "data")),
            Map.entry("recv", Set.of("socket", "size")),
            Map.entry("sendto", Set.of("socket", "data", "address")),
            Map.entry("recvfrom", Set.of("socket", "size")),
            Map.entry("shutdown", Set.of("socket", "how")),
            Map.entry("close", Set.of("socket")),
            Map.entry("setsockopt", Set.of("socket", "option", "value")),
            Map.entry("getsockopt", Set.of("socket", "option")),
            Map.entry("fcntl", Set.of("socket", "nonblocking")),
            Map.entry("getsockname", Set.of("socket")),
            Map.entry("getpeername", Set.of("socket")),
            Map.entry("socketpair", Set.of("domain", "type", "as")),
            Map.entry("read", Set.of("socket", "size")),
            Map.entry("write", Set.of("socket", "data")),
            Map.entry("poll", Set.of("sockets", "events", "timeout")),
            Map.entry("select", Set.of("sockets", "timeout")),
            Map.entry("signal", Set.of("signal", "handler")),
            Map.entry("waitpid", Set.of("pid")),
            Map.entry("getaddrinfo", Set.of("node", "service")));

    /** Fields a call may leave out: socket's protocol (0), the flags of send and recv (0). */
    private static final Map<String, Set<String>> OPTIONAL = Map.of(
            "socket", Set.of("protocol"),
            "send", Set.of("flags", "rest_of"), "recv", Set.of("flags"), "sendto", Set.of("flags"), "recvfrom",
            Set.of("flags"), "select", Set.of("nfds"), "waitpid", Set.of("options"), "getaddrinfo",
            Set.of("family", "type", "ai_flags"), "signal", Set.of("sa_flags"));

    private CallFields() {
    }

    /** Each call's allowed fields, the common and optional ones included: docs/lesson.schema.json must say the same (a test checks). */
    static Map<String, Set<String>> byCall() {
        Map<String, Set<String>> all = new TreeMap<>();
        REQUIRED.forEach((call, fields) -> all.put(call, new TreeSet<>(allowed(call, fields))));
        return all;
    }

    /** The fields {@code call} requires; refuses a call that is not one of the lesson file's. */
    static Set<String> required(String call) {
        Set<String> fields = REQUIRED.get(call);
        if (fields == null)
            throw new LocalizedException("lesson.error.unknownCall", call,
                    String.join(", ", REQUIRED.keySet().stream().sorted().toList()));
        return fields;
    }

    /** All the fields a step making {@code call} may have, {@code required} among them. */
    static Set<String> allowed(String call, Set<String> required) {
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(required);
        allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
        return allowed;
    }
}
