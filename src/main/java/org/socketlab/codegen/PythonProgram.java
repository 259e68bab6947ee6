package org.socketlab.codegen;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/**
 * Python's socket module, one method per call. A call the session saw fail is written in try/except with the
 * exception Python raises for that errno; a connect on a non-blocking socket uses connect_ex, which returns the
 * errno (EINPROGRESS) instead of raising.
 */
final class PythonProgram extends Renderer {
    /** The OSError subclass Python raises for an errno (PEP 3151); plain OSError for the others. */
    private static final Map<Errno, String> EXCEPTIONS = Map.of(Errno.ECONNREFUSED, "ConnectionRefusedError",
            Errno.ECONNRESET, "ConnectionResetError", Errno.EPIPE, "BrokenPipeError", Errno.ENOENT,
            "FileNotFoundError", Errno.EAGAIN, "BlockingIOError", Errno.EWOULDBLOCK, "BlockingIOError",
            Errno.ECONNABORTED, "ConnectionAbortedError", Errno.ETIMEDOUT, "TimeoutError", Errno.EPERM,
            "PermissionError");

    PythonProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "# ");
    }

    @Override
    Language language() {
        return Language.PYTHON;
    }

    @Override
    String fileName() {
        return endpoint.replace('-', '_') + ".py";
    }

    /** A traced child's branch: the child takes it ({@code os.fork()} returned 0 there), makes its calls and ends. */
    @Override
    void child(Op.Child c) {
        if (c.thread()) {
            thread(c);
            return;
        }
        if (c.start()) {
            w.remark(m.get("code.comment.child", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
            w.line("if os.fork() == 0:");
            w.indent();
        } else {
            w.line("os._exit(0)");
            w.outdent();
        }
    }

    /** A thread (issue 79): its calls are a function defined where it started, then run by threading.Thread. */
    @Override
    void thread(Op.Child c) {
        String function = "thread_" + c.number();
        if (c.start()) {
            w.remark(m.get("code.comment.thread", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
            w.line("def " + function + "():");
            w.indent();
        } else {
            w.line("pass");
            w.outdent();
            w.line("threading.Thread(target=" + function + ").start()");
        }
    }

    @Override
    void start() {
        w.line("#!/usr/bin/env python3");
        header("python3 " + fileName());
        w.line("import errno");
        w.line("import os");
        if (uses(Op.Poll.class) || uses(Op.Select.class)) w.line("import select");
        if (uses(Op.Signal.class)) w.line("import signal");
        w.line("import socket");
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.SetOption o && structured(o.option())
                || s.op() instanceof Op.GetOption g && structured(g.option())))
            w.line("import struct");
        w.line("import sys");
        if (anyThreads()) w.line("import threading");
        w.blank();
        w.line("step_mode = \"--step\" in sys.argv[1:]");
        w.line("args = [a for a in sys.argv[1:] if a != \"--step\"]");
        for (CodeScript.Place p : places()) {
            String given = "args[" + p.index() + "]";
            w.line(p.var() + " = " + (p.path() ? given : "int(" + given + ")") + " if len(args) > " + p.index()
                    + " else "
                    + (p.path() ? quoted(p.pathText()) : String.valueOf(p.port())));
        }
        w.blank();
        w.blank();
        w.line("def show(call, result):");
        w.indent().comment(m.get("code.comment.show"));
        w.line("print(f\"{call}() = {result}\", flush=True)");
        w.line("return result");
        w.outdent().blank().blank();
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.Signal o && o.caught())) {
            w.line("def on_signal(signum, frame):");
            w.indent().comment(m.get("code.comment.onSignal"));
            w.line("pass");
            w.outdent().blank().blank();
        }
        if (uses(Op.Recv.class) || uses(Op.RecvFrom.class) || uses(Op.Read.class) || uses(Op.Accept.class)) {
            w.line("def where(peer):");
            w.indent().comment(m.get("code.comment.peer"));
            w.line("if isinstance(peer, tuple):");
            w.indent().line("return f\"[{peer[0]}]:{peer[1]}\" if \":\" in peer[0] else f\"{peer[0]}:{peer[1]}\"");
            w.outdent().line("if isinstance(peer, bytes):");
            w.indent().line("peer = peer.split(b\"\\0\")[0].decode(errors=\"replace\")");
            w.outdent().line("return '\"' + peer + '\"'");
            w.outdent().blank().blank();
            w.line("def got(call, result, data=None, peer=None):");
            w.indent().comment(m.get("code.comment.got"));
            w.line("line = f\"{call}() = {result}\"");
            w.line("if data is not None:");
            w.indent().line(
                    "line += ' \"' + \"\".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f\"\\\\x{b:02x}\" for b in data) + '\"'");
            w.outdent().line("if peer is not None:");
            w.indent().line("line += \" from \" + where(peer)");
            w.outdent().line("print(line, flush=True)");
            w.line("return result");
            w.outdent().blank().blank();
        }
        if (uses(Op.GetAddrInfo.class)) new AddrInfoCode(w, m).pythonHelpers();
        w.line("def failed(call, code):");
        w.indent().comment(m.get("code.comment.failedFn"));
        w.line("print(f\"{call}() = -1 {errno.errorcode.get(code, code)} ({os.strerror(code)})\", flush=True)");
        w.outdent().blank().blank();
        w.line("def turn(prompt):");
        w.indent().comment(m.get("code.comment.turn"));
        w.line("if step_mode:");
        w.indent().line("print(prompt, file=sys.stderr, flush=True)");
        w.line("sys.stdin.readline()");
        w.outdent().outdent().blank().blank();
    }

    @Override
    void turn(String other) {
        w.line("turn(" + quoted(turnPrompt(other)) + ")");
    }

    @Override
    void ownRemarks(CodeScript.Step s) {
        if (s.op() instanceof Op.Connect && s.nonBlocking()) w.remark(m.get("code.python.connectEx"));
        if (s.op() instanceof Op.SetNonBlocking) w.remark(m.get("code.python.setblocking"));
        if (s.op() instanceof Op.Signal o && o.caught()) w.remark(m.get("code.python.eintr"));
        if (s.op() instanceof Op.Recv r && !s.failed() && s.result() == 0) w.remark(m.get("code.python.recvEmpty"));
    }

    @Override
    void call(CodeScript.Step s) {
        if (s.op() instanceof Op.Connect o && s.nonBlocking()) {
            w.line("code = " + o.sock().name() + ".connect_ex(" + address(o.addr()) + ")");
            w.line("show(\"connect\", 0) if code == 0 else failed(\"connect\", code)");
            return;
        }
        if (!s.failed()) {
            body(s);
            return;
        }
        w.line("try:");
        w.indent();
        body(s);
        w.outdent();
        w.line("except " + exception(s.errnoName()) + " as e:");
        w.indent().line("failed(\"" + s.call() + "\", e.errno)").outdent();
    }

    private void body(CodeScript.Step s) {
        switch (s.op()) {
            case Op.Socket o -> socket(o, s);
            case Op.SocketPair o -> {
                w.line(o.sock().name() + ", " + (o.other() == null ? "_" : o.other().name())
                        + " = socket.socketpair(socket." + o.domain().name()
                        + ", socket." + o.type().name() + ")");
                w.line("show(\"socketpair\", 0)");
            }
            case Op.Read o -> {
                w.line("data = os.read(" + o.sock().name() + ".fileno(), " + o.len() + ")");
                w.line("got(\"read\", len(data), data)");
            }
            case Op.Write o ->
                w.line("show(\"write\", os.write(" + o.sock().name() + ".fileno(), " + data(o.data()) + "))");
            case Op.Select o -> select(o, s);
            case Op.Poll o -> poll(o, s);
            case Op.Bind o -> done(SysCall.BIND.journalName, o.sock().name() + ".bind(" + address(o.addr()) + ")");
            case Op.Listen o -> done(SysCall.LISTEN.journalName, o.sock().name() + ".listen(" + o.backlog() + ")");
            case Op.Accept o -> {
                String conn = o.conn() == null ? "conn" : o.conn().name();
                w.line(conn + ", peer = " + o.sock().name() + ".accept()");
                // accept4(SOCK_NONBLOCK): Python's accept() takes no flags; the new socket is made non-blocking after.
                if (o.flags().contains("SOCK_NONBLOCK")) w.line(conn + ".setblocking(False)");
                w.line("got(\"accept\", " + conn + ".fileno(), None, peer)");
            }
            case Op.Connect o ->
                done(SysCall.CONNECT.journalName, o.sock().name() + ".connect(" + address(o.addr()) + ")");
            case Op.Send o ->
                w.line("show(\"send\", " + o.sock().name() + ".send(" + data(o.data()) + flags(o.flags()) + "))");
            case Op.Recv o -> {
                w.line("data = " + o.sock().name() + ".recv(" + o.len() + flags(o.flags()) + ")");
                w.line("got(\"recv\", len(data), data)");
            }
            case Op.SendTo o -> w.line(o.addr() == null
                    ? "show(\"sendto\", " + o.sock().name() + ".send(" + data(o.data()) + flags(o.flags()) + "))"
                    : "show(\"sendto\", " + o.sock().name() + ".sendto(" + data(o.data())
                            + (o.flags().isEmpty() ? "" : flags(o.flags()))
                            + ", " + address(o.addr()) + "))");
            case Op.RecvFrom o -> {
                // The sender is kept in a variable of its own when the program replies to it later.
                String peer = repliesOn(o.sock()) ? senderOf(o.sock()) : "peer";
                w.line("data, " + peer + " = " + o.sock().name() + ".recvfrom(" + o.len() + flags(o.flags()) + ")");
                w.line("got(\"recvfrom\", len(data), data, " + peer + ")");
            }
            case Op.ReplyTo o -> w.line("show(\"sendto\", " + o.sock().name() + ".sendto(" + data(o.data())
                    + flags(o.flags()) + ", " + senderOf(o.sock()) + "))");
            case Op.Shutdown o ->
                done(SysCall.SHUTDOWN.journalName, o.sock().name() + ".shutdown(socket." + o.how().name() + ")");
            case Op.Close o -> done(SysCall.CLOSE.journalName, o.sock().name() + ".close()");
            case Op.SetOption o -> setOption(o, s);
            case Op.GetOption o -> getOption(o, s);
            case Op.SetNonBlocking o ->
                done(SysCall.FCNTL.journalName,
                        o.sock().name() + ".setblocking(" + (o.nonBlocking() ? "False" : "True") + ")");
            case Op.GetSockName o -> {
                w.line("name = " + o.sock().name() + ".getsockname()");
                w.line("show(\"getsockname\", 0)");
            }
            case Op.GetPeerName o -> {
                w.line("name = " + o.sock().name() + ".getpeername()");
                w.line("show(\"getpeername\", 0)");
            }
            case Op.GetAddrInfo o -> new AddrInfoCode(w, m).python(s, o, servicePlace(o));
            case Op.ProcessCall o -> throw new IllegalStateException("a remark, no line");
            case Op.Child o -> throw new IllegalStateException("a branch, written by child()");
            case Op.Unlink o -> done(SysCall.UNLINK.journalName,
                    "os.unlink(" + (place(o.addr()) == null ? quoted(o.addr().path()) : place(o.addr()).var()) + ")");
            case Op.Signal o -> {
                String number = "signal." + o.signal();
                w.line("signal.signal(" + number + ", " + (o.caught() ? "on_signal" : "signal." + o.handler()) + ")");
                // siginterrupt(False) is SA_RESTART; True leaves it out (Python's own default for a handler).
                if (o.caught()) w.line("signal.siginterrupt(" + number + ", " + (o.restart() ? "False" : "True") + ")");
                w.line("show(\"signal\", 0)");
            }
        }
    }

    private void socket(Op.Socket o, CodeScript.Step s) {
        String proto = o.protocol() == Protocol.DEFAULT
                ? ""
                : ", socket." + o.protocol().name();
        // Python has SOCK_NONBLOCK and SOCK_CLOEXEC on Linux, or-ed into the type as the program did.
        String type = Stream.concat(Stream.of(o.type().name()), o.typeFlags().stream())
                .map(t -> "socket." + t).collect(Collectors.joining(" | "));
        w.line(o.sock().name() + " = socket.socket(socket." + o.domain().name() + ", " + type + proto + ")");
        w.line("show(\"socket\", " + o.sock().name() + ".fileno())");
    }

    private void select(Op.Select o, CodeScript.Step s) {
        // Python's select.select() counts nfds itself: the highest fd + 1, always right.
        if (o.nfdsOverHighest() != 1) w.comment(m.get("code.python.selectNfds"));
        String socks = String.join(", ", o.socks().stream().map(Op.Sock::name).toList());
        w.line("ready, _, _ = select.select([" + socks + "], [], []"
                + (o.timeout() < 0 ? "" : ", " + o.timeout() / 1000.0) + ")");
        w.line("show(\"select\", len(ready))");
        w.line("for r in ready: print(f\"  fd {r.fileno()} ready\")");
    }

    private void poll(Op.Poll o, CodeScript.Step s) {
        String events = String.join(" | ",
                o.events().stream().sorted().map(e -> "select." + e.name()).toList());
        w.line("poller = select.poll()");
        for (Op.Sock p : o.socks())
            w.line("poller.register(" + p.name() + ", " + (events.isEmpty() ? "0" : events) + ")");
        w.line("ready = poller.poll(" + o.timeout() + ")");
        w.line("show(\"poll\", len(ready))");
        w.line("for fd, revents in ready: print(f\"  fd {fd} revents {revents:#x}\")");
    }

    private void setOption(Op.SetOption o, CodeScript.Step s) {
        String value = o.option() == SocketOption.SO_LINGER
                ? "struct.pack(\"ii\", " + (o.value() >= 0 ? 1 : 0) + ", " + Math.max(0, o.value()) + ")"
                : o.option().isTimeout()
                        // struct timeval: two C longs (socket.settimeout() would make Python poll instead)
                        ? "struct.pack(\"ll\", " + o.value() / 1000 + ", " + (o.value() % 1000) * 1000 + ")"
                        : String.valueOf(o.value());
        done(SysCall.SETSOCKOPT.journalName,
                o.sock().name() + ".setsockopt(socket." + o.option().level().name() + ", socket."
                        + o.option().name() + ", " + value + ")");
    }

    private void getOption(Op.GetOption o, CodeScript.Step s) {
        if (o.option() == SocketOption.SO_LINGER)
            w.line("value = struct.unpack(\"ii\", " + o.sock().name()
                    + ".getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8))");
        else
            if (o.option().isTimeout())
                w.line("value = struct.unpack(\"ll\", " + o.sock().name()
                        + ".getsockopt(socket.SOL_SOCKET, socket."
                        + o.option().name() + ", 16))");
            else
                w.line("value = " + o.sock().name() + ".getsockopt(socket." + o.option().level().name()
                        + ", socket." + o.option().name() + ")");
        w.line("show(\"getsockopt\", 0)");
        w.line("print(\"  " + o.option().name() + " =\", value)");
    }

    /** {@code , socket.MSG_PEEK | socket.MSG_WAITALL}, or nothing for flags 0. */
    private static String flags(Set<MsgFlag> flags) {
        if (flags.isEmpty()) return "";
        return ", " + String.join(" | ", flags.stream().sorted().map(f -> "socket." + f.name()).toList());
    }

    private void done(String call, String statement) {
        w.line(statement);
        w.line("show(\"" + call + "\", 0)");
    }

    private String address(Op.Addr a) {
        CodeScript.Place p = place(a);
        if (a.unix()) return p == null ? quoted(a.path()) : p.var();
        return "(" + quoted(a.host()) + ", " + (p == null ? String.valueOf(a.port()) : p.var()) + ")";
    }

    private static String data(Op.Bytes data) {
        if (data.repeated()) return "b\"" + escapedBytes(new byte[]{data.first()}, false) + "\" * " + data.length();
        return "b\"" + escapedBytes(data.bytes(), false) + "\"";
    }

    @Override
    void finish() {
    }

    /** The options whose value is a C struct, packed with the struct module. */
    private static boolean structured(SocketOption option) {
        return option == SocketOption.SO_LINGER || option.isTimeout();
    }

    private static String exception(@Nullable String errnoName) {
        Errno e = Errno.named(errnoName);
        return e == null ? "OSError" : EXCEPTIONS.getOrDefault(e, "OSError");
    }
}
