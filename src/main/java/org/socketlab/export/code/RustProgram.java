package org.socketlab.export.code;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SocketOption;

/**
 * Rust with std::net and std::os::unix::net where they can make the session's calls (they fuse socket() into
 * bind or connect: TcpListener::bind is socket + bind + listen), and the socket2 crate where std cannot (a socket
 * set up before it binds or connects, a non-blocking connect, a small backlog, an option std lacks); a socket2
 * socket becomes the std type once it listens or connects. Writes go through write_all.
 */
final class RustProgram extends Renderer {
    /** Below this backlog the session's queue length is the point, so the listener is made with socket2. */
    private static final int STD_BACKLOG_ENOUGH = 5;

    /** What a socket's variable holds at this point of the program. */
    private enum Kind {
        NOT_YET, ABSENT, SOCKET2, TCP_LISTENER, TCP_STREAM, UDP, UNIX_LISTENER, UNIX_STREAM, UNIX_DATAGRAM
    }

    private final Map<String, Kind> kinds = new HashMap<>();
    private final Set<String> socket2Made = new HashSet<>();
    private boolean usesSocket2;

    RustProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
    }

    @Override
    Language language() {
        return Language.RUST;
    }

    @Override
    String fileName() {
        return endpoint.replace('-', '_') + ".rs";
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
                case Op.SetOption o -> beforeFuse = true;
                case Op.GetOption o -> beforeFuse = true;
                case Op.SetNonBlocking o -> beforeFuse = true;
                default -> {
                }
            }
            if (!made) return false;
        }
        return false;
    }

    @Override
    void start() {
        for (CodeScript.Step s : steps)
            if (s.op() instanceof Op.Socket o && needsSocket2(o.sock())) socket2Made.add(o.sock().name());
        usesSocket2 = !socket2Made.isEmpty()
                || steps.stream().anyMatch(s -> s.op() instanceof Op.SetOption || s.op() instanceof Op.GetOption);
        // socket2 keeps SO_REUSEPORT and the keepalive getters behind its "all" feature.
        boolean all = usesOption(SocketOption.SO_REUSEPORT) || steps.stream()
                .anyMatch(s -> s.op() instanceof Op.GetOption g
                        && g.option().level() == SocketOption.Level.IPPROTO_TCP
                        && g.option() != SocketOption.TCP_NODELAY);
        String crate = all ? "socket2 = { version = \"0.5\", features = [\"all\"] }" : "socket2 = \"0.5\"";
        header(usesSocket2
                ? "cargo run (Cargo.toml: [dependencies] " + crate + ")"
                : "rustc " + fileName() + " && ./" + endpoint.replace('-', '_'));
        w.line("#![allow(unused_imports, unused_variables, unused_mut, dead_code)]");
        w.line("use std::io::{Read, Write};");
        w.line("use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};");
        w.line("use std::os::unix::io::AsRawFd;");
        w.line("use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};");
        w.line("use std::time::Duration;");
        if (usesSocket2) w.line("use socket2::{Domain, SockRef, Socket, TcpKeepalive, Type};");
        w.blank();
        w.comment(m.get("code.comment.show"));
        w.line("fn show(call: &str, result: i64) {");
        w.indent().line("println!(\"{}() = {}\", call, result);").outdent().line("}");
        w.blank();
        if (uses(Op.Recv.class) || uses(Op.RecvFrom.class) || uses(Op.Read.class)) {
            w.comment(m.get("code.comment.got"));
            w.line("fn got(call: &str, data: &[u8], peer: Option<String>) {");
            w.indent().line("let mut line = format!(\"{}() = {} \\\"\", call, data.len());");
            w.line("for &b in data {");
            w.indent().line("if (32..127).contains(&b) && b != b'\"' && b != b'\\\\' {");
            w.indent().line("line.push(b as char);").outdent().line("} else {");
            w.indent().line("line.push_str(&format!(\"\\\\x{:02x}\", b));").outdent().line("}");
            w.outdent().line("}");
            w.line("line.push('\"');");
            w.line("if let Some(p) = peer {");
            w.indent().line("line.push_str(\" from \");").line("line.push_str(&p);").outdent().line("}");
            w.line("println!(\"{}\", line);");
            w.outdent().line("}");
            w.blank();
        }
        if (uses(Op.Accept.class)) {
            w.comment(m.get("code.comment.peer"));
            w.line("fn accepted(fd: i64, peer: String) {");
            w.indent().line("println!(\"accept() = {} from {}\", fd, peer);").outdent().line("}");
            w.blank();
        }
        w.comment(m.get("code.rust.failedFn"));
        w.line("fn failed(call: &str, e: &std::io::Error) {");
        w.indent().line("println!(\"{}() = -1 errno {} ({})\", call, e.raw_os_error().unwrap_or(0), e);").outdent()
                .line("}");
        w.blank();
        w.comment(m.get("code.comment.turn"));
        w.line("fn turn(step_mode: bool, prompt: &str) {");
        w.indent().line("if step_mode {").indent().line("eprintln!(\"{}\", prompt);")
                .line("let mut line = String::new();")
                .line("let _ = std::io::stdin().read_line(&mut line);").outdent().line("}").outdent().line("}");
        w.blank();
        w.line("fn inet(host: &str, port: u16) -> SocketAddr {");
        w.indent().line("SocketAddr::new(host.parse::<IpAddr>().unwrap(), port)").outdent().line("}");
        w.blank();
        w.line("fn main() -> std::io::Result<()> {");
        w.indent();
        w.line("let mut step_mode = false;");
        var places = places();
        for (CodeScript.Place p : places)
            w.line(p.path()
                    ? "let mut " + p.var() + " = String::from(" + quoted(p.pathText()) + ");"
                    : "let mut " + p.var() + ": u16 = " + p.port() + ";");
        w.line("let mut given = 0;");
        w.line("for arg in std::env::args().skip(1) {");
        w.indent();
        w.line("if arg == \"--step\" {").indent().line("step_mode = true;").line("continue;").outdent().line("}");
        w.line("match given {");
        w.indent();
        for (CodeScript.Place p : places)
            w.line(p.index() + " => " + p.var() + " = " + (p.path() ? "arg.clone()" : "arg.parse().expect(\"PORT\")")
                    + ",");
        w.line("_ => {}");
        w.outdent().line("}");
        w.line("given += 1;");
        w.outdent().line("}");
        int buf = maxRecv();
        if (buf > 0) w.line("let mut buf = vec![0u8; " + buf + "];");
        w.blank();
    }

    @Override
    void turn(String other) {
        w.line("turn(step_mode, " + quoted(turnPrompt(other)) + ");");
    }

    private Kind kind(Op.Sock sock) {
        return kinds.getOrDefault(sock.name(), Kind.NOT_YET);
    }

    @Override
    void ownRemarks(CodeScript.Step s) {
        Op.Sock sock = s.op().sock();
        boolean s2 = sock != null && socket2Made.contains(sock.name());
        switch (s.op()) {
            case Op.Socket o -> w.remark(m.get(s2 ? "code.rust.socket2" : "code.rust.fusedSocket"));
            case Op.Bind o when !s2 && o.sock().stream() && o.sock().listens() ->
                w.remark(m.get("code.rust.listenerBind"));
            case Op.Bind o when !s2 && o.sock().stream() && o.sock().domain() == Domain.AF_UNIX ->
                w.remark(m.get("code.rust.listenerBind"));
            case Op.Listen o when !s2 -> w.remark(m.get("code.rust.listen", o.backlog()));
            case Op.Connect o when !s2 && kind(o.sock()) == Kind.NOT_YET -> w.remark(m.get("code.rust.connect"));
            case Op.Send o when o.sock().stream() -> w.remark(m.get("code.rust.writeAll"));
            case Op.Close o -> w.remark(m.get("code.rust.drop"));
            case Op.SetOption o when o.option() == SocketOption.TCP_KEEPIDLE || o.option() == SocketOption.TCP_KEEPINTVL
                    || o.option() == SocketOption.TCP_KEEPCNT ->
                w.remark(m.get("code.rust.tcpKeepalive"));
            default -> {
            }
        }
        if (sock != null && kind(sock) == Kind.ABSENT) w.remark(m.get("code.rust.absent"));
        if (s.op() instanceof Op.GetPeerName && sock != null && sock.listens()) w.remark(m.get("code.rust.noPeer"));
    }

    /** A call written as a Rust expression of type io::Result, what it prints and the variable it binds. */
    private record Expr(String expression, String binding, String result) {
    }

    @Override
    void call(CodeScript.Step s) {
        Op.Sock sock = s.op().sock();
        if (sock != null && kind(sock) == Kind.ABSENT) return; // std never had this socket: nothing to call
        Expr e = expr(s);
        if (e == null) {
            after(s, !s.failed());
            return;
        }
        if (!s.failed()) {
            w.line(e.binding() == null ? e.expression() + "?;" : "let " + e.binding() + " = " + e.expression() + "?;");
            w.line(shown(s, e) + ";");
            after(s, true);
            return;
        }
        String v = e.binding() == null ? "_" : e.binding();
        w.line("match " + e.expression() + " {");
        w.indent().line("Ok(" + v + ") => show(\"" + s.call() + "\", " + e.result() + "),");
        w.line("Err(e) => failed(\"" + s.call() + "\", &e),").outdent().line("}");
        after(s, false);
    }

    /** The line printing a successful call: what a receive got and from whom, the peer accept() gave. */
    private static String shown(CodeScript.Step s, Expr e) {
        boolean unix = s.op().sock() != null && s.op().sock().domain() == Domain.AF_UNIX;
        return switch (s.op()) {
            case Op.Recv o -> "got(\"recv\", &buf[..n], None)";
            case Op.Read o -> "got(\"read\", &buf[..n], None)";
            case Op.RecvFrom o -> "got(\"recvfrom\", &buf[..n], Some(" + peer("_from", unix) + "))";
            case Op.Accept o -> "accepted(" + e.result() + ", " + peer("_peer", unix) + ")";
            default -> "show(\"" + s.call() + "\", " + e.result() + ")";
        };
    }

    /** A peer address as the C and Python programs print it: 127.0.0.1:5000, [::1]:5000, or a Unix path in quotes. */
    private static String peer(String var, boolean unix) {
        return unix
                ? "format!(\"\\\"{}\\\"\", " + var
                        + ".as_pathname().map(|p| p.display().to_string()).unwrap_or_default())"
                : var + ".to_string()";
    }

    /** What the variable holds after the call: std types once socket2 sockets listen or connect. */
    private void after(CodeScript.Step s, boolean succeeded) {
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

    private static Kind stdKind(Op.Sock sock) {
        boolean unix = sock.domain() == Domain.AF_UNIX;
        if (!sock.stream()) return unix ? Kind.UNIX_DATAGRAM : Kind.UDP;
        if (sock.listens() || (unix && !sock.accepted())) return unix ? Kind.UNIX_LISTENER : Kind.TCP_LISTENER;
        return unix ? Kind.UNIX_STREAM : Kind.TCP_STREAM;
    }

    private Expr expr(CodeScript.Step s) {
        Op op = s.op();
        String n = op.sock() == null ? null : op.sock().name();
        boolean s2 = n != null && socket2Made.contains(n);
        return switch (op) {
            case Op.Socket o -> {
                if (s2)
                    yield new Expr(
                            "Socket::new(" + domain(o.domain()) + ", "
                                    + (o.sock().stream() ? "Type::STREAM" : "Type::DGRAM") + ", None)",
                            n, n + ".as_raw_fd() as i64");
                if (!o.sock().stream()
                        && steps.stream().noneMatch(x -> x.op() instanceof Op.Bind b && b.sock().equals(o.sock()))) {
                    // A datagram socket that never binds: std binds it at creation to port 0, as sendto would.
                    kinds.put(n, o.domain() == Domain.AF_UNIX ? Kind.UNIX_DATAGRAM : Kind.UDP);
                    String make = o.domain() == Domain.AF_UNIX
                            ? "UnixDatagram::unbound()"
                            : "UdpSocket::bind(inet(\"" + (o.domain() == Domain.AF_INET6 ? "::" : "0.0.0.0")
                                    + "\", 0))";
                    yield new Expr(make, n, n + ".as_raw_fd() as i64");
                }
                yield null;
            }
            case Op.Bind o -> {
                if (s2) yield new Expr(n + ".bind(&" + address(o.addr()) + ".into())", null, "0");
                String type = switch (stdKind(o.sock())) {
                    case UNIX_LISTENER -> "UnixListener";
                    case UNIX_DATAGRAM -> "UnixDatagram";
                    case UDP -> "UdpSocket";
                    default -> "TcpListener";
                };
                yield new Expr(type + "::bind(" + address(o.addr()) + ")", n, "0");
            }
            case Op.Listen o ->
                s2 && kind(o.sock()) == Kind.SOCKET2 ? new Expr(n + ".listen(" + o.backlog() + ")", null, "0") : null;
            case Op.Accept o ->
                new Expr(n + ".accept()", "(" + (o.conn() == null ? "conn" : o.conn().name()) + ", _peer)",
                        (o.conn() == null ? "conn" : o.conn().name()) + ".as_raw_fd() as i64");
            case Op.Connect o -> {
                Kind k = kind(o.sock());
                if (k == Kind.NOT_YET) {
                    String type = o.sock().domain() == Domain.AF_UNIX ? "UnixStream" : "TcpStream";
                    yield new Expr(type + "::connect(" + address(o.addr()) + ")", n, "0");
                }
                if (k == Kind.SOCKET2) yield new Expr(n + ".connect(&" + address(o.addr()) + ".into())", null, "0");
                yield new Expr(n + ".connect(" + address(o.addr()) + ")", null, "0");
            }
            case Op.Send o -> o.sock().stream()
                    ? new Expr("(&" + n + ").write_all(" + data(o.data()) + ")", null,
                            String.valueOf(o.data().length()))
                    : new Expr(n + ".send(" + data(o.data()) + ")", "n", "n as i64");
            case Op.Recv o -> o.sock().stream()
                    ? new Expr("(&" + n + ").read(&mut buf[.." + o.len() + "])", "n", "n as i64")
                    : new Expr(n + ".recv(&mut buf[.." + o.len() + "])", "n", "n as i64");
            case Op.SendTo o -> o.addr() == null
                    ? new Expr(n + ".send(" + data(o.data()) + ")", "n", "n as i64")
                    : new Expr(n + ".send_to(" + data(o.data()) + ", " + address(o.addr()) + ")", "n", "n as i64");
            case Op.RecvFrom o -> new Expr(n + ".recv_from(&mut buf[.." + o.len() + "])", "(n, _from)", "n as i64");
            case Op.Write o ->
                new Expr("(&" + n + ").write_all(" + data(o.data()) + ")", null, String.valueOf(o.data().length()));
            case Op.Read o -> new Expr("(&" + n + ").read(&mut buf[.." + o.len() + "])", "n", "n as i64");
            case Op.SocketPair o -> null;
            case Op.Poll o -> null;
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
            case Op.SetOption o -> new Expr("SockRef::from(&" + n + ")." + switch (o.option()) {
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
            }, null, "0");
            case Op.GetOption o -> {
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
                };
                yield new Expr("SockRef::from(&" + n + ")." + getter, "value",
                        "{ println!(\"  " + o.option().name() + " = {:?}\", value); 0 }");
            }
            case Op.SetNonBlocking o -> new Expr(n + ".set_nonblocking(" + o.nonBlocking() + ")", null, "0");
            case Op.GetSockName o -> new Expr(n + ".local_addr()", "name", "{ println!(\"  {:?}\", name); 0 }");
            case Op.GetPeerName o ->
                o.sock().listens() ? null : new Expr(n + ".peer_addr()", "name", "{ println!(\"  {:?}\", name); 0 }");
            case Op.Unlink o -> new Expr(
                    "std::fs::remove_file(&"
                            + (place(o.addr()) == null ? quoted(o.addr().path()) : place(o.addr()).var()) + ")",
                    null, "0");
        };
    }

    private static String domain(Domain d) {
        return switch (d) {
            case AF_INET -> "Domain::IPV4";
            case AF_INET6 -> "Domain::IPV6";
            case AF_UNIX -> "Domain::UNIX";
        };
    }

    private String address(Op.Addr a) {
        CodeScript.Place p = place(a);
        if (a.unix()) return p == null ? quoted(a.path()) : "&" + p.var();
        return "inet(" + quoted(a.host()) + ", " + (p == null ? String.valueOf(a.port()) : p.var()) + ")";
    }

    private static String data(Op.Bytes data) {
        if (data.repeated())
            return "&vec![b'" + escapedBytes(new byte[]{data.first()}, false).replace("'", "\\'") + "'; "
                    + data.length() + "]";
        return "b\"" + escapedBytes(data.bytes(), false) + "\"";
    }

    @Override
    void finish() {
        w.line("Ok(())");
        w.outdent().line("}");
    }

    /** Rust's std and socket2 (as Debian packages it) have no poll(), MSG_* flags, SOCK_SEQPACKET pair or SOCK_RAW here. */
    @Override
    boolean canWrite(Op op) {
        return streamAndDatagramOnly(op);
    }

    @Override
    String runCommand() {
        return "rustc " + fileName() + " && ./" + endpoint.replace('-', '_');
    }

    @Override
    void cannotProgram(String calls) {
        w.line("fn main() {");
        w.indent().line("println!(\"{}\", " + quoted(m.get("code.cannotRun", "Rust", calls)) + ");");
        w.outdent().line("}");
    }
}
