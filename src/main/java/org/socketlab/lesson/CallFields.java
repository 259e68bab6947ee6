package org.socketlab.lesson;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.SysCall;

/**
 * The calls a lesson step may make and the fields each one takes: required, optional and the ones every step may
 * have. docs/lesson.schema.json says the same (a test checks).
 */
final class CallFields {
    private static final Set<String> COMMON = Set.of("endpoint", "call", "narration", "expect", "wait", "slide",
            "questions", "together", "said", "check");
    /** Calls that can block, so a step may start them without waiting ({@code "wait": false}). */
    static final Set<SysCall> BLOCKING = EnumSet.of(SysCall.ACCEPT, SysCall.CONNECT, SysCall.SEND, SysCall.RECV,
            SysCall.SENDTO, SysCall.RECVFROM, SysCall.READ, SysCall.WRITE, SysCall.POLL, SysCall.SELECT);

    /** The fields each call takes besides the common ones; all of them are required. */
    private static final Map<SysCall, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry(SysCall.SOCKET, Set.of("domain", "type", "as")),
            Map.entry(SysCall.BIND, Set.of("socket", "address")),
            Map.entry(SysCall.LISTEN, Set.of("socket", "backlog")),
            Map.entry(SysCall.ACCEPT, Set.of("socket", "as")),
            Map.entry(SysCall.CONNECT, Set.of("socket", "address")),
            Map.entry(SysCall.SEND, Set.of("socket", "data")),
            Map.entry(SysCall.RECV, Set.of("socket", "size")),
            Map.entry(SysCall.SENDTO, Set.of("socket", "data", "address")),
            Map.entry(SysCall.RECVFROM, Set.of("socket", "size")),
            Map.entry(SysCall.SHUTDOWN, Set.of("socket", "how")),
            Map.entry(SysCall.CLOSE, Set.of("socket")),
            Map.entry(SysCall.SETSOCKOPT, Set.of("socket", "option", "value")),
            Map.entry(SysCall.GETSOCKOPT, Set.of("socket", "option")),
            Map.entry(SysCall.FCNTL, Set.of("socket", "nonblocking")),
            Map.entry(SysCall.GETSOCKNAME, Set.of("socket")),
            Map.entry(SysCall.GETPEERNAME, Set.of("socket")),
            Map.entry(SysCall.SOCKETPAIR, Set.of("domain", "type", "as")),
            Map.entry(SysCall.READ, Set.of("socket", "size")),
            Map.entry(SysCall.WRITE, Set.of("socket", "data")),
            Map.entry(SysCall.POLL, Set.of("sockets", "events", "timeout")),
            Map.entry(SysCall.SELECT, Set.of("sockets", "timeout")),
            Map.entry(SysCall.SIGNAL, Set.of("signal", "handler")),
            Map.entry(SysCall.SIGPROCMASK, Set.of("how", "signal")),
            Map.entry(SysCall.WAITPID, Set.of("pid")),
            Map.entry(SysCall.GETADDRINFO, Set.of("node", "service")));

    /** Fields a call may leave out: socket's protocol (0), the flags of send and recv (0), accept's addrlen (sizeof). */
    private static final Map<SysCall, Set<String>> OPTIONAL = Map.of(
            SysCall.SOCKET, Set.of("protocol"),
            SysCall.SEND, Set.of("flags", "rest_of"), SysCall.RECV, Set.of("flags"), SysCall.SENDTO, Set.of("flags"),
            SysCall.RECVFROM, Set.of("flags"), SysCall.SELECT, Set.of("nfds"), SysCall.WAITPID, Set.of("options"),
            SysCall.GETADDRINFO, Set.of("family", "type", "ai_flags"), SysCall.SIGNAL, Set.of("sa_flags"),
            SysCall.ACCEPT, Set.of("addrlen"));

    private CallFields() {
    }

    /** Each call's allowed fields, the common and optional ones included: docs/lesson.schema.json must say the same (a test checks). */
    static Map<String, Set<String>> byCall() {
        Map<String, Set<String>> all = new TreeMap<>();
        REQUIRED.forEach((call, fields) -> all.put(call.journalName, new TreeSet<>(allowed(call, fields))));
        return all;
    }

    /** The call a step's {@code "call"} names; refuses a name that is not one of the lesson file's calls. */
    static SysCall named(String call) {
        SysCall named = SysCall.named(call);
        if (named == null || !REQUIRED.containsKey(named))
            throw new LocalizedException("lesson.error.unknownCall", call,
                    String.join(", ", REQUIRED.keySet().stream().map(c -> c.journalName).sorted().toList()));
        return named;
    }

    /** The fields {@code call} requires. */
    static Set<String> required(SysCall call) {
        return Objects.requireNonNull(REQUIRED.get(call), call.journalName); // named() lets only a lesson call through
    }

    /** All the fields a step making {@code call} may have, {@code required} among them. */
    static Set<String> allowed(SysCall call, Set<String> required) {
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(required);
        allowed.addAll(OPTIONAL.getOrDefault(call, Set.of()));
        return allowed;
    }
}
