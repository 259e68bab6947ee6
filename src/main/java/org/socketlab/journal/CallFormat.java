package org.socketlab.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.SysCall;

/** Writes a call the way strace does: {@code connect(5, 127.0.0.1:5000) = -1 ECONNREFUSED (Connection refused)}. */
public final class CallFormat {
    private static final int PREVIEW_BYTES = 32;
    /** How a buffer whose bytes are not shown is written. */
    private static final String BUFFER = "buf";

    private CallFormat() {
    }

    /** The call and its result, without the errno explanation. */
    public static String line(Payload.Call call) {
        // getaddrinfo's answer is its list, or its EAI_* code with gai_strerror's text: = EAI_AGAIN (Temporary ...)
        if (call.is(SysCall.GETADDRINFO))
            return entry(call) + " = " + (call.errnoName() != null
                    ? call.errnoName() + " (" + call.arg(CallArg.ERROR, "") + ")"
                    : call.result() + " (res=" + call.arg(CallArg.RES, "[]") + ")");
        String result = call.failed() ? "-1 " + call.errnoName() : String.valueOf(call.result());
        // poll's answer follows its result, as strace writes it: = 1 ([{fd=3, revents=POLLIN}])
        String revents = call.arg(CallArg.REVENTS);
        // select's too: = 1 (in [5], left {tv_sec=0, tv_usec=299000})
        String ready = call.arg(CallArg.READY), left = call.arg(CallArg.LEFT);
        if (ready != null)
            revents = ready.equals("[]") ? "Timeout" : "in " + ready + (left == null ? "" : ", left " + left);
        String cForm = cForm(call, true);
        // sigprocmask's: what the handler of the signal it unblocked did as it returned (strace shows its run and calls)
        String runs = call.arg(CallArg.HANDLER_RUNS);
        if (cForm != null && runs != null)
            return cForm + " = " + result + " (handler_runs=" + runs + ", reaped=" + call.arg(CallArg.REAPED, "[]")
                    + ")";
        if (cForm != null) return cForm + " = " + result;
        return call.call() + "(" + arguments(call, true) + ") = " + result
                + (revents == null ? "" : " (" + revents + ")");
    }

    /**
     * The calls the lab's journal keeps in an order or under a name C does not write: {@code waitpid(pid, &st, options)}
     * (the journal appends the status it filled in last: strace's form puts it second, where C passes it);
     * {@code signal(SIGPIPE, SIG_IGN)} with its two arguments, and {@code sigaction(SIGALRM, {sa_handler=on_signal,
     * sa_flags=SA_RESTART}, NULL)} for a handler, whose flags only sigaction can say (the code panel's form);
     * {@code sigprocmask(SIG_BLOCK, [SIGCHLD], NULL)} with its set. Null for every other call.
     */
    private static @Nullable String cForm(Payload.Call call, boolean returned) {
        if (call.is(SysCall.WAITPID) && call.has(CallArg.PID) && call.has(CallArg.OPTIONS)) {
            String status = returned ? call.arg(CallArg.WSTATUS, "&st") : "&st";
            return "waitpid(" + call.arg(CallArg.PID) + ", " + status + ", " + call.arg(CallArg.OPTIONS) + ")";
        }
        String signum = call.arg(CallArg.SIGNUM), handler = call.arg(CallArg.HANDLER);
        if (call.is(SysCall.SIGNAL) && signum != null && handler != null) {
            // SIG_IGN and SIG_DFL need no flags; a handler function does (on_signal, SIGCHLD's reap_one and reap_all)
            if (!call.has(CallArg.SA_FLAGS)) return "signal(" + signum + ", " + handler + ")";
            return "sigaction(" + signum + ", {sa_handler=" + handler + ", sa_flags=" + call.arg(CallArg.SA_FLAGS)
                    + "}, NULL)";
        }
        if (call.is(SysCall.SIGPROCMASK) && call.has(CallArg.HOW) && call.has(CallArg.SET))
            return "sigprocmask(" + call.arg(CallArg.HOW) + ", " + call.arg(CallArg.SET) + ", NULL)";
        return null;
    }

    /**
     * What a waiting call's line shows between its parentheses: its socket, or "…" for a call whose first argument is
     * not one (select's nfds, poll's array, waitpid's pid), which the call's own line says in full once it returns.
     */
    public static String waitingArguments(String call, int fd) {
        return switch (SysCall.named(call)) {
            case SELECT, POLL, WAITPID -> "…";
            case null, default -> String.valueOf(fd);
        };
    }

    /**
     * The call as it entered the kernel, before it returned: only what the program passed in
     * ({@code connect(5, 127.0.0.1:5000)}; the bytes of a send, not those a recv will fill in).
     */
    public static String entry(Payload.Call call) {
        if (call.is(SysCall.GETADDRINFO))
            return "getaddrinfo(" + call.arg(CallArg.NODE) + ", " + call.arg(CallArg.SERVICE) + ", "
                    + call.arg(CallArg.HINTS) + ", &res)";
        String cForm = cForm(call, false);
        return cForm != null ? cForm : call.call() + "(" + arguments(call, false) + ")";
    }

    private static String arguments(Payload.Call call, boolean returned) {
        List<String> parts = new ArrayList<>();
        if (call.fd() != null) parts.add(String.valueOf(call.fd()));
        SysCall named = call.sysCall();
        boolean filledIn = named != null && named.receivesData();
        // The calls whose second argument is a buffer (a traced sendmsg's or readv's vector has no "len")
        boolean buffer = named != null && (named.sendsData() || named.receivesData());
        call.args().forEach((name, value) -> {
            CallArg key = CallArg.named(name); // null: a traced call's argument this table does not name
            if (key == CallArg.REASON || key == CallArg.REVENTS || key == CallArg.READY || key == CallArg.LEFT) return;
            if (!returned && key == CallArg.ADDRLEN) { // what went in: "[4]" of "[4 => 16]"
                int out = value.indexOf(" => ");
                parts.add(out < 0 ? value : value.substring(0, out) + "]");
                return;
            }
            if (!returned
                    && (key == CallArg.PEER || key == CallArg.PEER_BYTES || key == CallArg.FROM || key == CallArg.SV
                            || key == CallArg.VALUE && call.is(SysCall.GETSOCKOPT)
                            || key == CallArg.ADDR && (call.is(SysCall.GETSOCKNAME) || call.is(SysCall.GETPEERNAME))))
                return; // answers, not arguments
            // The buffer is an argument of every data call: its bytes once known (sent, or received on return), else
            // "buf" (a recv entering the kernel, a call that failed), never dropped: recv(12, buf, 1024, 0) = -1.
            if (key == CallArg.LEN && buffer)
                parts.add(call.data() != null && call.result() >= 0 && (returned || !filledIn)
                        ? quote(call.data())
                        : BUFFER);
            else
                if (key == CallArg.LEN && call.data() != null && call.result() >= 0 && (returned || !filledIn))
                    parts.add(quote(call.data()));
            parts.add(key == CallArg.PEER || key == CallArg.PEER_BYTES || key == CallArg.FROM || key == CallArg.VALUE
                    ? name + "=" + value
                    : value);
            // The lab's select asks for no write or exception set (a traced one journals both, as strace wrote them).
            if (key == CallArg.READFDS && !call.has(CallArg.WRITEFDS)) {
                parts.add("NULL");
                parts.add("NULL");
            }
        });
        return String.join(", ", parts);
    }

    /** The line plus, for a failed call, the errno explained in the given language. */
    public static String lineExplained(Payload.Call call, Messages messages) {
        String line = line(call);
        return call.failed() ? line + " (" + explain(call, messages) + ")" : line;
    }

    /**
     * The errno of a failed call explained as it applies to that call: an AF_UNIX address (a path) has no port, no
     * SO_REUSEADDR and no TIME_WAIT ({@code errno.EADDRINUSE.unix}); an EAGAIN of a call made with MSG_DONTWAIT comes
     * from that flag, not from a non-blocking socket ({@code errno.EAGAIN.dontwait}), and one of a call that waited from
     * its socket's timeout ({@code errno.EAGAIN.timeout}). Else the errno's own explanation.
     */
    public static String explain(Payload.Call call, Messages messages) {
        String errno = call.errnoName();
        String addr = call.arg(CallArg.ADDR);
        if (addr != null && (addr.startsWith("/") || addr.startsWith("@")) && messages.has("errno." + errno + ".unix"))
            return messages.get("errno." + errno + ".unix");
        String flags = call.arg(CallArg.FLAGS);
        if (flags != null && flags.contains("MSG_DONTWAIT") && messages.has("errno." + errno + ".dontwait"))
            return messages.get("errno." + errno + ".dontwait");
        // A call that waited in the kernel and then failed EAGAIN was ended by its socket's timeout, not by O_NONBLOCK.
        if (call.blockedNs() > 0 && messages.has("errno." + errno + ".timeout"))
            return messages.get("errno." + errno + ".timeout");
        // An accept given a negative addrlen (issue 59): the length is what is invalid, and the connection is gone.
        if (call.arg(CallArg.ADDRLEN, "").startsWith("[-") && messages.has("errno." + errno + ".addrlen"))
            return messages.get("errno." + errno + ".addrlen");
        return explain(errno, messages);
    }

    public static String explain(@Nullable String errnoName, Messages messages) {
        String key = "errno." + errnoName;
        return messages.has(key) ? messages.get(key) : messages.get("errno.unknown");
    }

    /** The message key saying what a blocked call waits for: connect the SYN-ACK, send room in the send buffer... */
    public static String waitsForKey(String call) {
        return switch (SysCall.named(call)) {
            case ACCEPT, CONNECT, SEND, SENDTO, RECV, RECVFROM, READ, WRITE, POLL, SELECT -> "call.waitsFor." + call;
            case null, default -> "call.waitsFor.other";
        };
    }

    /** Bytes as a C string literal, shortened after {@value #PREVIEW_BYTES} bytes. */
    public static String quote(byte[] data) {
        StringBuilder sb = new StringBuilder("\"");
        String text = new String(data, 0, Math.min(data.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0xfffd) sb.append(String.format("\\x%02x", (int) ch & 0xff));
                    else sb.append(ch);
                }
            }
        }
        sb.append('"');
        if (data.length > PREVIEW_BYTES) sb.append("...");
        return sb.toString();
    }
}
