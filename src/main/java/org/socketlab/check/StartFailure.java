package org.socketlab.check;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;

/**
 * A program that could not start under the check's limits, said as such: a runtime that cannot reserve its memory
 * (a stock JVM under the per-process address-space limit: "Could not create the Java Virtual Machine",
 * "pthread_create failed (EAGAIN)") or make its threads never makes a socket call, and "it did not listen" or "it never
 * connected" would send the student after a bug that is not in the program. Read from what the program wrote, only
 * when it made no call on a network socket.
 */
final class StartFailure {
    /** What the runtimes write when a limit stops them before their program runs (HotSpot, glibc, CPython, Node). */
    private static final Pattern LIMIT = Pattern.compile("^.*(Could not create the Java Virtual Machine"
            + "|Could not reserve enough space|Could not allocate compressed class space|pthread_create failed"
            + "|unable to create (?:new )?native thread|Cannot allocate memory|MemoryError"
            + "|JavaScript heap out of memory|Resource temporarily unavailable).*$", Pattern.MULTILINE);
    /**
     * What a shell, env or exec writes when a command or interpreter is not there (exit 127) or cannot be run (126):
     * {@code /root/.pyenv/shims/python3: line 12: /root/.pyenv/libexec/pyenv: No such file or directory}, {@code env:
     * 'python3': No such file or directory}, {@code sh: 1: node: not found}; the missing path is the last field before
     * the words.
     */
    private static final Pattern MISSING = Pattern.compile(
            "^(?:(.{0,400}?): )?([^:\n]{1,300}): (?:No such file or directory|command not found|not found"
                    + "|Permission denied)\s*$",
            Pattern.MULTILINE);
    /** The longest line of the program's own words a reason quotes. */
    private static final int QUOTED = 100;

    private StartFailure() {
    }

    /**
     * The verdicts with every failed one told why the program could not start, when it made no call on a network socket
     * and wrote
     * what a runtime writes when a limit stops it; else as they are.
     */
    static List<Verdict> explained(List<Verdict> verdicts, List<Event> events, String output, CheckFile check) {
        if (Evidence.anyNetworkCall(events)) return verdicts;
        Optional<String> line = limitLine(output);
        if (line.isEmpty()) return verdicts;
        List<String> args = List.of(String.valueOf(check.limits().memoryMb()), line.get());
        return verdicts.stream().map(v -> v.passed()
                ? v
                : new Verdict(v.rule(), false, "check.why.limitAtStart", args, v.seq(), null, v.weight())).toList();
    }

    /**
     * The verdicts with every failed one told that the program could not be started in the room, when it ended with
     * 126 or 127 (a shell's "cannot run" and "not found") before any call on a network socket and wrote which path was
     * missing: a pyenv or asdf shim reaches into the user's home, which the room does not show. "It did not listen"
     * would send the student after a server that never ran. Else as they are.
     */
    static List<Verdict> notFound(List<Verdict> verdicts, List<Event> events, String output,
            @Nullable Integer exitCode) {
        if (exitCode == null || exitCode != 126 && exitCode != 127 || Evidence.anyNetworkCall(events)) return verdicts;
        Matcher m = MISSING.matcher(output);
        if (!m.find()) return verdicts;
        String missing = m.group(2).strip().replaceAll("^['\"‘`]|['\"’`]$", "");
        List<String> args = List.of(String.valueOf(exitCode), cut(missing));
        return verdicts.stream().map(v -> v.passed()
                ? v
                : new Verdict(v.rule(), false, "check.why.notFound", args, v.seq(), null, v.weight())).toList();
    }

    private static String cut(String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
    }

    /** The first line of {@code output} that says a limit stopped the runtime, cut to {@value #QUOTED} characters. */
    static Optional<String> limitLine(String output) {
        Matcher m = LIMIT.matcher(output);
        if (!m.find()) return Optional.empty();
        // HotSpot's log decorations ([0.08s][warning][os,thread]) say nothing to a student.
        String line = m.group().replaceFirst("^(\\[[^\\]]{0,40}\\])+\\s*", "").strip();
        return Optional.of(line.length() <= QUOTED ? line : line.substring(0, QUOTED) + "…");
    }
}
