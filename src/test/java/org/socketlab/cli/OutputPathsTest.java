package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.OpenFds;

/**
 * Every output path of {@code run} and {@code serve} is checked before any socket call: a bad one is exit 2 with one
 * line in the user's language and nothing opened; a write that fails later (a full disk) keeps a copy and says where.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class OutputPathsTest {
    @BeforeAll
    static void warmUp(@TempDir Path dir) {
        // Loads the classes (and the JVM's jar fds) once, so the fd counts below compare like with like.
        CliTest.cli("run", "connection-refused", "--journal", dir.resolve("w.jsonl").toString(), "--lang", "en");
        CliTest.cli("run", "connection-refused", "--journal", dir.toString(), "--lang", "en");
    }

    /** One bad path: exit 2, the first line is the message, no lesson or server started, no fd or child left. */
    private static void refused(String expected, String... args) throws IOException {
        CliTest.cli(args); // the same path once before counting: a class or jar it loads first is not a leak
        OpenFds before = OpenFds.now();
        CliTest.Outcome o = CliTest.cli(args);
        String cmd = String.join(" ", args);
        assertEquals(2, o.exit(), cmd + " -> " + o.err());
        assertEquals(expected + System.lineSeparator(), o.err(), "one line: " + cmd);
        assertFalse(o.err().contains("Exception"), "no Java error text: " + o.err());
        assertEquals("", o.out(), "nothing was started: " + cmd);
        assertEquals(Map.of(), OpenFds.openedSince(before), "no fd opened: " + cmd);
        assertEquals(List.of(), ProcessHandle.current().children().map(p -> p.info().command().orElse("?")).toList(),
                "no tcpdump started: " + cmd);
    }

    @Test
    void badPathsAreExit2BeforeAnyCallInBothLanguages(@TempDir Path dir) throws IOException {
        String folder = dir.toString();
        String missing = dir.resolve("no/such/j.jsonl").toString();
        Files.writeString(dir.resolve("plain"), "x");
        String underFile = dir.resolve("plain/j.jsonl").toString();
        String port = String.valueOf(LessonRunner.freePort());
        refused(folder + " is a folder: give a file name, for example " + folder + "/session.jsonl.",
                "run", "tcp-basics", "--journal", folder, "--lang", "en");
        refused("Cannot write " + missing + ": the folder " + dir.resolve("no/such") + " does not exist.",
                "run", "tcp-basics", "--markdown", missing, "--lang", "en");
        refused("Cannot write " + underFile + ": " + dir.resolve("plain") + " is not a folder.",
                "run", "tcp-basics", "--svg", underFile, "--lang", "en");
        refused("Cannot write /proc/x: the folder /proc does not take new files (it belongs to the kernel, like /proc and /sys).",
                "run", "tcp-basics", "--journal", "/proc/x", "--lang", "en");
        refused("No se puede escribir /proc/x: la carpeta /proc no admite ficheros nuevos (es del núcleo, como /proc y /sys).",
                "serve", "tcp", "--port", port, "--journal", "/proc/x", "--lang", "es");
        refused("Cannot write /sys/x: no permission to write there.", "serve", "udp", "--port", port, "--journal",
                "/sys/x", "--lang", "en");
        refused(folder + " es una carpeta: da un nombre de fichero, por ejemplo " + folder + "/sesion.jsonl.",
                "serve", "tcp", "--port", port, "--journal", folder, "--lang", "es");
        refused("No se puede escribir " + missing + ": la carpeta " + dir.resolve("no/such") + " no existe.",
                "serve", "tcp", "--port", port, "--journal", missing, "--lang", "es");
        String same = dir.resolve("same.out").toString();
        refused("--journal and --markdown both name " + same + ": give each output its own file.",
                "run", "tcp-basics", "--journal", same, "--markdown", same, "--lang", "en");
        refused("\"\" is not a valid file name.", "run", "tcp-basics", "--journal", "", "--lang", "en");
        assertFalse(Files.exists(dir.resolve("same.out")), "a refused command leaves no file behind");
    }

    @Test
    void aLaterBadPathRemovesTheFilesTheCheckCreatedAndKeepsExistingOnes(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("fresh.jsonl");
        Path existing = dir.resolve("old.md");
        Files.writeString(existing, "keep me");
        refused("Cannot write /proc/x.svg: the folder /proc does not take new files (it belongs to the kernel, like /proc and /sys).",
                "run", "tcp-basics", "--journal", fresh.toString(), "--markdown", existing.toString(), "--svg",
                "/proc/x.svg", "--lang", "en");
        assertFalse(Files.exists(fresh), "the journal file the check created is gone again");
        assertEquals("keep me", Files.readString(existing), "an existing file is untouched until it is written");
    }

    @Test
    void aPipeIsRefusedInsteadOfWaitingForAReader(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo (coreutils) makes the pipe");
        refused("Cannot write " + fifo + ": it is a pipe or a socket, not a file.",
                "run", "tcp-basics", "--journal", fifo.toString(), "--lang", "en");
    }

    private static final Pattern KEPT = Pattern.compile("kept in (\\S+)$", Pattern.MULTILINE);

    @Test
    void aFullDiskKeepsTheJournalInTheTemporaryFolderAndSaysWhere(@TempDir Path dir) throws IOException {
        Path markdown = dir.resolve("t.md");
        CliTest.Outcome o = CliTest.cli("run", "connection-refused", "--journal", "/dev/full", "--markdown",
                markdown.toString(), "--lang", "en");
        assertEquals(3, o.exit(), o.out() + o.err());
        assertTrue(o.err().startsWith(
                "Could not write /dev/full (the disk is full): it holds no event; nothing in it was rewritten.\n"
                        + "Events 1–"),
                o.err());
        assertTrue(o.out().contains("OK: all"), "the lesson itself ran: " + o.out());
        assertTrue(Files.readString(markdown).startsWith("# "), "the other outputs are still written");
        Matcher kept = KEPT.matcher(o.err());
        assertTrue(kept.find(), o.err());
        Path copy = Path.of(kept.group(1));
        try {
            List<Event> events = JournalJsonl.read(copy);
            assertTrue(
                    events.stream().anyMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("connect")),
                    "the kept journal is whole");
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void serveWithAFullDiskStillServesThenKeepsTheJournal() throws Exception {
        int port = LessonRunner.freePort();
        ServeCommandTest.Running r = ServeCommandTest.startCli("serve", "udp", "--port", String.valueOf(port),
                "--journal", "/dev/full", "--lang", "es");
        r.out().printed("bind\\(\\d+, 127\\.0\\.0\\.1:" + port + "\\) = 0").get(20,
                TimeUnit.SECONDS);
        assertEquals("hola", ServeCommandTest.echoOverUdp(port, "hola"));
        assertEquals(3, r.awaitExit(), r.err().text());
        assertTrue(r.err().text().startsWith("No se pudo escribir /dev/full (el disco está lleno)"), r.err().text());
        Matcher kept = Pattern.compile("se guardaron en (\\S+)$", Pattern.MULTILINE).matcher(r.err().text());
        assertTrue(kept.find(), r.err().text());
        Path copy = Path.of(kept.group(1));
        try {
            assertTrue(JournalJsonl.read(copy).stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("sendto")));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Issue 44 item 9: a journal longer than memory holds, on a disk that fills after a few dozen lines (a 16 KiB
     * tmpfs). The file is never rewritten from memory: it keeps events 1 to the last whole line, the newest events
     * memory holds go to the temporary folder, and the lines name exactly which events are where and which are lost.
     */
    @Test
    void aDiskThatFillsKeepsTheFileAsWrittenAndSaysExactlyWhatIsWhere(@TempDir Path dir) throws Exception {
        CiRules.requireOrSkip(TrustedPrograms.runningAsRoot(), "root (to mount a small tmpfs)");
        Path disk = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String mounted = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        CiRules.requireOrSkip(mount.waitFor() == 0, "mount -t tmpfs (" + mounted.strip() + ")");
        Path copy = null;
        try {
            Path file = disk.resolve("j.jsonl");
            Args args = Args.parse(new String[]{"run", Cli.JOURNAL, file.toString()}, Set.of(Cli.JOURNAL));
            OutputFiles files = OutputFiles.check(args, List.of(Cli.JOURNAL));
            Journal journal = new Journal(new Journal.Retention(100, 4096, 1 << 20));
            Messages m = Messages.of(Lang.EN);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            JournalFile recording = files.record(Cli.JOURNAL, journal, m, new PrintStream(err));
            for (int i = 0; i < 2000; i++)
                journal.append("lab", new Payload.Capture("started", "event " + i, "loopback", List.of()));
            assertFalse(files.finish(Cli.JOURNAL, recording, journal.snapshot(), m,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "the file ends with a whole line");
            List<Event> inFile = JournalJsonl.read(file);
            int kept = inFile.size();
            for (int i = 0; i < kept; i++) assertEquals(i + 1, inFile.get(i).seq(), "nothing rewritten or skipped");
            assertTrue(kept > 10 && kept < 1900, "the disk filled partway: " + kept);
            String said = err.toString(StandardCharsets.UTF_8);
            assertTrue(said.startsWith("Could not write all of " + file + " (the disk is full): it holds events 1–"
                    + kept + ", each line whole; nothing in it was rewritten.\n"), said);
            assertTrue(said.contains("Events " + (kept + 1) + "–1900 are lost: they were no longer in memory."), said);
            Matcher rest = KEPT.matcher(said);
            assertTrue(said.contains("Events 1901–2000, still in memory, were kept in ") && rest.find(), said);
            copy = Path.of(rest.group(1));
            List<Event> restEvents = JournalJsonl.read(copy);
            assertEquals(1901, restEvents.getFirst().seq());
            assertEquals(2000, restEvents.getLast().seq());
            assertEquals(100, restEvents.size());
        } finally {
            if (copy != null) Files.deleteIfExists(copy);
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }
}
