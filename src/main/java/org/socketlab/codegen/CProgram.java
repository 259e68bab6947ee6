package org.socketlab.codegen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/** C with the POSIX calls themselves: one line per call, every result printed with its errno. */
final class CProgram extends Renderer {
    /**
     * A C string literal of {@code text}: as every language writes one, and each {@code ?} as {@code \?}, so that no
     * trigraph ({@code ??/} is a backslash in ISO C, read before the string) survives from a journal into the program.
     */
    protected static String quoted(String text) {
        return Renderer.quoted(text).replace("?", "\\?");
    }

    private List<Op.Addr> addresses;

    CProgram(CodeScript script, String endpoint, Messages m) {
        super(script, endpoint, m, "// ");
    }

    @Override
    Language language() {
        return Language.C;
    }

    @Override
    String fileName() {
        return endpoint + ".c";
    }

    /** A traced child's branch: the child takes it ({@code fork()} returned 0 there), makes its calls and ends. */
    @Override
    void child(Op.Child c) {
        if (c.thread()) {
            thread(c);
            return;
        }
        if (c.start()) {
            w.remark(m.get("code.comment.child", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
            w.line("if (show(\"fork\", fork()) == 0) {");
            w.indent();
            // fork() copies only the thread that called it: the child has none of its parent's threads to wait for.
            if (anyThreads()) w.line("started = 0;");
        } else {
            if (anyThreads()) joinThreads();
            w.line("exit(0);");
            w.outdent().line("}");
        }
    }

    @Override
    boolean hoistsThreads() {
        return true;
    }

    /**
     * A thread starts (issue 79): pthread_create() with the function written after main(), given the descriptors of
     * the process's sockets it uses (the same numbers: one table of descriptors); waited for before the process ends.
     */
    @Override
    void thread(Op.Child c) {
        if (!c.start()) return; // its calls are its function's
        w.remark(m.get("code.comment.thread", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid())));
        List<String> given = inherited(bodyOf(c));
        String create = "show(\"pthread_create\", pthread_create(&threads[started++], NULL, " + threadFunction(c)
                + ", ";
        if (given.isEmpty()) {
            w.line(create + "NULL));");
            return;
        }
        w.line("{");
        w.indent().line("int *fds = malloc(" + given.size() + " * sizeof *fds);");
        for (int i = 0; i < given.size(); i++) w.line("fds[" + i + "] = " + given.get(i) + ";");
        w.line(create + "fds));");
        w.outdent().line("}");
    }

    /** The function a thread runs: its calls, on the descriptors it was given and a buffer of its own. */
    private void threadFunctionBody(ThreadBody t) {
        List<CodeScript.Step> body = t.steps();
        List<String> given = inherited(body);
        w.blank();
        w.comment(m.get("code.comment.threadFunction", CodeGenerator.who(t.thread().endpoint(), m),
                String.valueOf(t.thread().pid())));
        w.line("static void *" + threadFunction(t.thread()) + "(void *arg) {");
        w.indent();
        if (given.isEmpty()) w.line("(void) arg;");
        else {
            w.line("int *fds = arg;");
            for (int i = 0; i < given.size(); i++) w.line("int " + given.get(i) + " = fds[" + i + "];");
            w.line("free(fds);");
        }
        int buf = maxRecvOf(body);
        if (buf > 0) w.line("char buf[" + buf + "];");
        int fill = fillOf(body);
        if (fill > 0) w.line("char out[" + fill + "];");
        if (usesIn(body, Op.RecvFrom.class) || usesIn(body, Op.Accept.class)) w.line("struct sockaddr_storage from;");
        writeSteps(body);
        w.line("return NULL;");
        w.outdent().line("}");
    }

    /** The sockets a thread's calls use that it did not make: its process's, given to it by descriptor. */
    private static List<String> inherited(List<CodeScript.Step> body) {
        Set<String> made = new LinkedHashSet<>(), used = new LinkedHashSet<>();
        for (CodeScript.Step s : body) {
            if (s.op() instanceof Op.Child) continue;
            if (s.op() instanceof Op.Socket o) made.add(o.sock().name());
            if (s.op().sock() != null && !made.contains(s.op().sock().name())) used.add(s.op().sock().name());
            if (s.op() instanceof Op.Accept o && o.conn() != null) made.add(o.conn().name());
        }
        return List.copyOf(used);
    }

    /** The steps between a thread's start and its end in this program. */
    private List<CodeScript.Step> bodyOf(Op.Child c) {
        List<CodeScript.Step> body = new ArrayList<>();
        boolean in = false;
        for (CodeScript.Step s : steps) {
            if (s.op() instanceof Op.Child x && x.thread() && x.endpoint().equals(c.endpoint())) {
                in = x.start();
                continue;
            }
            if (in) body.add(s);
        }
        return body;
    }

    /** {@code thread_N}, N its number in its process; by its thread id where two processes' numbers meet. */
    private String threadFunction(Op.Child c) {
        long same = steps.stream().filter(s -> s.op() instanceof Op.Child x && x.thread() && x.start()
                && x.number() == c.number()).count();
        return "thread_" + (same > 1 ? c.pid() : c.number());
    }

    private long threadCount() {
        return steps.stream().filter(s -> s.op() instanceof Op.Child x && x.thread() && x.start()).count();
    }

    /** main()'s own steps: not those of the threads whose functions are written after it (issue 79). */
    private List<CodeScript.Step> mainSteps() {
        List<CodeScript.Step> own = new ArrayList<>();
        int depth = 0;
        for (CodeScript.Step s : steps) {
            if (s.op() instanceof Op.Child c && c.thread()) depth += c.start() ? 1 : -1;
            else if (depth == 0) own.add(s);
        }
        return own;
    }

    private static boolean usesIn(List<CodeScript.Step> list, Class<? extends Op> kind) {
        return list.stream().anyMatch(s -> kind.isInstance(s.op()));
    }

    private static int maxRecvOf(List<CodeScript.Step> list) {
        int max = 0;
        for (CodeScript.Step s : list) {
            if (s.op() instanceof Op.Recv r) max = Math.max(max, r.len());
            if (s.op() instanceof Op.RecvFrom r) max = Math.max(max, r.len());
            if (s.op() instanceof Op.Read r) max = Math.max(max, r.len());
        }
        return max;
    }

    /** The largest repeated payload the calls send: the buffer {@code out} they fill. */
    private static int fillOf(List<CodeScript.Step> list) {
        return list.stream().mapToInt(s -> s.op() instanceof Op.Send o && o.data().repeated()
                ? o.data().length()
                : s.op() instanceof Op.SendTo o && o.data().repeated()
                        ? o.data().length()
                        : s.op() instanceof Op.ReplyTo o && o.data().repeated()
                                ? o.data().length()
                                : s.op() instanceof Op.Write o && o.data().repeated() ? o.data().length() : 0)
                .max().orElse(0);
    }

    /** Waits for every thread this process started, before it ends. */
    private void joinThreads() {
        w.comment(m.get("code.comment.threadJoin"));
        w.line("for (int i = 0; i < started; i++)");
        w.indent().line("pthread_join(threads[i], NULL);").outdent();
    }

    @Override
    void start() {
        addresses = addresses();
        String exe = "./" + endpoint;
        header("cc -Wall " + (anyThreads() ? "-pthread " : "") + "-o " + endpoint + " " + fileName() + " && " + exe);
        includes();
        showFunction();
        helperFunctions();
        for (CodeScript.Step s : steps) // each thread's function, written after main()
            if (s.op() instanceof Op.Child c && c.thread() && c.start())
                w.line("static void *" + threadFunction(c) + "(void *arg);");
        if (anyThreads()) w.blank();
        w.line("int main(int argc, char *argv[]) {");
        w.indent();
        mainArguments();
        declarations();
        w.blank();
    }

    private void includes() {
        w.line("#define _GNU_SOURCE");
        for (String h : List.of("arpa/inet.h", "errno.h", "fcntl.h", "netinet/in.h", "poll.h", "signal.h", "stdio.h",
                "stdlib.h", "string.h",
                "sys/select.h", "sys/socket.h", "sys/time.h", "sys/un.h", "unistd.h"))
            w.line("#include <" + h + ">");
        if (steps.stream().anyMatch(
                s -> optionOf(s.op()) instanceof SocketOption o && o.level() == SocketOption.Level.IPPROTO_TCP))
            w.line("#include <netinet/tcp.h>");
        if (uses(Op.GetAddrInfo.class)) w.line("#include <netdb.h>");
        if (anyThreads()) w.line("#include <pthread.h>");
        w.blank();
    }

    /** show(): a call's result as the program prints it, errno's name where glibc has strerrorname_np. */
    private void showFunction() {
        w.line("static int step_mode;");
        w.blank();
        w.comment(m.get("code.comment.show"));
        w.line("static long show(const char *call, long result) {");
        w.indent();
        w.line("if (result == -1)");
        w.margin("#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)");
        w.indent().line("printf(\"%s() = -1 %s (%s)\\n\", call, strerrorname_np(errno), strerror(errno));").outdent();
        w.margin("#else");
        w.indent().line("printf(\"%s() = -1 errno %d (%s)\\n\", call, errno, strerror(errno));").outdent();
        w.margin("#endif");
        w.line("else");
        w.indent().line("printf(\"%s() = %ld\\n\", call, result);").outdent();
        w.line("fflush(stdout);");
        w.line("return result;");
        w.outdent().line("}");
        w.blank();
    }

    private void helperFunctions() {
        if (uses(Op.Recv.class) || uses(Op.RecvFrom.class) || uses(Op.Read.class) || uses(Op.Accept.class))
            receiveFunctions();
        if (uses(Op.GetAddrInfo.class)) new AddrInfoCode(w, m).cHelpers();
        if (steps.stream().anyMatch(s -> s.after() != null)) turnFunction();
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.Signal o && o.caught())) {
            w.comment(m.get("code.comment.onSignal"));
            w.line("static void on_signal(int sig) {");
            w.indent().line("(void) sig;").outdent().line("}");
            w.blank();
        }
    }

    /** The places (ports, paths) the run used, each replaceable by an argument; --step waits before each call. */
    private void mainArguments() {
        List<CodeScript.Place> places = places();
        for (CodeScript.Place p : places)
            w.line(p.path()
                    ? "const char *" + p.var() + " = " + quoted(p.pathText()) + ";"
                    : "int " + p.var() + " = " + p.port() + ";");
        w.line("int given = 0;");
        w.line("for (int i = 1; i < argc; i++) {");
        w.indent();
        w.line("if (strcmp(argv[i], \"--step\") == 0) step_mode = 1;");
        if (places.isEmpty()) w.line("else given++;");
        else {
            w.line("else switch (given++) {");
            for (CodeScript.Place p : places)
                w.line("case " + p.index() + ": " + p.var() + " = " + (p.path() ? "argv[i]" : "atoi(argv[i])")
                        + "; break;");
            w.line("}");
        }
        w.outdent().line("}");
    }

    /** main()'s declarations: SIGPIPE ignored where it sends, the addresses, buffers and structs the calls use. */
    private void declarations() {
        if (uses(Op.Send.class) || uses(Op.SendTo.class) || uses(Op.ReplyTo.class) || uses(Op.Write.class)) {
            w.comment(m.get("code.comment.sigpipe"));
            w.line("signal(SIGPIPE, SIG_IGN);");
        }
        for (int i = 0; i < addresses.size(); i++) declareAddress(addresses.get(i), addrName(i));
        List<CodeScript.Step> own = mainSteps();
        int buf = maxRecvOf(own);
        if (buf > 0) w.line("static char buf[" + buf + "];");
        int fill = fillOf(own);
        if (fill > 0) w.line("static char out[" + fill + "];");
        if (usesIn(own, Op.RecvFrom.class) || usesIn(own, Op.Accept.class)) w.line("struct sockaddr_storage from;");
        if (anyThreads()) {
            w.line("pthread_t threads[" + threadCount() + "];");
            w.line("int started = 0;");
        }
        for (Op.Sock sock : replyingSockets()) {
            // What this socket's recvfrom() says about the sender, kept for the reply (sendto() back there).
            w.line("struct sockaddr_storage " + senderOf(sock) + ";");
            w.line("socklen_t " + senderOf(sock) + "_len = sizeof " + senderOf(sock) + ";");
        }
        if (uses(Op.GetSockName.class) || uses(Op.GetPeerName.class)) w.line("struct sockaddr_storage name;");
        if (uses(Op.Signal.class)) w.line("struct sigaction sa;");
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.GetOption o && o.option() != SocketOption.SO_LINGER
                && !o.option().isTimeout()))
            w.line("int value;");
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.GetOption o && o.option().isTimeout()))
            w.line("struct timeval tv;");
        if (steps.stream().anyMatch(s -> s.op() instanceof Op.GetOption o && o.option() == SocketOption.SO_LINGER))
            w.line("struct linger linger;");
    }

    /**
     * What a receive or accept() got, printed after its result: the bytes ({@code \\xNN} where not printable, at most
     * the size asked: MSG_TRUNC may return more) and the sender's address.
     */
    private void receiveFunctions() {
        w.comment(m.get("code.comment.peer"));
        w.line("static void peer(const struct sockaddr_storage *a) {");
        w.indent();
        w.line("char host[INET6_ADDRSTRLEN];");
        w.line("if (a->ss_family == AF_INET) {");
        w.indent().line("const struct sockaddr_in *in = (const struct sockaddr_in *) a;");
        w.line("printf(\" from %s:%d\", inet_ntop(AF_INET, &in->sin_addr, host, sizeof host), ntohs(in->sin_port));");
        w.outdent().line("} else if (a->ss_family == AF_INET6) {");
        w.indent().line("const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) a;");
        w.line("printf(\" from [%s]:%d\", inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host), ntohs(in6->sin6_port));");
        w.outdent().line("} else if (a->ss_family == AF_UNIX) {");
        w.indent().line("printf(\" from \\\"%s\\\"\", ((const struct sockaddr_un *) a)->sun_path);");
        w.outdent().line("}");
        w.outdent().line("}");
        w.blank();
        w.comment(m.get("code.comment.got"));
        w.line("static long got(const char *call, long result, const char *data, long size, const struct sockaddr_storage *from) {");
        w.indent();
        w.line("if (result < 0) return show(call, result);");
        w.line("printf(\"%s() = %ld\", call, result);");
        w.line("if (data) {");
        w.indent().line("printf(\" \\\"\");");
        w.line("for (long i = 0; i < result && i < size; i++) {");
        w.indent().line("unsigned char c = (unsigned char) data[i];");
        w.line("if (c >= 32 && c < 127 && c != '\"' && c != '\\\\') putchar(c);");
        w.line("else printf(\"\\\\x%02x\", c);");
        w.outdent().line("}");
        w.line("putchar('\"');");
        w.outdent().line("}");
        w.line("if (from) peer(from);");
        w.line("putchar('\\n');");
        w.line("fflush(stdout);");
        w.line("return result;");
        w.outdent().line("}");
        w.blank();
    }

    /** Only a program the session turned to from another has turns to wait at (an unused function is a warning). */
    private void turnFunction() {
        w.comment(m.get("code.comment.turn"));
        w.line("static void turn(const char *prompt) {");
        w.indent();
        w.line("if (!step_mode) return;");
        w.line("fprintf(stderr, \"%s\\n\", prompt);");
        w.line("int ch;");
        w.line("while ((ch = getchar()) != EOF && ch != '\\n') {}");
        w.outdent().line("}");
        w.blank();
    }

    private String addrName(int i) {
        return addresses.size() == 1 ? "addr" : "addr" + (i + 1);
    }

    private String addr(Op.Addr a) {
        return addrName(addresses.indexOf(a));
    }

    private void declareAddress(Op.Addr a, String name) {
        CodeScript.Place p = place(a);
        switch (a.domain()) {
            case AF_INET -> {
                w.line("struct sockaddr_in " + name + " = { .sin_family = AF_INET, .sin_port = htons("
                        + (p == null ? a.port() : p.var()) + ") };");
                w.line("inet_pton(AF_INET, " + quoted(a.host()) + ", &" + name + ".sin_addr);");
            }
            case AF_INET6 -> {
                w.line("struct sockaddr_in6 " + name + " = { .sin6_family = AF_INET6, .sin6_port = htons("
                        + (p == null ? a.port() : p.var()) + ") };");
                w.line("inet_pton(AF_INET6, " + quoted(a.host()) + ", &" + name + ".sin6_addr);");
            }
            case AF_UNIX -> {
                w.line("struct sockaddr_un " + name + " = { .sun_family = AF_UNIX };");
                w.line("strncpy(" + name + ".sun_path, " + (p == null ? quoted(a.path()) : p.var()) + ", sizeof " + name
                        + ".sun_path - 1);");
            }
        }
    }

    @Override
    void turn(String other) {
        w.line("turn(" + quoted(turnPrompt(other)) + ");");
    }

    @Override
    void call(CodeScript.Step s) {
        if (s.op() instanceof Op.GetAddrInfo g) {
            new AddrInfoCode(w, m).c(s, g, servicePlace(g));
            return;
        }
        String line = switch (s.op()) {
            case Op.Socket o -> "int " + o.sock().name() + " = show(\"socket\", socket(" + o.domain().name() + ", "
                    + String.join(" | ", Stream.concat(Stream.of(o.type().name()), o.typeFlags().stream()).toList())
                    + ", " + o.protocol().text() + "));";
            case Op.SocketPair o -> socketPair(o, s);
            case Op.Read o -> "got(\"read\", read(" + o.sock().name() + ", buf, " + o.len() + "), buf, " + o.len()
                    + ", NULL);";
            case Op.Write o -> {
                if (o.data().repeated())
                    w.line("memset(out, '" + escapedBytes(new byte[]{o.data().first()}).replace("'", "\\'") + "', "
                            + o.data().length() + ");");
                yield show(SysCall.WRITE.journalName,
                        "write(" + o.sock().name() + ", " + data(o.data()) + ", " + o.data().length() + ")");
            }
            case Op.Poll o -> poll(o, s);
            case Op.Select o -> select(o, s);
            case Op.Bind o ->
                show(SysCall.BIND.journalName, "bind(" + o.sock().name() + ", (struct sockaddr *) &" + addr(o.addr())
                        + ", sizeof " + addr(o.addr()) + ")");
            case Op.Listen o ->
                show(SysCall.LISTEN.journalName, "listen(" + o.sock().name() + ", " + o.backlog() + ")");
            case Op.Accept o -> {
                w.line("from.ss_family = AF_UNSPEC;");
                String call = (o.flags().isEmpty() ? SysCall.ACCEPT : SysCall.ACCEPT4).journalName;
                yield (o.conn() == null ? "" : "int " + o.conn().name() + " = ") + "got(\"" + call + "\", " + call
                        + "(" + o.sock().name() + ", (struct sockaddr *) &from, &(socklen_t){"
                        + (o.addrlen() == null ? "sizeof from" : String.valueOf(o.addrlen())) + "}"
                        + (o.flags().isEmpty() ? "" : ", " + String.join(" | ", o.flags())) + "), NULL, 0, &from);";
            }
            case Op.Connect o ->
                show(SysCall.CONNECT.journalName, "connect(" + o.sock().name() + ", (struct sockaddr *) &"
                        + addr(o.addr()) + ", sizeof " + addr(o.addr()) + ")");
            case Op.Send o -> send(o, s);
            case Op.Recv o -> "got(\"recv\", recv(" + o.sock().name() + ", buf, " + o.len() + ", " + flags(o.flags())
                    + "), buf, " + o.len() + ", NULL);";
            case Op.SendTo o -> sendTo(o, s);
            case Op.RecvFrom o when repliesOn(o.sock()) -> {
                String from = senderOf(o.sock());
                w.line(from + "_len = sizeof " + from + ";");
                yield "got(\"recvfrom\", recvfrom(" + o.sock().name() + ", buf, " + o.len() + ", " + flags(o.flags())
                        + ", (struct sockaddr *) &" + from + ", &" + from + "_len), buf, " + o.len() + ", &" + from
                        + ");";
            }
            case Op.ReplyTo o -> replyTo(o, s);
            case Op.RecvFrom o -> {
                w.line("from.ss_family = AF_UNSPEC;");
                yield "got(\"recvfrom\", recvfrom(" + o.sock().name() + ", buf, " + o.len() + ", " + flags(o.flags())
                        + ", (struct sockaddr *) &from, &(socklen_t){sizeof from}), buf, " + o.len() + ", &from);";
            }
            case Op.Shutdown o ->
                show(SysCall.SHUTDOWN.journalName, "shutdown(" + o.sock().name() + ", " + o.how().name() + ")");
            case Op.Close o -> show(SysCall.CLOSE.journalName, "close(" + o.sock().name() + ")");
            case Op.SetOption o -> setOption(o, s);
            case Op.GetOption o -> getOption(o, s);
            case Op.SetNonBlocking o -> show(SysCall.FCNTL.journalName,
                    "fcntl(" + o.sock().name() + ", F_SETFL, " + (o.nonBlocking() ? "O_NONBLOCK" : "0") + ")");
            case Op.GetSockName o -> show(SysCall.GETSOCKNAME.journalName,
                    "getsockname(" + o.sock().name() + ", (struct sockaddr *) &name, &(socklen_t){sizeof name})");
            case Op.GetPeerName o -> show(SysCall.GETPEERNAME.journalName,
                    "getpeername(" + o.sock().name() + ", (struct sockaddr *) &name, &(socklen_t){sizeof name})");
            case Op.Unlink o -> show(SysCall.UNLINK.journalName,
                    "unlink(" + (place(o.addr()) == null ? quoted(o.addr().path()) : place(o.addr()).var()) + ")");
            case Op.GetAddrInfo o -> throw new IllegalStateException("written above");
            case Op.ProcessCall o -> throw new IllegalStateException("a remark, no line");
            case Op.Child o -> throw new IllegalStateException("a branch, written by child()");
            case Op.Signal o -> signal(o, s);
        };
        w.line(line);
    }

    private String socketPair(Op.SocketPair o, CodeScript.Step s) {
        String sv = "sv_" + o.sock().name();
        w.line("int " + sv + "[2] = {-1, -1};");
        w.line(show(SysCall.SOCKETPAIR.journalName,
                "socketpair(" + o.domain().name() + ", " + o.type().name() + ", 0, " + sv + ")"));
        return "int " + o.sock().name() + " = " + sv + "[0]"
                + (o.other() == null ? ";" : ", " + o.other().name() + " = " + sv + "[1];");
    }

    private String poll(Op.Poll o, CodeScript.Step s) {
        String fds = "fds_" + s.seq();
        StringBuilder list = new StringBuilder();
        for (Op.Sock p : o.socks())
            list.append(list.isEmpty() ? "" : ", ").append("{ .fd = ").append(p.name()).append(", .events = ")
                    .append(PollEvent.text(o.events())).append(" }");
        w.line("struct pollfd " + fds + "[] = { " + list + " };");
        w.line(show(SysCall.POLL.journalName,
                "poll(" + fds + ", " + o.socks().size() + ", " + o.timeout() + ")"));
        return "for (int i = 0; i < " + o.socks().size() + "; i++) if (" + fds
                + "[i].revents) printf(\"  fd %d revents %#x\\n\", "
                + fds + "[i].fd, (unsigned) " + fds + "[i].revents);";
    }

    private String select(Op.Select o, CodeScript.Step s) {
        String set = "set_" + s.seq(), nfds = "nfds_" + s.seq();
        w.line("fd_set " + set + ";");
        w.line("FD_ZERO(&" + set + ");");
        for (Op.Sock p : o.socks()) w.line("FD_SET(" + p.name() + ", &" + set + ");");
        w.line("int " + nfds + " = " + o.socks().getFirst().name() + ";");
        for (Op.Sock p : o.socks().subList(1, o.socks().size()))
            w.line("if (" + p.name() + " > " + nfds + ") " + nfds + " = " + p.name() + ";");
        String timeout = o.timeout() < 0
                ? "NULL"
                : "&(struct timeval){ .tv_sec = " + o.timeout() / 1000 + ", .tv_usec = "
                        + (o.timeout() % 1000) * 1000 + " }";
        w.line(show(SysCall.SELECT.journalName,
                "select(" + nfds + (o.nfdsOverHighest() == 0 ? "" : " + " + o.nfdsOverHighest())
                        + ", &" + set + ", NULL, NULL, " + timeout + ")"));
        List<String> ready = o.socks().stream().map(p -> "if (FD_ISSET(" + p.name() + ", &" + set
                + ")) printf(\"  fd %d ready\\n\", " + p.name() + ");").toList();
        ready.subList(0, ready.size() - 1).forEach(w::line);
        return ready.getLast();
    }

    private String send(Op.Send o, CodeScript.Step s) {
        if (o.data().repeated())
            w.line("memset(out, '" + escapedBytes(new byte[]{o.data().first()}).replace("'", "\\'") + "', "
                    + o.data().length() + ");");
        return show(SysCall.SEND.journalName,
                "send(" + o.sock().name() + ", " + data(o.data()) + ", " + o.data().length() + ", "
                        + flags(o.flags()) + ")");
    }

    private String sendTo(Op.SendTo o, CodeScript.Step s) {
        if (o.data().repeated())
            w.line("memset(out, '" + escapedBytes(new byte[]{o.data().first()}).replace("'", "\\'") + "', "
                    + o.data().length() + ");");
        String to = o.addr() == null
                ? "NULL, 0"
                : "(struct sockaddr *) &" + addr(o.addr()) + ", sizeof " + addr(o.addr());
        return show(SysCall.SENDTO.journalName,
                "sendto(" + o.sock().name() + ", " + data(o.data()) + ", " + o.data().length()
                        + ", " + flags(o.flags()) + ", " + to + ")");
    }

    private String replyTo(Op.ReplyTo o, CodeScript.Step s) {
        if (o.data().repeated())
            w.line("memset(out, '" + escapedBytes(new byte[]{o.data().first()}).replace("'", "\\'") + "', "
                    + o.data().length() + ");");
        String from = senderOf(o.sock());
        return show(SysCall.SENDTO.journalName,
                "sendto(" + o.sock().name() + ", " + data(o.data()) + ", " + o.data().length()
                        + ", " + flags(o.flags()) + ", (struct sockaddr *) &" + from + ", " + from + "_len)");
    }

    private String setOption(Op.SetOption o, CodeScript.Step s) {
        String value = o.option() == SocketOption.SO_LINGER
                ? "&(struct linger){ .l_onoff = " + (o.value() >= 0 ? 1 : 0) + ", .l_linger = "
                        + Math.max(0, o.value()) + " }, sizeof(struct linger)"
                : o.option().isTimeout()
                        ? "&(struct timeval){ .tv_sec = " + o.value() / 1000 + ", .tv_usec = "
                                + (o.value() % 1000) * 1000 + " }, sizeof(struct timeval)"
                        : "&(int){" + o.value() + "}, sizeof(int)";
        return show(SysCall.SETSOCKOPT.journalName,
                "setsockopt(" + o.sock().name() + ", " + o.option().level().name() + ", "
                        + o.option().name() + ", " + value + ")");
    }

    private String getOption(Op.GetOption o, CodeScript.Step s) {
        boolean linger = o.option() == SocketOption.SO_LINGER, timeout = o.option().isTimeout();
        String into = linger
                ? "&linger, &(socklen_t){sizeof linger}"
                : timeout ? "&tv, &(socklen_t){sizeof tv}" : "&value, &(socklen_t){sizeof value}";
        w.line(show(SysCall.GETSOCKOPT.journalName,
                "getsockopt(" + o.sock().name() + ", " + o.option().level().name() + ", "
                        + o.option().name() + ", " + into + ")"));
        return linger
                ? "printf(\"  SO_LINGER = {%d, %d}\\n\", linger.l_onoff, linger.l_linger);"
                : timeout
                        ? "printf(\"  " + o.option().name()
                                + " = {%ld, %ld}\\n\", (long) tv.tv_sec, (long) tv.tv_usec);"
                        : "printf(\"  " + o.option().name() + " = %d\\n\", value);";
    }

    private String signal(Op.Signal o, CodeScript.Step s) {
        // sigaction, as the lab's endpoint makes it: on_signal only returns; without SA_RESTART a call the
        // signal lands in returns -1 EINTR.
        w.line("sa.sa_handler = " + (o.caught() ? "on_signal" : o.handler()) + ";");
        w.line("sa.sa_flags = " + (o.restart() ? "SA_RESTART" : "0") + ";");
        w.line("sigemptyset(&sa.sa_mask);");
        return show(SysCall.SIGNAL.journalName, "sigaction(" + o.signal() + ", &sa, NULL)");
    }

    private static String flags(Set<MsgFlag> flags) {
        return MsgFlag.text(flags);
    }

    private static String show(String call, String expression) {
        return "show(\"" + call + "\", " + expression + ");";
    }

    private static String data(Op.Bytes data) {
        return data.repeated() ? "out" : "\"" + escapedBytes(data.bytes()) + "\"";
    }

    @Override
    void finish() {
        if (anyThreads()) joinThreads();
        w.line("return 0;");
        w.outdent().line("}");
        for (int i = 0; i < threads.size(); i++) threadFunctionBody(threads.get(i)); // a thread's may start more
    }

}
