package org.socketlab.codegen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * Writes one endpoint's steps as a program: a header, the arguments (the session's ports and paths, replaceable on
 * the command line, and {@code --step}), then each call with its remarks, then the end. Each language fills in
 * how it makes a call; the remarks every language shares are made here, from the message files.
 */
abstract sealed class Renderer permits CProgram, PythonProgram, JavaProgram, RustProgram {
    protected final CodeScript script;
    protected final String endpoint;
    protected final List<CodeScript.Step> steps;
    protected final Messages m;
    protected final Writer w;

    Renderer(CodeScript script, String endpoint, Messages m, String commentPrefix) {
        this.script = script;
        this.endpoint = endpoint;
        this.steps = script.of(endpoint);
        this.m = m;
        this.w = new Writer(commentPrefix);
    }

    final Program render() {
        List<String> cannot = steps.stream().filter(s -> !canWrite(s.op())).map(CodeScript.Step::call).distinct()
                .toList();
        if (!cannot.isEmpty()) {
            // Honest rather than wrong: a program that says which of the session's calls this language cannot make.
            header(runCommand());
            for (String line : m.get("code." + language().name().toLowerCase(Locale.ROOT) + ".cannot",
                    String.join(", ", cannot)).split("\n"))
                w.comment(line);
            cannotProgram(String.join(", ", cannot));
            return w.program(language(), endpoint, fileName());
        }
        start();
        unwritten();
        writeSteps(steps);
        finish();
        return w.program(language(), endpoint, fileName());
    }

    /**
     * The steps in order; a thread's (issue 79) in a language that writes it as a function of its own
     * ({@link #hoistsThreads}) are kept for {@link #threadFunctions} and its start written here.
     */
    final void writeSteps(List<CodeScript.Step> list) {
        for (int i = 0; i < list.size(); i++) {
            CodeScript.Step s = list.get(i);
            if (s.op() instanceof Op.Child c && c.thread() && c.start() && hoistsThreads()) {
                int end = closing(list, i, c);
                w.begin(s.seq());
                child(c);
                w.end();
                threads.add(new ThreadBody(c, List.copyOf(list.subList(i + 1, end))));
                i = end;
                continue;
            }
            if (s.op() instanceof Op.Child c) {
                if (c.start()) w.begin(s.seq());
                child(c);
                if (c.start()) w.end();
                continue;
            }
            w.begin(s.seq());
            if (childDepth > 0) { // a child this language cannot fork: its calls said, in order, at their place
                w.remark(m.get("code.comment.childCall", s.line()));
                w.end();
                continue;
            }
            if (s.after() != null) turn(s.after());
            remarks(s);
            if (!(s.op() instanceof Op.ProcessCall)) call(s); // its remark says why no line makes it
            w.end();
        }
    }

    /** A thread's calls, written as the function it runs ({@link #hoistsThreads}). */
    record ThreadBody(Op.Child thread, List<CodeScript.Step> steps) {
    }

    /** The threads this program starts whose functions are written apart, in the order they start. */
    protected final List<ThreadBody> threads = new ArrayList<>();

    /** Where the branch opened at {@code start} closes (its end step), or the list's end. */
    private static int closing(List<CodeScript.Step> list, int start, Op.Child c) {
        for (int j = start + 1; j < list.size(); j++)
            if (list.get(j).op() instanceof Op.Child e && !e.start() && e.endpoint().equals(c.endpoint())) return j;
        return list.size();
    }

    /** Whether this language writes a thread's calls as a function apart (C), not inline where it starts. */
    boolean hoistsThreads() {
        return false;
    }

    /** The threads this program's own process starts (issue 79), in order; not its forked children's. */
    protected List<Op.Child> startedThreads() {
        return steps.stream().filter(s -> s.op() instanceof Op.Child c && c.thread() && c.start()
                && script.forks().stream().anyMatch(f -> f.thread() && f.child().equals(c.endpoint())
                        && f.parent().equals(endpoint)))
                .map(s -> (Op.Child) s.op()).toList();
    }

    /** Whether any thread starts in this program, its forked children's included. */
    protected boolean anyThreads() {
        return steps.stream().anyMatch(s -> s.op() instanceof Op.Child c && c.thread());
    }

    abstract Language language();

    /** Whether this language can make the call as the session made it (C and Python make them all). */
    boolean canWrite(Op op) {
        return true;
    }

    /**
     * What a language whose socket library offers only stream and datagram sockets, read/write on streams and no
     * socketpair, poll or MSG_* flags can write (Java's NIO, Rust's std and socket2 as Debian packages it).
     */
    static boolean streamAndDatagramOnly(Op op) {
        return switch (op) {
            case Op.Socket o -> o.type() == SockType.SOCK_STREAM
                    || o.type() == SockType.SOCK_DGRAM;
            case Op.SocketPair o -> false;
            case Op.Poll o -> false;
            case Op.Select o -> false;
            case Op.Read o -> o.sock().stream();
            case Op.Write o -> o.sock().stream();
            // MSG_NOSIGNAL alone on a stream is what their writes already do: both runtimes ignore SIGPIPE (Rust's
            // before main, the JVM at its start; std's TcpStream even sends with MSG_NOSIGNAL), so the write returns
            // -1 EPIPE as the session's send did.
            case Op.Send o -> o.flags().isEmpty()
                    || o.sock().stream() && o.flags().equals(Set.of(MsgFlag.MSG_NOSIGNAL));
            case Op.Recv o -> o.flags().isEmpty();
            case Op.SendTo o -> o.flags().isEmpty();
            case Op.ReplyTo o -> o.flags().isEmpty();
            case Op.RecvFrom o -> o.flags().isEmpty();
            default -> true;
        };
    }

    /** How the program of a language that cannot make some call is run. */
    String runCommand() {
        return fileName();
    }

    /** The whole program when {@link #canWrite} refused a call: it says so when run, and makes no call. */
    void cannotProgram(String calls) {
        throw new IllegalStateException(language().name()); // C and Python never refuse a call
    }

    abstract String fileName();

    /** Everything before the first call: header, imports, helpers, arguments. */
    abstract void start();

    /** Where the session turned to this program after {@code other}'s calls: wait there with --step. */
    abstract void turn(String other);

    /** The language's own remarks on a step (a fused call, a call it cannot make), after the shared ones. */
    void ownRemarks(CodeScript.Step s) {
    }

    abstract void call(CodeScript.Step s);

    /**
     * Where a traced program's child branches off at its fork ({@code c.start()}) and where its branch ends. C and
     * Python fork; a language without fork() says at the place that the child's calls follow as remarks.
     */
    void child(Op.Child c) {
        if (c.thread() && childDepth > 0) { // in a child this language cannot fork: said, as its calls are
            if (c.start())
                w.remark(m.get("code.comment.thread", CodeGenerator.who(c.endpoint(), m),
                        String.valueOf(c.pid())));
            return;
        }
        if (c.thread()) {
            thread(c);
            return;
        }
        if (c.start()) {
            w.remark(m.get("code.comment.childNoFork", CodeGenerator.who(c.endpoint(), m), String.valueOf(c.pid()),
                    language().name().charAt(0) + language().name().substring(1).toLowerCase(Locale.ROOT)));
            childDepth++;
        } else {
            w.comment(m.get("code.comment.childEnd", CodeGenerator.who(c.endpoint(), m)));
            childDepth--;
        }
    }

    /**
     * Where a thread starts ({@code c.start()}) and where its calls end: each language opens its thread there (Java's
     * Thread, Python's threading, Rust's thread::spawn) or, hoisting it (C), starts its function.
     */
    abstract void thread(Op.Child c);

    /** How deep in children's branches that this language cannot fork: their calls are remarks, never lines. */
    private int childDepth;

    /** The calls of the session this program leaves out, said at its top: a thread's, on sockets shared with it. */
    private void unwritten() {
        script.unwritten().forEach((who, count) -> {
            if (who.equals(endpoint) || endpoint.equals(rootOf(who)))
                w.comment(m.get("code.comment.unwritten", CodeGenerator.who(who, m), String.valueOf(count)));
        });
    }

    /** The program an endpoint's calls would belong to: a traced program's ({@code program-PID}: {@code program}). */
    private static String rootOf(String endpoint) {
        int dash = endpoint.lastIndexOf('-');
        return dash > 0 && endpoint.substring(dash + 1).matches("\\d+") ? endpoint.substring(0, dash) : endpoint;
    }

    abstract void finish();

    private void remarks(CodeScript.Step s) {
        if (s.op() instanceof Op.ProcessCall) { // no line: no failure to expect, nothing a language fuses
            w.remark(m.get("code.comment.processCall", s.line()));
            return;
        }
        if (s.failed()) w.remark(m.get("code.comment.failed", s.call(), s.errnoName()));
        switch (s.op()) {
            case Op.SetOption o when o.option() == SocketOption.SO_LINGER && o.value() == 0 ->
                w.remark(m.get("code.comment.linger0"));
            case Op.SetOption o when o.option() == SocketOption.SO_REUSEADDR ->
                w.remark(m.get("code.comment.reuseaddr"));
            case Op.SetNonBlocking o when o.nonBlocking() -> w.remark(m.get("code.comment.nonblocking"));
            case Op.Unlink o -> w.remark(m.get("code.comment.unlink"));
            case Op.Send o when o.data().filled() ->
                w.remark(m.get("code.comment.filled", o.data().known(), o.data().length()));
            case Op.Send o when !s.failed() && s.result() < o.data().length() ->
                w.remark(m.get("code.comment.partialSend", s.result(), o.data().length()));
            case Op.Write o when !s.failed() && s.result() < o.data().length() ->
                w.remark(m.get("code.comment.partialSend", s.result(), o.data().length()));
            case Op.Write o -> w.remark(m.get("code.comment.write"));
            case Op.Read o -> w.remark(m.get("code.comment.read"));
            case Op.SocketPair o -> w.remark(m.get("code.comment.socketpair"));
            case Op.Poll o -> w.remark(m.get("code.comment.poll"));
            case Op.Select o ->
                w.remark(m.get(o.nfdsOverHighest() == 1 ? "code.comment.select" : "code.comment.selectNfds"));
            case Op.SendTo o when o.data().filled() ->
                w.remark(m.get("code.comment.filled", o.data().known(), o.data().length()));
            case Op.ReplyTo o when o.data().filled() ->
                w.remark(m.get("code.comment.filled", o.data().known(), o.data().length()));
            case Op.ReplyTo o -> w.remark(m.get("code.comment.reply"));
            case Op.GetAddrInfo o -> w.remark(m.get("code.comment.getaddrinfo"));
            default -> {
            }
        }
        ownRemarks(s);
    }

    /** The header every program starts with, as comment lines. */
    protected void header(String run) {
        w.comment(m.get("code.comment.header", who(endpoint), language().title()));
        w.comment(m.get("code.comment.run", run));
        String launcher = script.launchers().get(endpoint);
        if (launcher != null) w.comment(m.get("code.comment.launched", launcher));
        List<String> args = new ArrayList<>();
        for (CodeScript.Place p : places())
            args.add(p.var().toUpperCase(Locale.ROOT) + " (" + p.value() + ")");
        if (!args.isEmpty()) w.comment(m.get("code.comment.args", String.join(" ", args)));
        w.comment(m.get("code.comment.step"));
    }

    /** The endpoint as people say it: "client", "server 2" (in the program's language of words). */
    protected String who(String name) {
        return CodeGenerator.who(name, m);
    }

    /** The text --step prints while it waits. */
    protected String turnPrompt(String other) {
        return m.get("code.prompt.turn", who(other));
    }

    /** The session's places this program names, in argument order. */
    protected List<CodeScript.Place> places() {
        Set<Integer> used = new LinkedHashSet<>();
        for (CodeScript.Step s : steps) {
            Op.Addr a = addrOf(s.op());
            if (a != null && a.place() >= 0) used.add(a.place());
            if (s.op() instanceof Op.GetAddrInfo g && servicePlace(g) != null) used.add(servicePlace(g).index());
        }
        return script.places().stream().filter(p -> used.contains(p.index())).toList();
    }

    /** The program argument a getaddrinfo's service is (the session's port, given as text), or null. */
    protected CodeScript.Place servicePlace(Op.GetAddrInfo g) {
        return script.places().stream().filter(p -> !p.path() && String.valueOf(p.port()).equals(g.service()))
                .findFirst().orElse(null);
    }

    /** Distinct addresses this program names, in order of first use. */
    protected List<Op.Addr> addresses() {
        Set<Op.Addr> out = new LinkedHashSet<>();
        for (CodeScript.Step s : steps) {
            Op.Addr a = addrOf(s.op());
            if (a != null && !(s.op() instanceof Op.Unlink)) out.add(a);
        }
        return List.copyOf(out);
    }

    protected static Op.Addr addrOf(Op op) {
        return switch (op) {
            case Op.Bind o -> o.addr();
            case Op.Connect o -> o.addr();
            case Op.SendTo o -> o.addr();
            case Op.Unlink o -> o.addr();
            default -> null;
        };
    }

    /** Whether the program replies on this socket to whoever its recvfrom() heard from: it keeps that address. */
    protected boolean repliesOn(Op.Sock sock) {
        return steps.stream().anyMatch(s -> s.op() instanceof Op.ReplyTo r && r.sock().equals(sock));
    }

    /** The sockets the program replies on, in order of their first reply. */
    protected List<Op.Sock> replyingSockets() {
        return steps.stream().filter(s -> s.op() instanceof Op.ReplyTo).map(s -> s.op().sock()).distinct().toList();
    }

    /** The variable that keeps the address a socket's last recvfrom() gave, for a reply. */
    protected static String senderOf(Op.Sock sock) {
        return sock.name() + "_from";
    }

    /** The option a setsockopt or getsockopt acts on; null for other calls. */
    protected static SocketOption optionOf(Op op) {
        return switch (op) {
            case Op.SetOption o -> o.option();
            case Op.GetOption o -> o.option();
            default -> null;
        };
    }

    /** True when the program sets or reads any of these options. */
    protected boolean usesOption(SocketOption... options) {
        return steps.stream().anyMatch(s -> Arrays.asList(options).contains(optionOf(s.op())));
    }

    protected CodeScript.Place place(Op.Addr a) {
        return a.place() < 0 ? null : script.places().get(a.place());
    }

    protected boolean uses(Class<? extends Op> kind) {
        return steps.stream().anyMatch(s -> kind.isInstance(s.op()));
    }

    protected int maxRecv() {
        int max = 0;
        for (CodeScript.Step s : steps) {
            if (s.op() instanceof Op.Recv r) max = Math.max(max, r.len());
            if (s.op() instanceof Op.RecvFrom r) max = Math.max(max, r.len());
            if (s.op() instanceof Op.Read r) max = Math.max(max, r.len());
        }
        return max;
    }

    /**
     * A C-like string literal (C, Java and Python share these escapes): a quote, a backslash and every control
     * character escaped, the last as three octal digits ({@code \001}: no digit after it joins the escape, as one would
     * a C {@code \x} escape's), a separator or bidirectional control as {@code \}{@code u202e}; other characters as they
     * are (the files are UTF-8). Rust has no octal escapes: {@link #rustQuoted}.
     */
    protected static String quoted(String text) {
        return quoted(text, false);
    }

    /**
     * A line or paragraph separator or a bidirectional control: written as it is it would make the source read
     * otherwise than it compiles ("Trojan Source"; rustc refuses the bidirectional ones), so it is an escape.
     */
    private static boolean invisible(char ch) {
        return ch == '\u2028' || ch == '\u2029' || ch >= '\u202a' && ch <= '\u202e' || ch >= '\u2066' && ch <= '\u2069'
                || ch == '\u200e' || ch == '\u200f' || ch == '\u061c';
    }

    /** {@link #quoted}, a control character as Rust writes it in a string ({@code \x01}: always two digits). */
    static String rustQuoted(String text) {
        return quoted(text, true);
    }

    private static String quoted(String text, boolean rust) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) sb.append(String.format(rust ? "\\x%02x" : "\\%03o", (int) ch));
                    else if (invisible(ch)) sb.append(String.format(rust ? "\\u{%04x}" : "\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Whether bytes are printable ASCII text (then they are written as a plain string). */
    protected static boolean printable(byte[] bytes) {
        for (byte b : bytes) if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b >= 0x7f) return false;
        return true;
    }

    protected static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Bytes as a C string literal's body, every byte kept (\xNN for the others). */
    protected static String escapedBytes(byte[] bytes) {
        return escapedBytes(bytes, true);
    }

    /**
     * Bytes as an escaped literal's body, every byte kept (\xNN for the others); {@code splitAfterHex} for C,
     * whose hex escapes take every hex digit that follows (Python and Rust take exactly two).
     */
    protected static String escapedBytes(byte[] bytes, boolean splitAfterHex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean hexBefore = i > 0 && ((bytes[i - 1] & 0xff) < 0x20 || (bytes[i - 1] & 0xff) >= 0x7f);
            switch (b) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                // C only: ISO C reads a trigraph (??/ is a backslash) before anything else; \? is always a '?'.
                case '?' -> sb.append(splitAfterHex ? "\\?" : "?");
                default -> {
                    if (b < 0x20 || b >= 0x7f) sb.append(String.format("\\x%02x", b));
                    // C reads hex escapes greedily: "\x01" "a" must not become \x01a.
                    else
                        if (splitAfterHex && hexBefore && Character.digit(b, 16) >= 0)
                            sb.append("\" \"").append((char) b);
                        else
                            sb.append((char) b);
                }
            }
        }
        return sb.toString();
    }
}
