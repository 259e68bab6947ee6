package org.socketlab.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one line of {@code strace -f -ttt -T -yy} output (the pid first, as {@code -f} with {@code -o} writes it;
 * {@code -q}, so no attach messages; each end, {@code +++ exited with 0 +++}). Never throws and always ends in time linear in the line: a line it cannot read
 * is an {@link StraceLine.Unparsed} that says why.
 */
public final class StraceParser {
    private static final Pattern HEAD = Pattern
            .compile("^(?:\\[pid\\s+)?([0-9]{1,10})\\]?\\s+([0-9]{1,12})\\.([0-9]{6})\\s+(.*)$", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^([a-z_][a-z0-9_]{0,40})\\(");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. ([a-z_][a-z0-9_]{0,40}) resumed>(.*)$",
            Pattern.DOTALL);
    private static final Pattern EXITED = Pattern.compile("^\\+\\+\\+ exited with (-?[0-9]{1,10}) \\+\\+\\+$");
    private static final Pattern KILLED = Pattern
            .compile("^\\+\\+\\+ killed by (SIG[A-Z0-9+-]{1,12})(?: \\(core dumped\\))? \\+\\+\\+$");
    private static final Pattern SIGNAL = Pattern.compile("^--- (SIG[A-Z0-9+-]{1,12}|stopped by SIG[A-Z0-9]+) .*---$",
            Pattern.DOTALL);
    private static final Pattern DURATION = Pattern.compile("^(.*?)\\s+<([0-9]{1,9})\\.([0-9]{6})>$", Pattern.DOTALL);
    private static final Pattern RESULT = Pattern.compile(
            "^(\\?|-?[0-9]{1,20}|0x[0-9a-f]{1,16})(<.*>)?(?:\\s+(E[A-Z0-9]{1,20}|ERESTART[A-Z_]{0,20})\\s+\\(.*\\))?(?:\\s+(\\(.*\\)))?(?:\\s+\\[.*\\])?$",
            Pattern.DOTALL);
    /** A result strace translated from the program's PID namespace to its own ({@code --pidns-translation}). */
    private static final Pattern TRANSLATED = Pattern.compile(
            "^-?[0-9]{1,20} /\\* ([0-9]{1,10}) in strace's PID NS \\*/(.*)$",
            Pattern.DOTALL);
    private static final String UNFINISHED = " <unfinished ...>";

    private static final Pattern FILE_CALL = Pattern.compile(
            "^(?:\\[pid\\s+)?[0-9]{1,10}\\]?\\s+[0-9]{1,12}\\.[0-9]{6}\\s+(?:read|write|readv|writev|close|fcntl|fcntl64)\\([0-9]{1,10}<(?!socket:\\[)(?:[^A-Z]|[A-Z][A-Za-z0-9-]*[^A-Za-z0-9:-])");
    private static final Pattern FILE_RESUMED = Pattern.compile(
            "^(?:\\[pid\\s+)?([0-9]{1,10})\\]?\\s+[0-9]{1,12}\\.[0-9]{6}\\s+<\\.\\.\\. (?:read|write|readv|writev|close|fcntl|fcntl64) resumed>");

    private StraceParser() {
    }

    /**
     * Whether the line is an fd call on something that is no socket ({@code read(3</usr/lib/x.so>, ...)}), told from its
     * first few hundred characters only: such lines (a program reads its libraries and files through them) are most
     * of strace's record and are dropped unread, with their contents.
     */
    public static boolean onNoSocket(String line) {
        return FILE_CALL.matcher(line.length() > 300 ? line.substring(0, 300) : line).find();
    }

    /** The pid of a resumed fd call ({@code <... read resumed>}), or -1 when the line is not one. */
    public static int resumedFdCall(String line) {
        Matcher m = FILE_RESUMED.matcher(line.length() > 300 ? line.substring(0, 300) : line);
        return m.find() ? (int) StraceValues.parseLongOr(m.group(1), -1) : -1;
    }

    public static StraceLine parse(String line) {
        if (line == null) return new StraceLine.Unparsed("", "no line");
        String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        if (text.length() > 64 << 20) return new StraceLine.Unparsed(text.substring(0, 80), "line longer than 64 MiB");
        Matcher head = HEAD.matcher(text);
        if (!head.matches()) return new StraceLine.Unparsed(text, "no pid and -ttt time at the start");
        long pidLong = StraceValues.parseLongOr(head.group(1), -1);
        if (pidLong <= 0 || pidLong > Integer.MAX_VALUE) return new StraceLine.Unparsed(text, "pid out of range");
        int pid = (int) pidLong;
        long seconds = StraceValues.parseLongOr(head.group(2), -1);
        long micros = seconds * 1_000_000L + StraceValues.parseLongOr(head.group(3), 0);
        String rest = head.group(4);
        Matcher m;
        if ((m = EXITED.matcher(rest)).matches())
            return new StraceLine.Exited(pid, (int) StraceValues.parseLongOr(m.group(1), -1));
        if ((m = KILLED.matcher(rest)).matches()) return new StraceLine.Killed(pid, m.group(1));
        if ((m = SIGNAL.matcher(rest)).matches()) return new StraceLine.Signal(pid, m.group(1));
        if ((m = RESUMED.matcher(rest)).matches()) return new StraceLine.Resumed(pid, micros, m.group(1), m.group(2));
        if ((m = NAME.matcher(rest)).find()) {
            String name = m.group(1);
            String afterParen = rest.substring(m.end());
            if (afterParen.endsWith(UNFINISHED) && closingParen(afterParen) < 0)
                return new StraceLine.Unfinished(pid, micros, name,
                        afterParen.substring(0, afterParen.length() - UNFINISHED.length()));
            return call(text, pid, micros, name, afterParen);
        }
        return new StraceLine.Unparsed(text, "neither a call, an exit, a kill nor a signal");
    }

    /** A whole call from its name and what follows its opening parenthesis: {@code args) = result <duration>}. */
    static StraceLine call(String line, int pid, long enteredUs, String name, String afterParen) {
        int close = closingParen(afterParen);
        if (close < 0) return new StraceLine.Unparsed(line, "the argument list is not closed");
        String args = afterParen.substring(0, close);
        String tail = afterParen.substring(close + 1).trim();
        long duration = -1;
        Matcher d = DURATION.matcher(tail);
        if (d.matches()) {
            tail = d.group(1).trim();
            duration = StraceValues.parseLongOr(d.group(2), 0) * 1_000_000L + StraceValues.parseLongOr(d.group(3), 0);
        }
        if (!tail.startsWith("=")) return new StraceLine.Unparsed(line, "no '= result' after the arguments");
        String result = tail.substring(1).trim();
        // A contained run's pids: the one strace's record names processes by (this computer's), not the room's.
        Matcher translated = TRANSLATED.matcher(result);
        if (translated.matches()) result = translated.group(1) + translated.group(2);
        Matcher r = RESULT.matcher(result);
        if (!r.matches())
            return new StraceLine.Unparsed(line, "the result is not a number, '?' or a number with its errno");
        Long value;
        if (r.group(1).equals("?")) value = null;
        else if (r.group(1).startsWith("0x")) value = StraceValues.number(r.group(1));
        else {
            value = StraceValues.number(r.group(1));
            if (value == null) return new StraceLine.Unparsed(line, "the result is out of range");
        }
        StraceValues.Fd fd = r.group(2) == null || value == null ? null : StraceValues.fd(r.group(1) + r.group(2));
        String errno = r.group(3);
        String detail = r.group(4) == null ? null : r.group(4).substring(1, r.group(4).length() - 1);
        return new StraceLine.Syscall(pid, enteredUs, name, StraceValues.split(args), value, errno, fd, duration,
                detail);
    }

    /** The index of the parenthesis closing the argument list ({@code text} starts just after the opening one), or -1. */
    static int closingParen(String text) {
        int depth = 0, i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                i = StraceValues.endOfString(text, i);
                continue;
            }
            if (c == '<' && i > 0 && Character.isDigit(text.charAt(i - 1))) {
                i = StraceValues.endOfAnnotation(text, i);
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) return -1;
                i = end + 2;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ']' || c == '}') depth = Math.max(0, depth - 1);
            else if (c == ')') {
                if (depth == 0) return i;
                depth--;
            }
            i++;
        }
        return -1;
    }
}
