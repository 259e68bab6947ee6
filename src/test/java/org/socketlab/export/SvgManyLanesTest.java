package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A traced program of many processes drawn as SVG (issue 58 item 5): for 2, 3, 6, 12 and 30 processes no two lanes' heads
 * overlap, each head's words fit in its box, the title and the line under it fit on the page, all measured with the
 * font the SVG names first (DejaVu Sans, regular and bold); and a journal with no segment says so, with no legend of
 * dashed arrows the drawing does not have.
 */
class SvgManyLanesTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Path FONTS = Path.of("/usr/share/fonts/truetype/dejavu");
    private static final FontRenderContext EXACT = new FontRenderContext(null, true, true);

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 6, 12, 30})
    void noHeadOverlapsAndEveryWordFits(int processes) throws Exception {
        Font regular = font("DejaVuSans.ttf"), bold = font("DejaVuSans-Bold.ttf");
        for (Lang lang : List.of(Lang.EN, Lang.ES)) {
            String title = "Tracing bash -c './server 9877 & sleep 3; echo hello | ./client 127.0.0.1 9877; printf"
                    + " 'line1\\nline2\\n' | ./client 127.0.0.1 9877; sleep 60'";
            Document doc = SvgDiagramTest.parseAnyWidth(SvgDiagram.render(tracedForkingServer(processes), lang, title));
            double page = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
            assertTrue(page <= LaneFolding.MAX_WIDTH, processes + " processes on a page of " + page + " px");
            List<double[]> heads = new ArrayList<>();
            // Past 1,920 px the lanes are folded into rows of lanes (issue 79): heads are apart within each row.
            for (Element lanes : elements(doc, "g", "lanes")) {
                List<double[]> row = new ArrayList<>();
                for (Element r : elements(lanes, "rect", "head")) row.add(new double[]{num(r, "x"), num(r, "width")});
                row.sort((a, b) -> Double.compare(a[0], b[0]));
                for (int i = 0; i < row.size(); i++) {
                    double[] h = row.get(i);
                    assertTrue(h[0] >= 0 && h[0] + h[1] <= page, "head " + i + " inside the page of " + page);
                    if (i > 0) {
                        double[] before = row.get(i - 1);
                        assertTrue(before[0] + before[1] <= h[0], processes + " processes: head " + (i - 1) + " ["
                                + before[0] + ", " + (before[0] + before[1]) + "] overlaps head " + i + " at " + h[0]);
                    }
                }
                heads.addAll(row);
            }
            assertEquals(processes * 2, heads.size(), "a program and a kernel lane per process");
            // Each word of a head within its box: the text is centred on the box.
            for (String cls : List.of("head-name", "head-role"))
                for (Element t : elements(doc, "text", cls)) {
                    double w = measure(cls.equals("head-name") ? bold : regular, t);
                    double cx = num(t, "x");
                    double[] box = heads.stream().filter(h -> h[0] <= cx && cx <= h[0] + h[1]).findFirst()
                            .orElseThrow(() -> new AssertionError("no head box under " + t.getTextContent()));
                    assertTrue(w <= box[1], "\"" + t.getTextContent() + "\" (" + w + " px) fits its box of " + box[1]);
                }
            for (Element t : elements(doc, "text", "title"))
                assertTrue(num(t, "x") + measure(bold, t) <= page, "title line fits: " + t.getTextContent());
            for (Element t : elements(doc, "text", "wire")) {
                assertTrue(num(t, "x") + measure(regular, t) <= page, "wire line fits: " + t.getTextContent());
                assertFalse(t.getTextContent().contains("ashed") || t.getTextContent().contains("iscontinuas"),
                        "no dashed arrow is drawn, none is announced: " + t.getTextContent());
            }
            assertTrue(elements(doc, "line", "legend-inferred").isEmpty(), "no legend for dashed arrows");
            assertTrue(elements(doc, "line", "segment inferred").isEmpty());
        }
    }

    /**
     * What {@code socketlab trace} journals of a forking server as an ordinary user: no capture, so no segment (none
     * is deduced for a traced program); the parent accepts, each child of the {@code processes - 1} serves one client.
     */
    static List<Event> tracedForkingServer(int processes) {
        List<Event> e = new ArrayList<>();
        e.add(new Event(1, 1000, "lab",
                new Payload.Capture(Payload.Capture.UNAVAILABLE, "no permission to capture on lo")));
        add(e, "program", new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3,
                null, null, null, 0));
        add(e, "program", new Payload.Call("listen", 3, Map.of("backlog", "10"), 0, null, null, null, 0));
        for (int k = 1; k < processes; k++) {
            int pid = 23850 + k * 1237;
            add(e, "program", new Payload.Call("accept", 3, Map.of(), 4, null, null, null, 0));
            add(e, "program-" + pid, Payload.Process.forked(pid, 23850, "program", Map.of(3, 58205L, 4, 58300L + k)));
            add(e, "program", new Payload.Call("close", 4, Map.of(), 0, null, null, null, 0));
            add(e, "program-" + pid, new Payload.Call("send", 4, Map.of("len", "13"), 13, null, null,
                    "Hello, world!".getBytes(StandardCharsets.UTF_8), 0));
            add(e, "program-" + pid, new Payload.Call("close", 4, Map.of(), 0, null, null, null, 0));
        }
        return e;
    }

    private static void add(List<Event> e, String endpoint, Payload p) {
        e.add(new Event(e.size() + 1, (e.size() + 1) * 1000L, endpoint, p));
    }

    private static Font font(String file) throws Exception {
        Path path = FONTS.resolve(file);
        CiRules.requireOrSkip(Files.isReadable(path), path + " (apt install fonts-dejavu-core)");
        return Font.createFont(Font.TRUETYPE_FONT, path.toFile());
    }

    private static double measure(Font font, Element text) {
        float size = Float.parseFloat(text.getAttribute("font-size").isEmpty() ? "14" : text.getAttribute("font-size"));
        return font.deriveFont(size).getStringBounds(text.getTextContent(), EXACT).getWidth();
    }

    private static List<Element> elements(Document doc, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagNameNS(SVG, tag);
        for (int i = 0; i < n.getLength(); i++) {
            Element el = (Element) n.item(i);
            if (el.getAttribute("class").equals(cls)) out.add(el);
        }
        return out;
    }

    private static List<Element> elements(Element parent, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList n = parent.getElementsByTagNameNS(SVG, tag);
        for (int i = 0; i < n.getLength(); i++) {
            Element el = (Element) n.item(i);
            if (el.getAttribute("class").equals(cls)) out.add(el);
        }
        return out;
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }
}
