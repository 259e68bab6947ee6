package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgDiagramTest {

    /** Parses the document as XML (it must be well-formed) and checks it is an SVG 1.1 root. */
    static Document parse(String svg) throws Exception {
        Document doc = parseAnyWidth(svg);
        // At least the page's width; wider where the lanes' heads need the room (issue 58).
        assertTrue(Double.parseDouble(doc.getDocumentElement().getAttribute("width")) >= SvgDiagram.WIDTH);
        return doc;
    }

    /** The same, for a drawing of any width. */
    static Document parseAnyWidth(String svg) throws Exception {
        assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
                () -> svg.substring(0, Math.min(300, svg.length())));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("1.1", root.getAttribute("version"));
        return doc;
    }

    static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < n.getLength(); i++) out.add(n.item(i).getTextContent());
        return out;
    }

    /** Lines of one class ("segment captured", "segment inferred"). */
    static List<Element> lines(Document doc, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line");
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if (e.getAttribute("class").equals(cls)) out.add(e);
        }
        return out;
    }

    private static long seq;

    private static Event ev(String endpoint, Payload p) {
        return new Event(++seq, seq * 1000, endpoint, p);
    }

    private static Payload.Segment seg(List<String> flags, Long s, Long a, int len, String origin, boolean toServer) {
        return new Payload.Segment(toServer ? "client" : "server", toServer ? "server" : "client", "tcp", flags, s, a,
                len, origin);
    }

    /** A small journal with every payload kind; with capture on, each segment is journaled twice. */
    static List<Event> everyKind(boolean capture) {
        seq = 0;
        List<Event> e = new ArrayList<>();
        e.add(ev("server", capture
                ? new Payload.Capture(Payload.Capture.STARTED, "tcpdump on lo")
                : new Payload.Capture(Payload.Capture.UNAVAILABLE, "tcpdump needs root")));
        e.add(ev("server", new Payload.Note(Map.of("en", "The server opens a socket & waits <here>, \"patiently\".",
                "es", "El servidor abre un socket pasivo y espera."))));
        e.add(ev("server", new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null,
                null, null, 0)));
        e.add(ev("server", new Payload.State(3, "CLOSED", "LISTEN", "proc")));
        e.add(ev("server", new Payload.Queue(3, 0, 128)));
        e.add(ev("server", new Payload.Blocked("accept", 3)));
        e.add(ev("client", new Payload.Call("connect", 4, Map.of("addr", "127.0.0.1:5000"), 0, null, null, null, 0)));
        if (capture) {
            e.add(ev("client", seg(List.of("SYN"), 1000L, null, 0, "captured", true)));
            e.add(ev("client", seg(List.of("SYN", "ACK"), 5000L, 1001L, 0, "captured", false)));
            e.add(ev("client", seg(List.of("ACK"), 1001L, 5001L, 0, "captured", true)));
        }
        e.add(ev("client", seg(List.of("SYN"), null, null, 0, "inferred", true)));
        e.add(ev("client", seg(List.of("SYN", "ACK"), null, null, 0, "inferred", false)));
        e.add(ev("client", seg(List.of("ACK"), null, null, 0, "inferred", true)));
        e.add(ev("server", new Payload.Call("accept", 3, Map.of(), 5, null, null, null, 2_000_000)));
        e.add(ev("client", new Payload.Call("send", 4, Map.of("len", "9"), 9, null, null,
                "a<b&c\"d\n".getBytes(StandardCharsets.UTF_8), 0)));
        e.add(ev("client",
                new Payload.Call("connect", 6, Map.of("addr", "127.0.0.1:1"), -1, 111, "ECONNREFUSED", null, 0)));
        e.add(ev("external",
                new Payload.Segment("external", "client", "tcp", List.of("RST", "ACK"), null, null, 0, "inferred")));
        e.add(ev("client-2", new Payload.Blocked("recv", 7)));
        e.add(ev("client-2", new Payload.Cancelled("recv", 7, 1_500_000_000L)));
        e.add(ev("server", new Payload.State(5, "ESTABLISHED", "TIME_WAIT", "proc", 60_000L)));
        if (capture) e.add(ev("server", new Payload.Capture(Payload.Capture.STOPPED, "lab closed")));
        return e;
    }

    @Test
    void withCaptureDrawsTheCapturedSegmentsSolidAndLeavesTheInferredCopiesOut() throws Exception {
        Document doc = parse(SvgDiagram.render(everyKind(true), Lang.EN, "The life of a TCP connection"));
        List<String> texts = texts(doc);
        assertTrue(texts.contains("The life of a TCP connection"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Segments seen on the wire (captured)")),
                texts.toString());
        List<Element> captured = lines(doc, "segment captured");
        assertEquals(3, captured.size());
        captured.forEach(l -> assertFalse(l.hasAttribute("stroke-dasharray"), "captured segments are solid"));
        // While the wire is captured every loopback segment is seen, so the deduced copies are all left out.
        assertTrue(lines(doc, "segment inferred").isEmpty());
        assertTrue(texts.contains("[SYN] seq 0 len 0"), texts.toString());
        assertTrue(texts.contains("[SYN, ACK] seq 0 ack 1 len 0"), texts.toString());
        assertTrue(texts.contains("[ACK] seq 1 ack 1 len 0"), texts.toString());
        assertTrue(texts.contains("fd 5 TIME_WAIT 60 s"), texts.toString());
    }

    @Test
    void withoutCaptureTheSegmentsAreDashedAndSaySoInBothLanguages() throws Exception {
        Document en = parse(SvgDiagram.render(everyKind(false), Lang.EN, null));
        List<String> texts = texts(en);
        assertTrue(texts.contains(
                "Segments deduced from the calls: capture was not available (tcpdump needs root). Dashed arrows."),
                texts.toString());
        List<Element> inferred = lines(en, "segment inferred");
        assertEquals(4, inferred.size());
        inferred.forEach(l -> assertEquals("8 5", l.getAttribute("stroke-dasharray")));
        assertTrue(lines(en, "segment captured").isEmpty());
        assertTrue(texts.contains("[SYN] seq ? len 0 (inferred)"), texts.toString());

        Document es = parse(SvgDiagram.render(everyKind(false), Lang.ES, null));
        List<String> textsEs = texts(es);
        assertTrue(textsEs.contains("[SYN] seq ? len 0 (deducido)"), textsEs.toString());
        assertTrue(textsEs.contains("Diagrama de secuencia de SocketLab"), textsEs.toString());
        assertTrue(textsEs.contains("El servidor abre un socket pasivo y espera."), textsEs.toString());
        assertTrue(textsEs.contains("Servidor") && textsEs.contains("núcleo") && textsEs.contains("Cliente 2"),
                textsEs.toString());
        assertTrue(textsEs.contains("Núcleo"), "where the lab has no socket: the kernel's own lifeline");
        assertTrue(textsEs.stream().noneMatch(t -> t.contains("Otro núcleo")), "one kernel, never another");
    }

    @Test
    void everyKindIsDrawnErrorsInAmberAndMarkupIsEscaped() throws Exception {
        List<Event> events = everyKind(false);
        String svg = SvgDiagram.render(events, Lang.EN, "Title with <tags> & \"quotes\"");
        Document doc = parse(svg);
        List<String> texts = texts(doc);
        assertTrue(texts.contains("Title with <tags> & \"quotes\""));
        assertTrue(texts.contains("The server opens a socket & waits <here>, \"patiently\"."), texts.toString());
        for (Event e : events) {
            if (e.payload() instanceof Payload.Call c)
                assertTrue(texts.contains(CallFormat.line(c)), CallFormat.line(c));
        }
        assertTrue(texts.contains("send(4, \"a<b&c\\\"d\\n\", 9) = 9"), texts.toString());
        assertTrue(texts.contains("connect(6, 127.0.0.1:1) = -1 ECONNREFUSED"));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("ECONNREFUSED: ")), "the errno is explained");
        assertTrue(svg.contains(
                "fill=\"#b45309\" font-weight=\"bold\" xml:space=\"preserve\">connect(6, 127.0.0.1:1) = -1 ECONNREFUSED<"),
                "a failed call is amber");
        assertTrue(texts.contains("accept(3) ... blocked, waiting"));
        assertTrue(texts.contains("recv(7) cancelled after 1500 ms"));
        assertTrue(texts.contains("fd 3 LISTEN"));
        // A lab with a second client: every process starts at fd 3, so the server's mark names it too (issue 57).
        assertTrue(texts.contains("Server \u00b7 fd 3: accept queue 0, backlog 128"), texts.toString());
        assertTrue(texts.contains("no capture of the wire (tcpdump needs root): segments are inferred"));
        // one group per drawn event (in the one row of lanes: a group of its own)
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        int rows = 0;
        for (int i = 0; i < groups.getLength(); i++)
            if (((Element) groups.item(i)).getAttribute("class").startsWith("row ")) rows++;
        assertEquals(events.size(), rows);
    }

    @Test
    void theDarkAndHighContrastThemesRecolourEveryShapeAndKeepEveryWord() throws Exception {
        List<Event> events = everyKind(true);
        String light = SvgDiagram.render(events, Lang.EN, "Colours \"#1f2937\"");
        Pattern colour = Pattern.compile("(fill|stroke)=\"(#[0-9a-f]{6})\"");
        Set<String> lightColours = colour.matcher(light).results().map(r -> r.group(2))
                .collect(Collectors.toSet());
        for (String theme : List.of("dark", "high-contrast")) {
            String themed = SvgDiagram.render(events, Lang.EN, "Colours \"#1f2937\"", theme);
            Document doc = parse(themed);
            assertEquals(texts(parse(light)), texts(doc), theme + ": the same words");
            assertEquals(colour.matcher(light).replaceAll("$1=\"\""), colour.matcher(themed).replaceAll("$1=\"\""),
                    theme + ": only colours differ");
            Element background = (Element) doc.getElementsByTagName("rect").item(0);
            assertEquals(theme.equals("dark") ? "#0d1117" : "#ffffff", background.getAttribute("fill"), theme);
            Set<String> themedColours = colour.matcher(themed).results().map(r -> r.group(2))
                    .collect(Collectors.toSet());
            if (theme.equals("dark"))
                assertTrue(Collections.disjoint(lightColours, themedColours),
                        () -> "no light colour left in the dark drawing: " + themedColours);
            assertTrue(themed.contains("Colours &quot;#1f2937&quot;"), "text that looks like a colour is text, kept");
        }
        assertEquals(light, SvgDiagram.render(events, Lang.EN, "Colours \"#1f2937\"", "light"));
    }

    @Test
    void longNarrationIsWrappedAndForbiddenCharactersAreLeftOut() throws Exception {
        String word = "palabra ";
        List<Event> events = List
                .of(new Event(1, 1, "server", new Payload.Note(Map.of("es", word.repeat(80) + "fin\u0001"))));
        Document doc = parse(SvgDiagram.render(events, Lang.ES, null));
        List<String> lines = texts(doc).stream().filter(t -> t.startsWith("palabra")).toList();
        assertTrue(lines.size() >= 3, lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.length() <= 140), lines.toString());
        assertTrue(lines.getLast().endsWith("fin"));
    }

    @Test
    void aRealTcpBasicsRunWithoutCaptureDrawsItsCallsAndDashedSegments() throws Exception {
        List<Event> events;
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("tcp-basics"), lab);
            assertTrue(report.passed(), () -> report.mismatch().toString());
            events = lab.journal().snapshot();
        }
        Document doc = parse(SvgDiagram.render(events, Lang.EN, "tcp-basics"));
        List<String> texts = texts(doc);
        for (Event e : events)
            if (e.payload() instanceof Payload.Call c)
                assertTrue(texts.contains(CallFormat.line(c)), CallFormat.line(c));
        assertFalse(lines(doc, "segment inferred").isEmpty());
        assertTrue(lines(doc, "segment captured").isEmpty());
        lines(doc, "segment inferred").forEach(l -> assertEquals("8 5", l.getAttribute("stroke-dasharray")));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Segments deduced from the calls")), texts.toString());
    }

    /** getaddrinfo is glibc's, not a system call: its row is a label on the program's lifeline, with no kernel arrows. */
    @Test
    void aLibraryFunctionIsDrawnWithoutArrowsIntoTheKernel() throws Exception {
        List<Event> run;
        try (var in = new InputStreamReader(
                LessonLoader.class.getResourceAsStream("runs/getaddrinfo.jsonl"), StandardCharsets.UTF_8)) {
            run = JournalJsonl.read(in);
        }
        long calls = run.stream().filter(e -> e.payload() instanceof Payload.Call).count();
        long library = run.stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("getaddrinfo")).count();
        assertEquals(6, library);
        String svg = SvgDiagram.render(run, Lang.EN, null);
        assertEquals(calls - library, Pattern.compile("<line class=\"call\"").matcher(svg).results().count(), svg);
        assertEquals(calls - library,
                Pattern.compile("<line class=\"return( error)?\"").matcher(svg).results().count());
        assertTrue(svg.contains("getaddrinfo(&quot;localhost&quot;") || svg.contains("getaddrinfo(\"localhost\""));
    }
}
