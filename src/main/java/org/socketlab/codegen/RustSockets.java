package org.socketlab.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SocketOption;

/**
 * What each socket variable of a Rust program holds as the program goes: nothing yet (std makes the socket inside
 * bind or connect), a socket2 {@code Socket} (std cannot make the session's calls on it), or the std type it became; a
 * socket2 socket becomes the std type once it listens or connects.
 */
final class RustSockets {
    /** Below this backlog the session's queue length is the point, so the listener is made with socket2. */
    private static final int STD_BACKLOG_ENOUGH = 5;

    /** What a socket's variable holds at this point of the program. */
    enum Kind {
        NOT_YET, ABSENT, SOCKET2, TCP_LISTENER, TCP_STREAM, UDP, UNIX_LISTENER, UNIX_STREAM, UNIX_DATAGRAM
    }

    private final List<CodeScript.Step> steps;
    private final Writer w;
    private final Map<String, Kind> kinds = new HashMap<>();
    private final Set<String> socket2Made = new HashSet<>();

    RustSockets(List<CodeScript.Step> steps, Writer w) {
        this.steps = steps;
        this.w = w;
        for (CodeScript.Step s : steps)
            if (s.op() instanceof Op.Socket o && needsSocket2(o.sock())) socket2Made.add(o.sock().name());
    }

    /** Whether socket2 makes this socket (std cannot make its calls as the session made them). */
    boolean socket2(String name) {
        return socket2Made.contains(name);
    }

    boolean anySocket2() {
        return !socket2Made.isEmpty();
    }

    void put(String name, Kind kind) {
        kinds.put(name, kind);
    }

    Kind kind(Op.Sock sock) {
        return kinds.getOrDefault(sock.name(), Kind.NOT_YET);
    }

    /**
     * Whether this step is the setsockopt(SO_REUSEADDR, 1) that std's TcpListener::bind makes itself on every Unix,
     * between socket() and bind(): socket, this, bind and listen one after another in the session, as
     * TcpListener::bind makes them. Then it is no line of the program and no reason for socket2; anywhere else (after
     * a failed bind, or with another endpoint's call between them) std would not make the session's calls, and
     * socket2 does.
     */
    boolean madeByListenerBind(CodeScript.Step step) {
        if (!(step.op() instanceof Op.SetOption o) || o.option() != SocketOption.SO_REUSEADDR || o.value() != 1
                || !o.sock().stream() || !o.sock().listens() || o.sock().domain() == Domain.AF_UNIX
                || o.sock().accepted())
            return false;
        int at = steps.indexOf(step);
        return at > 0 && at + 2 < steps.size() && steps.get(at - 1).op() instanceof Op.Socket k
                && k.sock().equals(o.sock()) && steps.get(at + 1).op() instanceof Op.Bind b
                && b.sock().equals(o.sock()) && steps.get(at + 2).op() instanceof Op.Listen l
                && l.sock().equals(o.sock());
    }

    /** Whether std cannot make this socket's calls as the session made them. */
    private boolean needsSocket2(Op.Sock sock) {
        if (sock.domain() == Domain.AF_UNIX || sock.accepted()) return false;
        boolean made = false, beforeFuse = false;
        for (CodeScript.Step s : steps) {
            if (s.op().sock() == null || !s.op().sock().equals(sock)) continue;
            switch (s.op()) {
                case Op.Socket o -> made = true;
                case Op.Listen o -> {
                    if (o.backlog() < STD_BACKLOG_ENOUGH) return true;
                }
                case Op.Connect o -> {
                    if (s.nonBlocking() || beforeFuse) return true;
                    if (sock.stream()) return false;
                }
                case Op.Bind o -> {
                    if (beforeFuse || (sock.stream() && !sock.listens())) return true;
                    if (!sock.listens()) return false; // a datagram socket: UdpSocket::bind
                }
                case Op.SetOption o -> beforeFuse |= !madeByListenerBind(s);
                case Op.GetOption o -> beforeFuse = true;
                case Op.SetNonBlocking o -> beforeFuse = true;
                default -> {
                }
            }
            if (!made) return false;
        }
        return false;
    }

    /** What the variable holds after the call: std types once socket2 sockets listen or connect. */
    void after(CodeScript.Step s, boolean succeeded) {
        Op.Sock sock = s.op().sock();
        if (sock == null) return;
        String n = sock.name();
        boolean s2 = socket2Made.contains(n);
        switch (s.op()) {
            case Op.Socket o -> {
                if (s2) kinds.put(n, succeeded ? Kind.SOCKET2 : Kind.ABSENT);
                else kinds.putIfAbsent(n, Kind.NOT_YET); // a datagram socket std made at once is already known
            }
            case Op.Bind o -> {
                if (!s2) kinds.put(n, !succeeded ? Kind.ABSENT : stdKind(sock));
                else if (succeeded && !sock.stream()) {
                    w.line("let " + n + ": " + (sock.domain() == Domain.AF_UNIX ? "UnixDatagram" : "UdpSocket") + " = "
                            + n + ".into();");
                    kinds.put(n, Kind.UDP);
                }
            }
            case Op.Listen o -> {
                if (s2 && succeeded && kind(sock) == Kind.SOCKET2) {
                    w.line("let " + n + ": TcpListener = " + n + ".into();");
                    kinds.put(n, Kind.TCP_LISTENER);
                }
            }
            case Op.Accept o -> {
                if (o.conn() != null && succeeded)
                    kinds.put(o.conn().name(), sock.domain() == Domain.AF_UNIX ? Kind.UNIX_STREAM : Kind.TCP_STREAM);
            }
            case Op.Connect o -> {
                if (kind(sock) == Kind.NOT_YET) kinds.put(n, succeeded ? stdKind(sock) : Kind.ABSENT);
                else
                    if (s2 && succeeded && sock.stream() && kind(sock) == Kind.SOCKET2
                            && !connectsAgain(sock, s.seq())) {
                                w.line("let " + n + ": TcpStream = " + n + ".into();");
                                kinds.put(n, Kind.TCP_STREAM);
                            }
            }
            case Op.Close o -> kinds.put(n, Kind.ABSENT);
            default -> {
            }
        }
    }

    /** Whether the session calls connect on this socket again later (std's TcpStream has no connect). */
    private boolean connectsAgain(Op.Sock sock, long afterSeq) {
        return steps.stream()
                .anyMatch(x -> x.seq() > afterSeq && x.op() instanceof Op.Connect c && c.sock().equals(sock));
    }

    static Kind stdKind(Op.Sock sock) {
        boolean unix = sock.domain() == Domain.AF_UNIX;
        if (!sock.stream()) return unix ? Kind.UNIX_DATAGRAM : Kind.UDP;
        if (sock.listens() || (unix && !sock.accepted())) return unix ? Kind.UNIX_LISTENER : Kind.TCP_LISTENER;
        return unix ? Kind.UNIX_STREAM : Kind.TCP_STREAM;
    }
}
