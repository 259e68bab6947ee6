package org.socketlab.codegen;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.socketlab.syscall.Domain;

/**
 * Each call of a Rust program as an expression of type io::Result: std::net and std::os::unix::net where they can
 * make it (TcpListener::bind is socket + bind + listen), socket2 where std cannot ({@link RustSockets} knows which).
 */
final class RustCalls {
    /** A call written as a Rust expression of type io::Result, what it prints and the variable it binds. */
    record Expr(String expression, String binding, String result) {
    }

    private final List<CodeScript.Step> steps;
    private final RustSockets sockets;
    private final Writer w;
    private final Function<Op.Addr, CodeScript.Place> place;
    /** The sockets the program replies on: their recv_from() keeps the sender in a variable of its own. */
    private final Predicate<Op.Sock> replies;

    RustCalls(List<CodeScript.Step> steps, RustSockets sockets, Writer w, Function<Op.Addr, CodeScript.Place> place,
            Predicate<Op.Sock> replies) {
        this.steps = steps;
        this.sockets = sockets;
        this.w = w;
        this.place = place;
        this.replies = replies;
    }

    Expr expr(CodeScript.Step s) {
        Op op = s.op();
        String n = op.sock() == null ? null : op.sock().name();
        boolean s2 = n != null && sockets.socket2(n);
        return switch (op) {
            case Op.Socket o -> socket(o, n, s2);
            case Op.Bind o -> bind(o, n, s2);
            case Op.Listen o ->
                s2 && sockets.kind(o.sock()) == RustSockets.Kind.SOCKET2
                        ? new Expr(n + ".listen(" + o.backlog() + ")", null, "0")
                        : null;
            case Op.Accept o ->
                new Expr(n + ".accept()", "(" + (o.conn() == null ? "conn" : o.conn().name()) + ", _peer)",
                        (o.conn() == null ? "conn" : o.conn().name()) + ".as_raw_fd() as i64");
            case Op.Connect o -> connect(o, n);
            case Op.Send o -> o.sock().stream()
                    ? new Expr("(&" + n + ").write_all(" + data(o.data()) + ")", null,
                            String.valueOf(o.data().length()))
                    : new Expr(n + ".send(" + data(o.data()) + ")", "n", "n as i64");
            case Op.Recv o -> o.sock().stream()
                    ? new Expr("(&" + n + ").read(&mut buf[.." + o.len() + "])", "n", "n as i64")
                    : new Expr(n + ".recv(&mut buf[.." + o.len() + "])", "n", "n as i64");
            // send() and recv() on a stream, as glibc makes them (sendto, recvfrom): a TcpStream's write and read.
            case Op.SendTo o when o.addr() == null && o.sock().stream() && !s2 ->
                new Expr("(&" + n + ").write(" + data(o.data()) + ")", "n", "n as i64");
            case Op.RecvFrom o when o.sock().stream() && !s2 && !replies.test(o.sock()) ->
                new Expr("(&" + n + ").read(&mut buf[.." + o.len() + "])", "n", "n as i64");
            case Op.SendTo o -> o.addr() == null
                    ? new Expr(n + ".send(" + data(o.data()) + ")", "n", "n as i64")
                    : new Expr(n + ".send_to(" + data(o.data()) + ", " + address(o.addr()) + ")", "n", "n as i64");
            case Op.RecvFrom o -> new Expr(n + ".recv_from(&mut buf[.." + o.len() + "])",
                    "(n, " + (replies.test(o.sock()) ? Renderer.senderOf(o.sock()) : "_from") + ")", "n as i64");
            case Op.ReplyTo o -> new Expr(n + ".send_to(" + data(o.data()) + ", " + Renderer.senderOf(o.sock())
                    + (o.sock().domain() == Domain.AF_UNIX ? ".as_pathname().unwrap()" : "") + ")", "n", "n as i64");
            case Op.Write o ->
                new Expr("(&" + n + ").write_all(" + data(o.data()) + ")", null, String.valueOf(o.data().length()));
            case Op.Read o -> new Expr("(&" + n + ").read(&mut buf[.." + o.len() + "])", "n", "n as i64");
            case Op.SocketPair o -> null;
            case Op.GetAddrInfo o -> null; // AddrInfoCode writes it
            case Op.ProcessCall o -> null; // a remark, no line
            case Op.Child o -> null; // a branch: its calls are remarks in Rust
            case Op.Signal o -> null; // std has no signal API: the remark says so
            case Op.Poll o -> null;
            case Op.Select o -> null;
            case Op.Shutdown o -> new Expr(n + ".shutdown(Shutdown::" + switch (o.how()) {
                case SHUT_RD -> "Read";
                case SHUT_WR -> "Write";
                case SHUT_RDWR -> "Both";
            } + ")", null, "0");
            case Op.Close o -> {
                w.line("drop(" + n + ");");
                w.line("show(\"close\", 0);");
                yield null;
            }
            case Op.SetOption o -> setOption(o, n);
            case Op.GetOption o -> getOption(o, n);
            case Op.SetNonBlocking o -> new Expr(n + ".set_nonblocking(" + o.nonBlocking() + ")", null, "0");
            case Op.GetSockName o -> new Expr(n + ".local_addr()", "name", "{ println!(\"  {:?}\", name); 0 }");
            case Op.GetPeerName o ->
                o.sock().listens() ? null : new Expr(n + ".peer_addr()", "name", "{ println!(\"  {:?}\", name); 0 }");
            case Op.Unlink o -> new Expr(
                    "std::fs::remove_file(&"
                            + (place.apply(o.addr()) == null
                                    ? Renderer.rustQuoted(o.addr().path())
                                    : place.apply(o.addr()).var())
                            + ")",
                    null, "0");
        };
    }

    /** socket(): socket2's Socket, a datagram socket std binds at once, or nothing (std makes it with its bind or connect). */
    private Expr socket(Op.Socket o, String n, boolean s2) {
        if (s2)
            return new Expr(
                    "Socket::new(" + domain(o.domain()) + ", "
                            + (o.sock().stream() ? "Type::STREAM" : "Type::DGRAM") + ", None)",
                    n, n + ".as_raw_fd() as i64");
        if (!o.sock().stream()
                && steps.stream().noneMatch(x -> x.op() instanceof Op.Bind b && b.sock().equals(o.sock()))) {
            // A datagram socket that never binds: std binds it at creation to port 0, as sendto would.
            sockets.put(n,
                    o.domain() == Domain.AF_UNIX ? RustSockets.Kind.UNIX_DATAGRAM : RustSockets.Kind.UDP);
            String make = o.domain() == Domain.AF_UNIX
                    ? "UnixDatagram::unbound()"
                    : "UdpSocket::bind(inet(\"" + (o.domain() == Domain.AF_INET6 ? "::" : "0.0.0.0")
                            + "\", 0))";
            return new Expr(make, n, n + ".as_raw_fd() as i64");
        }
        return null;
    }

    /** bind(): socket2's, or the std type that binds as it is made. */
    private Expr bind(Op.Bind o, String n, boolean s2) {
        if (s2) return new Expr(n + ".bind(&" + address(o.addr()) + ".into())", null, "0");
        String type = switch (RustSockets.stdKind(o.sock())) {
            case UNIX_LISTENER -> "UnixListener";
            case UNIX_DATAGRAM -> "UnixDatagram";
            case UDP -> "UdpSocket";
            default -> "TcpListener";
        };
        return new Expr(type + "::bind(" + address(o.addr()) + ")", n, "0");
    }

    /** connect(): a std stream made by connecting, or a socket that exists connected. */
    private Expr connect(Op.Connect o, String n) {
        RustSockets.Kind k = sockets.kind(o.sock());
        if (k == RustSockets.Kind.NOT_YET) {
            String type = o.sock().domain() == Domain.AF_UNIX ? "UnixStream" : "TcpStream";
            return new Expr(type + "::connect(" + address(o.addr()) + ")", n, "0");
        }
        if (k == RustSockets.Kind.SOCKET2)
            return new Expr(n + ".connect(&" + address(o.addr()) + ".into())", null, "0");
        return new Expr(n + ".connect(" + address(o.addr()) + ")", null, "0");
    }

    /** A socket option set through socket2's SockRef, one setter an option. */
    private Expr setOption(Op.SetOption o, String n) {
        return new Expr("SockRef::from(&" + n + ")." + switch (o.option()) {
            case SO_REUSEADDR -> "set_reuse_address(" + (o.value() != 0) + ")";
            case SO_LINGER ->
                "set_linger(" + (o.value() < 0 ? "None" : "Some(Duration::from_secs(" + o.value() + "))") + ")";
            case SO_RCVBUF -> "set_recv_buffer_size(" + o.value() + ")";
            case SO_SNDBUF -> "set_send_buffer_size(" + o.value() + ")";
            case SO_ERROR -> "take_error().map(|_| ())";
            case SO_REUSEPORT -> "set_reuse_port(" + (o.value() != 0) + ")";
            case SO_KEEPALIVE -> "set_keepalive(" + (o.value() != 0) + ")";
            case TCP_NODELAY -> "set_nodelay(" + (o.value() != 0) + ")";
            case TCP_KEEPIDLE ->
                "set_tcp_keepalive(&TcpKeepalive::new().with_time(Duration::from_secs(" + o.value() + ")))";
            case TCP_KEEPINTVL ->
                "set_tcp_keepalive(&TcpKeepalive::new().with_interval(Duration::from_secs(" + o.value() + ")))";
            case TCP_KEEPCNT -> "set_tcp_keepalive(&TcpKeepalive::new().with_retries(" + o.value() + "))";
            case IPV6_V6ONLY -> "set_only_v6(" + (o.value() != 0) + ")";
            case TCP_QUICKACK -> "set_quickack(" + (o.value() != 0) + ")";
            case SO_RCVTIMEO -> "set_read_timeout(" + duration(o.value()) + ")";
            case SO_SNDTIMEO -> "set_write_timeout(" + duration(o.value()) + ")";
        }, null, "0");
    }

    /** getsockopt(): socket2's getter, its value printed. */
    private Expr getOption(Op.GetOption o, String n) {
        String getter = switch (o.option()) {
            case SO_REUSEADDR -> "reuse_address()";
            case SO_LINGER -> "linger()";
            case SO_RCVBUF -> "recv_buffer_size()";
            case SO_SNDBUF -> "send_buffer_size()";
            case SO_ERROR -> "take_error()";
            case SO_REUSEPORT -> "reuse_port()";
            case SO_KEEPALIVE -> "keepalive()";
            case TCP_NODELAY -> "nodelay()";
            case TCP_KEEPIDLE -> "keepalive_time()";
            case TCP_KEEPINTVL -> "keepalive_interval()";
            case TCP_KEEPCNT -> "keepalive_retries()";
            case IPV6_V6ONLY -> "only_v6()";
            case TCP_QUICKACK -> "quickack()";
            case SO_RCVTIMEO -> "read_timeout()";
            case SO_SNDTIMEO -> "write_timeout()";
        };
        return new Expr("SockRef::from(&" + n + ")." + getter, "value",
                "{ println!(\"  " + o.option().name() + " = {:?}\", value); 0 }");
    }

    private static String domain(Domain d) {
        return switch (d) {
            case AF_INET -> "Domain::IPV4";
            case AF_INET6 -> "Domain::IPV6";
            case AF_UNIX -> "Domain::UNIX";
        };
    }

    private String address(Op.Addr a) {
        CodeScript.Place p = place.apply(a);
        if (a.unix()) return p == null ? Renderer.rustQuoted(a.path()) : "&" + p.var();
        return "inet(" + Renderer.rustQuoted(a.host()) + ", " + (p == null ? String.valueOf(a.port()) : p.var()) + ")";
    }

    private static String data(Op.Bytes data) {
        if (data.repeated())
            return "&vec![b'" + Renderer.escapedBytes(new byte[]{data.first()}, false).replace("'", "\\'") + "'; "
                    + data.length() + "]";
        return "b\"" + Renderer.escapedBytes(data.bytes(), false) + "\"";
    }

    /** A timeout in milliseconds as Rust's Option of a Duration: 0 (no timeout) is None. */
    private static String duration(int millis) {
        return millis == 0 ? "None" : "Some(Duration::from_millis(" + millis + "))";
    }
}
