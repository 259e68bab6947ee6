package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.PcapStream;
import org.socketlab.cli.Cli;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.DropRule;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.testing.Soak;

/**
 * The loss lessons for real, in the private lab network (packaging/linux/labnet/, as the compile phase built it), in
 * child JVMs: this JVM is on this computer's network, where no rule may ever be applied. Every lesson passes a round
 * (and two more in a row, {@link Soak}) as this test's user and, when the test runs as root (CI), as nobody (uid 65534,
 * no capabilities); each round's journal marks lost segments, each TCP one followed by its retransmission; an
 * independent capture in the same namespace sees exactly the segments the journal marks lost, sent again; on this
 * computer's network {@code socketlab run} refuses a loss lesson in one line with exit 7, before anything is run.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class LossLessonsTest {
    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void buildLabnet() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        for (Path p : List.of(shared))
            assertTrue(p.toFile().setReadable(true, false) && p.toFile().setExecutable(true, false));
        Process probe = new ProcessBuilder(labnet.toString(), "enter", "--strict", "--", "true")
                .redirectErrorStream(true).start();
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        probe.waitFor(30, TimeUnit.SECONDS);
        CiRules.requireOrSkip(probe.exitValue() == 0, "a private lab network (user + network namespace): " + said);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path folder(String name) throws IOException {
        Path dir = Files.createDirectories(shared.resolve(name));
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false)
                && dir.toFile().setReadable(true, false));
        return dir;
    }

    private static List<String> javaMain(String main, List<String> args) {
        List<String> command = ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), main);
        command.addAll(args);
        return command;
    }

    private static List<String> inLabNetwork(List<String> command, boolean asNobody) {
        List<String> all = new ArrayList<>();
        if (asNobody) {
            all.addAll(ChildLessonRun.AS_NOBODY);
            all.add("--");
        }
        all.addAll(List.of(labnet.toString(), "enter", "--strict", "--"));
        all.addAll(command);
        return all;
    }

    private record Ran(int exit, String out) {
    }

    private static Ran run(List<String> command, Path dir, long seconds) throws Exception {
        Process child = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(seconds, TimeUnit.SECONDS), "the child run ended");
            return new Ran(child.exitValue(), out);
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<Payload.Segment> captured(List<Event> events) {
        return events.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Segment s && Payload.Segment.CAPTURED.equals(s.origin()))
                .map(p -> (Payload.Segment) p).sorted((a, b) -> Long.compare(a.wireNs(), b.wireNs())).toList();
    }

    private static List<String> lostInOrder(List<Event> events) {
        return captured(events).stream().filter(Payload.Segment::lost).map(LossLessonsTest::key).toList();
    }

    /** A segment as the wire tells it: addresses, flags, sequence and acknowledgement numbers, length. */
    private static String key(Payload.Segment s) {
        return s.src() + ">" + s.dst() + " " + s.proto() + " " + s.flags() + " " + s.seqNo() + " " + s.ackNo() + " "
                + s.len();
    }

    private static String key(CapturedPacket p) {
        boolean tcp = p.proto() == CapturedPacket.Proto.TCP;
        return p.from().text() + ">" + p.to().text() + " " + p.proto().wireName() + " " + p.flags() + " "
                + (tcp ? p.seq() : null) + " " + (tcp && p.flags().contains("ACK") ? p.ack() : null) + " " + p.len();
    }

    /** What every round of a loss lesson must show: lost segments, each TCP one sent again and that copy delivered. */
    private static void checkRound(String name, List<Event> events) {
        List<Payload.Segment> wire = captured(events);
        List<Payload.Segment> lost = wire.stream().filter(Payload.Segment::lost).toList();
        assertFalse(lost.isEmpty(), name + ": the journal marks lost segments");
        for (Payload.Segment s : lost) {
            if (!s.proto().equals("tcp")) continue;
            boolean sentAgain = wire.stream().anyMatch(r -> !r.lost() && r.wireNs() > s.wireNs()
                    && r.src().equals(s.src()) && r.flags().equals(s.flags()) && r.seqNo().equals(s.seqNo())
                    && r.len() == s.len());
            assertTrue(sentAgain, name + ": the lost " + key(s) + " was sent again and arrived");
        }
        for (Event e : events)
            if (e.payload() instanceof Payload.Segment s && !s.captured())
                assertFalse(s.lost(), name + ": only captured segments can be lost");
        theStoryTellsIt(name, events, lost);
    }

    /**
     * Every view shows the loss as the journal has it: the story marks each lost segment and tells each TCP one's
     * retransmission with the time waited (the wire's own stamps); the SVG draws as many crosses, the transcript says
     * "perdido" as often.
     */
    private static void theStoryTellsIt(String name, List<Event> events, List<Payload.Segment> lost) {
        List<Beat.Segment> beats = Story.of(events).beats().stream().filter(b -> b instanceof Beat.Segment)
                .map(b -> (Beat.Segment) b).filter(Beat.Segment::captured).toList();
        assertEquals(lost.size(), beats.stream().filter(b -> b.segment().lost()).count(), name);
        for (Payload.Segment l : lost) {
            // A bare ACK is not retransmitted: a new one answers the peer's retransmission (lost-fin's last ACK).
            boolean sequenced = l.len() > 0 || l.flags().contains("SYN") || l.flags().contains("FIN");
            if (!l.proto().equals("tcp") || !sequenced) continue;
            Beat.Segment again = beats.stream().filter(b -> !b.segment().lost() && b.segment().wireNs() > l.wireNs()
                    && b.segment().src().equals(l.src()) && b.segment().seqNo().equals(l.seqNo())
                    && b.segment().len() == l.len() && b.segment().flags().equals(l.flags())).findFirst().orElseThrow();
            assertEquals(again.segment().wireNs() - l.wireNs(), again.retold().sentAgainAfterNs(),
                    name + ": the retransmission says how long after the lost copy it left");
        }
        String svg = SvgDiagram.render(events, Lang.EN, name);
        assertEquals(lost.size(), svg.split("class=\"lost-cross\"", -1).length - 1,
                name + ": a cross per lost segment");
        String es = MarkdownTranscript.render(events, Lang.ES, name);
        assertEquals(lost.size(), es.split("perdido: salió y nunca llegó", -1).length - 1, name);
        // Unless a timer of the client's sent "dos" again (and had it acknowledged) before "tres" left: a slow run.
        if (name.startsWith("fast-retransmit")
                && RunFacts.of(LessonLoader.load("fast-retransmit"), events).inFlightAt("client", 11) > 0)
            assertTrue(beats.stream().anyMatch(b -> b.retold().duplicateAck() && !b.retold().sack().isEmpty()),
                    name + ": the duplicate ACK with its SACK block");
    }

    @Test
    void everyLossLessonPassesInThePrivateLabNetwork() throws Exception {
        passRounds("round", 1);
    }

    /** Twice more, one after the other (with the round above, three: {@code mvn test} and CI run all three). */
    @Test
    @Soak
    void everyLossLessonPassesTwiceMoreInARow() throws Exception {
        passRounds("again", 2);
    }

    /** {@code rounds} rounds of every loss lesson in one child JVM, as this user and, as root, as nobody too. */
    private static void passRounds(String folder, int rounds) throws Exception {
        List<Boolean> users = root() ? List.of(false, true) : List.of(false);
        for (boolean nobody : users) {
            Path dir = folder(nobody ? folder + "-nobody" : folder);
            List<String> args = new ArrayList<>(List.of(dir.toString(), String.valueOf(rounds)));
            args.addAll(LessonCatalog.LAB_NETWORK_IDS);
            Ran ran = run(inLabNetwork(javaMain(LossRounds.class.getName(), args), nobody), dir, 900);
            assertEquals(0, ran.exit(), (nobody ? "as nobody: " : "") + ran.out());
            for (String id : LessonCatalog.LAB_NETWORK_IDS)
                for (int round = 1; round <= rounds; round++)
                    checkRound(id + " " + folder + " " + round + (nobody ? " (nobody)" : ""),
                            JournalJsonl.read(dir.resolve(id + "-" + round + ".jsonl")));
        }
    }

    /**
     * An independent capture in the same lab network: a TCP segment it saw twice (same addresses, flags, numbers and
     * length) was lost the first time; those are exactly the journal's lost segments. (Lessons without duplicate ACKs:
     * a duplicate ACK is the same segment on purpose.)
     */
    @Test
    void anIndependentTcpdumpSeesExactlyTheLostSegmentsSentAgain() throws Exception {
        for (String lesson : List.of("lost-segment", "lost-syn", "lost-fin")) {
            Path dir = folder("independent-" + lesson);
            Path pcap = dir.resolve("independent.pcap"), journal = dir.resolve("t.jsonl");
            List<String> script = new ArrayList<>(List.of("/bin/sh", "-c",
                    "\"$1\" capture lo >\"$2\" 2>\"$2.err\" & td=$!; "
                            + "for i in $(seq 50); do grep -q listening \"$2.err\" 2>/dev/null && break; sleep 0.1; "
                            + "done; shift 2; \"$@\"; rc=$?; sleep 0.5; kill $td; wait $td; exit $rc",
                    "independent", labnet.toString(), pcap.toString()));
            script.addAll(javaMain("org.socketlab.Main",
                    List.of("run", lesson, "--lang", "en", "--journal", journal.toString())));
            Ran ran = run(inLabNetwork(script, root()), dir, 300);
            assertEquals(0, ran.exit(), ran.out());
            List<CapturedPacket> seen = new ArrayList<>();
            try (InputStream in = Files.newInputStream(pcap)) {
                PcapStream stream = new PcapStream(in);
                // The broker's capture has the lab's whole filter: its loss log's marker datagrams are not segments.
                for (CapturedPacket p; (p = stream.next()) != null;)
                    if (p.proto() == CapturedPacket.Proto.TCP) seen.add(p);
            }
            Map<String, Integer> later = new HashMap<>();
            for (CapturedPacket p : seen) later.merge(key(p), 1, Integer::sum);
            List<CapturedPacket> sentTwice = new ArrayList<>();
            for (CapturedPacket p : seen) {
                if (later.merge(key(p), -1, Integer::sum) > 0) sentTwice.add(p); // a copy of it comes later
            }
            List<Event> events = JournalJsonl.read(journal);
            List<Payload.Segment> lost = captured(events).stream().filter(Payload.Segment::lost).toList();
            // Sent twice because it was lost, or because its acknowledgement was (the lost last ACK of lost-fin).
            List<String> expected = sentTwice.stream().filter(p -> lost.stream().noneMatch(
                    l -> l.src().equals(p.to().text()) && l.ackNo() != null && l.ackNo() == p.seq() + p.len()
                            + (p.flags().contains("FIN") || p.flags().contains("SYN") ? 1 : 0)))
                    .map(LossLessonsTest::key).toList();
            assertFalse(expected.isEmpty(), lesson + ": the independent capture saw a retransmission");
            assertEquals(expected, lostInOrder(events), lesson + ": lost in the journal = sent again on the wire");
            checkRound(lesson, events);
        }
    }

    /** A seeded share (50 %, seed 3) drops the datagrams DropRule chose, the same ones in every run. */
    @Test
    void aSeededShareLosesTheSameDatagramsInEveryRun() throws Exception {
        Path dir = folder("seeded");
        Path lesson = dir.resolve("seeded-loss.json");
        try (InputStream in = LossLessonsTest.class.getResourceAsStream("seeded-loss.json")) {
            Files.write(lesson, in.readAllBytes());
        }
        assertTrue(lesson.toFile().setReadable(true, false));
        List<Integer> chosen = new DropRule(DropRule.Direction.CLIENT_TO_SERVER,
                5000, DropRule.Kind.DATA, 0, 50, 3).dropped();
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) expected.add(chosen.contains(i));
        assertTrue(expected.contains(true) && expected.contains(false), expected.toString());
        for (int run = 1; run <= 2; run++) {
            Path journal = dir.resolve("run" + run + ".jsonl");
            Ran ran = run(inLabNetwork(javaMain("org.socketlab.Main",
                    List.of("run", lesson.toString(), "--lang", "en", "--journal", journal.toString())), root()), dir,
                    120);
            assertEquals(0, ran.exit(), ran.out());
            List<Boolean> lost = captured(JournalJsonl.read(journal)).stream().filter(s -> s.proto().equals("udp"))
                    .map(Payload.Segment::lost).toList();
            assertEquals(expected, lost, "run " + run + ": the six datagrams, lost or not, as the seed chose");
        }
    }

    /** The window's Network control on a live connection in the lab network (its view-model, without the toolkit). */
    @Test
    void theNetworkControlLosesTheNextSegmentOfALiveConnection() throws Exception {
        Path dir = folder("control");
        Ran ran = run(inLabNetwork(javaMain("org.socketlab.ui.network.NetworkControlChild", List.of()), root()), dir,
                180);
        assertEquals(0, ran.exit(), ran.out());
        assertTrue(ran.out().contains("network control: passed"), ran.out());
        // On two machines too: the rule then acts in the second machine's kernel (issue 40).
        ran = run(inLabNetwork(javaMain("org.socketlab.ui.network.NetworkControlChild", List.of("two")), root()),
                folder("control-two"), 180);
        assertEquals(0, ran.exit(), ran.out());
        assertTrue(ran.out().contains("network control: passed on two machines"), ran.out());
    }

    @Test
    void onThisComputersNetworkALossLessonIsRefusedInOneLineBeforeAnything() throws Exception {
        Path dir = folder("host");
        Path journal = dir.resolve("t.jsonl");
        Ran ran = run(javaMain("org.socketlab.Main",
                List.of("run", "lost-segment", "--lang", "en", "--journal", journal.toString())), dir, 120);
        assertEquals(Cli.NO_LAB_NETWORK, ran.exit(), ran.out());
        List<String> lines = ran.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), ran.out());
        assertTrue(lines.getFirst().contains("private lab network") && lines.getFirst().contains("lost-segment"),
                ran.out());
        assertFalse(Files.exists(journal), "nothing was run, no file written");
    }
}
