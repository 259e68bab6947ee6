package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The wire's word on a segment in the exports (issue 55, item 2): a segment the link lost ends midway at a cross, one it
 * duplicated has a second arrow, and each says what the link did, in SVG and Markdown, in both languages.
 */
class LinkPassageExportTest {
    private static Payload.Segment segment(String from, String to, long seq, Payload.Passage passage) {
        return new Payload.Segment(from, to, "tcp", List.of("PSH", "ACK"), seq, 1L, 100, "captured", 502,
                from.equals("client") ? "10.77.0.1:40000" : "10.77.0.2:5000",
                from.equals("client") ? "10.77.0.2:5000" : "10.77.0.1:40000", passage.departedNs(), null, seq, false,
                passage.arrived() ? passage.arrivedNs().getFirst() : null, passage);
    }

    private static List<Event> journal() {
        return List.of(
                new Event(1, 1_000, "client", segment("client", "server", 1,
                        new Payload.Passage(Payload.Passage.DELIVERED, 1_000, List.of(51_000_000L)))),
                new Event(2, 2_000, "client", segment("client", "server", 101,
                        new Payload.Passage(Payload.Passage.LOST, 2_000, List.of()))),
                new Event(3, 3_000, "server", segment("server", "client", 1,
                        new Payload.Passage(Payload.Passage.DUPLICATED, 3_000, List.of(53_000L, 53_000L)))));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theSvgDrawsALostSegmentMidwayAndADuplicateTwice() {
        String svg = SvgDiagram.render(journal(), Lang.EN, "link");
        assertEquals(1, count(svg, "class=\"lost-cross\""), svg);
        assertEquals(1, count(svg, "segment captured duplicate"), svg);
        assertTrue(svg.contains("link: 51 ms to cross"), svg);
        assertTrue(svg.contains("lost on the link between the machines"), svg);
        assertTrue(svg.contains("arrived twice (the link duplicated it)"), svg);
        String es = SvgDiagram.render(journal(), Lang.ES, "enlace");
        assertTrue(es.contains("perdido en el enlace entre las máquinas") && es.contains("llegó dos veces"), es);
    }

    @Test
    void theTranscriptSaysWhatTheLinkDid() {
        String md = MarkdownTranscript.render(journal(), Lang.EN, "link");
        assertTrue(md.contains("link: 51 ms to cross"), md);
        assertTrue(md.contains("lost on the link between the machines"), md);
        assertTrue(md.contains("arrived twice"), md);
        String es = MarkdownTranscript.render(journal(), Lang.ES, "enlace");
        assertTrue(es.contains("enlace: tardó 51 ms en cruzar") && es.contains("perdido en el enlace"), es);
    }

    /**
     * Issue 60's leftover: "104 ms to cross" on a 50 ms link. The wire (a process) read that segment 54 ms after it
     * left the client's host (a loaded machine: 53 ms seen at load 22 on two cores); its crossing truly took 104 ms,
     * and the label says where the other 54 went, in both languages, in the SVG and the transcript.
     */
    @Test
    void aCrossingThatWaitedForTheWireSaysSo() {
        List<Event> late = List.of(new Event(1, 1_000, "client", segment("client", "server", 1,
                new Payload.Passage(Payload.Passage.DELIVERED, 1_000_000, List.of(105_000_000L), 54_000_000L))));
        String en = "link: 104 ms to cross, 54 ms of them waiting for SocketLab"; // ' is written &#39; in the SVG
        assertTrue(SvgDiagram.render(late, Lang.EN, "late").contains(en), () -> SvgDiagram.render(late, Lang.EN, "l"));
        assertTrue(MarkdownTranscript.render(late, Lang.EN, "late").contains(en));
        assertTrue(MarkdownTranscript.render(late, Lang.ES, "tarde").contains(
                "enlace: tardó 104 ms en cruzar, 54 ms de ellos esperando al cable de SocketLab (un proceso"));
        // Under two milliseconds the wire was not starved: nothing more is said.
        List<Event> quiet = List.of(new Event(1, 1_000, "client", segment("client", "server", 1,
                new Payload.Passage(Payload.Passage.DELIVERED, 1_000_000, List.of(51_500_000L), 1_500_000L))));
        String told = MarkdownTranscript.render(quiet, Lang.EN, "quiet");
        assertTrue(told.contains("link: 51 ms to cross") && !told.contains("waiting for"), told);
    }
}
