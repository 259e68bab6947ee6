package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.DropRule;

/**
 * A lesson file on disk, laid out as a person writes one: each malformed kind gets its own message naming the file,
 * the line and column where the problem is, and the step, in both languages.
 */
class LessonFileErrorsTest {
    /** Step 2 (lines 11-15) is the one the cases break. */
    static final String GOOD = """
            {
              "id": "my-lesson",
              "title": {"es": "Mía", "en": "Mine"},
              "summary": {"es": "Un socket y su cierre.", "en": "One socket and its close."},
              "steps": [
                {
                  "endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "s",
                  "narration": {"es": "crea", "en": "makes"},
                  "expect": {"result": "fd"}
                },
                {
                  "endpoint": "client", "call": "close", "socket": "s",
                  "narration": {"es": "cierra", "en": "closes"},
                  "expect": {"result": 0}
                }
              ]
            }
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The message in English, after checking the Spanish one names the same place. */
    private String failure(Path file, int line, int column) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.loadFile(file));
        String es = Messages.of(Lang.ES).text(e);
        assertTrue(es.startsWith("Fichero de lección " + file + ", línea " + line + ", columna " + column), es);
        String en = Messages.of(Lang.EN).text(e);
        assertTrue(en.startsWith("Lesson file " + file + ", line " + line + ", column " + column), en);
        return en;
    }

    /** 1-based line and column of the first {@code what} on line {@code line}. */
    private static int column(String text, int line, String what) {
        String l = text.lines().toList().get(line - 1);
        assertTrue(l.contains(what), l);
        return l.indexOf(what) + 1;
    }

    private String broken(String from, String to, int line, String at) throws IOException {
        String text = GOOD.replace(from, to);
        assertTrue(!text.equals(GOOD), "the case changes the file");
        return failure(write(text), line, column(text, line, at));
    }

    @Test
    void theGoodFileLoads() throws IOException {
        Lesson lesson = LessonLoader.loadFile(write(GOOD));
        assertEquals("my-lesson", lesson.id());
        assertEquals(2, lesson.steps().size());
    }

    @Test
    void badJsonNamesLineColumnAndTheStepItWasIn() throws IOException {
        String m = broken("\"socket\": \"s\",\n", "\"socket\": \"s\"\n", 13, "\"narration\"");
        assertTrue(m.contains(", step 2 (client close): it is not valid JSON ("), m);
    }

    @Test
    void badJsonOutsideTheSteps() throws IOException {
        String m = broken("\"title\": {\"es\": \"Mía\", \"en\": \"Mine\"},",
                "\"title\": {\"es\": \"Mía\" \"en\": \"Mine\"},", 3, "\"en\"");
        assertTrue(m.matches("Lesson file .*, line 3, column \\d+: it is not valid JSON \\(.*"), m);
    }

    @Test
    void textAfterTheLesson() throws IOException {
        String text = GOOD + "{}\n";
        assertTrue(failure(write(text), 18, 1)
                .endsWith(": there is more text after the end of the lesson: a lesson file holds one JSON object."));
    }

    /** GOOD with a network step (lines 11-14) before its close; {@code rule} is the step's "network" value. */
    private static String withNetworkStep(String rule) {
        String close = """
                    {
                      "endpoint": "client", "call": "close", "socket": "s",
                """;
        String text = GOOD.replace(close, """
                    {
                      "network": %s,
                      "narration": {"es": "pierde", "en": "loses"}
                    },
                """.formatted(rule) + close);
        assertTrue(!text.equals(GOOD));
        return text;
    }

    @Test
    void aNetworkStepLoadsAsADropRule() throws IOException {
        Lesson lesson = LessonLoader.loadFile(write(withNetworkStep(
                "{\"drop\": \"data\", \"direction\": \"server->client\", \"percent\": 30, \"seed\": 7}")));
        Step step = lesson.steps().get(1);
        assertEquals(Step.Kind.NETWORK, step.kind());
        assertTrue(lesson.needsLabNetwork());
        assertEquals(new DropRule(DropRule.Direction.SERVER_TO_CLIENT, 5000,
                DropRule.Kind.DATA, 0, 30, 7), step.network().rule(5000));
        assertTrue(LessonLoader.loadFile(write(withNetworkStep("\"clear\""))).steps().get(1).network().clear());
        assertTrue(!LessonLoader.loadFile(write(GOOD)).needsLabNetwork());
    }

    @Test
    void aBadNetworkStepNamesItsLineColumnAndStep() throws IOException {
        String text = withNetworkStep("{\"drop\": \"everything\", \"direction\": \"client->server\"}");
        String m = failure(write(text), 12, column(text, 12, "\"drop\""));
        assertTrue(m.contains(", step 2 (network): ") && m.contains("everything") && m.contains("syn"), m);
        text = withNetworkStep("{\"drop\": \"syn\", \"direction\": \"sideways\"}");
        m = failure(write(text), 12, column(text, 12, "\"direction\""));
        assertTrue(m.contains("sideways") && m.contains("client->server"), m);
        text = withNetworkStep("{\"drop\": \"syn\", \"direction\": \"client->server\", \"nth\": 0}");
        m = failure(write(text), 12, column(text, 12, "\"nth\""));
        assertTrue(m.contains(", step 2 (network): "), m);
        text = withNetworkStep("{\"drop\": \"fin\", \"direction\": \"client->server\", \"percent\": 5}");
        failure(write(text), 12, column(text, 12, "\"percent\""));
    }

    @Test
    void unknownCall() throws IOException {
        String m = broken("\"call\": \"close\"", "\"call\": \"dial\"", 12, "\"call\"");
        assertTrue(m.contains(", step 2 (client dial): unknown call \"dial\" (known: "), m);
        // A call SocketLab names but a lesson cannot make (a traced program's) is as unknown, with the same list.
        String known = "(known: accept, bind, close, connect, fcntl, getaddrinfo, getpeername, getsockname, getsockopt, "
                + "listen, poll, read, recv, recvfrom, select, send, sendto, setsockopt, shutdown, signal, sigprocmask, "
                + "socket, socketpair, waitpid, write).";
        assertTrue(m.endsWith(known), m);
        for (String traced : new String[]{"accept4", "writev", "kill"}) {
            m = broken("\"call\": \"close\"", "\"call\": \"" + traced + "\"", 12, "\"call\"");
            assertTrue(m.contains("unknown call \"" + traced + "\" " + known), m);
        }
    }

    @Test
    void stepReferringToAnUnknownSocket() throws IOException {
        String m = broken("\"socket\": \"s\"", "\"socket\": \"nope\"", 12, "\"socket\"");
        assertTrue(m.contains(", step 2 (client close): no earlier step named a socket \"nope\""), m);
    }

    @Test
    void missingNarrationLanguage() throws IOException {
        String m = broken("{\"es\": \"cierra\", \"en\": \"closes\"}", "{\"es\": \"cierra\"}", 13, "{\"es\"");
        assertTrue(m.endsWith(
                ", step 2 (client close): \"narration\" has no text in language \"en\": every text is needed in both es and en."),
                m);
    }

    @Test
    void emptyNarrationOnlyInARecordedLesson() throws IOException {
        String m = broken("\"en\": \"closes\"", "\"en\": \"\"", 13, "\"en\"");
        assertTrue(m.contains(", step 2 (client close): \"narration\" has no text in language \"en\""), m);
        String recorded = GOOD.replace("\"en\": \"closes\"", "\"en\": \"\"").replace("\"id\": \"my-lesson\",",
                "\"id\": \"my-lesson\", \"recorded\": true,");
        assertEquals("", LessonLoader.loadFile(write(recorded)).steps().get(1).narration().en());
        // Recorded or not, both languages are there and titles are written.
        failure(write(recorded.replace("{\"es\": \"cierra\", \"en\": \"\"}", "{\"es\": \"\"}")), 13,
                column(recorded, 13, "{\"es\""));
        failure(write(recorded.replace("\"en\": \"Mine\"", "\"en\": \" \"")), 3, column(recorded, 3, "\"en\""));
    }

    @Test
    void wrongTypes() throws IOException {
        String m = broken("\"socket\": \"s\"", "\"socket\": 3", 12, "\"socket\"");
        assertTrue(m.contains(", step 2 (client close): field \"socket\" has the wrong kind of value: 3."), m);
        String r = broken("\"expect\": {\"result\": 0}", "\"expect\": {\"result\": \"zero\"}", 14, "\"result\"");
        assertTrue(r.contains(", step 2 (client close): expected result \"zero\" is not valid"), r);
        String t = broken("\"expect\": {\"result\": 0}", "\"expect\": [0]", 14, "\"expect\"");
        assertTrue(t.contains(", step 2 (client close): field \"expect\" is missing"), t);
    }

    @Test
    void unknownField() throws IOException {
        String m = broken("\"socket\": \"s\",", "\"socket\": \"s\", \"colour\": \"red\",", 12, "\"colour\"");
        assertTrue(m.contains(", step 2 (client close): unknown field \"colour\" in close (allowed: "), m);
        String top = broken("\"id\": \"my-lesson\",", "\"id\": \"my-lesson\", \"author\": \"me\",", 2, "\"author\"");
        assertTrue(top.contains(": unknown field \"author\" in lesson"), top);
    }

    @Test
    void aFileThatIsNoLessonFileSaysWhy() throws IOException {
        for (Path bad : List.of(dir.resolve("missing.json"), dir)) {
            LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.loadFile(bad));
            String en = Messages.of(Lang.EN).text(e);
            assertTrue(en.startsWith("Lesson file " + bad + ": "), en);
        }
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, GOOD.replace("Mía", "M\u00eda").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Lesson file " + latin1 + ": it is not UTF-8 text.",
                Messages.of(Lang.EN).text(assertThrows(LocalizedException.class, () -> LessonLoader.loadFile(latin1))));
    }

    @Test
    void slidesAreReadInBothLanguages() throws IOException {
        String withSlide = GOOD.replace("\"narration\": {\"es\": \"cierra\", \"en\": \"closes\"},",
                "\"narration\": {\"es\": \"cierra\", \"en\": \"closes\"},\n      \"slide\": {\"title\": {\"es\": \"Cierre\", \"en\": \"Close\"}, \"text\": {\"es\": \"Se libera el descriptor.\", \"en\": \"The descriptor is freed.\"}},");
        Lesson lesson = LessonLoader.loadFile(write(withSlide));
        assertNull(lesson.steps().getFirst().slide());
        Slide slide = lesson.steps().get(1).slide();
        assertNotNull(slide);
        assertEquals("Close", slide.title().en());
        assertEquals("Se libera el descriptor.", slide.text().es());
        String noSpanish = withSlide.replace("\"text\": {\"es\": \"Se libera el descriptor.\", ", "\"text\": {");
        String m = failure(write(noSpanish), 14, column(noSpanish, 14, "{\"en\": \"The"));
        assertTrue(m.contains("step 2 (client close): \"text\" has no text in language \"es\""), m);
    }

    @Test
    void pathsAndIdsAreToldApart() {
        assertTrue(LessonLoader.isPath("lessons/mine.json"));
        assertTrue(LessonLoader.isPath("mine.json"));
        assertTrue(LessonLoader.isPath("./mine"));
        assertTrue(!LessonLoader.isPath("tcp-basics"));
    }
}
