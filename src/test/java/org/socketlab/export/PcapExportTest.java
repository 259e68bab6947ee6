package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.SavedJournal;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;

/**
 * The pcap export of a real session, read back by tcpdump itself ({@code tcpdump -r}): the same packets, in the same
 * order, with the addresses, flags, sequence numbers and lengths the journal's captured segments have. Needs capture
 * (root and tcpdump, as CI has); without it the export must say there is nothing captured.
 */
class PcapExportTest {
    @TempDir
    Path dir;

    /** A lesson's journal as its file holds it, read back as Open journal reads it. */
    private SavedJournal recorded(String lesson) throws IOException {
        Path file = dir.resolve(lesson + ".jsonl");
        try (Lab lab = Lab.onThisMachine(); JournalFile recording = JournalFile.record(lab.journal(), file)) {
            CiRules.capturing(lab);
            assertTrue(new LessonRunner().run(LessonLoader.load(lesson), lab).passed(), lesson);
        }
        return SavedJournal.open(file);
    }

    @Test
    void tcpdumpReadsTheSegmentsTheJournalCaptured() throws Exception {
        for (String lesson : List.of("tcp-basics", "udp-port-unreachable")) {
            SavedJournal saved = recorded(lesson);
            List<Payload.Segment> captured = saved.between(null, null).stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Segment s && s.captured()).map(p -> (Payload.Segment) p)
                    .sorted(Comparator.comparingLong(Payload.Segment::wallNs)).toList();
            Path pcap = dir.resolve(lesson + ".pcap");
            PcapExport.Contents contents;
            try (OutputStream out = Files.newOutputStream(pcap)) {
                contents = PcapExport.write(saved.between(null, null), out);
            }
            boolean capturing = saved.between(null, null).stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Capture c && c.status().equals("started"));
            if (!capturing) { // off CI without root or tcpdump (CiRules.capturing failed the run on CI)
                assertTrue(captured.isEmpty());
                assertEquals("export.pcap.onlyInferred", contents.emptyReasonKey(), "says there is nothing captured");
                assertEquals(24, Files.size(pcap), "a pcap file with no packet");
                continue;
            }
            assertTrue(captured.size() >= 3, lesson + " captured " + captured);
            assertEquals(captured, contents.packets(), "every captured segment, in wire order");
            List<String> lines = tcpdumpRead(pcap);
            assertEquals(captured.size(), lines.size(), String.join("\n", lines));
            for (int i = 0; i < captured.size(); i++)
                assertSame(captured.get(i), lines.get(i), lesson + " packet " + (i + 1));
        }
    }

    /** {@code tcpdump -r}: absolute sequence numbers, no names, the capture stamp to the nanosecond. */
    private static List<String> tcpdumpRead(Path pcap) throws Exception {
        Path tcpdump = List.of("/usr/sbin/tcpdump", "/usr/bin/tcpdump", "/sbin/tcpdump").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (tcpdump == null)
            fail("tcpdump is missing: this test reads the pcap export with tcpdump -r (.ci/run installs it)");
        Process p = new ProcessBuilder(tcpdump.toString(), "-r", pcap.toString(), "-n", "-S", "-tt",
                "--time-stamp-precision=nano")
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(err.contains("link-type RAW"), err);
        return out.lines().toList();
    }

    private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d{9}) IP6? (\\S+) > (\\S+): (.*)");
    private static final Map<Character, String> FLAGS = Map.of('S', "SYN", 'F', "FIN", 'R', "RST", 'P', "PSH", '.',
            "ACK", 'U', "URG");

    /** One tcpdump line says what the journal's segment says. */
    private static void assertSame(Payload.Segment s, String line, String where) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), where + ": " + line);
        assertEquals((long) s.wallNs(), Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)),
                where + " time: " + line);
        String rest = m.group(5);
        switch (s.proto()) {
            case "tcp" -> {
                assertEquals(dotted(s.src()), m.group(3), where);
                assertEquals(dotted(s.dst()), m.group(4), where);
                Matcher flags = Pattern.compile("Flags \\[([^]]*)]").matcher(rest);
                assertTrue(flags.find(), line);
                List<String> seen = new ArrayList<>();
                for (char c : flags.group(1).toCharArray()) seen.add(FLAGS.get(c));
                assertEquals(s.flags().stream().sorted().toList(), seen.stream().sorted().toList(),
                        where + ": " + line);
                if (s.len() > 0 || s.flags().contains("SYN") || s.flags().contains("FIN"))
                    assertTrue(rest.contains("seq " + s.seqNo()), where + " seq " + s.seqNo() + ": " + line);
                if (s.ackNo() != null)
                    assertTrue(rest.contains("ack " + s.ackNo()), where + " ack " + s.ackNo() + ": " + line);
                assertTrue(rest.endsWith("length " + s.len()), where + " length " + s.len() + ": " + line);
            }
            case "udp" -> {
                assertEquals(dotted(s.src()), m.group(3), where);
                assertEquals(dotted(s.dst()), m.group(4), where);
                assertTrue(rest.matches("UDP, length " + s.len()), where + ": " + line);
            }
            case "icmp" -> {
                assertTrue(rest.startsWith("ICMP") && rest.contains("unreachable"), where + ": " + line);
                assertTrue(s.flags().contains("PORT_UNREACHABLE"), where + ": " + s.flags());
            }
            default -> fail(where + ": " + s.proto());
        }
    }

    /** {@code 127.0.0.1:5000} as tcpdump writes it: {@code 127.0.0.1.5000}; a host alone (ICMP) without its port 0. */
    private static String dotted(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        return host + "." + address.substring(colon + 1);
    }

    @Test
    void withoutCaptureThereIsNothingToWriteAndItIsSaid() throws IOException {
        List<Event> inferredOnly = List.of(
                new Event(1, 1, "lab",
                        new Payload.Capture("unavailable", "tcpdump not installed", "not_installed", List.of())),
                new Event(2, 2, "client",
                        new Payload.Segment("client", "server", "tcp", List.of("SYN"), null, null, 0, "inferred")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("export.pcap.onlyInferred", PcapExport.write(inferredOnly, out).emptyReasonKey());
        assertEquals(24, out.size(), "just the file header");
        List<Event> oldCaptured = List
                .of(new Event(1, 1, "client", new Payload.Segment("client", "server", "tcp", List.of("SYN"),
                        1L, null, 0, "captured", 100, "127.0.0.1:1", "127.0.0.1:2", 5L)));
        assertEquals("export.pcap.noBytes", PcapExport.contents(oldCaptured).emptyReasonKey());
        assertEquals("export.pcap.noSegments", PcapExport.contents(List.of()).emptyReasonKey());
    }
}
