package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.capture.SecondHost;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.predict.TwoHostQuizzes;
import org.socketlab.testing.BusyLoops;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.testing.Soak;

/**
 * The lessons on two machines (issue 40: {@code bind-address}, {@code bottleneck}) for real, in the private lab
 * network, in child JVMs, as this test's user and, when it runs as root, as nobody: each passes; what its sentences say
 * of the run is what its journal shows (the addresses getsockname() and accept() gave, the RST that crossed the link,
 * how long send() waited); the bottleneck holds at a person's pace, one step every 0.2 s or 5 s, the slow one on one CPU
 * beside a busy loop there; every quiz is judged by the kernel; and where there is no lab network one line says why.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class TwoHostLessonsTest {
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

    private static void requireLabNetwork() throws Exception {
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
    }

    private static Path folder(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(shared, prefix);
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false)
                && dir.toFile().setReadable(true, false));
        return dir;
    }

    private record Ran(int status, String output) {
    }

    /** A JVM of this class path that labnet started (as {@code user}), running {@code main}; at most 5 minutes. */
    private static Ran inLab(List<String> user, Path dir, String main, String... arguments) throws Exception {
        return inLab(user, UnaryOperator.identity(), dir, main, arguments);
    }

    /** {@link #inLab}, the command given to {@code around} first (to pin it to a CPU). */
    private static Ran inLab(List<String> user, UnaryOperator<List<String>> around, Path dir, String main,
            String... arguments) throws Exception {
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), main));
        command.addAll(List.of(arguments));
        Path output = dir.resolve("output.txt");
        Process p = new ProcessBuilder(around.apply(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "ended in 5 minutes: " + command);
            return new Ran(p.exitValue(), Files.readString(output));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /**
     * The run as its journal tells it from the lab's note that starts with {@code from} on: each note's first words,
     * call, captured segment (when it left, its fate, when it was journaled) and state change, a line each: what a
     * failure on a loaded box needs to be understood afterwards.
     */
    private static String wireAfter(List<Event> events, String from) {
        StringBuilder out = new StringBuilder("\nthe journal from \"" + from + "\" on (ms):");
        long start = -1;
        for (Event e : events) {
            if (start < 0 && e.payload() instanceof Payload.Note n && n.text().get("en").startsWith(from))
                start = e.atNs();
            if (start < 0) continue;
            String line = switch (e.payload()) {
                case Payload.Note n ->
                    "note " + n.text().get("en").substring(0, Math.min(40, n.text().get("en").length()));
                case Payload.Call c -> "call " + c.call() + " = " + c.result() + " " + c.errnoName();
                case Payload.Segment s when s.captured() ->
                    s.from() + "->" + s.to() + " " + s.flags() + " len " + s.len()
                            + (s.neverArrived() ? " LOST" : "") + " left at "
                            + (s.wireNs() == null ? "?" : (s.wireNs() - start) / 1_000_000);
                case Payload.State st ->
                    "state " + e.endpoint() + " fd " + st.fd() + " " + st.from() + " -> " + st.to();
                default -> null;
            };
            if (line != null) out.append("\n  ").append((e.atNs() - start) / 1_000_000).append(' ').append(line);
        }
        return out.toString();
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static List<Payload.Call> calls(List<Event> events, String endpoint, String call) {
        return events.stream().filter(e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c
                && c.call().equals(call)).map(e -> (Payload.Call) e.payload()).toList();
    }

    private static List<String> saidByTheLab(List<Event> events) {
        return events.stream().filter(e -> e.endpoint().equals("lab") && e.payload() instanceof Payload.Note)
                .map(e -> ((Payload.Note) e.payload()).text().get("en")).toList();
    }

    private static final Pattern ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+");

    @Test
    void bindAddressShowsWhoReachesEachAddressAndSaysOnlyWhatItsJournalShows() throws Exception {
        requireLabNetwork();
        for (List<String> user : users()) {
            Path dir = folder("bind-address-");
            Path journal = dir.resolve("bind-address.jsonl");
            Ran ran = inLab(user, dir, "org.socketlab.Main", "run", "bind-address", "--lang", "en", "--journal",
                    journal.toString());
            assertEquals(0, ran.status(), user + ": " + ran.output());
            List<Event> events = JournalJsonl.read(journal);
            String bound = calls(events, "server", "bind").getFirst().args().get("addr");
            String port = bound.substring(bound.indexOf(':') + 1);
            // What the server's getsockname() gave, in turn: its link address, the loopback, the wildcard, then the
            // wildcard's two connections, each with the address its SYN came to.
            assertEquals(List.of(SecondHost.SERVER_ADDRESS, "127.0.0.1", "0.0.0.0", SecondHost.SERVER_ADDRESS,
                    "127.0.0.1").stream().map(a -> a + ":" + port).toList(),
                    calls(events, "server", "getsockname").stream().map(c -> c.args().get("addr")).toList());
            // The client on the other machine: in, refused by h2's kernel when the server listened on 127.0.0.1, in.
            assertEquals(List.of("0", "-1 ECONNREFUSED", "0"), calls(events, "client", "connect").stream()
                    .map(c -> c.result() == 0 ? "0" : c.result() + " " + c.errnoName()).toList());
            assertTrue(calls(events, "client", "connect").stream()
                    .allMatch(c -> c.args().get("addr").equals(SecondHost.SERVER_ADDRESS + ":" + port)));
            // The client on the server's own machine: refused while the server listened on its link address only.
            assertEquals(List.of("-1 ECONNREFUSED", "0", "0"), calls(events, "client-2", "connect").stream()
                    .map(c -> c.result() == 0 ? "0" : c.result() + " " + c.errnoName()).toList());
            // The refusal from the other machine is a real RST that crossed the link from h2 to h1.
            List<Payload.Segment> rst = events.stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Segment s && s.captured() && s.flags().contains("RST"))
                    .map(p -> (Payload.Segment) p).toList();
            assertEquals(1, rst.size(), rst.toString());
            assertEquals(SecondHost.SERVER_ADDRESS + ":" + port, rst.getFirst().src());
            assertTrue(rst.getFirst().dst().startsWith(SecondHost.CLIENT_ADDRESS + ":"), rst.toString());
            // Every address a sentence gives is one the journal's calls gave back.
            Set<String> given = new LinkedHashSet<>();
            for (Event e : events)
                if (e.payload() instanceof Payload.Call c)
                    for (String key : List.of("addr", "peer"))
                        if (c.args().get(key) != null) given.add(c.args().get(key));
            List<String> said = saidByTheLab(events);
            int addresses = 0;
            for (String sentence : said) {
                Matcher m = ADDRESS.matcher(sentence);
                while (m.find()) {
                    addresses++;
                    assertTrue(given.contains(m.group()), m.group() + " in \"" + sentence + "\" is not in " + given);
                }
            }
            assertEquals(8, addresses, said.toString());
            assertTrue(said.contains("connect() returned -1 ECONNREFUSED: the link's capture shows the RST h2's kernel"
                    + " sent to h1. The server exists and listens, but not on the address the SYN came to."),
                    said.toString());
            System.out.printf("bind-address on two machines as %s: passed, load %s%n",
                    user.isEmpty() ? System.getProperty("user.name") : "nobody", load());
        }
    }

    @Test
    @Soak // paced and beside a busy loop: the soak lane
    void theBottleneckHoldsAtAPersonsPaceAndUnderLoad() throws Exception {
        requireLabNetwork();
        List<String> student = users().getLast(); // nobody when this test is root
        // One step every 0.2 s, as the student; then 5 s before each step from the first send to the last, on one CPU
        // beside a busy loop there, as this test's user.
        record Pace(List<String> user, long fastMs, long slowMs, boolean busy) {
        }
        for (Pace pace : List.of(new Pace(student, 200, 200, false), new Pace(List.of(), 200, 5000, true))) {
            try (BusyLoops busy = pace.busy() ? BusyLoops.start() : null) {
                Path dir = folder("bottleneck-");
                Path journal = dir.resolve("bottleneck.jsonl");
                Ran ran = inLab(pace.user(), busy == null ? UnaryOperator.identity() : busy::onItsCpu, dir,
                        PacedTwoHostRun.class.getName(), journal.toString(), "bottleneck",
                        String.valueOf(pace.fastMs()), String.valueOf(pace.slowMs()), "10", "15");
                String who = (pace.user().isEmpty() ? System.getProperty("user.name") : "nobody") + ", "
                        + pace.slowMs() + " ms a step, "
                        + (busy == null ? "no busy loop" : "on one CPU beside a busy loop")
                        + ", load " + load();
                assertEquals(0, ran.status(), who + ": " + ran.output());
                List<Event> events = JournalJsonl.read(journal);
                List<String> said = saidByTheLab(events);
                assertTrue(said.contains(
                        "Lesson bottleneck sets the link between its two machines to at most 2000 kbit/s each way (a "
                                + "token bucket, tbf: a burst of 16 KiB, a queue of 200 ms)."),
                        said.toString());
                // The first send waited for the link, though the server was reading: the sentence gives its wait.
                Payload.Call first = calls(events, "client", "send").getFirst();
                assertEquals(200_000, first.result());
                long waited = Math.round(first.blockedNs() / 1e6);
                assertTrue(waited >= 100, who + ": 200,000 bytes over 2000 kbit/s cannot go in " + waited + " ms");
                assertTrue(said.stream().anyMatch(s -> s.startsWith("send() returned 200000 after waiting " + waited
                        + " ms in the kernel")), who + ": " + said);
                // A window of 0 is said only where the server advertised one on the captured link.
                boolean zero = events.stream().map(Event::payload).anyMatch(p -> p instanceof Payload.Segment s
                        && s.captured() && s.from().equals("server") && s.window() != null && s.window() == 0
                        && !s.flags().contains("RST") && !s.flags().contains("SYN"));
                boolean saidZero = said.stream().anyMatch(s -> s.contains("advertised a window of 0"));
                assertEquals(zero, saidZero, who + ": " + said);
                // The last sentence's queue is the largest the server's connection showed once it stopped reading.
                int slow = -1, last = -1;
                for (int i = 0; i < events.size(); i++)
                    if (events.get(i).payload() instanceof Payload.Note n) {
                        String en = n.text().get("en");
                        if (en.startsWith("Now a slow reader: the server does not read.")) slow = i;
                        if (en.startsWith("send() returned 200000. ")) last = i;
                    }
                assertTrue(slow > 0 && last > slow, who + ": " + said);
                long conn = calls(events, "server", "accept").getFirst().result(), reached = 0;
                for (Event e : events.subList(slow, last))
                    if (e.endpoint().equals("server") && e.payload() instanceof Payload.Queue q && q.fd() == conn)
                        reached = Math.max(reached, q.recvQ());
                String lastSaid = ((Payload.Note) events.get(last).payload()).text().get("en");
                assertTrue(lastSaid.contains("the server's receive queue reached " + reached + " bytes"),
                        who + ": " + reached + " / " + lastSaid);
                // The lesson keeps the reader away until the capture shows the window closed (its check), at any pace.
                assertTrue(zero, who + ": the window closed: " + said);
                System.out.printf("bottleneck on two machines (%s): passed, first send waited %d ms, zero window %s%n",
                        who, waited, zero);
            }
        }
    }

    /**
     * Issue 59: peer-reboot at a student's pace (this test's user) and slowly, 5 s before each step from the crash on
     * (nobody, as root: keepalive has given a up before recv() is called). Nothing of the server's crosses the dead
     * link, a's recv() gets ETIMEDOUT and b's the rebooted machine's RST; the sentence gives the wait and the probes
     * its own journal shows.
     */
    @Test
    @Soak // keepalive's probes take their time (35 s): the soak lane
    void peerRebootTimesOutThroughKeepaliveAndMeetsTheRebootedMachinesRst() throws Exception {
        requireLabNetwork();
        record Pace(List<String> user, long slowMs) {
        }
        for (Pace pace : List.of(new Pace(List.of(), 200), new Pace(users().getLast(), 5000))) {
            Path dir = folder("peer-reboot-");
            Path journal = dir.resolve("peer-reboot.jsonl");
            Ran ran = inLab(pace.user(), dir, PacedTwoHostRun.class.getName(), journal.toString(), "peer-reboot",
                    "200", String.valueOf(pace.slowMs()), "16", "22");
            String who = (pace.user().isEmpty() ? System.getProperty("user.name") : "nobody") + ", " + pace.slowMs()
                    + " ms a step, load " + load();
            List<Event> events = Files.exists(journal) ? JournalJsonl.read(journal) : List.of();
            assertEquals(0, ran.status(), who + ": " + ran.output() + wireAfter(events, "Machine h2 crashes"));
            int crash = -1, reboot = -1;
            for (int i = 0; i < events.size(); i++)
                if (events.get(i).payload() instanceof Payload.Note n) {
                    String en = n.text().get("en");
                    if (en.startsWith("And the server dies with its machine")) crash = i;
                    if (en.startsWith("h2 boots again")) reboot = i;
                }
            assertTrue(crash > 0 && reboot > crash, who);
            long lostFromServer = 0;
            for (Event e : events.subList(crash, reboot))
                if (e.payload() instanceof Payload.Segment seg && seg.captured() && seg.from().equals("server")) {
                    assertTrue(seg.lost(), who + ": nothing of the server's crosses the dead link: " + seg);
                    lostFromServer++;
                }
            assertTrue(lostFromServer >= 2, who + ": the killed server's RSTs left and were lost");
            List<Payload.Call> recvs = calls(events, "client", "recv");
            assertEquals("ETIMEDOUT", recvs.get(0).errnoName(), who);
            assertEquals("ECONNRESET", recvs.get(1).errnoName(), who);
            long waited = Math.round(recvs.get(0).blockedNs() / 1e6);
            String said = saidByTheLab(events).stream().filter(t -> t.startsWith("recv() ")).findFirst().orElseThrow();
            assertTrue(said.startsWith(waited >= 100
                    ? "recv() waited " + waited + " ms."
                    : "recv() returned at once (" + waited + " ms)"), who + ": " + said);
            if (pace.slowMs() >= 5000) assertTrue(waited < 100, who + ": a was given up before recv(): " + said);
            System.out.printf("peer-reboot on two machines (%s): passed, recv() on a waited %d ms%n", who, waited);
        }
    }

    /** The server on h2 sends "hola" to the client on h1; the lab drops that data segment where it arrives, in h1. */
    static final String LINK_LOSS = """
            {
              "id": "link-loss",
              "title": {"es": "Pérdida en el enlace", "en": "Loss on the link"},
              "summary": {"es": "Un segmento perdido entre dos máquinas.", "en": "A segment lost between two machines."},
              "hosts": [
                {"name": "h1", "endpoints": ["client"]},
                {"name": "h2", "endpoints": ["server"]}
              ],
              "steps": [
                {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "l",
                 "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}},
                {"endpoint": "server", "call": "bind", "socket": "l", "address": "h2:{port}",
                 "narration": {"es": "bind", "en": "bind"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "listen", "socket": "l", "backlog": 5,
                 "narration": {"es": "escucha", "en": "listens"}, "expect": {"result": 0}},
                {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "c",
                 "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}},
                {"endpoint": "client", "call": "connect", "socket": "c", "address": "h2:{port}",
                 "narration": {"es": "conecta", "en": "connects"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
                 "narration": {"es": "acepta", "en": "accepts"}, "expect": {"result": "fd"}},
                {"network": {"drop": "data", "direction": "server->client"},
                 "narration": {"es": "se pierde el siguiente segmento de datos", "en": "the next data segment is lost"}},
                {"endpoint": "server", "call": "send", "socket": "conn", "data": "hola",
                 "narration": {"es": "envía", "en": "sends"}, "expect": {"result": 4}},
                {"endpoint": "client", "call": "recv", "socket": "c", "size": 16,
                 "narration": {"es": "recibe", "en": "receives"}, "expect": {"result": 4, "data": "hola"}},
                {"endpoint": "client", "call": "close", "socket": "c",
                 "narration": {"es": "cierra", "en": "closes"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "close", "socket": "conn",
                 "narration": {"es": "cierra", "en": "closes"}, "expect": {"result": 0}},
                {"endpoint": "server", "call": "close", "socket": "l",
                 "narration": {"es": "cierra", "en": "closes"}, "expect": {"result": 0}}
              ]
            }
            """;

    /**
     * The client on h1 sends "hola" to the server on h2; the lab drops that data segment where it arrives, in h2's
     * kernel (labnet's nft-in), and reads h2's log (capture-in) to know it.
     */
    static final String LINK_LOSS_TO_SERVER = LINK_LOSS
            .replace("\"direction\": \"server->client\"", "\"direction\": \"client->server\"")
            .replace("\"endpoint\": \"server\", \"call\": \"send\", \"socket\": \"conn\"",
                    "\"endpoint\": \"client\", \"call\": \"send\", \"socket\": \"c\"")
            .replace("\"endpoint\": \"client\", \"call\": \"recv\", \"socket\": \"c\"",
                    "\"endpoint\": \"server\", \"call\": \"recv\", \"socket\": \"conn\"");

    /** Both ways: the data segment lost on the link (journaled lost where the capture saw it), then sent again. */
    @Test
    void aDropArmedOnTwoMachinesLosesTheSegmentOnTheLinkAndItsRetransmissionCrosses() throws Exception {
        requireLabNetwork();
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        for (List<String> user : users()) {
            for (boolean toServer : List.of(false, true)) {
                Path dir = folder("link-loss-");
                Path file = dir.resolve("link-loss.json"), journal = dir.resolve("link-loss.jsonl");
                Files.writeString(file, toServer ? LINK_LOSS_TO_SERVER : LINK_LOSS);
                assertTrue(file.toFile().setReadable(true, false));
                Ran ran = inLab(user, dir, "org.socketlab.Main", "run", file.toString(), "--lang", "en", "--journal",
                        journal.toString());
                assertEquals(0, ran.status(), user + " " + toServer + ": " + ran.output());
                List<Event> events = JournalJsonl.read(journal);
                List<Payload.Segment> data = events.stream().map(Event::payload)
                        .filter(p -> p instanceof Payload.Segment s && s.captured() && s.len() == 4)
                        .map(p -> (Payload.Segment) p).toList();
                // Captured on the link (the sender's address to the other host's), lost where it arrived (in h1's
                // kernel, or in h2's), then sent again and received.
                String from = toServer ? SecondHost.CLIENT_ADDRESS : SecondHost.SERVER_ADDRESS;
                String to = toServer ? SecondHost.SERVER_ADDRESS : SecondHost.CLIENT_ADDRESS;
                assertEquals(2, data.size(), user + " " + toServer + ": " + data);
                for (Payload.Segment s : data) {
                    assertTrue(s.src().startsWith(from + ":"), s.toString());
                    assertTrue(s.dst().startsWith(to + ":"), s.toString());
                    assertEquals(toServer ? "client" : "server", s.from(), s.toString());
                }
                assertTrue(data.get(0).lost() && !data.get(1).lost(), user + " " + toServer + ": " + data);
                assertEquals(data.get(0).seqNo(), data.get(1).seqNo(), "the same bytes sent again: " + data);
                assertTrue(data.get(1).wireNs() > data.get(0).wireNs(), data.toString());
                // Exactly one segment of the run is journaled lost, and the lab's note says which way it was.
                assertEquals(1, events.stream()
                        .filter(e -> e.payload() instanceof Payload.Segment s && s.lost()).count(), data.toString());
                String way = Messages.of(Lang.EN).get(toServer
                        ? "network.direction.toServer"
                        : "network.direction.toClient");
                assertTrue(saidByTheLab(events).stream().anyMatch(n -> n.contains(way)), saidByTheLab(events)
                        .toString());
            }
        }
    }

    /**
     * partial-io across a link of 20 ms each way, as the student: the second send of the send-all loop meets no ACK yet
     * (-1 EAGAIN) where on loopback one came back at once; the lesson takes either and says which the run did.
     */
    @Test
    void theSendAllLoopOnADelayedLinkSaysWhetherAnAckHadComeBack() throws Exception {
        requireLabNetwork();
        Path dir = folder("partial-io-");
        Path markdown = dir.resolve("partial-io.md");
        Ran ran = inLab(users().getLast(), dir, "org.socketlab.Main", "run", "partial-io", "--delay", "20", "--lang",
                "en", "--markdown", markdown.toString());
        assertEquals(0, ran.status(), "load " + load() + ": " + ran.output());
        String md = Files.readString(markdown);
        assertTrue(md.contains("send() found no room: -1 EAGAIN.") || md.contains("more bytes of the"), md);
    }

    /** About two minutes of one core: in the soak lane. */
    @Test
    @Soak
    void everyQuizOfTheLessonsOnTwoMachinesIsJudgedByTheKernel() throws Exception {
        requireLabNetwork();
        Path dir = folder("quizzes-");
        Ran ran = inLab(users().getLast(), dir, TwoHostQuizzes.class.getName());
        assertEquals(0, ran.status(), ran.output());
        ran.output().lines().filter(l -> l.contains(": every quiz held")).forEach(System.out::println);
        for (String id : LessonCatalog.TWO_HOST_IDS)
            assertTrue(ran.output().contains(id + ": every quiz held"), ran.output());
        // two-machines moved there: its question for two machines only (a connect() where no host is) too
        assertTrue(ran.output().contains("two-machines: every quiz held"), ran.output());
    }

    @Test
    void theyDeclareTheirMachinesAndWithoutTheLabNetworkOneLineSaysWhy() {
        for (String id : LessonCatalog.TWO_HOST_IDS) {
            assertTrue(LessonLoader.load(id).onTwoHosts(), id);
            for (String command : List.of("run", "quiz")) {
                // This JVM runs on this computer's network (no launcher): never the hosts' addresses here.
                ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
                int status = Cli.run(new String[]{command, id, "--lang", "es"}, new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                String said = err.toString(StandardCharsets.UTF_8);
                assertEquals(Cli.NO_LAB_NETWORK, status, command + " " + id + ": " + said);
                assertEquals(1, said.lines().count(), said);
                // A lesson of two machines that also loses packets is refused for the lab network it needs either way.
                assertTrue(said.startsWith("Dos máquinas necesitan")
                        || said.startsWith("La lección " + id + " pierde paquetes a propósito"), said);
            }
        }
        // socketlab lessons marks them as lessons of two machines only (not as lessons that can move there).
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        Cli.run(new String[]{"lessons", "--lang", "en"}, new PrintStream(listed, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (String id : LessonCatalog.TWO_HOST_IDS)
            assertTrue(listed.toString(StandardCharsets.UTF_8).lines()
                    .anyMatch(l -> l.contains(id) && l.endsWith("[two machines]")), listed.toString());
        // The lessons that run on this computer's network are every other one.
        List<String> all = new ArrayList<>(LessonCatalog.HOST_IDS);
        all.addAll(LessonCatalog.LAB_NETWORK_IDS);
        all.addAll(LessonCatalog.TWO_HOST_IDS);
        assertEquals(Set.copyOf(LessonCatalog.IDS), Set.copyOf(all));
        for (String id : LessonCatalog.IDS)
            assertEquals(LessonCatalog.TWO_HOST_IDS.contains(id), LessonLoader.load(id).onTwoHosts(), id);
    }
}
