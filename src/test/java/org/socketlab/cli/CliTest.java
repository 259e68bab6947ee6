package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class CliTest {
    /** What one command printed and returned. */
    record Outcome(int exit, String out, String err) {
    }

    static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lessonsListsIdsWithTitlesInTheChosenLanguage() {
        Outcome en = cli("lessons", "--lang", "en");
        assertEquals(0, en.exit());
        assertTrue(en.out().contains("tcp-basics") && en.out().contains("The life of a TCP connection"), en.out());
        for (String id : List.of("udp-basics", "connection-refused", "address-in-use", "tcp-stream-coalescing"))
            assertTrue(en.out().contains(id), id);
        Outcome es = cli("lessons", "--lang", "es");
        assertTrue(es.out().contains("La vida de una conexión TCP"), es.out());
    }

    @Test
    void runWritesAValidJournalAndTranscript(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("tcp.jsonl");
        Path markdown = dir.resolve("tcp.md");
        Outcome run = cli("run", "tcp-basics", "--journal", journal.toString(), "--markdown", markdown.toString(),
                "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("OK: all 12 steps"), run.out());
        assertTrue(
                run.out().lines().anyMatch(
                        l -> l.startsWith("Wire: captured (tcpdump") || l.startsWith("Wire: not captured (")),
                () -> "one line says whether the wire is seen or deduced: " + run.out());
        assertEquals("", run.err());
        List<Event> events = JournalJsonl.read(journal);
        assertEquals(1, events.getFirst().seq());
        assertTrue(events.getFirst().payload() instanceof Payload.Capture,
                "the lab says first whether it captures the wire");
        assertTrue(events.get(1).payload() instanceof Payload.Note);
        long calls = events.stream().filter(e -> e.payload() instanceof Payload.Call).count();
        assertTrue(calls >= 12, "every step's call is in the journal");
        for (int i = 0; i < events.size(); i++) assertEquals(i + 1, events.get(i).seq());
        assertTrue(Files.readString(markdown).startsWith("# The life of a TCP connection"));
        // The lab was closed: no endpoint worker thread outlives the command.
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("socketlab-endpoint-")),
                "endpoint threads left running");
    }

    @Test
    void unknownLessonIsExit2WithMessageAndUsage() {
        Outcome o = cli("run", "no-such-lesson", "--lang", "en");
        assertEquals(2, o.exit());
        assertTrue(o.err().startsWith("There is no lesson \"no-such-lesson\""), o.err());
        assertTrue(o.err().contains("Usage:"));
    }

    @Test
    void badArgumentsAreExit2WithOneClearLine() {
        assertEquals(2, cli("run", "tcp-basics", "--colour", "red", "--lang", "en").exit());
        assertTrue(cli("run", "tcp-basics", "--colour", "red", "--lang", "en").err()
                .startsWith("Unknown option \"--colour\" for \"run\"."));
        assertTrue(cli("run", "tcp-basics", "--lang", "en", "--journal").err()
                .startsWith("Option --journal needs a value."));
        assertTrue(cli("run", "--lang", "en").err().startsWith("Say which lesson to run"));
        assertTrue(cli("frobnicate", "--lang", "en").err().startsWith("Unknown command \"frobnicate\"."));
        assertEquals(2, cli("frobnicate").exit());
        Outcome lang = cli("lessons", "--lang", "fr");
        assertEquals(2, lang.exit());
        assertTrue(lang.err().contains("\"fr\""), lang.err());
        assertEquals(2, cli().exit());
    }

    @Test
    void headlessPackagesNeverTouchJavaFx() throws Exception {
        for (String dir : List.of("cli", "lesson", "export")) {
            try (var files = Files.walk(Path.of("src/main/java/org/socketlab", dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                    assertFalse(
                            Files.readString(f).contains("javafx") || Files.readString(f).contains("org.socketlab.ui"),
                            f.toString());
            }
        }
    }

    @Test
    void sigtermMidLessonClosesTheSocketsWritesTheJournalAndExits143(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("stopped.jsonl");
        // backlog-full waits about a second for a retransmitted SYN: time enough to be stopped mid-lesson.
        ServeCommandTest.Child child = ServeCommandTest.Child.start("run", "backlog-full", "--journal",
                journal.toString(), "--lang", "en");
        Process p = child.process();
        try {
            ServeCommandTest.Watched out = child.out();
            out.printed("(?m)^\\s+1 ").get(60, TimeUnit.SECONDS);
            p.toHandle().destroy(); // SIGTERM
            int exit = child.awaitExit("run ended on SIGTERM");
            assertEquals(Cli.TERMINATED, exit, out.text());
            assertTrue(out.text().contains(
                    "Stopping: giving up the waiting calls, closing every socket and writing what happened so far."),
                    out.text());
            assertFalse(out.text().contains("Exception"), out.text());
            List<Event> events = JournalJsonl.read(journal);
            assertTrue(
                    events.stream().anyMatch(
                            e -> e.payload() instanceof Payload.Call c && c.call().equals("socket") && !c.failed()),
                    "the steps so far");
            assertTrue(events.stream().anyMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("close")),
                    "and the closing calls");
        } finally {
            p.destroyForcibly();
        }
    }
}
