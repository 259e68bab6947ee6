package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.ChildJvm;

/**
 * Lesson fork-server under {@code strace -f} (issue 39): each process's own record confirms what the journal says of
 * it. The server's process forks (clone returns the pids the journal's forked events carry), each child makes its own
 * calls under its own pid and ends with exit_group(0), and the parent's waitpid is a wait4 that returns the child's pid,
 * then -1 ECHILD.
 */
class ForkServerUnderStraceTest {
    private static final long LIMIT_S = 600;
    /** {@code PID name(args) = result [ERRNO (...)]}, as strace -f -o writes a whole call. */
    private static final Pattern LINE = Pattern.compile("^(\\d+) +(\\w+)\\((.*)\\) += (-?\\d+|\\?)(?: (E[A-Z]+))?.*$");

    @TempDir
    Path dir;

    record Seen(int pid, String call, String args, String result, String errno) {
    }

    @Test
    void eachProcessMakesItsOwnCalls() throws Exception {
        var strace = TrustedPrograms.find("strace");
        CiRules.requireOnCi(strace.isPresent(), "strace");
        if (strace.isEmpty()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        Path out = dir.resolve("strace.txt");
        List<String> command = new ArrayList<>(List.of(strace.get().toString(), "-f", "-qq", "-o", out.toString(),
                "-e", "trace=clone,clone3,fork,vfork,wait4,exit_group,sendto,close"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                LessonsUnderStraceTest.Child.class.getName(), dir.toString(), "fork-server"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(LIMIT_S, TimeUnit.SECONDS), "fork-server ended under strace within " + LIMIT_S + " s");
        assertEquals(0, p.exitValue());
        assertEquals("", Files.readString(dir.resolve("differed.txt")), "the lesson passed under strace");
        List<Event> events = JournalJsonl.read(dir.resolve("fork-server.jsonl"));
        int server = pidOf(events, "server", Payload.Process.STARTED);
        int first = pidOf(events, "server-2", Payload.Process.FORKED), second = pidOf(events, "server-3",
                Payload.Process.FORKED);
        List<Seen> seen = new ArrayList<>();
        for (String line : joined(Files.readAllLines(out))) {
            Matcher m = LINE.matcher(line);
            if (m.matches())
                seen.add(new Seen(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5)));
        }
        // The server's process forked both children: clone returned their pids there, and only there.
        for (int child : List.of(first, second))
            assertEquals(List.of(server), seen.stream().filter(s -> s.call().startsWith("clone")
                    && s.result().equals(String.valueOf(child))).map(Seen::pid).toList(), "who forked " + child);
        // Each child's own calls, in its own process: the first closes its copy of the passive socket and replies;
        // the second replies; both end with exit_group(0).
        assertTrue(has(seen, first, "close", "3", "0"), "server-2 closed its listener copy: " + of(seen, first));
        assertTrue(has(seen, first, "sendto", "4, \"hola\"", "4"), "server-2 sent: " + of(seen, first));
        List<String> lines = Files.readAllLines(out);
        assertTrue(exitedZero(lines, first), "server-2 exit(0): " + of(seen, first));
        assertTrue(has(seen, second, "sendto", "4, \"adios\"", "5"), "server-3 sent: " + of(seen, second));
        assertTrue(exitedZero(lines, second), "server-3 exit(0): " + of(seen, second));
        // The parent closed its copy of the first connection, reaped both children with wait4, then found none left.
        assertTrue(has(seen, server, "wait4", first + ", [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0",
                String.valueOf(first)), "waitpid(server-2): " + of(seen, server));
        assertTrue(has(seen, server, "wait4", "-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG",
                String.valueOf(second)), "waitpid(-1, WNOHANG): " + of(seen, server));
        assertTrue(seen.stream().anyMatch(s -> s.pid() == server && s.call().equals("wait4")
                && "ECHILD".equals(s.errno())), "then ECHILD: " + of(seen, server));
        assertEquals(2, seen.stream().filter(s -> s.pid() == server && s.call().equals("close")
                && s.args().equals("4") && s.result().equals("0")).count(), "the parent's two close(4)");
    }

    /**
     * strace's lines with each call another process's line split in two ({@code PID wait4(5, <unfinished ...>} then
     * {@code PID <... wait4 resumed>[...], 0, NULL) = 5}) joined back into one, as if printed whole.
     */
    static List<String> joined(List<String> lines) {
        Pattern unfinished = Pattern.compile("^(\\d+) +(.*) <unfinished \\.\\.\\.>$");
        Pattern resumed = Pattern.compile("^(\\d+) +<\\.\\.\\. \\w+ resumed>(.*)$");
        Map<String, String> pending = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Matcher u = unfinished.matcher(line), r = resumed.matcher(line);
            if (u.matches()) pending.put(u.group(1), u.group(1) + " " + u.group(2));
            else if (r.matches() && pending.containsKey(r.group(1))) out.add(pending.remove(r.group(1)) + r.group(2));
            else out.add(line);
        }
        return out;
    }

    private static int pidOf(List<Event> events, String endpoint, String what) {
        return events.stream().filter(e -> e.endpoint().equals(endpoint))
                .map(Event::payload).filter(p -> p instanceof Payload.Process x && x.event().equals(what))
                .map(p -> ((Payload.Process) p).pid()).findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " " + what + " not journaled"));
    }

    private static boolean has(List<Seen> seen, int pid, String call, String argsStart, String result) {
        return seen.stream().anyMatch(s -> s.pid() == pid && s.call().equals(call) && s.args().startsWith(argsStart)
                && s.result().equals(result));
    }

    private static List<String> of(List<Seen> seen, int pid) {
        return seen.stream().filter(s -> s.pid() == pid).map(s -> s.call() + "(" + s.args() + ") = " + s.result())
                .toList();
    }

    /**
     * Whether {@code pid} ended with exit(0) in strace's record: its exit_group(0) as a whole line, or split because
     * another process's call came in between ({@code exit_group(0 <unfinished ...>}, no resumption follows an exit), or
     * strace's own {@code +++ exited with 0 +++}.
     */
    private static boolean exitedZero(List<String> lines, int pid) {
        Pattern exit = Pattern.compile(pid + "\\s+(exit_group\\(0\\)\\s*= \\?|exit_group\\(0\\s*<unfinished \\.\\.\\.>"
                + "|\\+\\+\\+ exited with 0 \\+\\+\\+)\\s*");
        return lines.stream().anyMatch(l -> exit.matcher(l).matches());
    }
}
