package org.socketlab.codegen;

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
    /** What a socket's variable holds at this point of the program. */
    private enum Kind {
        NOT_YET, ABSENT, SOCKET2, TCP_LISTENER, TCP_STREAM, UDP, UNIX_LISTENER, UNIX_STREAM, UNIX_DATAGRAM
    }

    private final RustSockets sockets;
    private final RustCalls calls;
    private boolean usesSocket2;

    RustProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
        sockets = new RustSockets(steps, w);
        calls = new RustCalls(steps, sockets, w, this::place, this::repliesOn);
    }

    @Override
    Language language() {
        return Language.RUST;
    }

    @Override
    String fileName() {
        return endpoint.replace('-', '_') + ".rs";
    }

    /**
     * A thread (issue 79): std::thread::spawn with a closure that makes its calls (moving the sockets it uses into it,
     * with a buffer of its own), joined before main returns: a process ends when main does.
     */
    @Override
    void thread(Op.Child c) {
        if (c.start()) {
            w.remark(m.get("code.comment.thread", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
            w.line("let thread_" + c.number() + " = std::thread::spawn(move || -> std::io::Result<()> {");
            w.indent();
            int buf = maxRecv();
            if (buf > 0) w.line("let mut buf = vec![0u8; " + buf + "];");
        } else {
            w.line("Ok(())");
            w.outdent().line("});");
        }
    }

    @Override
    void start() {
        uses();
        printingFunctions();
        helperFunctions();
        w.line("fn main() -> std::io::Result<()> {");
        w.indent();
        mainArguments();
        int buf = maxRecv();
        if (buf > 0) w.line("let mut buf = vec![0u8; " + buf + "];");
        w.blank();
    }

    /** The header (rustc, or cargo with socket2 where a call needs it) and the use lines. */
    private void uses() {
        usesSocket2 = sockets.anySocket2()
                || steps.stream().anyMatch(s -> s.op() instanceof Op.SetOption && !stdSetsIt(s)
                        || s.op() instanceof Op.GetOption);
        // socket2 keeps SO_REUSEPORT and the keepalive getters behind its "all" feature.
        boolean all = usesOption(SocketOption.SO_REUSEPORT) || usesOption(SocketOption.TCP_QUICKACK) || steps.stream()
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
    }

    /** show(), got() and accepted(): how the program prints what each call returned. */
    private void printingFunctions() {
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
    }

    /** failed(), turn() and inet(): an error's errno, the --step wait, an address from its text. */
    private void helperFunctions() {
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
    }

    /** The places (ports, paths) the run used, each replaceable by an argument; --step waits before each call. */
    private void mainArguments() {
        w.line("let mut step_mode = false;");
        var places = places();
        for (CodeScript.Place p : places)
            w.line(p.path()
                    ? "let mut " + p.var() + " = String::from(" + rustQuoted(p.pathText()) + ");"
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
    }

    @Override
    void turn(String other) {
        w.line("turn(step_mode, " + rustQuoted(turnPrompt(other)) + ");");
    }

    @Override
    void ownRemarks(CodeScript.Step s) {
        Op.Sock sock = s.op().sock();
        boolean s2 = sock != null && sockets.socket2(sock.name());
        switch (s.op()) {
            case Op.Socket o -> w.remark(m.get(s2 ? "code.rust.socket2" : "code.rust.fusedSocket"));
            case Op.Bind o when !s2 && o.sock().stream() && o.sock().listens() ->
                w.remark(m.get("code.rust.listenerBind"));
            case Op.Bind o when !s2 && o.sock().stream() && o.sock().domain() == Domain.AF_UNIX ->
                w.remark(m.get("code.rust.listenerBind"));
            case Op.Listen o when !s2 -> w.remark(m.get("code.rust.listen", o.backlog()));
            case Op.SetOption o when stdSetsIt(s) -> w.remark(m.get("code.rust.reuseAddrByStd"));
            case Op.Connect o when !s2 && sockets.kind(o.sock()) == RustSockets.Kind.NOT_YET ->
                w.remark(m.get("code.rust.connect"));
            case Op.Send o when o.sock().stream() -> w.remark(m.get("code.rust.writeAll"));
            case Op.Close o -> w.remark(m.get("code.rust.drop"));
            case Op.Signal o -> w.remark(m.get("code.rust.noSignal", o.signal()));
            case Op.SetOption o when o.option() == SocketOption.TCP_KEEPIDLE || o.option() == SocketOption.TCP_KEEPINTVL
                    || o.option() == SocketOption.TCP_KEEPCNT ->
                w.remark(m.get("code.rust.tcpKeepalive"));
            default -> {
            }
        }
        if (sock != null && sockets.kind(sock) == RustSockets.Kind.ABSENT) w.remark(m.get("code.rust.absent"));
        if (s.op() instanceof Op.GetPeerName && sock != null && sock.listens()) w.remark(m.get("code.rust.noPeer"));
    }

    /** The SO_REUSEADDR that TcpListener::bind sets itself, on a listener std makes (not socket2). */
    private boolean stdSetsIt(CodeScript.Step s) {
        return sockets.madeByListenerBind(s) && !sockets.socket2(s.op().sock().name());
    }

    @Override
    void call(CodeScript.Step s) {
        if (s.op() instanceof Op.GetAddrInfo g) {
            new AddrInfoCode(w, m).rust(s, g, servicePlace(g));
            return;
        }
        Op.Sock sock = s.op().sock();
        if (sock != null && sockets.kind(sock) == RustSockets.Kind.ABSENT) return; // std never had this socket: nothing to call
        RustCalls.Expr e = stdSetsIt(s) ? null : calls.expr(s);
        if (e == null) {
            sockets.after(s, !s.failed());
            return;
        }
        if (!s.failed()) {
            w.line(e.binding() == null ? e.expression() + "?;" : "let " + e.binding() + " = " + e.expression() + "?;");
            w.line(shown(s, e) + ";");
            sockets.after(s, true);
            return;
        }
        String v = e.binding() == null ? "_" : e.binding();
        w.line("match " + e.expression() + " {");
        w.indent().line("Ok(" + v + ") => show(\"" + s.call() + "\", " + e.result() + "),");
        w.line("Err(e) => failed(\"" + s.call() + "\", &e),").outdent().line("}");
        sockets.after(s, false);
    }

    /** The line printing a successful call: what a receive got and from whom, the peer accept() gave. */
    private String shown(CodeScript.Step s, RustCalls.Expr e) {
        boolean unix = s.op().sock() != null && s.op().sock().domain() == Domain.AF_UNIX;
        return switch (s.op()) {
            case Op.Recv o -> "got(\"recv\", &buf[..n], None)";
            case Op.Read o -> "got(\"read\", &buf[..n], None)";
            case Op.RecvFrom o when o.sock().stream() && !sockets.socket2(o.sock().name()) && !repliesOn(o.sock()) ->
                "got(\"recvfrom\", &buf[..n], None)";
            case Op.RecvFrom o -> "got(\"recvfrom\", &buf[..n], Some("
                    + peer(repliesOn(o.sock()) ? senderOf(o.sock()) : "_from", unix) + "))";
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

    @Override
    void finish() {
        if (!startedThreads().isEmpty()) w.comment(m.get("code.comment.threadJoin"));
        for (Op.Child t : startedThreads()) w.line("let _ = thread_" + t.number() + ".join();");
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
        w.indent().line("println!(\"{}\", " + rustQuoted(m.get("code.cannotRun", "Rust", calls)) + ");");
        w.outdent().line("}");
    }
}
