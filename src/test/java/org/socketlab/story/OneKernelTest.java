package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 41 item 5: on loopback one kernel answers for every port. A connect refused where the lab has no socket is
 * answered by "the kernel (no socket listening on port P)", never by "another kernel"; without the answer (a copy of
 * the run with its RST taken out) nothing is said of listening.
 */
class OneKernelTest {

    @Test
    void aRefusedConnectIsAnsweredByTheKernelWithNoSocketOnThatPort() {
        List<Event> journal = RecordedRuns.captured("connection-refused");
        String port = journal.stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("connect") && c.failed())
                .map(e -> ((Payload.Call) e.payload()).args().get("addr")).findFirst().orElseThrow();
        port = port.substring(port.lastIndexOf(':') + 1);
        String en = MarkdownTranscript.render(journal, Lang.EN, "connection-refused");
        assertTrue(en.contains("Kernel (no socket listening on port " + port + ") → Client [RST, ACK]"), en);
        assertTrue(en.contains("Client → Kernel (no socket listening on port " + port + ") [SYN]"), en);
        assertFalse(en.contains("Other kernel"), en);
        String es = MarkdownTranscript.render(journal, Lang.ES, "connection-refused");
        assertTrue(es.contains("Núcleo (ningún socket escucha en el puerto " + port + ") → Cliente"), es);
        assertFalse(es.contains("Otro núcleo"), es);
        String svg = SvgDiagram.render(journal, Lang.EN, "connection-refused");
        assertTrue(svg.contains(">at connect(), no socket was listening on port " + port + "<"),
                "under the kernel's lifeline");
        assertFalse(svg.contains(">no socket listening on port " + port + "<"),
                "the header says it in the past: it stays while a server may listen there later (walk 83)");

        // The same run without the kernel's RST: nothing says that no socket listens there.
        List<Event> unanswered = journal.stream().filter(e -> !(e.payload() instanceof Payload.Segment s
                && s.from().equals("external") && s.flags().contains("RST"))).toList();
        String told = MarkdownTranscript.render(unanswered, Lang.EN, "unanswered");
        assertFalse(told.contains("no socket listening"), told);
        assertTrue(told.contains("Client → Kernel (port " + port + ", no socket of the lab) [SYN]"), told);
    }
}
