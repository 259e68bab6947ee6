package org.socketlab.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.SysCall;

/**
 * Turns a call strace printed into the journal's {@link Payload.Call}, when it is socket-related: socket, socketpair,
 * bind, listen, accept/accept4, connect, getsockname/getpeername, send*, recv*, read/write/readv/writev on a socket,
 * shutdown, close of a socket, setsockopt/getsockopt, fcntl on a socket, and poll/ppoll/select/pselect6/epoll_* on
 * sockets. Whether an fd is a socket is read from strace's own {@code -yy} annotation ({@code 3<TCP:[...]>}); a bare
 * number counts as a socket when this process got it from socket() or accept() and has not closed it. Calls on any
 * other fd (files, pipes, the terminal) are dropped here, with their contents: nothing of them is recorded.
 * The call keeps strace's name ({@code accept4}, {@code sendto}, {@code read}): it is what the program really called.
 */
public final class CallTranslator {
    /** The calls whose first argument is a socket, or any fd that may be one. */
    private static final Set<SysCall> ON_AN_FD = EnumSet.of(SysCall.BIND, SysCall.LISTEN, SysCall.ACCEPT,
            SysCall.ACCEPT4, SysCall.CONNECT, SysCall.GETSOCKNAME, SysCall.GETPEERNAME, SysCall.SEND, SysCall.SENDTO,
            SysCall.SENDMSG, SysCall.SENDMMSG, SysCall.RECV, SysCall.RECVFROM, SysCall.RECVMSG, SysCall.RECVMMSG,
            SysCall.SHUTDOWN, SysCall.SETSOCKOPT, SysCall.GETSOCKOPT, SysCall.READ, SysCall.WRITE, SysCall.READV,
            SysCall.WRITEV, SysCall.CLOSE, SysCall.FCNTL, SysCall.FCNTL64);
    /** epoll's waits: they name an epoll fd, not the sockets it watches. */
    private static final Set<SysCall> EPOLL_WAITS = EnumSet.of(SysCall.EPOLL_WAIT, SysCall.EPOLL_PWAIT,
            SysCall.EPOLL_PWAIT2);
    private static final Pattern ANNOTATED_FD = Pattern.compile("([0-9]{1,10})<([A-Za-z][A-Za-z0-9-]*:\\[)");
    private static final String IOV_BASE = "iov_base=\"";

    /** Socket fds per process that strace printed without an annotation (it could not read /proc in time). */
    private final Map<Integer, Set<Integer>> sockets = new HashMap<>();
    /** epoll fds that watch at least one socket, per process. */
    private final Map<Integer, Set<Integer>> epolls = new HashMap<>();

    /** The socket-related call as the journal writes it, with {@code enteredNs} on the journal's clock; else empty. */
    public Optional<Payload.Call> translate(StraceLine.Syscall s, long enteredNs) {
        if (s.result() == null) return Optional.empty(); // ended inside the call: it never returned
        Map<String, String> args = new LinkedHashMap<>();
        List<String> a = s.args();
        Integer fd = null;
        byte[] data = null;
        String name = s.name();
        SysCall call = SysCall.named(name); // strace's name read once; a call SocketLab does not name is dropped
        if (call == null) return Optional.empty();
        switch (call) {
            case SOCKET -> {
                if (a.size() < 2) return Optional.empty();
                args.put(CallArg.DOMAIN.key, StraceValues.domain(a.get(0)));
                args.put(CallArg.TYPE.key, StraceValues.type(a.get(1)));
                if (a.size() > 2) args.put(CallArg.PROTOCOL.key, StraceValues.withoutComments(a.get(2)));
                if (!s.failed()) remember(s.pid(), s.result().intValue());
            }
            case SOCKETPAIR -> {
                if (a.size() < 4) return Optional.empty();
                args.put(CallArg.DOMAIN.key, StraceValues.domain(a.get(0)));
                args.put(CallArg.TYPE.key, StraceValues.type(a.get(1)));
                args.put(CallArg.SV.key, StraceValues.withoutAnnotations(a.get(3)));
                for (Matcher m = Pattern.compile("([0-9]+)").matcher(StraceValues.withoutAnnotations(a.get(3))); m
                        .find();)
                    if (!s.failed()) remember(s.pid(), Integer.parseInt(m.group(1)));
            }
            case EPOLL_CTL -> {
                if (a.size() < 3) return Optional.empty();
                StraceValues.Fd target = StraceValues.fd(a.get(2)), epoll = StraceValues.fd(a.get(0));
                if (target == null || epoll == null || !isSocket(s.pid(), target)) return Optional.empty();
                epolls.computeIfAbsent(s.pid(), p -> new HashSet<>()).add(epoll.number());
                fd = target.number();
                args.put(CallArg.EPFD.key, String.valueOf(epoll.number()));
                args.put(CallArg.OP.key, StraceValues.withoutComments(a.get(1)));
                if (a.size() > 3) args.put(CallArg.EVENT.key, a.get(3));
            }
            default -> {
                if (call.waitsForReadiness() && !EPOLL_WAITS.contains(call)) {
                    // As the lab journals its own poll(): no fd of its own (it names many), its arguments as the
                    // program passed them, and which were ready after the result, as strace writes it.
                    if (firstSocket(s.pid(), String.join(", ", a)) == null) return Optional.empty();
                    waitArguments(call, a, args);
                    if (!s.failed() && s.detail() != null)
                        args.put(CallArg.REVENTS.key, StraceValues.withoutAnnotations(s.detail()));
                } else if (EPOLL_WAITS.contains(call)) {
                    StraceValues.Fd epoll = a.isEmpty() ? null : StraceValues.fd(a.getFirst());
                    if (epoll == null || !epolls.getOrDefault(s.pid(), Set.of()).contains(epoll.number()))
                        return Optional.empty();
                    args.put(CallArg.EPFD.key, String.valueOf(epoll.number()));
                    if (a.size() > 1) args.put(CallArg.EVENTS.key, a.get(1));
                } else if (ON_AN_FD.contains(call)) {
                    StraceValues.Fd target = a.isEmpty() ? null : StraceValues.fd(a.getFirst());
                    if (target == null || !isSocket(s.pid(), target)) return Optional.empty();
                    fd = target.number();
                    data = arguments(call, a, s, s.result(), args);
                    if (call == SysCall.CLOSE && !s.failed()) forget(s.pid(), fd);
                } else {
                    return Optional.empty();
                }
            }
        }
        if (call.accepts() && !s.failed()) remember(s.pid(), s.result().intValue());
        Integer errno = s.errnoName() == null ? null : ErrnoTable.LINUX.number(s.errnoName()).orElse(null);
        long result = s.failed() ? -1 : s.result();
        long durationNs = Math.max(0, s.durationUs()) * 1000;
        return Optional
                .of(new Payload.Call(name, fd, args, result, errno, s.errnoName(), data, durationNs, null, enteredNs));
    }

    /**
     * The arguments of a call on one socket fd (the first argument), into {@code args}; returns the bytes it moved.
     * {@code returned} is the call's result ({@link #translate} takes only a call that returned).
     */
    private static byte @Nullable [] arguments(SysCall call, List<String> a, StraceLine.Syscall s, long returned,
            Map<String, String> args) {
        boolean ok = !s.failed();
        switch (call) {
            case BIND, CONNECT ->
                args.put(CallArg.ADDR.key, at(a, 1).map(StraceValues::sockaddr).orElse(at(a, 1).orElse("?")));
            case GETSOCKNAME, GETPEERNAME -> {
                if (ok) args.put(CallArg.ADDR.key, at(a, 1).map(StraceValues::sockaddr).orElse("?"));
            }
            case LISTEN -> args.put(CallArg.BACKLOG.key, at(a, 1).orElse("?"));
            case ACCEPT, ACCEPT4 -> {
                if (ok) at(a, 1).map(StraceValues::sockaddr).ifPresent(p -> args.put(CallArg.PEER.key, p));
                if (call == SysCall.ACCEPT4)
                    args.put(CallArg.FLAGS.key, at(a, 3).map(StraceValues::withoutComments).orElse("0"));
            }
            case SEND, SENDTO, WRITE -> {
                args.put(CallArg.LEN.key, at(a, 2).orElse("?"));
                if (call != SysCall.WRITE)
                    args.put(CallArg.FLAGS.key, at(a, 3).map(StraceValues::withoutComments).orElse("0"));
                if (call == SysCall.SENDTO)
                    args.put(CallArg.ADDR.key,
                            at(a, 4).map(t -> t.equals("NULL") ? "NULL" : StraceValues.sockaddr(t)).orElse("NULL"));
                return ok ? sent(at(a, 1).flatMap(StraceValues::bytes).orElse(null), returned) : null;
            }
            case RECV, RECVFROM, READ -> {
                args.put(CallArg.LEN.key, at(a, 2).orElse("?"));
                if (call != SysCall.READ)
                    args.put(CallArg.FLAGS.key, at(a, 3).map(StraceValues::withoutComments).orElse("0"));
                if (ok && call == SysCall.RECVFROM)
                    at(a, 4).map(StraceValues::sockaddr).ifPresent(f -> args.put(CallArg.FROM.key, f));
                return ok ? at(a, 1).flatMap(StraceValues::bytes).orElse(null) : null;
            }
            case SENDMSG, RECVMSG, WRITEV, READV -> {
                if (call == SysCall.SENDMSG || call == SysCall.RECVMSG)
                    args.put(CallArg.FLAGS.key, at(a, 2).map(StraceValues::withoutComments).orElse("0"));
                if (!ok || call.sendsData() && returned == 0) return null;
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                // Scanned by hand, not by a regular expression: a 1 MiB iov_base overflows a regex's stack (the trace
                // reader died on a sendmsg echo server, issue 37).
                String iov = at(a, 1).orElse("");
                for (int i = iov.indexOf(IOV_BASE); i >= 0;) {
                    int start = i + IOV_BASE.length() - 1, end = StraceValues.endOfString(iov, start);
                    StraceValues.bytes(iov.substring(start, end)).ifPresent(all::writeBytes);
                    i = iov.indexOf(IOV_BASE, end);
                }
                byte[] bytes = all.toByteArray();
                return Arrays.copyOf(bytes, (int) Math.min(bytes.length, Math.max(0, returned)));
            }
            case SHUTDOWN -> args.put(CallArg.HOW.key, how(at(a, 1).orElse("?")));
            case SETSOCKOPT, GETSOCKOPT -> {
                args.put(CallArg.LEVEL.key, at(a, 1).map(StraceValues::withoutComments).orElse("?"));
                args.put(CallArg.OPTION.key, at(a, 2).map(StraceValues::withoutComments).orElse("?"));
                if (call == SysCall.SETSOCKOPT || ok)
                    args.put(CallArg.VALUE.key, at(a, 3).map(CallTranslator::optionValue).orElse("?"));
            }
            case FCNTL, FCNTL64 -> {
                args.put(CallArg.CMD.key, at(a, 1).map(StraceValues::withoutComments).orElse("?"));
                at(a, 2).ifPresent(v -> args.put(CallArg.ARG.key, StraceValues.withoutComments(v)));
            }
            default -> {
            }
        }
        return null;
    }

    /** The bytes the kernel took: the first {@code result} of those passed (strace prints all that were passed). */
    private static byte @Nullable [] sent(byte @Nullable [] passed, long result) {
        if (passed == null) return null;
        return Arrays.copyOf(passed, (int) Math.min(passed.length, Math.max(0, result)));
    }

    private static String optionValue(String text) {
        String t = text.trim();
        if (t.matches("\\[-?[0-9]+]")) return t.substring(1, t.length() - 1);
        return t;
    }

    private static String how(String text) {
        String t = StraceValues.withoutComments(text);
        return switch (t) {
            case "0", "0x0" -> "SHUT_RD";
            case "1", "0x1" -> "SHUT_WR";
            case "2", "0x2" -> "SHUT_RDWR";
            default -> t;
        };
    }

    private static Optional<String> at(List<String> a, int i) {
        return i < a.size() ? Optional.of(a.get(i)) : Optional.empty();
    }

    /** poll/ppoll's fd array, count and timeout; select/pselect6's count, fd sets and timeout; annotations gone. */
    private static void waitArguments(SysCall call, List<String> a, Map<String, String> args) {
        List<CallArg> keys = call == SysCall.POLL || call == SysCall.PPOLL
                ? List.of(CallArg.FDS, CallArg.NFDS, CallArg.TIMEOUT)
                : List.of(CallArg.NFDS, CallArg.READFDS, CallArg.WRITEFDS, CallArg.EXCEPTFDS, CallArg.TIMEOUT);
        for (int i = 0; i < a.size() && i < keys.size(); i++) {
            args.put(keys.get(i).key, StraceValues.withoutAnnotations(a.get(i)));
        }
    }

    private @Nullable Integer firstSocket(int pid, String text) {
        Matcher m = ANNOTATED_FD.matcher(text);
        while (m.find()) {
            StraceValues.Fd fd = StraceValues
                    .fd(text.substring(m.start(), StraceValues.endOfAnnotation(text, m.start() + m.group(1).length())));
            if (fd != null && fd.socket()) return fd.number();
        }
        return null;
    }

    private boolean isSocket(int pid, StraceValues.Fd fd) {
        if (fd.annotation() != null) return fd.socket();
        return sockets.getOrDefault(pid, Set.of()).contains(fd.number());
    }

    private void remember(int pid, int fd) {
        sockets.computeIfAbsent(pid, p -> new HashSet<>()).add(fd);
    }

    private void forget(int pid, int fd) {
        Set<Integer> set = sockets.get(pid);
        if (set != null) set.remove(fd);
    }

    /** A child shares its parent's open sockets when it starts (fork copies the fd table). */
    public void inherit(int parent, int child) {
        Set<Integer> set = sockets.get(parent);
        if (set != null) sockets.put(child, new HashSet<>(set));
    }

    /** A thread uses its process's table of descriptors: the same set, not a copy (issue 79). */
    public void share(int process, int thread) {
        sockets.put(thread, sockets.computeIfAbsent(process, p -> new HashSet<>()));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
