package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.codegen.Program;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.JournalJsonl;

/** {@code socketlab code}: the code panel's programs written from a lesson's run or from a saved journal. */
class CodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSavedJournalIsWrittenAsTheCodePanelsPrograms() throws Exception {
        Path journal = dir.resolve("udp.jsonl");
        CliTest.Outcome run = cli("run", "udp-basics", "--journal", journal.toString(), "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        CodeScript script = CodeScript.of(JournalJsonl.read(journal));
        Messages m = Messages.of(Lang.fromSystem());
        for (Language language : Language.values()) {
            Path out = dir.resolve(language.id());
            CliTest.Outcome code = cli("code", journal.toString(), "--lang", language.id(), "--out", out.toString());
            assertEquals(0, code.exit(), code.err());
            for (String endpoint : script.endpoints()) {
                Program p = CodeGenerator.program(language, script, endpoint, m);
                assertEquals(p.text(), Files.readString(out.resolve(p.fileName())), language + " " + endpoint);
                assertTrue(code.out().contains(out.resolve(p.fileName()).toString()), code.out());
            }
            try (var files = Files.list(out)) {
                assertEquals(script.endpoints().size(), files.count(), "one program per endpoint");
            }
        }
        // Without --out: on standard output, each program after a line naming its file.
        CliTest.Outcome shown = cli("code", journal.toString(), "--lang", "c");
        assertEquals(0, shown.exit(), shown.err());
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.C, script, endpoint, m);
            assertTrue(shown.out().contains(m.get("cli.code.file", p.fileName()) + "\n" + p.text()), shown.out());
        }
    }

    @Test
    void aLessonIsRunFirstOnRealSockets() throws Exception {
        Path out = dir.resolve("programs");
        CliTest.Outcome code = cli("code", "tcp-basics", "--lang", "python", "--out", out.toString());
        assertEquals(0, code.exit(), code.err());
        String server = Files.readString(out.resolve("server.py"));
        String client = Files.readString(out.resolve("client.py"));
        assertTrue(server.contains(".listen(") && server.contains(".accept()"), server);
        assertTrue(client.contains(".connect("), client);
        // The session's port, the programs' default argument, is said on the last line.
        String port = code.out().strip().substring(code.out().strip().lastIndexOf(' ') + 1);
        assertTrue(server.contains("else " + port), server);
    }

    @Test
    void aWrongLanguageOrInputRunsNothing() throws Exception {
        CliTest.Outcome bad = cli("code", "tcp-basics", "--lang", "cobol");
        assertEquals(Cli.USAGE, bad.exit());
        assertTrue(bad.err().contains("cobol"), bad.err());
        CliTest.Outcome none = cli("code", "tcp-basics");
        assertEquals(Cli.USAGE, none.exit());
        CliTest.Outcome unknown = cli("code", "no-such-lesson", "--lang", "c");
        assertEquals(Cli.USAGE, unknown.exit());
        Path file = Files.writeString(dir.resolve("f"), "x");
        CliTest.Outcome notFolder = cli("code", "tcp-basics", "--lang", "c", "--out", file.toString());
        assertEquals(Cli.USAGE, notFolder.exit());
        assertFalse(notFolder.out().contains("socket("), "nothing written");
    }
}
