package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code socketlab run LESSON --svg F.svg} on real sockets. */
class CliSvgTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static List<String> attributes(Document doc, String tag, String attribute) {
        List<String> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagNameNS(SVG_NS, tag);
        for (int i = 0; i < n.getLength(); i++) out.add(((Element) n.item(i)).getAttribute(attribute));
        return out;
    }

    @Test
    void runWritesAWellFormedSvgWithEveryCallOfTheJournal(@TempDir Path dir) throws Exception {
        for (String lang : List.of("en", "es")) {
            Path svg = dir.resolve("tcp-" + lang + ".svg"), journal = dir.resolve("tcp-" + lang + ".jsonl");
            CliTest.Outcome run = CliTest.cli("run", "tcp-basics", "--journal", journal.toString(), "--svg",
                    svg.toString(), "--lang", lang);
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains(svg.toString()), "says it wrote the file: " + run.out());
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(svg.toFile());
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            assertEquals(SVG_NS, doc.getDocumentElement().getNamespaceURI());
            List<String> texts = new ArrayList<>();
            NodeList n = doc.getElementsByTagNameNS(SVG_NS, "text");
            for (int i = 0; i < n.getLength(); i++) texts.add(n.item(i).getTextContent());
            List<Event> events = JournalJsonl.read(journal);
            for (Event e : events)
                if (e.payload() instanceof Payload.Call c)
                    assertTrue(texts.contains(CallFormat.line(c)), CallFormat.line(c));
            boolean captured = events.stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Segment s && s.origin().equals("captured"));
            CiRules.requireOnCi(captured, "loopback capture (tcpdump run as root)");
            List<String> classes = attributes(doc, "line", "class");
            // Seen on the wire: solid, and the deduced copies left out. Not seen: dashed and labelled.
            assertEquals(captured, classes.contains("segment captured"), classes.toString());
            assertEquals(!captured, classes.contains("segment inferred"), classes.toString());
            String wire = lang.equals("en")
                    ? (captured ? "Segments seen on the wire (captured)" : "Segments deduced from the calls")
                    : (captured ? "Segmentos vistos en la red (capturados)" : "Segmentos deducidos de las llamadas");
            assertTrue(texts.stream().anyMatch(t -> t.startsWith(wire)), texts.toString());
            assertTrue(
                    texts.contains(lang.equals("en") ? "The life of a TCP connection" : "La vida de una conexión TCP"),
                    texts.toString());
        }
    }

    @Test
    void anUnwritableSvgIsExit2BeforeTheLessonRuns(@TempDir Path dir) {
        Path svg = dir.resolve("missing/dir/x.svg");
        CliTest.Outcome o = CliTest.cli("run", "connection-refused", "--svg", svg.toString(), "--lang", "en");
        assertEquals(2, o.exit());
        assertTrue(o.err().startsWith("Cannot write " + svg + ": the folder " + svg.getParent() + " does not exist."),
                o.err());
        assertEquals("", o.out(), "the lesson did not run");
        assertFalse(Files.exists(svg));
    }
}
