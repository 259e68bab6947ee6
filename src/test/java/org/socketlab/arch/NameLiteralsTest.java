package org.socketlab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.CallArg;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.SysCall;
import org.socketlab.testing.JavaLiterals;
import org.socketlab.testing.JavaLiterals.Literal;

/**
 * Issue 44 item 4, "say each concept once": a call's name is said by {@link SysCall} and an errno's by {@link Errno}
 * (the engine compares enums), and written as a string literal only where text enters or leaves: the journal's and
 * strace's text, lesson files, libc's symbols, each OS's errno table. A literal {@code "send"} or {@code "EPIPE"}
 * anywhere else is a comparison or a name the enum should have made. A call's argument keys likewise are {@link CallArg}'s:
 * read through the call's accessors, never by a literal key. Comments are not code; every other string literal of
 * src/main is read.
 */
class NameLiteralsTest {
    private static final Path MAIN = Path.of("src/main/java/org/socketlab");

    /** The files that may spell a call's name, each with why. */
    private static final Map<String, String> CALL_NAMES_ALLOWED = Map.ofEntries(
            Map.entry("syscall/SysCall.java", "the enum: each call's name said once"),
            Map.entry("syscall/Libc.java", "libc's functions, looked up by their C symbols"),
            Map.entry("syscall/Descriptors.java", "libc's functions, looked up by their C symbols"),
            Map.entry("syscall/EndpointChannel.java", "libc's read and write, looked up by their C symbols"),
            Map.entry("syscall/ProcessCalls.java", "libc's poll, looked up by its C symbol"),
            Map.entry("syscall/Signals.java", "libc's kill, looked up by its C symbol"),
            Map.entry("syscall/EndpointReaper.java", "libc's waitpid, looked up by its C symbol"),
            Map.entry("trace/Strace.java", "strace's -e trace= set, in strace's own names"),
            Map.entry("trace/StraceRecord.java", "strace's process calls (clone, vfork, fork) told apart by name"),
            Map.entry("lesson/CallFields.java", "the lesson file's call names and their fields"),
            Map.entry("lesson/StepReader.java", "the lesson file's step fields (\"kill\", \"fork\", \"exit\")"),
            Map.entry("lesson/CallStepReader.java", "the lesson file's \"socket\" field"),
            Map.entry("lesson/ForkSteps.java", "the lesson file's \"fork\" and \"exit\" steps"),
            Map.entry("lesson/SignalSteps.java", "the lesson file's \"signal\" and \"kill\" fields"),
            Map.entry("lesson/StepProblem.java", "a lesson file's step named in its error (its \"kill\" field)"),
            Map.entry("lesson/Step.java", "the lesson file's field names a missing one is reported by"),
            Map.entry("lesson/StepRunner.java", "the lesson file's field names a missing one is reported by"),
            Map.entry("lesson/LessonRun.java", "the lesson file's field names a missing one is reported by"),
            Map.entry("lesson/LessonRecorder.java", "writes a lesson file: its \"socket\" field"),
            Map.entry("lesson/LessonCatalog.java", "lesson ids (\"select\", \"getaddrinfo\"), not calls"),
            Map.entry("journal/file/ProcessEventJson.java", "the journal's \"signal\" field: the JSON edge"),
            Map.entry("journal/ProcessEvents.java", "the process event kind \"signal\", as the journal writes it"));

    /** The files that may spell an errno's name, each with why. */
    private static final Map<String, String> ERRNO_NAMES_ALLOWED = Map.of("syscall/ErrnoTable.java",
            "each OS's errno numbers and names, as its headers spell them");

    /**
     * The argument keys no other vocabulary of the program uses (a lesson file's {@code "type"} or a segment's
     * {@code "flags"} are other names, spelled alike).
     */
    private static final Set<String> DISTINCT_ARG_KEYS = Set.of("addr", "peer", "sv", "readfds", "writefds",
            "exceptfds", "revents", "ready", "left", "epfd", "fds", "hints", "res", "wstatus", "signum", "cmd");

    /** The files that may spell one of those keys, each with why. */
    private static final Map<String, String> ARG_KEYS_ALLOWED = Map.of("journal/CallArg.java",
            "the table: each key said once", "codegen/CProgram.java", "a written C program's variable \"addr\"",
            "codegen/PythonProgram.java", "a written Python program's variable \"peer\"", "lesson/ExpectParser.java",
            "a lesson file's expectation field \"revents\"");

    private static final Pattern ARG_READ_BY_LITERAL = Pattern
            .compile("args\\(\\)\\s*\\.\\s*(get|getOrDefault|containsKey)\\(\\s*\"");

    @Test
    void callArgumentKeysAreSaidByTheTableOnly() throws IOException {
        for (String key : DISTINCT_ARG_KEYS)
            assertEquals(key, CallArg.valueOf(key.toUpperCase(Locale.ROOT)).key, "a key CallArg does not hold");
        assertEquals(List.of(), scan(DISTINCT_ARG_KEYS, ARG_KEYS_ALLOWED),
                "a call's argument key as a string literal: name it with CallArg");
        List<String> reads = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++)
                if (ARG_READ_BY_LITERAL.matcher(lines.get(i)).find())
                    reads.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
        assertEquals(List.of(), reads, "a call's argument read by a literal key: use Payload.Call's arg(CallArg)");
    }

    @Test
    void errnoNamesAreSaidByTheEnumOnly() throws IOException {
        Set<String> names = new TreeSet<>();
        for (ErrnoTable t : List.of(ErrnoTable.LINUX, ErrnoTable.MACOS, ErrnoTable.WINDOWS))
            names.addAll(t.entries().values());
        Stream.of(Errno.values()).map(Enum::name).forEach(names::add);
        assertEquals(List.of(), scan(names, ERRNO_NAMES_ALLOWED), "an errno's name as a string literal: use Errno");
    }

    @Test
    void callNamesAreSaidByTheEnumOnly() throws IOException {
        Set<String> names = Stream.of(SysCall.values()).map(c -> c.journalName).collect(Collectors.toSet());
        assertEquals(List.of(), scan(names, CALL_NAMES_ALLOWED),
                "a call's name as a string literal: compare or name it with SysCall");
    }

    /** Where a literal of {@code names} is written outside {@code allowed}; every allowed file must still need it. */
    private static List<String> scan(Set<String> names, Map<String, String> allowed) throws IOException {
        List<String> found = new ArrayList<>();
        Set<String> needed = new TreeSet<>();
        for (Path file : sources()) {
            String rel = MAIN.relativize(file).toString().replace('\\', '/');
            for (Literal l : JavaLiterals.of(Files.readString(file))) {
                if (!names.contains(l.text())) continue;
                if (allowed.containsKey(rel)) needed.add(rel);
                else found.add(rel + ":" + l.line() + ": \"" + l.text() + "\"");
            }
        }
        assertEquals(new TreeSet<>(allowed.keySet()), needed,
                "an allowed file that no longer needs it leaves the list");
        return found;
    }

    @Test
    void theScanReadsLiteralsAndSkipsCommentsCharactersAndTextBlocks() {
        String q = "\"", tb = q + q + q;
        String source = String.join("\n", "/** " + q + "send" + q + " in a comment */",
                "if (c.call().equals(" + q + "send" + q + ")) // " + q + "recv" + q,
                "    x = '" + q + "' + " + q + "a\\" + q + "b" + q + " + " + tb,
                "        " + q + "close" + q, "        " + tb + " + " + q + "accept" + q + ";");
        assertEquals(List.of(new Literal(2, "send"), new Literal(3, "a\\" + q + "b"), new Literal(5, "accept")),
                JavaLiterals.of(source));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(MAIN)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
