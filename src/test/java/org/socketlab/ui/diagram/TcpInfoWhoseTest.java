package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.story.Lifeline;

/**
 * Issue 78: with two processes a tcp_info reading said "fd 3: rtt 449.8 ms…" between the two kernels, naming neither
 * socket. From a saved real run of round-trip (a client and a server, each with an fd 3 or 4), every reading names its
 * endpoint beside the fd, as the socket table does: "Client · fd 3: rtt …", "Servidor · fd 4: rtt …".
 */
class TcpInfoWhoseTest {
    @Test
    void everyReadingNamesWhoseSocketItIsWithTwoProcesses() throws Exception {
        List<Event> run = JournalJsonl.read(Path.of(TcpInfoWhoseTest.class
                .getResource("/org/socketlab/lesson/link-runs/round-trip.jsonl").toURI()));
        DiagramModel model = new DiagramModel();
        model.append(run);
        assertTrue(model.lifelines().stream().map(Lifeline::endpoint).distinct().count() <= 3,
                "two processes and the lab: " + model.lifelines());
        int readings = 0;
        for (Row row : model.rows()) {
            if (!(row instanceof Row.TcpInfoMark t)) continue;
            readings++;
            String en = DiagramText.label(t, Messages.of(Lang.EN)), es = DiagramText.label(t, Messages.of(Lang.ES));
            String who = t.endpoint().equals("client") ? "Client" : "Server";
            String quien = t.endpoint().equals("client") ? "Cliente" : "Servidor";
            assertTrue(en.startsWith(who + " \u00b7 fd " + t.info().fd() + ": rtt"), en);
            assertTrue(es.startsWith(quien + " \u00b7 fd " + t.info().fd() + ": rtt"), es);
        }
        assertFalse(readings == 0, "the saved run holds tcp_info readings");
    }
}
