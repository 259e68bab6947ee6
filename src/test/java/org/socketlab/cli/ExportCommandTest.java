package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;

/** {@code socketlab export} and {@code socketlab replay}'s check: a saved journal written another way, never a call. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private Path lessonJournal() {
        Path journal = dir.resolve("tcp.jsonl");
        CliTest.Outcome run = cli("run", "tcp-basics", "--journal", journal.toString(), "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        return journal;
    }

    @Test
    void aSavedJournalBecomesSlidesAndHandouts() throws Exception {
        Path journal = lessonJournal();
        List<Event> events = JournalJsonl.read(journal);
        Path svg = dir.resolve("d.svg"), md = dir.resolve("t.md"), pcap = dir.resolve("s.pcap");
        CliTest.Outcome all = cli("export", journal.toString(), "--svg", svg.toString(), "--markdown", md.toString(),
                "--pcap", pcap.toString(), "--lang", "en");
        assertEquals(0, all.exit(), all.err());
        assertTrue(Files.readString(svg).startsWith("<?xml") && Files.readString(svg).contains("</svg>"));
        String transcript = Files.readString(md);
        assertTrue(transcript.startsWith("# tcp.jsonl"), transcript);
        // The whole session: its story's moments, numbered 1 to the last (Story.number), the last one listed.
        Story story = Story.of(events);
        int lastListed = story.beats().size() - 1;
        while (story.beats().get(lastListed) instanceof Beat.Note) lastListed--;
        assertTrue(transcript.contains("- #" + story.number(lastListed) + " "), "the whole session: " + transcript);
        long captured = events.stream().filter(e -> e.payload() instanceof Payload.Segment s && s.captured()).count();
        assertTrue(all.out().contains(captured > 0
                ? "The pcap file holds " + captured + " captured segments."
                : "No segment of this session was captured on the wire"), all.out());
        assertTrue(Files.size(pcap) >= 24);

        // A range: the steps between two events, and only them (the capture status before them says how the wire was known).
        Path part = dir.resolve("part.md");
        CliTest.Outcome range = cli("export", journal.toString(), "--markdown", part.toString(), "--from", "5", "--to",
                "12", "--lang", "en");
        assertEquals(0, range.exit(), range.err());
        String some = Files.readString(part);
        // Numbered as a document of its own: the moments of events 5 to 12 and the capture status, from #1 up.
        List<Long> listed = some.lines().filter(l -> l.startsWith("- #"))
                .map(l -> Long.parseLong(l.substring(3, l.indexOf(' ', 3)))).toList();
        List<Event> between = events.stream().filter(e -> e.seq() == 1 || e.seq() >= 5 && e.seq() <= 12).toList();
        int moments = Story.of(between).beats().size();
        assertTrue(listed.size() >= 4 && listed.size() <= moments, "steps 5 to 12 and the capture status: " + some);
        for (int i = 1; i < listed.size(); i++) assertTrue(listed.get(i) > listed.get(i - 1), some);
    }

    @Test
    void aBrokenOrNewerJournalIsOneLineAndNothingIsWritten() throws Exception {
        Path journal = lessonJournal();
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(3, "{\"seq\": 4, \"type\": ");
        Path broken = Files.write(dir.resolve("broken.jsonl"), lines);
        Path svg = dir.resolve("never.svg");
        CliTest.Outcome bad = cli("export", broken.toString(), "--svg", svg.toString(), "--lang", "en");
        assertEquals(Cli.USAGE, bad.exit());
        assertTrue(bad.err().startsWith(broken + ": Journal line 4 is not a valid event: it is not JSON"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), "one line, no usage text: " + bad.err());
        assertFalse(Files.exists(svg), "nothing is written");

        lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(0, lines.getFirst().replace("\"format\":2", "\"format\":7"));
        Path newer = Files.write(dir.resolve("newer.jsonl"), lines);
        CliTest.Outcome es = cli("replay", newer.toString(), "--lang", "es");
        assertEquals(Cli.USAGE, es.exit());
        assertTrue(
                es.err().contains("La línea 1 del registro la escribió un SocketLab más nuevo (formato de registro 7"),
                es.err());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertNull(Cli.openForReplay(new String[]{"replay", broken.toString(), "--lang", "en"},
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Journal line 4"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), Files.list(dir).filter(f -> f.toString().endsWith(".svg")).toList());
    }

    @Test
    void theCommandLineIsChecked() throws Exception {
        Path journal = lessonJournal();
        assertTrue(cli("export", journal.toString(), "--lang", "en").err()
                .contains("Say what to write: --svg, --png, --markdown or --pcap"));
        assertTrue(cli("export", "--svg", "x.svg", "--lang", "en").err().contains("Say which journal to export"));
        assertTrue(cli("export", journal.toString(), "--svg", dir.resolve("a.svg").toString(), "--zoom", "30", "--lang",
                "en").err()
                .contains("\"30\" is not a zoom"));
        assertTrue(cli("export", journal.toString(), "--png", dir.resolve("a.png").toString(), "--theme", "pink",
                "--lang", "en").err()
                .contains("\"pink\" is not a theme: use one of light, dark, high-contrast."));
        assertTrue(cli("export", journal.toString(), "--svg", dir.resolve("a.svg").toString(), "--from", "0", "--lang",
                "en").err()
                .contains("\"0\" is not an event number"));
        CliTest.Outcome empty = cli("export", journal.toString(), "--svg", dir.resolve("a.svg").toString(), "--from",
                "9000", "--lang", "en");
        assertEquals(Cli.USAGE, empty.exit());
        assertTrue(empty.err().contains("No event between step 9000 and step"), empty.err());
        assertTrue(cli("replay", "--lang", "en").err().contains("Say which journal to replay"));
        assertEquals(Cli.OK, cli("replay", journal.toString()).exit(),
                "the launcher opens the window on a good journal");
    }

    @Test
    void aJournalWithoutCaptureSaysThePcapHoldsNothing() throws Exception {
        Path journal = dir.resolve("inferred.jsonl");
        JournalJsonl.write(List.of(
                new Event(1, 1, "lab",
                        new Payload.Capture("unavailable", "tcpdump not installed", "not_installed", List.of())),
                new Event(2, 2, "client",
                        new Payload.Segment("client", "server", "tcp", List.of("SYN"), null, null, 0, "inferred"))),
                journal);
        Path pcap = dir.resolve("none.pcap");
        CliTest.Outcome out = cli("export", journal.toString(), "--pcap", pcap.toString(), "--lang", "es");
        assertEquals(0, out.exit(), out.err());
        assertTrue(
                out.out().contains(
                        "Ningún segmento de esta sesión se capturó en el cable (la captura estaba desactivada"),
                out.out());
        assertEquals(24, Files.size(pcap));
    }

    @Test
    void aJournalTooBigToHoldIsExportedAPartAtATime() throws Exception {
        Path big = dir.resolve("big.jsonl");
        int count = (int) SavedJournal.MAX_EXPORT_EVENTS + 5;
        List<Event> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++)
            events.add(new Event(i, i, "client", new Payload.Queue(3, i % 7, 0, null)));
        JournalJsonl.write(events, big);
        Path md = dir.resolve("big.md");
        CliTest.Outcome whole = cli("export", big.toString(), "--markdown", md.toString(), "--lang", "en");
        assertEquals(Cli.USAGE, whole.exit());
        assertTrue(whole.err().contains("big.jsonl holds 100,005 events from step 1 to step 100005: an export reads"
                + " at most 100,000 at a time. Choose a part with --from and --to."), whole.err());
        assertTrue(cli("export", big.toString(), "--markdown", md.toString(), "--lang", "es").err()
                .contains("una exportación lee como mucho 100.000 de una vez"));
        assertFalse(Files.exists(md), "nothing written");
        CliTest.Outcome part = cli("export", big.toString(), "--markdown", md.toString(), "--from", "99990", "--lang",
                "en");
        assertEquals(Cli.OK, part.exit(), part.err());
        // A part is a document of its own, its moments numbered from #1 (Story.number): the last is the part's last.
        List<Event> partEvents = SavedJournal.open(big).between(99990L, null);
        Story partStory = Story.of(partEvents);
        assertTrue(Files.readString(md).contains("- #" + partStory.number(partStory.beats().size() - 1) + " "),
                "the part read from the file's end");
        CliTest.Outcome code = cli("code", big.toString(), "--lang", "c", "--out", dir.resolve("c").toString());
        assertEquals(Cli.USAGE, code.exit());
        assertTrue(code.err().contains("the programs are written from at most 100,000"), code.err());
    }
}
