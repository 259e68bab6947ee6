package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Every packet's fate on SocketLab's wire between the lab's two hosts (issue 55, item 2), journaled on the captured
 * segment it belongs to, from the wire's own word: delivered after how long, lost, duplicated, reordered; one segment
 * per packet (a duplicate's second copy is not a second segment); a packet from the server the wire lost is journaled
 * although the client's host never saw it.
 */
@Execution(ExecutionMode.CONCURRENT)
class LinkFatesTest {
    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void build() throws Exception {
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
    }

    /** Runs a lesson on the wire as nobody when this test is root (else as its own user); its link segments. */
    private static List<JsonNode> linkSegments(String lesson, String... link) throws Exception {
        Path dir = Files.createTempDirectory(shared, lesson + "-");
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
        Path journal = dir.resolve("run.jsonl");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main"));
        command.addAll(List.of("run", lesson, "--lang", "en", "--journal", journal.toString()));
        command.addAll(List.of(link));
        Labnet.Outcome run = Labnet.runCommand(command);
        assertEquals(0, run.status(), lesson + " " + List.of(link) + ": " + run.output());
        List<JsonNode> segments = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode e = JSON.readTree(line);
            boolean onLink = e.path("src").asText().startsWith("10.77.0.")
                    && e.path("dst").asText().startsWith("10.77.0.")
                    && !e.path("src").asText().split(":")[0].equals(e.path("dst").asText().split(":")[0]);
            if (e.path("type").asText().equals("segment") && e.path("origin").asText().equals("captured") && onLink)
                segments.add(e);
        }
        assertTrue(!segments.isEmpty(), lesson + ": segments crossed the link");
        return segments;
    }

    private static String fate(JsonNode segment) {
        return segment.path("link_fate").asText("(none)");
    }

    private static long delayNs(JsonNode s) {
        return s.path("link_arrived_ns").path(0).asLong() - s.path("link_departed_ns").asLong();
    }

    /**
     * 50 ms each way: every segment is delivered, in both directions, its arrival at least 50 ms after its departure: a
     * packet to the server arrives when the wire sent it on (its later line, never its plan, issue 76), one from it
     * when the client's host captured it. What it took beyond the 50 ms is the wire's lateness, said with it
     * ({@code link_wire_late_ns}): the crossing less that is the 50 ms asked (median ± 5). The real crossing itself is
     * the wire's timekeeping (issue 76 item 2): at load 16 on two cores its median was 55.7 ms, so it is printed here,
     * not held to 2 ms.
     */
    @Test
    void eachSegmentCarriesWhenItLeftAndArrived() throws Exception {
        List<JsonNode> segments = linkSegments("tcp-basics", "--delay", "50", "--seed", "7");
        Set<String> directions = new HashSet<>();
        List<Long> delays = new ArrayList<>(), asked = new ArrayList<>();
        for (JsonNode s : segments) {
            assertEquals("delivered", fate(s), s.toString());
            assertEquals(1, s.path("link_arrived_ns").size(), s.toString());
            assertTrue(delayNs(s) >= 49_900_000L && delayNs(s) < 1_000_000_000L,
                    "crossed in " + delayNs(s) / 1e6 + " ms: " + s);
            delays.add(delayNs(s));
            asked.add(delayNs(s) - s.path("link_wire_late_ns").asLong(0));
            directions.add(s.path("from").asText());
        }
        delays.sort(null);
        asked.sort(null);
        long median = asked.get(asked.size() / 2);
        assertTrue(Math.abs(median - 50_000_000L) <= 5_000_000L, "median less the wire's lateness " + median / 1e6
                + " ms of " + asked);
        System.out.printf("real crossings at --delay 50 (load %s): median %.3f ms of %s%n", load(),
                delays.get(delays.size() / 2) / 1e6, delays);
        assertEquals(Set.of("client", "server"), directions, "both directions were matched");
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /**
     * 30 % loss: the journal names each packet the link lost, in either direction (a packet from the server it lost
     * is journaled from the wire's word: the client's host never saw it), with no arrival; the rest arrived.
     */
    @Test
    void aLostSegmentIsNamedAndNeverArrives() throws Exception {
        List<JsonNode> segments = linkSegments("mss-segmentation", "--loss", "30", "--seed", "11");
        int lost = 0;
        Set<String> lostFrom = new HashSet<>();
        for (JsonNode s : segments) {
            String fate = fate(s);
            assertTrue(Set.of("delivered", "lost").contains(fate), s.toString());
            if (fate.equals("lost")) {
                lost++;
                lostFrom.add(s.path("from").asText());
                assertEquals(0, s.path("link_arrived_ns").size(), s.toString());
            } else {
                assertEquals(1, s.path("link_arrived_ns").size(), s.toString());
            }
        }
        assertTrue(lost >= 2, "the link lost some of " + segments.size() + " segments: " + lost);
        assertEquals(Set.of("client", "server"), lostFrom, "losses named in both directions");
    }

    /** Every packet duplicated: one segment each, marked duplicated with two arrivals; no packet journaled twice. */
    @Test
    void aDuplicatedPacketIsOneSegmentThatArrivedTwice() throws Exception {
        List<JsonNode> segments = linkSegments("tcp-basics", "--duplicate", "100", "--seed", "3");
        Set<String> packets = new HashSet<>();
        for (JsonNode s : segments) {
            // the lab's own markers are never duplicated; every segment of the lesson is
            assertEquals("duplicated", fate(s), s.toString());
            assertEquals(2, s.path("link_arrived_ns").size(), s.toString());
            // The same bytes may leave twice (a SYN-ACK resent for the duplicated SYN, in the same millisecond), but
            // not at the same moment: a second segment for one packet would repeat its departure too.
            String packet = s.path("packet_b64").asText() + " " + s.path("link_departed_ns").asLong();
            assertTrue(packets.add(packet), "one packet, one segment: " + s);
        }
    }

    /**
     * {@code --jitter} alone (issue 76): a draw below zero is bound at zero, so no packet crosses in negative time; the
     * journal gives each packet's real times (it once gave a packet to the server its planned arrival, 4.9 ms before
     * it left).
     */
    @Test
    void jitterWithoutADelayNeverCrossesInNegativeTime() throws Exception {
        List<JsonNode> segments = linkSegments("mss-segmentation", "--jitter", "5", "--seed", "5");
        int arrived = 0;
        for (JsonNode s : segments) {
            if (s.path("link_arrived_ns").isEmpty()) continue;
            arrived++;
            assertTrue(delayNs(s) >= 0, "crossed in " + delayNs(s) / 1e6 + " ms: " + s);
            assertTrue(s.path("arrived_ns").asLong() >= s.path("wire_ns").asLong(), s.toString());
        }
        assertTrue(arrived >= 4, "segments crossed: " + arrived + " of " + segments.size());
    }

    /** Jitter and reordering: the journal names each segment that overtook one sent before it. */
    @Test
    void aReorderedSegmentIsNamed() throws Exception {
        List<JsonNode> segments = linkSegments("mss-segmentation", "--delay", "10", "--jitter", "8", "--reorder",
                "25", "--seed", "5");
        int reordered = 0;
        for (JsonNode s : segments) {
            assertTrue(Set.of("delivered", "reordered").contains(fate(s)), s.toString());
            if (fate(s).equals("reordered")) reordered++;
        }
        assertTrue(reordered >= 1, "some of " + segments.size() + " segments overtook another: " + reordered);
    }
}
