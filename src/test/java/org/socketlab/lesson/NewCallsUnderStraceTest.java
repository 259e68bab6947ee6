package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;

/**
 * The calls of issue 12 are journaled exactly as the kernel saw them: a lesson run under {@code strace -f} shows each
 * journaled read, write, socketpair and poll with the same descriptors, arguments and result, in the same order.
 */
class NewCallsUnderStraceTest {
    private static final Set<String> CALLS = Set.of("read", "write", "socketpair", "poll");

    @ParameterizedTest
    @ValueSource(strings = {"read-write", "seqpacket", "poll-multiplexing"})
    void straceSeesEveryNewCallAsJournaled(String lesson, @TempDir Path dir) throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        CiRules.requireOnCi(Files.isExecutable(strace), "strace");
        if (!Files.isExecutable(strace)) {
            System.err.println(
                    "NewCallsUnderStraceTest: strace is missing: the journal was not compared with the kernel's calls");
            return;
        }
        Path trace = dir.resolve("trace.txt"), journal = dir.resolve("journal.jsonl");
        // strace stops the JVM at every call: on a busy box a step's answer takes longer than the 5 s a run allows
        List<String> command = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-s", "64", "-o",
                trace.toString(), "-e", "trace=read,write,socketpair,poll"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), "org.socketlab.Main", "run",
                lesson, "--journal", journal.toString(), "--lang", "en", "--step-timeout", "60"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the traced run ended");
        assertEquals(0, p.exitValue(), out);

        List<String> seen = straceLines(Files.readAllLines(trace));
        ObjectMapper json = new ObjectMapper();
        int at = 0, checked = 0;
        for (String line : Files.readAllLines(journal)) {
            JsonNode e = json.readTree(line);
            if (!e.path("type").asText().equals("call") || !CALLS.contains(e.path("call").asText())) continue;
            String want = expected(e);
            int found = -1;
            for (int i = at; i < seen.size() && found < 0; i++) if (matches(seen.get(i), want)) found = i;
            int from = at;
            assertTrue(found >= 0,
                    () -> "strace shows no " + want + " after line " + from + " of\n" + String.join("\n", seen));
            at = found + 1;
            checked++;
        }
        assertTrue(checked > 0, "the lesson made new calls");
    }

    /** What strace writes for a journaled call, up to its result: {@code socketpair(AF_UNIX, SOCK_SEQPACKET, 0, [5, 6]) = 0}. */
    private static String expected(JsonNode e) {
        String call = e.path("call").asText();
        JsonNode a = e.path("args");
        long result = e.path("result").asLong();
        String ret = result == -1 ? "-1 " + e.path("errno_name").asText() : String.valueOf(result);
        return switch (call) {
            // the bytes between are strace's quoting (cut at -s 64): the fd, the length and the result must agree
            case "read", "write" ->
                call + "(" + e.path("fd").asInt() + ", \u0000" + a.path("len").asText() + ") = " + ret;
            case "socketpair" -> "socketpair(" + a.path("domain").asText() + ", " + a.path("type").asText() + ", "
                    + a.path("protocol").asText()
                    + ", " + a.path("sv").asText() + ") = " + ret;
            case "poll" -> "poll(" + a.path("fds").asText() + ", " + a.path("nfds").asText() + ", "
                    + a.path("timeout").asText() + ") = " + ret;
            default -> throw new IllegalStateException(call);
        };
    }

    /** Whether a strace line is the expected call; a NUL in {@code want} stands for the bytes strace quoted. */
    private static boolean matches(String line, String want) {
        int gap = want.indexOf('\u0000');
        if (gap < 0) return line.startsWith(want);
        String head = want.substring(0, gap), tail = ", " + want.substring(gap + 1);
        return line.startsWith(head) && (line.endsWith(tail) || line.contains(tail + " ("));
    }

    /**
     * strace's lines without the pid, with calls interrupted by another thread ({@code <unfinished ...>}) joined to
     * their {@code <... read resumed>} rest.
     */
    private static List<String> straceLines(List<String> raw) {
        Map<String, String> unfinished = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String line : raw) {
            int space = line.indexOf(' ');
            if (space < 0) continue;
            String pid = line.substring(0, space), rest = line.substring(space).strip();
            if (rest.endsWith("<unfinished ...>")) {
                unfinished.put(pid, rest.substring(0, rest.length() - "<unfinished ...>".length()));
                continue;
            }
            if (rest.startsWith("<... ")) {
                int close = rest.indexOf("resumed>");
                if (close < 0 || !unfinished.containsKey(pid)) continue;
                rest = unfinished.remove(pid) + rest.substring(close + "resumed>".length());
            }
            // strace pads short lines before " = " to a column, and a joined call keeps a space of each half
            out.add(rest.replaceAll("\\s+\\)", ")").replaceAll("\\)\\s+= ", ") = ").replace(",  ", ", "));
        }
        return out;
    }
}
