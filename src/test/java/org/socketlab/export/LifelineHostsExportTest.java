package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

/**
 * In a lab of two machines (issue 40) each endpoint's process start names its host and address; the journal keeps
 * them, and the SVG's kernel lifelines and the Markdown transcript's head say where each endpoint lives, in both
 * languages. A lab of one machine says nothing more.
 */
class LifelineHostsExportTest {
    private static List<Event> twoMachines() {
        return List.of(
                new Event(1, 10, "server", Payload.Process.started(4001, "server").on("h2", "10.77.0.2")),
                new Event(2, 20, "server",
                        new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3,
                                null, null, null, 1000L)),
                new Event(3, 30, "client", Payload.Process.started(4002, "client").on("h1", "10.77.0.1")),
                new Event(4, 40, "client",
                        new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3,
                                null, null, null, 1000L)));
    }

    @Test
    void theJournalKeepsEachProcesssHostAndRefusesABadOne() {
        for (Event e : twoMachines())
            if (e.payload() instanceof Payload.Process) assertEquals(e, JournalJsonl.parseLine(JournalJsonl.line(e)));
        String line = JournalJsonl.line(twoMachines().getFirst());
        assertTrue(line.contains("\"host\":\"h2\"") && line.contains("\"address\":\"10.77.0.2\""), line);
        Event one = new Event(1, 10, "server", Payload.Process.started(4001, "server"));
        String plain = JournalJsonl.line(one);
        assertFalse(plain.contains("host"), plain);
        assertNull(((Payload.Process) JournalJsonl.parseLine(plain).payload()).host());
        assertThrows(LocalizedException.class,
                () -> JournalJsonl.parseLine(line.replace("\"h2\"", "\"h2\\nrm -rf\"")));
        assertThrows(LocalizedException.class,
                () -> JournalJsonl.parseLine(line.replace("10.77.0.2", "10.77.0.256")));
    }

    @Test
    void theSvgAndTheTranscriptSayWhereEachEndpointLives() {
        String svg = SvgDiagram.render(twoMachines(), Lang.EN, "Two");
        assertTrue(svg.contains("on h2 (10.77.0.2)") && svg.contains("on h1 (10.77.0.1)"), svg);
        String svgEs = SvgDiagram.render(twoMachines(), Lang.ES, "Dos");
        assertTrue(svgEs.contains("en h2 (10.77.0.2)"), svgEs);
        String md = MarkdownTranscript.render(twoMachines(), Lang.EN, "Two");
        assertTrue(md.contains("Two machines of the lab network, joined by a link: Server on h2 (10.77.0.2), "
                + "Client on h1 (10.77.0.1)."), md);
        String mdEs = MarkdownTranscript.render(twoMachines(), Lang.ES, "Dos");
        assertTrue(mdEs.contains("Dos máquinas de la red del laboratorio"), mdEs);
        // One machine: nothing more is said.
        List<Event> one = List.of(new Event(1, 10, "server", Payload.Process.started(4001, "server")));
        assertFalse(MarkdownTranscript.render(one, Lang.EN, "One").contains("machines"));
        assertFalse(SvgDiagram.render(one, Lang.EN, "One").contains("(10.77"));
    }
}
