package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * The audit of 2026-11-28 (R4, the other outputs): the bytes a program sent, a title and endpoint names from a journal,
 * are text in the SVG an XML parser reads: no element or event handler of theirs, each line read back whole.
 */
class SvgPayloadTest {
    private static final List<String> PAYLOADS = new ArrayList<>(MarkdownPayloadTest.PAYLOADS);

    static {
        PAYLOADS.addAll(List.of("]]><script>alert(1)</script><![CDATA[", "</text></svg><svg onload=alert(1)>",
                "\"/><foreignObject><img src=x onerror=alert(1)/></foreignObject><text x=\"", "&amp; &#60; &lt;"));
    }

    @Test
    void aProgramsBytesAndAJournalsNamesAreTextInTheSvg() throws Exception {
        for (String sent : PAYLOADS) {
            byte[] data = sent.getBytes(StandardCharsets.UTF_8);
            Payload.Call write = new Payload.Call("write", 4, Map.of(), data.length, null, null, data, 0);
            var events = List.of(new Event(1, 1, "server", write), new Event(2, 2, sent,
                    new Payload.Call("read", 3, Map.of(), data.length, null, null, data, 0)));
            for (Lang lang : Lang.values()) {
                String svg = SvgDiagram.render(events, lang, sent);
                Document doc = SvgDiagramTest.parse(svg);
                NodeList all = doc.getElementsByTagNameNS("*", "*");
                for (int i = 0; i < all.getLength(); i++) {
                    Element e = (Element) all.item(i);
                    assertEquals("http://www.w3.org/2000/svg", e.getNamespaceURI(), svg);
                    assertFalse(List.of("script", "img", "foreignObject", "a").contains(e.getLocalName()), svg);
                    NamedNodeMap attributes = e.getAttributes();
                    for (int j = 0; j < attributes.getLength(); j++)
                        assertFalse(attributes.item(j).getNodeName().startsWith("on"), svg);
                }
                List<String> texts = SvgDiagramTest.texts(doc);
                assertTrue(texts.contains(CallFormat.line(write)), texts.toString());
                String title = doc.getElementsByTagNameNS("*", "title").item(0).getTextContent();
                // XML reads a line break as a line feed; characters XML cannot hold are left out.
                assertEquals(sent.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "").replaceAll("\\r\\n?", "\n"),
                        title);
            }
        }
    }
}
