package org.socketlab.check;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.lesson.Text;

/**
 * A check file, read and checked by {@link CheckLoader}: what the program under test is (a server or a client, TCP or
 * UDP, the arguments it is given), what SocketLab plays against it, the call pattern its main process must follow,
 * the rules it is judged by, and the limits it runs under. Published as {@code docs/check.schema.json}.
 */
public record CheckFile(String id, Text title, Role role, Proto proto, List<String> args, List<Play> plays,
        CallPattern pattern, List<RuleEntry> rules, Limits limits, @Nullable CallPattern childPattern) {
    public CheckFile {
        args = List.copyOf(args);
        plays = List.copyOf(plays);
        rules = List.copyOf(rules);
    }

    /** A check file that asks nothing of forked children. */
    public CheckFile(String id, Text title, Role role, Proto proto, List<String> args, List<Play> plays,
            CallPattern pattern, List<RuleEntry> rules, Limits limits) {
        this(id, title, role, proto, args, plays, pattern, rules, limits, null);
    }

    /** The program under test is a server (SocketLab plays its clients) or a client (SocketLab plays the server). */
    public enum Role {
        SERVER, CLIENT
    }

    public enum Proto {
        TCP, UDP
    }

    /** The placeholder in {@code args} replaced by the port the program must use. */
    public static final String PORT = "{port}";

    /**
     * One rule asked for, with the instructor's own hint (es and en) shown when it is broken (may be null), and its
     * weight in the score gradebooks get (1 unless the check file says; 0 counts for nothing).
     */
    public record RuleEntry(Rule rule, @Nullable Text hint, int weight) {
        public RuleEntry(Rule rule, @Nullable Text hint) {
            this(rule, hint, 1);
        }
    }

    /** Wall-clock seconds for the whole run, CPU seconds, open files, address space in MiB. */
    public record Limits(int seconds, int cpuSeconds, int openFiles, int memoryMb) {
        public static final Limits DEFAULT = new Limits(30, 10, 64, 1024);
    }

    /** What SocketLab plays, in order. */
    public sealed interface Play {
    }

    /**
     * {@code count} lab clients, one after another or all connected at once ({@code atOnce}), each sending
     * {@code messages} messages of {@code bytes} bytes and reading each echo back; or, with a {@code greeting}, each
     * sending nothing and expecting exactly that text and then the end of the connection ("greets with TEXT and
     * closes"; TCP).
     */
    public record Clients(int count, boolean atOnce, int messages, int bytes,
            @Nullable String greeting) implements Play {
        public Clients(int count, boolean atOnce, int messages, int bytes) {
            this(count, atOnce, messages, bytes, null);
        }
    }

    /** A TCP client that connects and then resets its connection (SO_LINGER 0, close): an RST, no FIN. */
    public record Reset() implements Play {
    }

    /**
     * A TCP client that sends {@code bytes} through a small receive buffer and starts reading the echo only once the
     * program has made no call for {@code delayMs}: the server's sends meet a full buffer, where a send may take fewer
     * bytes than asked. More bytes than a send buffer holds (4 MiB by default on Linux) make sure of it.
     */
    public record Big(int bytes, int delayMs) implements Play {
    }

    /**
     * A lab server for a client under test. TCP: it reads the client's request, answers {@code replyBytes} in
     * {@code pieces} pieces {@code pauseMs} apart and closes. UDP: it ignores the first {@code drop} datagrams and
     * answers the next ones with {@code reply}.
     */
    public record Server(int replyBytes, int pieces, int pauseMs, int drop, String reply) implements Play {
    }
}
