package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.capture.WireFate;

/**
 * The sanitizer lane (issue 76 item 5): socketlab-wire, the C that parses every packet the link carries, built with
 * AddressSanitizer and UBSan ({@code build-native.sh BASEDIR TARGET sanitized}) and fed malformed frames. The corpus,
 * src/test/resources/org/socketlab/lab/wire-corpus: a frame a file ({@code *.frame}: hex bytes, "#" comments, "pad N"
 * to fill with zeros up to N bytes) - truncated Ethernet, IP, TCP and UDP headers, bad IHL, total lengths longer and
 * shorter than the frame, IP options, a TCP data offset past the frame, IPv6, ARP, no bytes at all, 1600 bytes and
 * more - each sent both ways, then {@value #MUTATIONS} random mutations of them (seed {@value #MUTATION_SEED}); and
 * {@code orders.txt}, "set" lines with bad numbers for its standard input, each with the answers it must get. A harness
 * (wire-harness.py: Java cannot hand a child descriptors 3 and 4) gives the wire two AF_UNIX datagram socketpairs as
 * its sides. Every IPv4 frame must be told (queued then delivered, reordered or dropped; or lost, or dropped), come out
 * as often as told and byte for byte; every other frame the wire takes comes out once; a frame shorter than an Ethernet
 * header or longer than the wire's 1600 bytes never; the wire still runs at the end, and says nothing on its stderr,
 * where the sanitizers report.
 */
class SanitizedWireTest {
    private static final int MUTATIONS = 3000;
    private static final long MUTATION_SEED = 76;
    /** wire.c's FRAME_MAX: a longer frame is refused at read, as one shorter than an Ethernet header. */
    private static final int FRAME_MAX = 1600, ETHERNET = 14;
    private static final int REFUSED = 0, NOT_IPV4 = 1, IPV4 = 2;
    /** Frames sent before the harness waits for the wire to hold nothing: some in flight together, to reorder. */
    private static final int BATCH = 16;
    /** The run's link: client to server with delay, jitter, loss, duplicates, reordering; back with bursts and a rate. */
    private static final String TO_SERVER = "2000 1000 100000 1 100000 200000 0 4000",
            TO_CLIENT = "500 0 150000 3 50000 0 100000 4000", SEED = "76";
    private static final String CORPUS = "/org/socketlab/lab/wire-corpus";

    /** A frame of the script: its place among the frames sent, its direction (0: to the server), KIND, its bytes. */
    private record Sent(int index, int way, int kind, byte[] bytes) {
    }

    /** The script the harness plays, and what the test knows of it. */
    private static final class Script {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Sent> sent = new ArrayList<>();
        final List<String> answers = new ArrayList<>();

        void frame(int way, byte[] frame) {
            Sent s = new Sent(sent.size(), way, kind(frame), frame);
            sent.add(s);
            bytes.write('F');
            bytes.write(way);
            bytes.write(s.kind());
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(frame.length).array());
            bytes.writeBytes(frame);
            if (sent.size() % BATCH == 0) settle();
        }

        void order(String line, List<String> expected) {
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            bytes.write('O');
            bytes.write(expected.size());
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
            bytes.writeBytes(text);
            answers.addAll(expected);
        }

        void settle() {
            bytes.write('W');
        }
    }

    @Test
    void malformedFramesAndBadOrdersLeaveTheSanitizedWireRunningAndEveryFrameAccountedFor() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc (to build the sanitized wire)");
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 (apt install python3)");
        Path target = Path.of("target").toAbsolutePath();
        Path work = Files.createTempDirectory(target, "sanitized-wire-");
        Path wire = sanitizedWire(target, work);
        Script script = script();
        Path scriptFile = Files.write(work.resolve("script"), script.bytes.toByteArray());
        Path said = work.resolve("stdout"), reports = work.resolve("stderr");
        List<String> command = new ArrayList<>(
                List.of("/usr/bin/python3", resource("/org/socketlab/lab/wire-harness.py")
                        .toString(), wire.toString(), scriptFile.toString()));
        command.addAll(List.of((TO_SERVER + " " + TO_CLIENT + " " + SEED).split(" ")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(said.toFile()).redirectError(reports.toFile());
        pb.environment().put("ASAN_OPTIONS", "halt_on_error=1");
        pb.environment().put("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1");
        long started = System.nanoTime();
        Process harness = pb.start();
        boolean ended = harness.waitFor(120, TimeUnit.SECONDS);
        if (!ended) harness.destroyForcibly().waitFor();
        long ms = (System.nanoTime() - started) / 1_000_000;
        String stderr = Files.readString(reports);
        assertEquals("", stderr.strip(), "the sanitized wire (or its harness) said on stderr:\n" + stderr);
        List<String> lines = Files.readAllLines(said);
        assertTrue(ended && harness.exitValue() == 0, "the harness ended well in " + ms + " ms: " + tail(lines));
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("stuck")).toList(), "waits that never ended");
        assertEquals("alive", lines.getLast(), "the wire still ran at the end");
        checkWhatTheWireSaid(script, lines);
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(work);
    }

    /** The wire's lines: the orders' answers, and every IPv4 frame told; every frame out as often as told. */
    private static void checkWhatTheWireSaid(Script script, List<String> lines) {
        List<String> wire = lines.stream().filter(l -> l.startsWith("wire ")).map(l -> l.substring(5)).toList();
        assertEquals("wire ready", wire.getFirst());
        assertTrue(wire.get(1).startsWith("wire timing "), "the second line says what the scheduler gave it: " + wire);
        List<String> answers = wire.stream().filter(l -> l.startsWith("set ")).toList();
        List<String> expected = new ArrayList<>();
        int taken = 0;
        for (String a : script.answers) expected.add(a.equals("taken") ? "set " + ++taken : "set refused");
        assertEquals(expected, answers, "the wire's answers to orders.txt, in order");
        List<WireFate> fates = new ArrayList<>();
        for (String line : wire.subList(1, wire.size())) {
            if (line.startsWith("set ") || line.startsWith("wire timing ")) continue;
            Optional<WireFate> fate = WireFate.parse(line);
            assertTrue(fate.isPresent(), "a fate line WireFate reads: " + line);
            fates.add(fate.get());
        }
        Map<Integer, Integer> arrivals = arrivalsOfEachIpv4Frame(script, fates);
        // Frames with the same bytes are one group: the harness names a frame that came out by the first of them.
        Map<Integer, Integer> group = new HashMap<>();
        Map<String, Integer> firstWithBytes = new HashMap<>();
        Map<Integer, Integer> owed = new HashMap<>();
        for (Sent s : script.sent) {
            int first = firstWithBytes.computeIfAbsent(s.way() + ":" + Arrays.toString(s.bytes()), k -> s.index());
            group.put(s.index(), first);
            int times = s.kind() == IPV4 ? arrivals.get(s.index()) : s.kind() == NOT_IPV4 ? 1 : 0;
            owed.merge(first, times, Integer::sum);
        }
        Map<Integer, Integer> came = new HashMap<>();
        for (String line : lines) {
            if (!line.startsWith("out ")) continue;
            String[] w = line.split(" ");
            assertTrue(!w[2].equals("foreign"), "a frame out that was never sent its way: " + line);
            Sent s = script.sent.get(Integer.parseInt(w[2]));
            assertEquals(Integer.parseInt(w[1]), s.way(), line);
            came.merge(group.get(s.index()), 1, Integer::sum);
        }
        owed.values().removeIf(n -> n == 0);
        assertEquals(owed, came, "how often each frame (by its first index) came out, against what the wire told");
        for (WireFate.Fate f : WireFate.Fate.values())
            assertTrue(fates.stream().anyMatch(x -> x.fate() == f), "the run met " + f + " at least once");
    }

    /**
     * Each IPv4 frame's lines (the k-th of a direction is the wire's N = k), which must be a whole story: lost;
     * dropped; queued then delivered, reordered or dropped; queued_twice then that and the copy's duplicated or
     * dropped. Each frame's LEN is its own. Returns how many times each (by script index) was carried.
     */
    private static Map<Integer, Integer> arrivalsOfEachIpv4Frame(Script script, List<WireFate> fates) {
        Map<String, List<WireFate>> byNumber = new HashMap<>();
        for (WireFate f : fates)
            byNumber.computeIfAbsent((f.toServer() ? 0 : 1) + ":" + f.number(), k -> new ArrayList<>()).add(f);
        Map<Integer, Integer> arrivals = new HashMap<>();
        int[] numbered = {0, 0};
        for (Sent s : script.sent) {
            if (s.kind() != IPV4) continue;
            String key = s.way() + ":" + ++numbered[s.way()];
            List<WireFate> story = Objects.requireNonNullElse(byNumber.remove(key), List.of());
            List<String> words = story.stream().map(f -> f.fate().word()).toList();
            assertTrue(wholeStory(words), "frame " + s.index() + " (" + key + "): " + words);
            for (WireFate f : story) assertEquals(s.bytes().length, f.frameLen(), "frame " + s.index() + "'s LEN");
            arrivals.put(s.index(), (int) story.stream().filter(f -> f.fate().arrived()).count());
        }
        assertEquals(Map.of(), byNumber, "lines of numbers no IPv4 frame sent has");
        return arrivals;
    }

    private static boolean wholeStory(List<String> w) {
        List<String> carried = List.of("delivered", "reordered", "dropped");
        return switch (w.size()) {
            case 1 -> w.getFirst().equals("lost") || w.getFirst().equals("dropped");
            case 2 -> w.getFirst().equals("queued") && carried.contains(w.get(1));
            case 3 -> w.getFirst().equals("queued_twice") && carried.contains(w.get(1))
                    && List.of("duplicated", "dropped").contains(w.get(2));
            default -> false;
        };
    }

    /**
     * orders.txt first (its last line leaves the run's own link), the corpus both ways, a queue of one that drops, then
     * the mutations with the run's link set again now and then (a change while frames flow).
     */
    private static Script script() throws IOException, URISyntaxException {
        Script script = new Script();
        String again = "set " + TO_SERVER + " " + TO_CLIENT + " " + SEED;
        for (String[] order : orders()) script.order(order[1], List.of(order[0].split(" ")));
        List<byte[]> corpus = corpus();
        assertTrue(corpus.size() >= 30, "the corpus: " + corpus.size() + " frames");
        for (byte[] frame : corpus) {
            script.frame(0, frame);
            script.frame(1, frame);
        }
        script.settle();
        // A queue of one packet and a long delay: the second frame on is dropped, and told so.
        script.order("set 50000 0 0 1 0 0 0 1 " + TO_CLIENT, List.of("taken"));
        byte[] syn = corpus.stream().filter(f -> kind(f) == IPV4).findFirst().orElseThrow();
        for (int i = 0; i < 4; i++) script.frame(0, syn);
        script.settle();
        script.order(again, List.of("taken"));
        Random random = new Random(MUTATION_SEED);
        List<byte[]> bases = corpus.stream().filter(f -> f.length >= ETHERNET && f.length <= 200).toList();
        for (int i = 0; i < MUTATIONS; i++) {
            script.frame(random.nextInt(2), mutated(bases.get(random.nextInt(bases.size())), random));
            if (i % 1000 == 999) script.order(again, List.of("taken"));
        }
        script.settle();
        return script;
    }

    /** One to four changes of a frame, most of them where the wire reads its headers. */
    private static byte[] mutated(byte[] base, Random r) {
        byte[] f = base.clone();
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            int ip = f.length > ETHERNET ? ETHERNET + (f[ETHERNET] & 15) * 4 : ETHERNET;
            switch (r.nextInt(11)) {
                case 0 -> set(f, r.nextInt(Math.min(f.length + 1, 80)), r.nextInt(256));
                case 1 -> f = Arrays.copyOf(f, r.nextInt(f.length + 1));
                case 2 -> f = appended(f, 1 + r.nextInt(64), r);
                case 3 -> set(f, ETHERNET, (f.length > ETHERNET ? f[ETHERNET] & 0xf0 : 0x40) | r.nextInt(16));
                case 4 -> set(f, ETHERNET, (r.nextInt(16) << 4) | (f.length > ETHERNET ? f[ETHERNET] & 15 : 5));
                case 5 -> set16(f, ETHERNET + 2, r.nextInt(65536));
                case 6 -> set(f, ETHERNET + 9, new int[]{1, 6, 17, 41, 58, 255, r.nextInt(256)}[r.nextInt(7)]);
                case 7 -> set(f, ip + 12, r.nextInt(16) << 4);
                case 8 -> set16(f, 12, new int[]{0x0800, 0x86dd, 0x0806, 0x8100, r.nextInt(65536)}[r.nextInt(5)]);
                case 9 -> {
                    set16(f, ip + 2, f.length > ip + 1 ? ((f[ip] & 255) << 8) | (f[ip + 1] & 255) : 7777);
                    set16(f, ip + 4, 16); // a marker's UDP length
                }
                default -> f = Arrays.copyOf(f, FRAME_MAX - 5 + r.nextInt(11)); // either side of the longest
            }
        }
        return f;
    }

    private static void set(byte[] f, int at, int value) {
        if (at < f.length) f[at] = (byte) value;
    }

    private static void set16(byte[] f, int at, int value) {
        set(f, at, value >> 8);
        set(f, at + 1, value);
    }

    private static byte[] appended(byte[] f, int more, Random r) {
        byte[] longer = Arrays.copyOf(f, f.length + more);
        for (int i = f.length; i < longer.length; i++) longer[i] = (byte) r.nextInt(256);
        return longer;
    }

    /** What the wire makes of a frame (wire.c's read_side and arrive). */
    private static int kind(byte[] f) {
        if (f.length < ETHERNET || f.length > FRAME_MAX) return REFUSED;
        boolean ipv4 = f.length >= ETHERNET + 20 && f[12] == 0x08 && f[13] == 0 && (f[ETHERNET] & 0xf0) == 0x40;
        return ipv4 ? IPV4 : NOT_IPV4;
    }

    /** The corpus's frames, by file name. */
    private static List<byte[]> corpus() throws IOException, URISyntaxException {
        List<byte[]> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(resource(CORPUS))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".frame")).sorted().toList()) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                for (String line : Files.readAllLines(file)) {
                    String text = line.strip();
                    if (text.isEmpty() || text.startsWith("#")) continue;
                    if (text.startsWith("pad ")) {
                        frame.writeBytes(new byte[Integer.parseInt(text.substring(4)) - frame.size()]);
                        continue;
                    }
                    for (String hex : text.split("\\s+")) frame.write(Integer.parseInt(hex, 16));
                }
                frames.add(frame.toByteArray());
            }
        }
        return frames;
    }

    /** orders.txt's lines: {answers, the line with its escapes undone}. */
    private static List<String[]> orders() throws IOException, URISyntaxException {
        List<String[]> orders = new ArrayList<>();
        for (String line : Files.readAllLines(resource(CORPUS).resolve("orders.txt"))) {
            if (line.startsWith("#")) continue;
            String[] parts = line.split("\t", 2);
            orders.add(new String[]{parts[0],
                    parts[1].replace("\\t", "\t").replace("\\r", "\r").replace("\\0", "\0")});
        }
        return orders;
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = SanitizedWireTest.class.getResource(name);
        assertTrue(url != null, name + " is on the test class path");
        return Path.of(url.toURI());
    }

    /** socketlab-wire with the sanitizers, as build-native.sh builds it, copied into `work`. */
    private static Path sanitizedWire(Path target, Path work) throws IOException, InterruptedException {
        Path log = work.resolve("build.log");
        Process build = new ProcessBuilder("sh", "packaging/linux/build-native.sh",
                Path.of("").toAbsolutePath().toString(), target.toString(), "sanitized").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = build.waitFor(300, TimeUnit.SECONDS);
        if (!ended) build.destroyForcibly().waitFor();
        assertTrue(ended && build.exitValue() == 0, "build-native.sh sanitized: " + Files.readString(log));
        Files.delete(log);
        return Files.copy(target.resolve("native-sanitized/socketlab-wire"), work.resolve("socketlab-wire"));
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
