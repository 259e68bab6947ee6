package org.socketlab.codegen;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/**
 * Java with NIO channels, which can make what java.net cannot (a non-blocking socket, a Unix-domain socket, a
 * separate shutdown of each direction). Where Java fuses calls (bind and listen), answers without an errno
 * (exceptions, null, false) or cannot make a call at all, the program says so in a comment.
 */
final class JavaProgram extends Renderer {
    /** Sockets whose non-blocking connect is still in progress: the next connect is finishConnect(). */
    private final Set<String> pending = new HashSet<>();
    /** Listening sockets whose bind(address, backlog) already made their listen. */
    private final Set<String> listening = new HashSet<>();

    JavaProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
    }

    @Override
    Language language() {
        return Language.JAVA;
    }

    @Override
    String fileName() {
        return className() + ".java";
    }

    private String className() {
        StringBuilder sb = new StringBuilder();
        for (String part : endpoint.split("[^A-Za-z0-9]+"))
            if (!part.isEmpty()) sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        return sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0)) ? "Program" + sb : sb.toString();
    }

    /**
     * A thread (issue 79): a Thread whose lambda makes its calls, started where the session's started; a failed call
     * there ends the thread with the exception, as an uncaught one would in the original.
     */
    @Override
    void thread(Op.Child c) {
        String variable = "thread" + c.number();
        if (c.start()) {
            w.remark(m.get("code.comment.thread", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
            // An anonymous class, not a lambda: its own buffer may take the name main's has (a lambda's may not).
            w.line("Thread " + variable + " = new Thread() {");
            w.indent().line("@Override").line("public void run() {").indent();
            int buf = maxRecv();
            if (buf > 0) w.line("ByteBuffer buf = ByteBuffer.allocate(" + buf + ");");
            w.line("try {").indent();
        } else {
            w.outdent().line("} catch (Exception e) {");
            w.indent().line("throw new RuntimeException(e);").outdent().line("}");
            w.outdent().line("}");
            w.outdent().line("};");
            w.line(variable + ".start();");
        }
    }

    @Override
    void start() {
        header("java " + fileName());
        for (String i : new String[]{"java.io.IOException", "java.net.InetSocketAddress",
                "java.net.StandardProtocolFamily",
                "java.net.StandardSocketOptions", "java.net.UnixDomainSocketAddress", "java.nio.ByteBuffer",
                "java.nio.channels.DatagramChannel", "java.nio.channels.ServerSocketChannel",
                "java.nio.channels.SocketChannel",
                "java.nio.file.Files", "java.nio.file.Path"})
            w.line("import " + i + ";");
        if (uses(Op.ReplyTo.class)) w.line("import java.net.SocketAddress;");
        if (usesOption(SocketOption.TCP_KEEPIDLE, SocketOption.TCP_KEEPINTVL, SocketOption.TCP_KEEPCNT,
                SocketOption.TCP_QUICKACK))
            w.line("import jdk.net.ExtendedSocketOptions;");
        w.blank();
        w.line("public class " + className() + " {");
        w.indent();
        w.line("static boolean stepMode;");
        w.blank();
        w.comment(m.get("code.comment.show"));
        w.line("static long show(String call, long result) {");
        w.indent().line("System.out.println(call + \"() = \" + result);").line("return result;").outdent().line("}");
        w.blank();
        w.comment(m.get("code.java.failedFn"));
        w.line("static void failed(String call, Exception e) {");
        w.indent().line("System.out.println(call + \"() = -1 \" + e);").outdent().line("}");
        w.blank();
        w.comment(m.get("code.java.openedFn"));
        w.line("static <T> T opened(String call, T channel) {");
        w.indent().line("System.out.println(call + \"() = \" + channel);").line("return channel;").outdent().line("}");
        w.blank();
        w.comment(m.get("code.comment.turn"));
        w.line("static void turn(String prompt) throws IOException {");
        w.indent().line("if (!stepMode) return;").line("System.err.println(prompt);");
        w.line("for (int ch = System.in.read(); ch != -1 && ch != '\\n'; ch = System.in.read()) { }").outdent()
                .line("}");
        w.blank();
        w.line("public static void main(String[] args) throws Exception {");
        w.indent();
        var places = places();
        for (CodeScript.Place p : places)
            w.line(p.path()
                    ? "String " + p.var() + " = " + quoted(p.pathText()) + ";"
                    : "int " + p.var() + " = " + p.port() + ";");
        w.line("int given = 0;");
        w.line("for (String arg : args) {");
        w.indent();
        w.line("if (arg.equals(\"--step\")) stepMode = true;");
        if (places.isEmpty()) w.line("else given++;");
        else {
            w.line("else switch (given++) {");
            w.indent();
            for (CodeScript.Place p : places)
                w.line("case " + p.index() + " -> " + p.var() + " = " + (p.path() ? "arg" : "Integer.parseInt(arg)")
                        + ";");
            w.line("default -> { }");
            w.outdent().line("}");
        }
        w.outdent().line("}");
        int buf = maxRecv();
        if (buf > 0) w.line("ByteBuffer buf = ByteBuffer.allocate(" + buf + ");");
        // What a socket's receive() says about the sender, kept for the reply (send() back there).
        for (Op.Sock sock : replyingSockets()) w.line("SocketAddress " + senderOf(sock) + " = null;");
        w.blank();
    }

    @Override
    void turn(String other) {
        w.line("turn(" + quoted(turnPrompt(other)) + ");");
    }

    /** Java answers these without an exception: null, 0 or false where the call gives -1 EAGAIN or EINPROGRESS. */
    private static boolean answeredWithoutException(CodeScript.Step s) {
        Errno e = Errno.named(s.errnoName());
        return s.nonBlocking() && e != null && (e.wouldBlock() || e == Errno.EINPROGRESS);
    }

    @Override
    void ownRemarks(CodeScript.Step s) {
        switch (s.op()) {
            case Op.Socket o -> w.remark(m.get("code.java.socket"));
            case Op.Bind o when o.sock().listens() -> w.remark(m.get("code.java.bindListen"));
            case Op.Listen o ->
                w.remark(m.get(listening.contains(o.sock().name()) ? "code.java.listen" : "code.java.listenUnbound"));
            case Op.Connect o when pending.contains(o.sock().name()) -> w.remark(m.get("code.java.finishConnect"));
            case Op.Connect o when s.nonBlocking() -> w.remark(m.get("code.java.connectPending"));
            case Op.Recv o when !s.failed() && s.result() == 0 -> w.remark(m.get("code.java.readEof"));
            case Op.Shutdown o when o.how() == ShutdownHow.SHUT_RDWR ->
                w.remark(m.get("code.java.shutdownBoth"));
            case Op.SetNonBlocking o -> w.remark(m.get("code.java.configureBlocking"));
            case Op.SetOption o when !supported(o.sock(), o.option()) ->
                w.remark(m.get("code.java.noOption", o.option().name()));
            case Op.GetOption o when !supported(o.sock(), o.option()) ->
                w.remark(m.get("code.java.noOption", o.option().name()));
            case Op.GetPeerName o when o.sock().listens() ->
                w.remark(m.get("code.java.noOption", SysCall.GETPEERNAME.journalName));
            case Op.Signal o -> w.remark(m.get("code.java.noSignal", o.signal()));
            default -> {
            }
        }
        if (answeredWithoutException(s)) w.remark(m.get("code.java.wouldBlock"));
        else if (s.failed()) w.remark(m.get("code.java.exception"));
        if (s.op().sock() != null && s.op().sock().domain() == Domain.AF_UNIX && !s.op().sock().stream())
            w.remark(m.get("code.java.unixDatagram"));
    }

    /**
     * SO_ERROR, IPV6_V6ONLY, SO_RCVTIMEO and SO_SNDTIMEO have no channel option (the JDK decides v6-only itself); a
     * ServerSocketChannel takes only
     * SO_REUSEADDR, SO_REUSEPORT and SO_RCVBUF; a DatagramChannel no TCP option.
     */
    private static boolean supported(Op.Sock sock, SocketOption option) {
        // A channel has no receive or send timeout (only the old java.net.Socket's SO_TIMEOUT, on its own reads).
        if (option == SocketOption.SO_ERROR || option == SocketOption.IPV6_V6ONLY || option.isTimeout()) return false;
        if (sock.listens())
            return option == SocketOption.SO_REUSEADDR || option == SocketOption.SO_REUSEPORT
                    || option == SocketOption.SO_RCVBUF;
        if (!sock.stream())
            return option != SocketOption.SO_LINGER && option != SocketOption.SO_KEEPALIVE
                    && option.level() != SocketOption.Level.IPPROTO_TCP;
        return true;
    }

    /** The Java constant for an option: StandardSocketOptions, or jdk.net's for the keepalive timers. */
    private static String javaOption(SocketOption option) {
        return switch (option) {
            case TCP_KEEPIDLE -> "ExtendedSocketOptions.TCP_KEEPIDLE";
            case TCP_KEEPINTVL -> "ExtendedSocketOptions.TCP_KEEPINTERVAL";
            case TCP_KEEPCNT -> "ExtendedSocketOptions.TCP_KEEPCOUNT";
            case TCP_QUICKACK -> "ExtendedSocketOptions.TCP_QUICKACK";
            default -> "StandardSocketOptions." + option.name();
        };
    }

    @Override
    void call(CodeScript.Step s) {
        boolean guard = s.failed() && !answeredWithoutException(s) && !(s.op() instanceof Op.Socket);
        if (guard) w.line("try {").indent();
        body(s);
        if (guard) {
            w.outdent().line("} catch (IOException e) {");
            w.indent().line("failed(\"" + s.call() + "\", e);").outdent().line("}");
        }
    }

    private void body(CodeScript.Step s) {
        switch (s.op()) {
            case Op.Socket o -> socket(o, s);
            case Op.Bind o -> bind2(o, s);
            case Op.Listen o -> listen(o, s);
            case Op.Accept o -> accept(o, s);
            case Op.Connect o -> connect(o, s);
            case Op.Send o ->
                w.line("show(\"send\", " + o.sock().name() + ".write(ByteBuffer.wrap(" + data(o.data()) + ")));");
            // A channel's write() and read() are the system calls write(2) and read(2).
            case Op.Write o ->
                w.line("show(\"write\", " + o.sock().name() + ".write(ByteBuffer.wrap(" + data(o.data()) + ")));");
            case Op.Read o -> {
                w.line("buf.clear().limit(" + o.len() + ");");
                w.line("show(\"read\", " + o.sock().name() + ".read(buf));");
            }
            case Op.SocketPair o -> {
            }
            case Op.Poll o -> {
            }
            case Op.Select o -> {
            }
            case Op.Recv o -> {
                w.line("buf.clear().limit(" + o.len() + ");");
                w.line("show(\"recv\", " + o.sock().name() + ".read(buf));");
            }
            case Op.SendTo o -> w.line(o.addr() == null
                    ? "show(\"sendto\", " + o.sock().name() + ".write(ByteBuffer.wrap(" + data(o.data()) + ")));"
                    : "show(\"sendto\", " + o.sock().name() + ".send(ByteBuffer.wrap(" + data(o.data()) + "), "
                            + address(o.addr()) + "));");
            case Op.RecvFrom o when repliesOn(o.sock()) -> recvFromReplying(o, s);
            case Op.ReplyTo o -> w.line("show(\"sendto\", " + o.sock().name() + ".send(ByteBuffer.wrap("
                    + data(o.data()) + "), " + senderOf(o.sock()) + "));");
            case Op.RecvFrom o when o.sock().stream() -> { // recv() on a stream, as glibc makes it: a read
                w.line("buf.clear().limit(" + o.len() + ");");
                w.line("show(\"recvfrom\", " + o.sock().name() + ".read(buf));");
            }
            case Op.RecvFrom o -> {
                w.line("buf.clear().limit(" + o.len() + ");");
                w.line("show(\"recvfrom\", " + o.sock().name() + ".receive(buf) == null ? -1 : buf.position());");
            }
            case Op.Shutdown o -> shutdown(o, s);
            case Op.Close o -> w.line(o.sock().name() + ".close();").line("show(\"close\", 0);");
            case Op.SetOption o -> setOption(o, s);
            case Op.GetOption o -> getOption(o, s);
            case Op.SetNonBlocking o ->
                w.line(o.sock().name() + ".configureBlocking(" + !o.nonBlocking() + ");").line("show(\"fcntl\", 0);");
            case Op.GetSockName o ->
                w.line("System.out.println(\"getsockname() = 0 \" + " + o.sock().name() + ".getLocalAddress());");
            case Op.GetPeerName o -> {
                if (!o.sock().listens())
                    w.line("System.out.println(\"getpeername() = 0 \" + " + o.sock().name() + ".getRemoteAddress());");
            }
            case Op.Unlink o -> w
                    .line("Files.delete(Path.of("
                            + (place(o.addr()) == null ? quoted(o.addr().path()) : place(o.addr()).var()) + "));")
                    .line("show(\"unlink\", 0);");
            case Op.GetAddrInfo o -> new AddrInfoCode(w, m).java(s, o);
            case Op.ProcessCall o -> throw new IllegalStateException("a remark, no line");
            case Op.Child o -> throw new IllegalStateException("a branch, written by child()");
            case Op.Signal o -> {
                // no line: the JVM has no API for a signal's disposition (the remark says so)
            }
        }
    }

    private void socket(Op.Socket o, CodeScript.Step s) {
        String kind = o.type() == SockType.SOCK_DGRAM
                ? "DatagramChannel"
                : o.sock().listens() ? "ServerSocketChannel" : "SocketChannel";
        w.line(kind + " " + o.sock().name() + " = opened(\"socket\", " + kind + ".open(" + family(o.domain())
                + "));");
        // SOCK_NONBLOCK in the program's type: a channel is made non-blocking after it is opened.
        if (o.typeFlags().contains("SOCK_NONBLOCK") && !s.failed())
            w.line(o.sock().name() + ".configureBlocking(false);");
    }

    private void bind2(Op.Bind o, CodeScript.Step s) {
        if (o.sock().listens()) {
            w.line(o.sock().name() + ".bind(" + address(o.addr()) + ", " + o.sock().backlog() + ");");
            listening.add(o.sock().name());
        } else w.line(o.sock().name() + ".bind(" + address(o.addr()) + ");");
        w.line("show(\"bind\", 0);");
    }

    private void listen(Op.Listen o, CodeScript.Step s) {
        if (!listening.contains(o.sock().name()) && o.sock().listens()) {
            w.line(o.sock().name() + ".bind(null, " + o.backlog() + ");");
            w.line("show(\"listen\", 0);");
        }
    }

    private void accept(Op.Accept o, CodeScript.Step s) {
        w.line((o.conn() == null ? "" : "SocketChannel " + o.conn().name() + " = ") + "opened(\"accept\", "
                + o.sock().name() + ".accept());");
        // accept4(SOCK_NONBLOCK): the accepted channel made non-blocking after.
        if (o.conn() != null && o.flags().contains("SOCK_NONBLOCK"))
            w.line(o.conn().name() + ".configureBlocking(false);");
    }

    private void connect(Op.Connect o, CodeScript.Step s) {
        String name = o.sock().name();
        if (pending.remove(name)) w.line("show(\"connect\", " + name + ".finishConnect() ? 0 : -1);");
        else if (s.nonBlocking()) {
            w.line("show(\"connect\", " + name + ".connect(" + address(o.addr()) + ") ? 0 : -1);");
            if (Errno.EINPROGRESS.is(s.errnoName())) pending.add(name);
        } else {
            w.line(name + ".connect(" + address(o.addr()) + ");");
            w.line("show(\"connect\", 0);");
        }
    }

    private void recvFromReplying(Op.RecvFrom o, CodeScript.Step s) {
        String from = senderOf(o.sock());
        w.line("buf.clear().limit(" + o.len() + ");");
        w.line(from + " = " + o.sock().name() + ".receive(buf);");
        w.line("show(\"recvfrom\", " + from + " == null ? -1 : buf.position());");
    }

    private void shutdown(Op.Shutdown o, CodeScript.Step s) {
        String name = o.sock().name();
        switch (o.how()) {
            case SHUT_RD -> w.line(name + ".shutdownInput();");
            case SHUT_WR -> w.line(name + ".shutdownOutput();");
            case SHUT_RDWR -> w.line(name + ".shutdownInput();").line(name + ".shutdownOutput();");
        }
        w.line("show(\"shutdown\", 0);");
    }

    private void setOption(Op.SetOption o, CodeScript.Step s) {
        if (!supported(o.sock(), o.option())) return;
        String value = o.option().isFlag() ? String.valueOf(o.value() != 0) : String.valueOf(o.value());
        w.line(o.sock().name() + ".setOption(" + javaOption(o.option()) + ", " + value + ");");
        w.line("show(\"setsockopt\", 0);");
    }

    private void getOption(Op.GetOption o, CodeScript.Step s) {
        if (!supported(o.sock(), o.option())) return;
        w.line("System.out.println(\"  " + o.option().name() + " = \" + " + o.sock().name() + ".getOption("
                + javaOption(o.option()) + "));");
        w.line("show(\"getsockopt\", 0);");
    }

    private static String family(Domain d) {
        return "StandardProtocolFamily." + switch (d) {
            case AF_INET -> "INET";
            case AF_INET6 -> "INET6";
            case AF_UNIX -> "UNIX";
        };
    }

    private String address(Op.Addr a) {
        CodeScript.Place p = place(a);
        if (a.unix()) return "UnixDomainSocketAddress.of(" + (p == null ? quoted(a.path()) : p.var()) + ")";
        return "new InetSocketAddress(" + quoted(a.host()) + ", " + (p == null ? String.valueOf(a.port()) : p.var())
                + ")";
    }

    private static String data(Op.Bytes data) {
        if (data.repeated() && (data.first() & 0xff) >= 0x80) // not ASCII: one char per byte, as Latin-1 writes them
            return "\"" + String.format("\\%03o", data.first() & 0xff) + "\".repeat(" + data.length()
                    + ").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)";
        if (data.repeated())
            return quoted(ascii(new byte[]{data.first()})) + ".repeat(" + data.length() + ").getBytes()";
        if (printable(data.bytes())) return quoted(ascii(data.bytes())) + ".getBytes()";
        StringBuilder sb = new StringBuilder("new byte[] {");
        byte[] b = data.bytes();
        for (int i = 0; i < b.length; i++) sb.append(i == 0 ? "" : ", ").append(b[i]);
        return sb.append('}').toString();
    }

    @Override
    void finish() {
        w.outdent().line("}");
        w.outdent().line("}");
    }

    /** Java's NIO has read and write (its channels' own), but no socketpair, poll of sockets, MSG_* flags, SOCK_SEQPACKET or SOCK_RAW. */
    @Override
    boolean canWrite(Op op) {
        return streamAndDatagramOnly(op);
    }

    @Override
    String runCommand() {
        return "java " + fileName();
    }

    @Override
    void cannotProgram(String calls) {
        w.line("public class " + className() + " {");
        w.indent().line("public static void main(String[] args) {");
        w.indent().line("System.out.println(" + quoted(m.get("code.cannotRun", "Java", calls)) + ");");
        w.outdent().line("}");
        w.outdent().line("}");
    }
}
