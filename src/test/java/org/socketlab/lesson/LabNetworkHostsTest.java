package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.capture.SecondHost;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.kernel.IcmpMessage;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.lab.Lab;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.SockAddr;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Same machine or two machines (issue 40): the lab network's second host, made by its broker, tried as this test's user
 * and, when it runs as root, as nobody. A lesson runs with its server on the second host and the wire between the hosts
 * captured (a SYN with MSS 1460, each segment once); the host is made and removed again and again, its link there only
 * while it is; the broker starts an endpoint only on a host it made; and where there is no lab network, or the lesson
 * is not one client and one server over IPv4, one line says why and nothing runs.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class LabNetworkHostsTest {
    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void buildLabnet() throws Exception {
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** This test's own user and, as root, nobody too: each as a prefix of the command. */
    private static List<List<String>> users() {
        List<List<String>> users = new ArrayList<>(List.of(List.of()));
        if (root()) {
            List<String> nobody = new ArrayList<>(ChildLessonRun.AS_NOBODY);
            nobody.add("--");
            users.add(nobody);
        }
        return users;
    }

    /** A JVM of this class path that labnet started (as {@code user}), running {@code main} with {@code arguments}. */
    private static Labnet.Outcome inLab(List<String> user, String main, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), main));
        command.addAll(List.of(arguments));
        return Labnet.runCommand(command);
    }

    private static void requireLabNetwork() throws Exception {
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
        CiRules.requireOrSkip(Files.isExecutable(labnet.resolveSibling("socketlab-endpoint")),
                "target/native/socketlab-endpoint (mvn compile builds it)");
    }

    @Test
    void aLessonRunsOnTwoMachinesWithTheWireBetweenThemCaptured() throws Exception {
        requireLabNetwork();
        for (List<String> user : users()) {
            Path dir = Files.createTempDirectory(shared, "run-");
            assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
            Path journal = dir.resolve("two-hosts.jsonl");
            Labnet.Outcome run = inLab(user, "org.socketlab.Main", "run", "tcp-basics", "--two-hosts", "--lang", "en",
                    "--journal", journal.toString());
            assertEquals(0, run.status(), user + ": " + run.output());
            assertTrue(run.output().contains("bind(3, " + SecondHost.SERVER_ADDRESS + ":"), run.output());
            assertTrue(run.output().contains("peer=" + SecondHost.CLIENT_ADDRESS + ":"), run.output());
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> captured = new ArrayList<>();
            for (String line : Files.readAllLines(journal)) {
                JsonNode e = json.readTree(line);
                if (e.path("type").asText().equals("segment") && e.path("origin").asText().equals("captured"))
                    captured.add(e);
            }
            // Handshake, data and its ACK, both FINs with their ACKs (the server's ACK of the client's FIN rides on its
            // own FIN unless its delayed-ACK timer fires first): each segment once (the link, not twice).
            assertTrue(captured.size() == 8 || captured.size() == 9, user + ": " + captured);
            Set<String> distinct = new HashSet<>();
            for (JsonNode s : captured)
                distinct.add(s.path("src").asText() + s.path("flags") + s.path("seq_no") + "/" + s.path("ack_no"));
            assertEquals(captured.size(), distinct.size(), "no segment seen twice: " + captured);
            assertEquals(2, captured.stream().filter(s -> s.path("flags").toString().contains("FIN")).count(),
                    captured.toString());
            JsonNode syn = captured.getFirst();
            assertEquals("[\"SYN\"]", syn.path("flags").toString());
            assertTrue(syn.path("src").asText().startsWith(SecondHost.CLIENT_ADDRESS + ":"), syn.toString());
            assertTrue(syn.path("dst").asText().startsWith(SecondHost.SERVER_ADDRESS + ":"), syn.toString());
            // Another machine: the MSS a 1500-byte link allows, not loopback's 65495.
            assertEquals(1460, mss(Base64.getDecoder().decode(syn.path("packet_b64").asText())), syn.toString());
        }
    }

    /**
     * The window's Machines control moves its lab between sessions (issue 40 item 3): one machine, two, and back, three
     * times, each with a real connection, as nobody when this test is root; nothing is left behind (MovingLabProbe).
     */
    @Test
    void theWindowsLabMovesToTwoMachinesAndBackLeavingNothing() throws Exception {
        requireLabNetwork();
        Labnet.Outcome moved = inLab(users().getLast(), "org.socketlab.lab.MovingLabProbe", "3");
        assertEquals(0, moved.status(), moved.output());
        assertTrue(moved.output().contains("ok round 3: the server's process started on one machine"), moved.output());
        assertTrue(moved.output().contains("ok child processes"), moved.output());
        assertTrue(moved.output().contains("ok descriptors"), moved.output());
    }

    /**
     * Hosts in every header (issue 57 item 3, window review picture 19): the window's lab on two machines, a live
     * session where the server forks, then a lesson started as the window starts one; each session's diagram names the
     * host of every endpoint, the forked child's (its parent's host) too.
     */
    @Test
    void everyHeaderOfTheWindowsTwoMachinesNamesTheHosts() throws Exception {
        requireLabNetwork();
        Labnet.Outcome run = inLab(users().getLast(), "org.socketlab.ui.diagram.HeaderHostsProbe");
        assertEquals(0, run.status(), run.output());
        String h1 = "on h1 (" + SecondHost.CLIENT_ADDRESS + ")", h2 = "on h2 (" + SecondHost.SERVER_ADDRESS + ")";
        for (String line : List.of("live header client: " + h1, "live header server: " + h2,
                "live header server-2: " + h2, "lesson header client: " + h1, "lesson header server: " + h2))
            assertTrue(run.output().contains(line + "\n"), line + " in: " + run.output());
    }

    /**
     * Issue 57 (window review finding 3b, picture 19): the window's lab put on two machines, and the client connects to
     * the server's machine before the server made any call. The session itself says where the server lives, so the RST
     * is drawn from h2's kernel at the server's kernel lifeline, with no third kernel, and the server's lifelines name
     * h2 (RefusedBeforeServerProbe), as nobody when this test is root.
     */
    @Test
    void aRefusalBeforeTheServersFirstCallIsDrawnFromTheServersMachine() throws Exception {
        requireLabNetwork();
        Labnet.Outcome run = inLab(users().getLast(), "org.socketlab.ui.shell.RefusedBeforeServerProbe");
        assertEquals(0, run.status(), run.output());
        String out = run.output();
        assertTrue(out.contains("connect ECONNREFUSED\n"), out);
        assertFalse(out.contains("Lifeline[endpoint=external"), "no third kernel: " + out);
        assertTrue(out.contains("rst drawn server -> client\n"), out);
        assertTrue(out.contains("rst line the kernel of h2 (no socket listening on port 5000)"), out);
        assertTrue(out.contains("server host on h2 (" + SecondHost.SERVER_ADDRESS + ")\n"), out);
    }

    @Test
    void theServersClosedConnectionIsFollowedOnTheSecondHost() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        Path dir = Files.createTempDirectory(shared, "time-wait-");
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
        Path journal = dir.resolve("time-wait.jsonl");
        // The server closes first: its FIN_WAIT_2 and TIME_WAIT are in the second host's kernel, read there.
        Labnet.Outcome run = inLab(student, "org.socketlab.Main", "run", "time-wait", "--two-hosts", "--lang", "en",
                "--journal", journal.toString());
        assertEquals(0, run.status(), run.output());
        ObjectMapper json = new ObjectMapper();
        boolean timeWait = false;
        for (String line : Files.readAllLines(journal)) {
            JsonNode e = json.readTree(line);
            timeWait |= e.path("type").asText().equals("state") && e.path("endpoint").asText().equals("server")
                    && e.path("to").asText().equals("TIME_WAIT");
        }
        assertTrue(timeWait, "the server's TIME_WAIT journaled: " + run.output());
    }

    @Test
    void theTwoMachinesLessonSaysTheMssEachRunOffered() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        for (String[] way : List.of(new String[]{"", "MSS 65495", "this machine's own kernel"},
                new String[]{"--two-hosts", "MSS 1460", "the other machine's kernel"})) {
            Path dir = Files.createTempDirectory(shared, "two-machines-");
            assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
            Path journal = dir.resolve("two-machines.jsonl");
            List<String> args = new ArrayList<>(List.of("run", "two-machines", "--lang", "en", "--journal",
                    journal.toString()));
            if (!way[0].isEmpty()) args.add(way[0]);
            Labnet.Outcome run = inLab(student, "org.socketlab.Main", args.toArray(String[]::new));
            assertEquals(0, run.status(), run.output());
            String said = Files.readString(journal);
            assertTrue(said.contains("The SYN offered " + way[1]), way[0] + ": " + said);
            assertTrue(said.contains("The RST came from " + way[2]), way[0] + ": " + said);
            // Only on two machines: a connect() to 10.77.0.3, where no host is: ARP asks, nobody answers, and after
            // about 3 s (the kernel's three ARP questions, a second apart) -1 EHOSTUNREACH, no SYN on the wire.
            List<Event> events = JournalJsonl.read(journal);
            List<Payload.Call> toNobody = events.stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Call c && c.call().equals("connect")
                            && c.args().getOrDefault("addr", "").startsWith(SecondHost.NO_HOST_ADDRESS + ":"))
                    .map(p -> (Payload.Call) p).toList();
            refusalsDrawnFromTheKernelThatSentThem(events, !way[0].isEmpty());
            if (way[0].isEmpty()) {
                assertEquals(List.of(), toNobody, "one machine: no such step");
                continue;
            }
            assertEquals(1, toNobody.size(), said);
            Payload.Call c = toNobody.getFirst();
            assertEquals("EHOSTUNREACH", c.errnoName(), c.toString());
            double waitedMs = c.blockedNs() / 1e6;
            assertTrue(waitedMs > 2_000 && waitedMs < 10_000, "about 3 s of ARP: " + waitedMs + " ms");
            assertTrue(events.stream().noneMatch(e -> e.payload() instanceof Payload.Segment s
                    && s.dst() != null && s.dst().startsWith(SecondHost.NO_HOST_ADDRESS + ":")), said);
            assertTrue(said.contains("and no segment left for 10.77.0.3"), said);
        }
    }

    /**
     * Issue 57 (window review finding 3, screenshots 19 and 20): on two machines the refused connect's RST is drawn from
     * the server's machine's kernel (h2's, at the server's kernel lifeline) and the ICMP host unreachable from the
     * client's own (h1's), each named by its host; no lifeline of a third kernel "no socket listening". On one machine
     * that kernel is the one kernel at a port where nothing listens, and keeps its own lifeline.
     */
    private static void refusalsDrawnFromTheKernelThatSentThem(List<Event> events, boolean twoHosts) {
        Story story = Story.of(events);
        List<Beat.Segment> refusals = story.beats().stream()
                .filter(b -> b instanceof Beat.Segment s && s.captured() && s.segment().from().equals("external"))
                .map(b -> (Beat.Segment) b).toList();
        assertFalse(refusals.isEmpty(), "the RST captured");
        boolean externalLifeline = story.lifelines().contains(new Lifeline("external", Lifeline.Role.KERNEL));
        Messages en = Messages.of(Lang.EN);
        if (!twoHosts) {
            assertTrue(externalLifeline, story.lifelines().toString());
            return;
        }
        assertFalse(externalLifeline, "no third kernel on two machines: " + story.lifelines());
        Beat.Segment rst = refusals.stream().filter(s -> s.segment().has(TcpFlag.RST)).findFirst().orElseThrow();
        assertEquals(List.of("server", "client"), List.of(rst.drawnFrom(), rst.drawnTo()), rst.toString());
        assertTrue(StoryText.line(rst, en).startsWith("the kernel of h2 (no socket listening on port "),
                StoryText.line(rst, en));
        Beat.Segment icmp = refusals.stream().filter(s -> s.segment().is(IcmpMessage.HOST_UNREACHABLE)).findFirst()
                .orElseThrow(() -> new AssertionError("the ICMP host unreachable captured: " + refusals));
        assertEquals(List.of("client", "client"), List.of(icmp.drawnFrom(), icmp.drawnTo()), icmp.toString());
        assertTrue(StoryText.line(icmp, en).startsWith("the kernel of h1 → Client ICMP"), StoryText.line(icmp, en));
        assertTrue(StoryText.segment(icmp, en).endsWith("made by h1's own kernel"), StoryText.segment(icmp, en));
        assertFalse(StoryText.segment(rst, en).contains("own kernel"), StoryText.segment(rst, en));
        assertTrue(StoryText.line(icmp, Messages.of(Lang.ES)).startsWith("el núcleo de h1 → "),
                StoryText.line(icmp, Messages.of(Lang.ES)));
    }

    @Test
    void aLessonFilePlacesItsEndpointsOnItsHostsAndTheLifelinesNameThem() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        Path dir = Files.createTempDirectory(shared, "hosts-");
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
        // Server and a second client on h2, the client on h1: no --two-hosts, the file's "hosts" say it.
        Path file = dir.resolve("on-two.json");
        Files.writeString(file, LessonHostsTest.TWO);
        assertTrue(file.toFile().setReadable(true, false));
        Path journal = dir.resolve("on-two.jsonl"), md = dir.resolve("on-two.md"), svg = dir.resolve("on-two.svg");
        Labnet.Outcome run = inLab(student, "org.socketlab.Main", "run", file.toString(), "--lang", "en", "--journal",
                journal.toString(), "--markdown", md.toString(), "--svg", svg.toString());
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("bind(3, " + SecondHost.SERVER_ADDRESS + ":"), run.output());
        ObjectMapper json = new ObjectMapper();
        List<String> starts = new ArrayList<>();
        JsonNode syn = null;
        for (String line : Files.readAllLines(journal)) {
            JsonNode e = json.readTree(line);
            if (e.path("type").asText().equals("process") && e.path("event").asText().equals("started"))
                starts.add(e.path("endpoint").asText() + " " + e.path("host").asText() + " "
                        + e.path("address").asText());
            if (syn == null && e.path("type").asText().equals("segment")
                    && e.path("origin").asText().equals("captured") && e.path("flags").toString().equals("[\"SYN\"]"))
                syn = e;
        }
        assertEquals(List.of("server h2 10.77.0.2", "client h1 10.77.0.1", "client-2 h2 10.77.0.2"), starts);
        // The client's SYN crossed the link from h1 to h2.
        assertTrue(syn != null && syn.path("src").asText().startsWith(SecondHost.CLIENT_ADDRESS + ":"),
                String.valueOf(syn));
        String transcript = Files.readString(md);
        assertTrue(transcript.contains("Server on h2 (10.77.0.2), Client on h1 (10.77.0.1), Client 2 on h2 "
                + "(10.77.0.2)"), transcript);
        String picture = Files.readString(svg);
        assertTrue(picture.contains("on h2 (10.77.0.2)") && picture.contains("on h1 (10.77.0.1)"), picture);
    }

    /** 40,000 bytes from h1's client to h2's server, read whole (MSG_WAITALL): long enough for a slow link to show. */
    private static String bulkLesson() {
        String steps = """
                ,
                {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
                 "narration": {"es": "acepta", "en": "accepts"}, "expect": {"result": "fd"}},
                {"endpoint": "client", "call": "send", "socket": "c", "data": "%s",
                 "narration": {"es": "envía", "en": "sends"}, "expect": {"result": 40000}},
                {"endpoint": "server", "call": "recv", "socket": "conn", "size": 40000, "flags": "MSG_WAITALL",
                 "narration": {"es": "recibe", "en": "receives"}, "expect": {"result": 40000}}
                ]}
                """.formatted("x".repeat(40_000));
        String two = LessonHostsTest.TWO.replaceAll("(?s),\\s*\\{\"endpoint\": \"client-2\".*?\\}\\}", "")
                .replace("\"server\", \"client-2\"", "\"server\"");
        int end = two.lastIndexOf(']');
        return two.substring(0, end) + steps;
    }

    @Test
    void theLinksRateIsATokenBucketTheDataTakesItsTimeToCross() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        Path dir = Files.createTempDirectory(shared, "rate-");
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
        Path file = dir.resolve("bulk.json");
        Files.writeString(file, bulkLesson());
        assertTrue(file.toFile().setReadable(true, false));
        Path journal = dir.resolve("bulk.jsonl");
        // 200 kbit/s = 25,000 bytes/s: past the 16 KiB burst, the other 23,616 bytes need about 0.94 s.
        Labnet.Outcome run = inLab(student, "org.socketlab.Main", "run", file.toString(), "--rate", "200", "--lang",
                "en", "--journal", journal.toString());
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("sends at most 200 kbit/s each way"), run.output());
        ObjectMapper json = new ObjectMapper();
        long first = -1, last = -1, bytes = 0;
        boolean said = false;
        for (String line : Files.readAllLines(journal)) {
            JsonNode e = json.readTree(line);
            said |= e.path("type").asText().equals("note") && line.contains("200 kbit/s");
            if (e.path("type").asText().equals("segment") && e.path("origin").asText().equals("captured")
                    && e.path("src").asText().startsWith(SecondHost.CLIENT_ADDRESS + ":")
                    && e.path("len").asInt() > 0) {
                if (first < 0) first = e.path("at_ns").asLong();
                last = e.path("at_ns").asLong();
                bytes += e.path("len").asInt();
            }
        }
        assertTrue(said, "the journal says the link's rate");
        assertTrue(bytes >= 40_000, "every byte crossed the link (a retransmission may add some): " + bytes);
        // Without the bucket the veth link carries them in milliseconds; a slower machine only makes this longer.
        assertTrue(last - first >= 600_000_000L, "the data took " + (last - first) / 1_000_000 + " ms to cross");
    }

    @Test
    void helpSaysWhetherThisKernelHasNetemAskedOfTheKernel() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast();
        Labnet.Outcome help = inLab(student, "org.socketlab.Main", "help", "--lang", "en");
        assertEquals(0, help.status(), help.output());
        String config = kernelConfig();
        if (config.contains("# CONFIG_NET_SCH_NETEM is not set"))
            assertTrue(help.output().contains("which this kernel has none of (asked for one, it answered ENOENT)"),
                    help.output());
        else
            if (config.contains("CONFIG_NET_SCH_NETEM=y"))
                assertTrue(help.output().contains("this kernel has netem too."), help.output());
            else // a module (loaded on request) or no configuration to read: the kernel was asked, never "unknown"
                assertTrue(
                        help.output().contains("this kernel has netem too.") || help.output().contains("has none of ("),
                        help.output());
        Labnet.Outcome es = inLab(student, "org.socketlab.Main", "help", "--lang", "es");
        assertTrue(es.output().contains("Condiciones del enlace entre dos máquinas"), es.output());
    }

    /** /proc/config.gz where this kernel publishes it, else empty. */
    private static String kernelConfig() {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/proc/config.gz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aRateIsForTheLinkBetweenTwoMachinesOnly() {
        Said oneMachine = cli("run", "tcp-basics", "--rate", "2000", "--lang", "en");
        assertEquals(Cli.USAGE, oneMachine.status(), oneMachine.err());
        assertTrue(oneMachine.err().contains("--rate sets the rate of the link between two machines"),
                oneMachine.err());
        for (String bad : List.of("0", "-5", "fast", "10000001", "0100")) {
            Said said = cli("run", "tcp-basics", "--two-hosts", "--rate", bad, "--lang", "es");
            assertEquals(Cli.USAGE, said.status(), bad + ": " + said.err());
            assertTrue(said.err().contains("--rate " + bad + ": indica la velocidad del enlace"), said.err());
            assertEquals("", said.out(), "nothing was run");
        }
    }

    @Test
    void oneSendLeavesAsMssSizedSegmentsOnTheLinkAndWholeOnTheLoopback() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        for (String[] way : List.of(
                new String[]{"", "travelled in one single segment: on the loopback the MSS is 65495"},
                new String[]{"--two-hosts",
                        "travelled in 7 segments of at most 1448 bytes of data: the MSS of 1460 the SYN-ACK offered, less the 12 bytes"})) {
            Path dir = Files.createTempDirectory(shared, "mss-");
            assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
            Path journal = dir.resolve("mss.jsonl");
            List<String> args = new ArrayList<>(List.of("run", "mss-segmentation", "--lang", "en", "--journal",
                    journal.toString()));
            if (!way[0].isEmpty()) args.add(way[0]);
            Labnet.Outcome run = inLab(student, "org.socketlab.Main", args.toArray(String[]::new));
            assertEquals(0, run.status(), run.output());
            String said = Files.readString(journal);
            assertTrue(said.contains(way[1]), way[0] + ": " + said);
            assertTrue(said.contains("three recv() calls of 4000, 4000 and 2000"), said);
            // The journal's own segments agree with the sentence: the client's data segments and their largest size.
            ObjectMapper json = new ObjectMapper();
            List<Integer> lengths = new ArrayList<>();
            for (String line : Files.readAllLines(journal)) {
                JsonNode e = json.readTree(line);
                if (e.path("type").asText().equals("segment") && e.path("origin").asText().equals("captured")
                        && e.path("from").asText().equals("client") && e.path("len").asInt() > 0)
                    lengths.add(e.path("len").asInt());
            }
            assertEquals(10_000, lengths.stream().mapToInt(Integer::intValue).sum(), lengths.toString());
            assertEquals(way[0].isEmpty() ? List.of(10_000) : List.of(1448, 1448, 1448, 1448, 1448, 1448, 1312),
                    lengths);
        }
    }

    /** The MSS option of an IPv4 TCP packet's header, or -1. */
    private static int mss(byte[] packet) {
        int ip = (packet[0] & 0x0f) * 4, tcpHeader = ((packet[ip + 12] & 0xff) >> 4) * 4;
        for (int i = ip + 20; i < ip + tcpHeader;) {
            int kind = packet[i] & 0xff;
            if (kind == 0) break;
            if (kind == 1) {
                i++;
                continue;
            }
            if (kind == 2) return (packet[i + 2] & 0xff) << 8 | (packet[i + 3] & 0xff);
            i += packet[i + 1] & 0xff;
        }
        return -1;
    }

    @Test
    void theSecondHostIsMadeAndRemovedItsLinkThereOnlyWhileItIs() throws Exception {
        requireLabNetwork();
        for (List<String> user : users()) {
            Labnet.Outcome o = inLab(user, "org.socketlab.capture.SecondHostProbe", "5");
            assertEquals(0, o.status(), user + ": " + o.output());
            assertTrue(o.output().contains("second host made and removed 5 times"), o.output());
        }
    }

    @Test
    void theBrokerStartsAnEndpointOnlyOnAHostItMadeAndOnlyBySafeName() throws Exception {
        requireLabNetwork();
        for (List<String> user : users()) {
            Labnet.Outcome o = inLab(user, "org.socketlab.capture.SecondHostProbe", "refused");
            assertEquals(0, o.status(), user + ": " + o.output());
            List<String> lines = o.output().lines().filter(l -> l.startsWith("pid ")).toList();
            assertEquals(3, lines.size(), o.output());
            assertTrue(lines.get(0).startsWith("pid -1 status 126 labnet: request refused: endpoint: the host is not"),
                    o.output());
            assertTrue(lines.get(1).startsWith("pid -1 status 126 labnet: request refused: endpoint: the name"),
                    o.output());
            assertTrue(lines.get(2).startsWith("pid -1 status 126 labnet: request refused: endpoint: the host is not"),
                    o.output());
            List<String> links = o.output().lines().filter(l -> l.startsWith("link ")).toList();
            assertEquals(List.of("link status 126 labnet: request refused: link: the host is not one this lab made",
                    "link status 126 labnet: request refused: link: the host is not one this lab made",
                    "link status 126 labnet: request refused: link: the rate is 0 to 10000000 kbit/s"), links);
            // The second host's drop rules and their log (issue 40): refused in one line unless a host it made, one of
            // that host's log groups, the templates' operations; its own forms run there.
            List<String> far = o.output().lines().filter(l -> l.startsWith("far ")).toList();
            String group = "far status 126 labnet: request refused: capture-in: the device is one of the host's log"
                    + " groups (nflog:N)",
                    hostNot = "far status 126 labnet: request refused: %s: the host is not one"
                            + " this lab made";
            assertEquals(List.of(group, group, group, hostNot.formatted("capture-in"), hostNot.formatted("capture-in"),
                    "far status 126 labnet: request refused: capture takes a device and a snap length",
                    "far status 126 labnet: request refused: nft: the operations are fresh, reset and drop, with their"
                            + " parameters",
                    "far status 126 labnet: request refused: nft: the operations are fresh, reset and drop, with their"
                            + " parameters",
                    hostNot.formatted("nft-in"), hostNot.formatted("nft-in"), hostNot.formatted("nft-in"),
                    "far status 126 labnet: request refused: nft takes at least one operation"), far, o.output());
            assertTrue(o.output().contains("made status 0"), o.output());
            // The log group's capture is labnet's own: it needs no tcpdump.
            assertTrue(o.output().contains("log header 24"), o.output());
        }
    }

    private record Said(int status, String out, String err) {
    }

    private static Said cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheLabNetworkThereIsNoTwoHostModeAndOneLineSaysWhy() {
        // This test's JVM runs on this computer's network (no launcher): never the hosts' addresses here.
        Said said = cli("run", "tcp-basics", "--two-hosts", "--lang", "en");
        assertEquals(Cli.NO_LAB_NETWORK, said.status(), said.err());
        assertEquals(1, said.err().lines().count(), said.err());
        assertTrue(said.err().startsWith("Two machines need SocketLab’s private lab network"), said.err());
        assertEquals("", said.out(), "nothing was run");
    }

    @Test
    void aLessonThatIsNotOneClientAndOneServerOverIpv4RefusesTwoHostsInOneLine() {
        Messages m = Messages.of(Lang.EN);
        for (String[] refused : List.of(new String[]{"udp-port-unreachable", "lesson.twoHosts.endpoints"},
                new String[]{"multiple-clients", "lesson.twoHosts.endpoints"},
                new String[]{"ipv6-basics", "lesson.twoHosts.family"},
                new String[]{"unix-domain", "lesson.twoHosts.endpoints"})) {
            Said said = cli("run", refused[0], "--two-hosts", "--lang", "en");
            assertEquals(Cli.USAGE, said.status(), refused[0] + ": " + said.err());
            assertEquals(1, said.err().lines().count(), said.err());
            String start = m.get(refused[1], refused[0], "\u0000").split("\u0000")[0];
            assertTrue(said.err().startsWith(start), refused[0] + ": " + said.err());
            assertEquals("", said.out(), "nothing was run");
        }
        // A lesson that loses packets on purpose is refused too (in the lab network; here its own line comes first).
        LocalizedException losses = assertThrows(LocalizedException.class,
                () -> TwoHosts.rewrite(LessonLoader.load("lost-syn")));
        assertEquals("lesson.twoHosts.losses", losses.key());
    }

    private static SockAddr ipv4(String host) {
        String[] parts = host.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) bytes[i] = (byte) Integer.parseInt(parts[i]);
        return new SockAddr.Inet4(bytes, 5000);
    }

    @Test
    void eachAddressIsMovedToTheHostItNamesAndTheListMarksTheLessonsThatMove() {
        // udp-request-reply: the client binds its own address, sends to the server's; the server binds its own.
        Lesson moved = TwoHosts.rewrite(LessonLoader.load("udp-request-reply"));
        List<String> addresses = new ArrayList<>();
        for (Step s : moved.steps())
            if (s.address() != null) addresses.add(s.endpoint() + " " + s.call() + " " + s.address());
        assertTrue(addresses.contains("client bind " + SecondHost.CLIENT_ADDRESS + ":0"), addresses.toString());
        assertTrue(addresses.contains("server bind " + SecondHost.SERVER_ADDRESS + ":{port}"), addresses.toString());
        assertTrue(addresses.stream().noneMatch(a -> a.contains("127.0.0.1")), addresses.toString());
        assertTrue(addresses.stream().filter(a -> a.startsWith("client sendto") || a.startsWith("client connect"))
                .allMatch(a -> a.endsWith(SecondHost.SERVER_ADDRESS + ":{port}")), addresses.toString());
        Said lessons = cli("lessons", "--lang", "en");
        assertTrue(lessons.out().lines().anyMatch(l -> l.contains("tcp-basics") && l.endsWith("[--two-hosts]")),
                lessons.out());
        assertTrue(lessons.out().lines().anyMatch(l -> l.contains("multiple-clients") && !l.endsWith("[--two-hosts]")),
                lessons.out());
        Said lecciones = cli("lessons", "--lang", "es");
        assertTrue(lecciones.out().lines().anyMatch(l -> l.contains("tcp-basics") && l.endsWith("[--two-hosts]")),
                lecciones.out());
        assertTrue(lecciones.out().contains("[dos máquinas]: la lección se ejecuta siempre en dos máquinas"),
                lecciones.out());
    }

    @Test
    void theHostsAddressesAreAllowedOnlyInATwoHostLab() {
        try (Lab lab = Lab.withoutCapture()) {
            lab.addressPolicy().allowNonLoopback(true); // even with addresses beyond this machine allowed
            // the hosts' addresses and the link's address where no host is: only in a lab of two machines
            for (String host : List.of(SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS,
                    SecondHost.NO_HOST_ADDRESS)) {
                LocalizedException refused = assertThrows(LocalizedException.class,
                        () -> lab.addressPolicy().check(ipv4(host)));
                assertEquals("input.address.labHostsOnly", refused.key());
            }
            lab.addressPolicy().check(ipv4("10.77.0.9")); // any other address: the opt-in decides
            assertFalse(lab.secondHost().isPresent());
        }
    }
}
