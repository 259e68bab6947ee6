package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.cli.Cli;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.story.JournalLine;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.journal.JournalViewModel;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 79, wanted 4 and 5, on real programs started through a launcher script as students start them
 * ({@code src/test/resources/.../trace/world/}): a Stevens-style fork-per-client server with 11 clients connected at
 * once (12 processes) and a program of 30 threads making socket calls, each traced by {@code socketlab trace}. The SVG
 * is at most 1,920 px wide, its lanes folded into rows, every lane at least 100 px and no head box over the middle
 * between its lane and the next nor cut by the page; the Markdown's numbers strictly increase; the window's journal
 * pane numbers each moment as the Markdown does.
 */
class WideTracesTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final String WORLD = "/org/socketlab/trace/world/";
    private static final long LIMIT_S = 120;

    @TempDir
    Path dir;

    @Test
    void aForkServerOfTwelveProcessesFoldsIntoRowsAndNumbersItsMomentsInOrder() throws Exception {
        Path server = compile("fork-server");
        int port = TracedProgramsTest.freePort(), clients = 11;
        // The clients connect all at once, so the server has a child for each at the same time; then each echoes.
        CompletableFuture<List<String>> echoes = CompletableFuture.supplyAsync(() -> echoes(port, clients));
        Outputs out = trace(List.of(server.toString(), String.valueOf(port), String.valueOf(clients)));
        assertEquals(0, out.exit(), out.said());
        List<String> back = echoes.get(LIMIT_S, TimeUnit.SECONDS);
        for (int i = 0; i < clients; i++) assertEquals("client " + i + "\n", back.get(i), "client " + i + "'s echo");
        List<Event> events = JournalJsonl.read(out.journal());
        Set<String> calling = callers(events);
        assertTrue(calling.size() >= clients + 1, "the server and a child per client made calls: " + calling);
        assertDrawnReadably(out.svg(), calling.size());
        assertNumberedInOrder(events, Files.readString(out.markdown()));
    }

    @Test
    void thirtyThreadsFoldIntoRowsAndNumberTheirMomentsInOrder() throws Exception {
        Path program = compile("thread-clients");
        Outputs out = trace(List.of(program.toString(), "30"));
        assertEquals(0, out.exit(), out.said());
        List<Event> events = JournalJsonl.read(out.journal());
        Set<String> calling = callers(events);
        // Each thread's calls are journaled (until threads are drawn as threads, each on a lane of its own).
        assertTrue(calling.size() >= 31, "the main thread and 30 others made calls: " + calling);
        assertDrawnReadably(out.svg(), calling.size());
        assertNumberedInOrder(events, Files.readString(out.markdown()));
    }

    /** A program of {@code trace/world/} compiled with -Wall (and pthreads). */
    private Path compile(String name) throws Exception {
        Path cc = TracedProgramsTest.gcc();
        Path source = dir.resolve(name + ".c"), binary = dir.resolve(name);
        try (InputStream in = Objects.requireNonNull(WideTracesTest.class.getResourceAsStream(WORLD + name + ".c"))) {
            Files.copy(in, source);
        }
        Process gcc = new ProcessBuilder(cc.toString(), "-Wall", "-O0", "-pthread", "-o", binary.toString(),
                source.toString()).redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), said);
        assertEquals("", said, "compiles without a warning");
        return binary;
    }

    private record Outputs(int exit, String said, Path journal, Path svg, Path markdown) {
    }

    /** {@code socketlab trace -- sh launch.sh PROGRAM ARGS}, its journal, SVG and Markdown written. */
    private Outputs trace(List<String> program) throws IOException {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        Path sh = TracedProgramsTest.program("sh"), launch = dir.resolve("launch.sh");
        try (InputStream in = Objects.requireNonNull(WideTracesTest.class.getResourceAsStream(WORLD + "launch.sh"))) {
            Files.copy(in, launch);
        }
        Path journal = dir.resolve("t.jsonl"), svg = dir.resolve("t.svg"), md = dir.resolve("t.md");
        List<String> args = new ArrayList<>(List.of("trace", "--journal", journal.toString(), "--svg", svg.toString(),
                "--markdown", md.toString(), "--lang", "en", "--", sh.toString(), launch.toString()));
        args.addAll(program);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outputs(exit, err.toString(StandardCharsets.UTF_8), journal, svg, md);
    }

    /** {@code clients} connections to the loopback {@code port}, all open at once, each echoed; their answers. */
    private static List<String> echoes(int port, int clients) {
        List<Socket> open = new ArrayList<>();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_S);
            while (open.size() < clients) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    s.setSoTimeout(30_000);
                    open.add(s);
                } catch (ConnectException notYet) { // the server is not listening yet
                    s.close();
                    if (System.nanoTime() > until) throw new AssertionError("the server never listened", notYet);
                    Thread.sleep(50);
                }
            }
            List<String> back = new ArrayList<>();
            for (int i = 0; i < clients; i++)
                open.get(i).getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < clients; i++) {
                byte[] expected = ("client " + i + "\n").getBytes(StandardCharsets.UTF_8);
                back.add(new String(open.get(i).getInputStream().readNBytes(expected.length), StandardCharsets.UTF_8));
            }
            return back;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) { // closing a test's client
                }
            }
        }
    }

    private static Set<String> callers(List<Event> events) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Call).map(Event::endpoint)
                .collect(Collectors.toSet());
    }

    /**
     * The SVG at most 1,920 px wide; in each row of lanes every two neighbouring lanes at least 100 px apart and each
     * head box between the middles to its neighbours (no head over its lane's edge) and on the page; no box cut by the
     * page's edge. The lanes of {@code processes} processes need more than one row.
     */
    private static void assertDrawnReadably(Path svg, int processes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        double page = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
        assertTrue(page <= 1920, "the SVG is " + page + " px wide");
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        int rows = 0, lanes = 0;
        for (int g = 0; g < groups.getLength(); g++) {
            Element group = (Element) groups.item(g);
            if (!group.getAttribute("class").equals("lanes")) continue;
            rows++;
            List<Element> heads = new ArrayList<>();
            NodeList rects = group.getElementsByTagNameNS(SVG_NS, "rect");
            for (int i = 0; i < rects.getLength(); i++)
                if (((Element) rects.item(i)).getAttribute("class").equals("head")) heads.add((Element) rects.item(i));
            heads.sort(Comparator.comparingDouble(h -> number(h, "data-lane-x")));
            lanes += heads.size();
            for (int i = 0; i < heads.size(); i++) {
                double x = number(heads.get(i), "data-lane-x");
                double left = i == 0 ? 0 : (number(heads.get(i - 1), "data-lane-x") + x) / 2;
                double right = i + 1 == heads.size() ? page : (x + number(heads.get(i + 1), "data-lane-x")) / 2;
                if (i + 1 < heads.size())
                    assertTrue(number(heads.get(i + 1), "data-lane-x") - x >= 100,
                            "row " + rows + ": lanes " + i + " and " + (i + 1) + " are " + (right - x) * 2
                                    + " px apart");
                double bx = number(heads.get(i), "x"), bw = number(heads.get(i), "width");
                assertTrue(bx >= left - 0.5 && bx + bw <= right + 0.5, "row " + rows + ": head " + i + " at " + bx
                        + "+" + bw + " crosses its lane's edges " + left + "–" + right);
            }
        }
        assertTrue(rows > 1, "the lanes of " + processes + " processes are folded into rows: " + rows);
        assertTrue(lanes >= 2 * processes, "every process's lanes are drawn: " + lanes);
        NodeList rects = doc.getElementsByTagNameNS(SVG_NS, "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            double x = number(r, "x"), w = number(r, "width");
            assertTrue(x >= -0.05 && x + w <= page + 0.05, "a box cut by the page's edge: x " + x + " width " + w);
        }
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /**
     * The Markdown's numbers strictly increase; the window's journal pane, fed the same journal, lists the same moments
     * with the same numbers (each Markdown item is the pane's line of that number and endpoint).
     */
    private static void assertNumberedInOrder(List<Event> events, String markdown) {
        List<Long> numbers = markdown.lines().filter(l -> l.startsWith("- #"))
                .map(l -> Long.parseLong(l.substring(3, l.indexOf(' ', 3)))).toList();
        assertTrue(numbers.size() > 100, "a long transcript: " + numbers.size());
        for (int i = 1; i < numbers.size(); i++)
            assertTrue(numbers.get(i) > numbers.get(i - 1),
                    "#" + numbers.get(i) + " after #" + numbers.get(i - 1) + " in the Markdown");
        JournalViewModel pane = new JournalViewModel(new Texts(Lang.EN));
        pane.onEvents(events);
        List<JournalLine> lines = pane.lines();
        for (int i = 1; i < lines.size(); i++)
            assertTrue(lines.get(i).number() > lines.get(i - 1).number(), "the pane's numbers increase at " + i);
        List<String> items = markdown.lines().filter(l -> l.startsWith("- #")).toList();
        for (String item : items) {
            long n = Long.parseLong(item.substring(3, item.indexOf(' ', 3)));
            JournalLine line = lines.stream().filter(l -> l.number() == n).findFirst()
                    .orElseThrow(() -> new AssertionError("no line #" + n + " in the journal pane: " + item));
            assertTrue(item.startsWith("- #" + n + " **" + line.who() + "** "),
                    "#" + n + ": the pane says " + line.who() + ", the Markdown " + item);
        }
        assertEquals(items.size(), lines.stream().filter(l -> l.kind() != JournalLine.Kind.NOTE).count(),
                "as many moments in the pane as items in the Markdown");
    }
}
