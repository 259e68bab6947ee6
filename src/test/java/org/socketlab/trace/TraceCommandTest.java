package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

/** {@code socketlab trace} from the command line: outputs, the program's exit code, and what it says when it cannot trace. */
class TraceCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTracedProgramsExitCodeAndOutputsComeThrough() throws Exception {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        Path python = TracedProgramsTest.program("python3");
        Path script = Files.writeString(dir.resolve("refused.py"), """
                import socket, sys
                s = socket.socket()
                try:
                    s.connect(("127.0.0.1", int(sys.argv[1])))
                except ConnectionRefusedError:
                    sys.exit(7)
                """);
        Path journal = dir.resolve("t.jsonl"), svg = dir.resolve("t.svg"), md = dir.resolve("t.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Cli.run(
                new String[]{"trace", "--journal", journal.toString(), "--svg", svg.toString(), "--markdown",
                        md.toString(),
                        "--lang", "es", "--", python.toString(), script.toString(),
                        String.valueOf(TracedProgramsTest.freePort())},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(7, exit, "the program's own exit code: " + said);
        assertTrue(said.contains("Trazando"), said);
        assertTrue(JournalJsonl.read(journal).stream()
                .anyMatch(e -> e.endpoint().equals("program") && e.payload() instanceof Payload.Call c
                        && c.call().equals("connect") && "ECONNREFUSED".equals(c.errnoName())));
        String drawn = Files.readString(svg);
        assertTrue(drawn.contains("ECONNREFUSED") && drawn.contains("Programa"),
                "the diagram names the program and its error");
        assertTrue(Files.readString(md).contains("ECONNREFUSED"));
    }

    @Test
    void labNetworkAskedForOutsideOneRunsNothingAndSaysWhy() {
        // This test's JVM was not started by labnet: it is on this computer's network.
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Cli.run(new String[]{"trace", "--lab-network", "--lang", "en", "--", "/bin/true"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.NO_LAB_NETWORK, exit, said);
        assertTrue(said.contains("no private lab network") && said.contains("launcher"), said);
        assertEquals(1, said.lines().count(), "one line: " + said);
        ByteArrayOutputStream es = new ByteArrayOutputStream();
        Cli.run(new String[]{"trace", "--lab-network", "--lang", "es", "--", "/bin/true"}, new PrintStream(out),
                new PrintStream(es, true, StandardCharsets.UTF_8));
        assertTrue(es.toString(StandardCharsets.UTF_8).contains("red de laboratorio privada"), es.toString());
    }

    @Test
    void withoutAProgramItSaysHow() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(new String[]{"trace", "--lang", "en"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Cli.USAGE, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("socketlab trace [options] -- PROGRAM"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aProgramThatIsNotThereStartsNothingAndSaysSo(@TempDir Path dir) throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/strace")), "strace");
        Path journal = dir.resolve("t.jsonl");
        for (Lang lang : Lang.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int exit = Cli.run(new String[]{"trace", "--journal", journal.toString(), "--lang", lang.code(), "--",
                    dir.resolve("nothing-here").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(6, exit, said); // cannot run: the code of a missing strace (docs/command-line.md)
            assertEquals(Messages.of(lang).get("trace.noSuchProgram", dir.resolve("nothing-here").toString()),
                    said.strip(), "one line, and no capture or strace started before it");
            assertFalse(Files.exists(journal), "no journal written");
        }
    }

    @Test
    void ptraceRefusalsAreExplainedInBothLanguages() {
        LocalizedException e = Strace.complaint("strace: attach: ptrace(PTRACE_SEIZE, 123): Operation not permitted\n")
                .orElseThrow();
        assertEquals("trace.notAllowed", e.key());
        for (Lang lang : Lang.values()) {
            String text = Messages.of(lang).text(e);
            assertTrue(text.contains("ptrace_scope") && text.contains("SYS_PTRACE"), text);
        }
        assertEquals("trace.programNotFound",
                Strace.complaint("strace: Can't stat '/nope': No such file or directory").orElseThrow().key());
        // strace names itself as it was started: the full path SocketLab runs it by.
        assertEquals("trace.notAllowed",
                Strace.complaint("/usr/bin/strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted")
                        .orElseThrow().key());
        assertTrue(Strace.complaint("hello").isEmpty());
        for (Lang lang : Lang.values())
            assertTrue(Messages.of(lang).get("trace.strace.missing", "sudo apt install strace")
                    .endsWith("sudo apt install strace"));
    }
}
