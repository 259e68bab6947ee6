package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lesson.LessonLoader;

/** {@code socketlab run path/to/lesson.json}: a lesson written outside the program runs; a broken one runs nothing. */
public class CliLessonFileTest {
    /** A whole connection, written here as a teacher would, not shipped with the program. */
    public static final String OWN = """
            {
              "id": "own-echo",
              "title": {"es": "Mi eco", "en": "My echo"},
              "summary": {"es": "Un cliente saluda al servidor.", "en": "A client greets the server."},
              "steps": [
                {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "l",
                 "narration": {"es": "socket", "en": "socket"}, "expect": {"result": "fd"}},
                {"endpoint": "server", "call": "bind", "socket": "l", "address": "127.0.0.1:{port}",
                 "narration": {"es": "bind", "en": "bind"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "listen", "socket": "l", "backlog": 2,
                 "narration": {"es": "listen", "en": "listen"}, "expect": {"result": 0, "state": {"l": "LISTEN"}}},
                {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "c",
                 "narration": {"es": "socket", "en": "socket"}, "expect": {"result": "fd"}},
                {"endpoint": "client", "call": "connect", "socket": "c", "address": "127.0.0.1:{port}",
                 "narration": {"es": "connect", "en": "connect"}, "expect": {"result": 0, "state": {"c": "ESTABLISHED"}}},
                {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
                 "narration": {"es": "accept", "en": "accept"}, "expect": {"result": "fd"}},
                {"endpoint": "client", "call": "send", "socket": "c", "data": "hola",
                 "narration": {"es": "send", "en": "send"}, "expect": {"result": 4}},
                {"endpoint": "server", "call": "recv", "socket": "conn", "size": 100,
                 "narration": {"es": "recv", "en": "recv"}, "expect": {"result": 4, "data": "hola"}},
                {"endpoint": "client", "call": "close", "socket": "c",
                 "narration": {"es": "close", "en": "close"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "close", "socket": "conn",
                 "narration": {"es": "close", "en": "close"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "close", "socket": "l",
                 "narration": {"es": "close", "en": "close"}, "expect": {"result": 0}}
              ]
            }
            """;

    @Test
    void aLessonFileWrittenOutsideTheProgramRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("own.json");
        Files.writeString(file, OWN, StandardCharsets.UTF_8);
        CliTest.Outcome run = cli("run", file.toString(), "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("Lesson own-echo: My echo"), run.out());
        assertTrue(run.out().contains("OK: all 11 steps"), run.out());
    }

    @Test
    void aDeviceIsNotALessonFileAndIsNotSaidToBeMissing() {
        CliTest.Outcome run = cli("run", "/dev/zero", "--lang", "es");
        assertEquals(Cli.USAGE, run.exit());
        assertTrue(run.err().contains("no es un fichero normal"), run.err());
        assertFalse(run.err().contains("no existe"), run.err());
    }

    @Test
    void aLessonFileNamingAUnixPathOutsideTheLabIsExit2AndNothingRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docker.json");
        Files.writeString(file, OWN.replace("\"domain\": \"AF_INET\"", "\"domain\": \"AF_UNIX\"")
                .replace("\"address\": \"127.0.0.1:{port}\"", "\"address\": \"/var/run/docker.sock\""),
                StandardCharsets.UTF_8);
        Path journal = dir.resolve("j.jsonl");
        CliTest.Outcome run = cli("run", file.toString(), "--journal", journal.toString(), "--lang", "es");
        assertEquals(Cli.USAGE, run.exit());
        assertEquals("", run.out(), "no step ran");
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(", paso 2 (server bind): La ruta del socket Unix \"/var/run/docker.sock\" está "
                + "fuera de la carpeta del laboratorio"), run.err());
        assertFalse(Files.exists(journal), "nothing was opened, not even the journal file");
    }

    @Test
    void aBrokenLessonFileIsExit2WithOneLineAndNothingRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, OWN.replace("\"socket\": \"conn\", \"size\"", "\"socket\": \"con\", \"size\""),
                StandardCharsets.UTF_8);
        Path journal = dir.resolve("j.jsonl");
        CliTest.Outcome run = cli("run", file.toString(), "--journal", journal.toString(), "--lang", "es");
        assertEquals(Cli.USAGE, run.exit());
        assertEquals("", run.out(), "no step ran");
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("Fichero de lección " + file + ", línea 20, columna 44, "), run.err());
        assertTrue(run.err().contains(", paso 8 (server recv): ningún paso anterior dio nombre a un socket \"con\""),
                run.err());
        assertFalse(Files.exists(journal), "nothing was opened, not even the journal file");
        CliTest.Outcome missing = cli("run", dir.resolve("nope.json").toString(), "--lang", "en");
        assertEquals(Cli.USAGE, missing.exit());
        assertEquals("Lesson file " + dir.resolve("nope.json") + ": there is no such file." + System.lineSeparator(),
                missing.err());
    }

    @Test
    void idsStayIds() {
        assertFalse(LessonLoader.isPath("tcp-basics"));
        CliTest.Outcome o = cli("run", "no-such-lesson", "--lang", "en");
        assertTrue(o.err().startsWith("There is no lesson \"no-such-lesson\""), o.err());
    }

    /**
     * Issue 59, X4: a step whose check on the run does not hold stops the run, and the transcript and the diagram say
     * so right after that step's narration, in the run's language, as the console does.
     */
    @Test
    void aCheckThatDoesNotHoldIsSaidInTheTranscriptAndTheDiagram(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unshown.json");
        Files.writeString(file, OWN.replace("\"narration\": {\"es\": \"recv\", \"en\": \"recv\"}",
                "\"narration\": {\"es\": \"recv() recibe cinco bytes\", \"en\": \"recv() gets five bytes\"}, "
                        + "\"check\": [\"result(8) == 5\"]"),
                StandardCharsets.UTF_8);
        Path markdown = dir.resolve("t.md"), svg = dir.resolve("t.svg");
        CliTest.Outcome run = cli("run", file.toString(), "--markdown", markdown.toString(), "--svg", svg.toString(),
                "--lang", "en");
        assertEquals(Cli.MISMATCH, run.exit(), run.out() + run.err());
        String md = Files.readString(markdown, StandardCharsets.UTF_8);
        String stopped = "> Lesson “My echo” stopped: step 8 (the server's recv()): the run did not show what the step is "
                + "about: \"result(8) == 5\" does not hold";
        assertTrue(md.contains(stopped), md);
        assertTrue(md.contains("What step 8 says above did not happen in this run."), md);
        assertTrue(md.indexOf("> recv() gets five bytes") < md.indexOf(stopped), "after the step's narration: " + md);
        assertTrue(Files.readString(svg, StandardCharsets.UTF_8).contains("stopped"), "the diagram says it too");
    }

    /** A server whose accept no client ever answers: the run waits {@code --step-timeout} for it, then says so. */
    private static final String STUCK_ACCEPT = OWN.substring(0,
            OWN.indexOf("    {\"endpoint\": \"client\", \"call\": \"socket\"")) + """
                        {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
                         "narration": {"es": "accept", "en": "accept"}, "expect": {"result": "fd"}}
                      ]
                    }
                    """;

    @Test
    void stepTimeoutIsHowLongAStepWaitsForItsAnswer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stuck.json");
        Files.writeString(file, STUCK_ACCEPT, StandardCharsets.UTF_8);
        CliTest.Outcome run = cli("run", file.toString(), "--step-timeout", "2", "--lang", "en");
        assertEquals(Cli.MISMATCH, run.exit(), run.out() + run.err());
        assertTrue(
                run.err()
                        .contains("step 4 (server accept): expected a new descriptor (>= 0), got no answer within 2 s"),
                run.err());
    }

    @Test
    void aStepTimeoutOutOfRangeIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        Path journal = dir.resolve("j.jsonl");
        for (String bad : new String[]{"0", "601", "05", "-1", "2.5", "x"}) {
            CliTest.Outcome es = cli("run", "tcp-basics", "--step-timeout", bad, "--journal", journal.toString(),
                    "--lang", "es");
            assertEquals(Cli.USAGE, es.exit(), bad);
            assertTrue(es.err().contains("--step-timeout " + bad + ": indica cuántos segundos puede esperar cada paso"),
                    es.err());
            assertEquals("", es.out(), "nothing ran");
            assertFalse(Files.exists(journal), "no journal was opened");
        }
        CliTest.Outcome en = cli("run", "tcp-basics", "--step-timeout", "0", "--lang", "en");
        assertTrue(en.err().contains("--step-timeout 0: give how many seconds each step may wait for its answer, a "
                + "whole number from 1 to 600"), en.err());
    }
}
