package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.check.CheckLoader;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;
import org.socketlab.journal.SafeNameTest;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonLoader;

/**
 * Issue 35, item 5: a journal, a lesson file or a check file holding a name that is not one safe segment is refused
 * where it is read, with exit 2 and one message, and nothing is written: not into {@code --out}, not beside it. The
 * audit's case: {@code "endpoint":"../../../x"} made {@code socketlab code} write over a student's {@code client.c}.
 */
class UnsafeNamesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Payload SOCKET = new Payload.Call("socket", null,
            Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null, null, null, 0, 5);
    private static final String STUDENT = "int main(void) { return 0; } /* the student's own work */\n";

    @TempDir
    Path dir;

    /** Each file under {@code root} and its text: what a refused command must leave as it was. */
    private static Map<Path, String> files(Path root) throws IOException {
        Map<Path, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList())
                all.put(root.relativize(p), Files.isRegularFile(p) ? Files.readString(p) : "<folder>");
        }
        return all;
    }

    /** A case's folder: {@code work/a/b/out} (empty) for --out, and the student's {@code client.c} around it. */
    private Path work(int n) throws IOException {
        Path work = dir.resolve("case-" + n);
        Files.createDirectories(work.resolve("a/b/out"));
        for (String beside : List.of("client.c", "x.c", "a/client.c", "a/b/client.c", "a/b/x.c", "a/x.c"))
            Files.writeString(work.resolve(beside), STUDENT);
        return work;
    }

    private static String journal(String endpoint) {
        return JournalJsonl.firstLine(new Event(1, 10, endpoint, SOCKET)) + "\n"
                + JournalJsonl.line(new Event(2, 20, endpoint, new Payload.Call("close", 3, Map.of(), 0, null, null,
                        null, 0, 15)))
                + "\n";
    }

    @Test
    void codeFromAJournalWithAnUnsafeEndpointExits2AndWritesNothingAnywhere() throws Exception {
        int n = 0;
        for (String name : SafeNameTest.HOSTILE) {
            Path work = work(n++);
            Path file = Files.writeString(work.resolve("hostile.jsonl"), journal(name));
            Map<Path, String> before = files(work);
            for (String language : List.of("c", "python", "rust", "java")) {
                CliTest.Outcome code = cli("code", file.toString(), "--lang", language, "--out",
                        work.resolve("a/b/out").toString());
                assertEquals(Cli.USAGE, code.exit(), name + ": " + code.out() + code.err());
                assertTrue(code.err().contains("Journal line 1 is not a valid event: endpoint \"" + SafeName.shown(name)
                        + "\" is not a safe name")
                        || code.err().contains("La línea 1 del registro no es un evento válido: endpoint \""
                                + SafeName.shown(name) + "\" no es un nombre seguro"),
                        code.err());
                assertEquals(1, code.err().lines().count(), "one line: " + code.err());
                assertEquals("", code.out(), "nothing said written");
                assertEquals(before, files(work), name + ": the folder stays empty, the student's files untouched");
            }
        }
        // The same journal with a name the program makes is written, into --out only.
        Path work = work(n);
        Path file = Files.writeString(work.resolve("fine.jsonl"), journal("client-2"));
        CliTest.Outcome code = cli("code", file.toString(), "--lang", "c", "--out", work.resolve("a/b/out").toString());
        assertEquals(Cli.OK, code.exit(), code.err());
        assertTrue(Files.readString(work.resolve("a/b/out/client-2.c")).contains("socket(AF_INET, SOCK_STREAM"));
        try (Stream<Path> out = Files.list(work.resolve("a/b/out"))) {
            assertEquals(1, out.count());
        }
        assertEquals(STUDENT, Files.readString(work.resolve("a/b/client.c")));
    }

    @Test
    void theWriterPlacesEachProgramStrictlyInsideOut() {
        Path out = dir.resolve("out");
        assertEquals(out.resolve("client.c"), CodeCommand.inside(out, "client.c"));
        assertEquals(out.resolve("Client2.java"), CodeCommand.inside(out, "Client2.java"));
        for (String outside : List.of("../client.c", "../../../x.c", "a/b.c", "/etc/x.c", "..", ".", "", "x/../y.c",
                "./x.c", "x\u0000.c")) {
            LocalizedException e = assertThrows(LocalizedException.class, () -> CodeCommand.inside(out, outside),
                    outside);
            assertEquals("cli.code.outside", e.key());
            assertTrue(Messages.of(Lang.EN).text(e).contains("would be written outside --out " + out), outside);
            assertTrue(Messages.of(Lang.ES).text(e).contains("quedaría fuera de --out " + out), outside);
        }
    }

    /** The own-echo lesson of {@link CliLessonFileTest} with {@code name} in place of one of its names. */
    private static String lessonWith(String what, String name) throws IOException {
        String quoted = JSON.writeValueAsString(name);
        String lesson = switch (what) {
            case "id" -> CliLessonFileTest.OWN.replace("\"id\": \"own-echo\"", "\"id\": " + quoted);
            case "endpoint" -> CliLessonFileTest.OWN.replace("\"endpoint\": \"client\"", "\"endpoint\": " + quoted);
            case "as" -> CliLessonFileTest.OWN.replace("\"as\": \"c\"", "\"as\": " + quoted)
                    .replace("\"socket\": \"c\"", "\"socket\": " + quoted);
            default -> throw new IllegalArgumentException(what);
        };
        assertFalse(lesson.equals(CliLessonFileTest.OWN), what);
        return lesson;
    }

    @Test
    void aLessonFileWithAnUnsafeNameIsRefusedAndRunsNothing() throws Exception {
        int n = 0;
        for (String what : List.of("id", "endpoint", "as"))
            for (String name : SafeNameTest.HOSTILE) {
                Path work = work(n++);
                Path file = Files.writeString(work.resolve("hostile.json"), lessonWith(what, name),
                        StandardCharsets.UTF_8);
                LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.loadFile(file),
                        what + " " + name);
                String said = what + " \"" + SafeName.shown(name) + "\"";
                String en = Messages.of(Lang.EN).text(e), es = Messages.of(Lang.ES).text(e);
                assertTrue(en.contains(said + " is not a safe name"), en);
                assertTrue(es.contains(said + " no es un nombre seguro"), es);
                assertEquals(1, en.lines().count(), "one line: " + en);

                Map<Path, String> before = files(work);
                CliTest.Outcome run = cli("run", file.toString(), "--lang", "en", "--journal",
                        work.resolve("a/b/out/run.jsonl").toString(), "--markdown",
                        work.resolve("a/b/out/run.md").toString());
                assertEquals(Cli.USAGE, run.exit(), run.out() + run.err());
                assertTrue(run.err().contains(said + " is not a safe name"), run.err());
                CliTest.Outcome code = cli("code", file.toString(), "--lang", "c", "--out",
                        work.resolve("a/b/out").toString());
                assertEquals(Cli.USAGE, code.exit(), code.out() + code.err());
                assertEquals(before, files(work), what + " " + name + ": nothing written");
            }
    }

    @Test
    void aCheckFileWithAnUnsafeIdIsRefusedAndRunsNothing() throws Exception {
        String shipped;
        try (InputStream in = CheckLoader.class
                .getResourceAsStream(CheckLoader.RESOURCE_DIR + "tcp-echo-server.json")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int n = 0;
        for (String name : SafeNameTest.HOSTILE) {
            String text = shipped.replace("\"id\": \"tcp-echo-server\"", "\"id\": " + JSON.writeValueAsString(name));
            assertFalse(text.equals(shipped));
            LocalizedException e = assertThrows(LocalizedException.class, () -> CheckLoader.parse("mine.json", text),
                    name);
            String said = "id \"" + SafeName.shown(name) + "\"";
            String en = Messages.of(Lang.EN).text(e), es = Messages.of(Lang.ES).text(e);
            assertTrue(en.startsWith("Check file mine.json, line 3, column ") && en.contains(said
                    + " is not a safe name"), en);
            assertTrue(es.contains(said + " no es un nombre seguro"), es);

            Path work = work(n++);
            Path file = Files.writeString(work.resolve("hostile.json"), text, StandardCharsets.UTF_8);
            Map<Path, String> before = files(work);
            CliTest.Outcome check = cli("check", file.toString(), "--lang", "en", "--journal",
                    work.resolve("a/b/out/check.jsonl").toString(), "--", "true");
            assertEquals(Cli.USAGE, check.exit(), check.out() + check.err());
            assertTrue(check.err().contains(said + " is not a safe name"), check.err());
            assertEquals(before, files(work), name + ": nothing written");
        }
    }
}
