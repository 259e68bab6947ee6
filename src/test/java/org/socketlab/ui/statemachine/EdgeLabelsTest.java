package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.TcpTransitions;

/** The kernel names each transition; the drawn machine words it: every arrow of the table has its words. */
class EdgeLabelsTest {
    @Test
    void everyArrowOfTheDiagramHasItsOwnWords() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (TcpTransitions.Transition t : TcpTransitions.DIAGRAM)
            labels.put(t.from() + ">" + t.to(), EdgeLabels.key(t).substring("ui.statemachine.edge.".length()));
        assertEquals(Map.ofEntries(Map.entry("CLOSED>LISTEN", "listen"), Map.entry("LISTEN>CLOSED", "closeListen"),
                Map.entry("CLOSED>SYN_SENT", "connect"), Map.entry("SYN_SENT>CLOSED", "closeSynSent"),
                Map.entry("LISTEN>SYN_RECEIVED", "rcvSyn"), Map.entry("SYN_RECEIVED>LISTEN", "rcvRst"),
                Map.entry("LISTEN>SYN_SENT", "sendSyn"), Map.entry("SYN_SENT>SYN_RECEIVED", "simultaneous"),
                Map.entry("SYN_SENT>ESTABLISHED", "rcvSynAck"), Map.entry("SYN_RECEIVED>ESTABLISHED", "rcvAckOfSyn"),
                Map.entry("SYN_RECEIVED>FIN_WAIT_1", "closeFin"), Map.entry("ESTABLISHED>FIN_WAIT_1", "closeFin"),
                Map.entry("ESTABLISHED>CLOSE_WAIT", "rcvFin"), Map.entry("FIN_WAIT_1>FIN_WAIT_2", "rcvAckOfFin"),
                Map.entry("FIN_WAIT_1>CLOSING", "rcvFin"), Map.entry("CLOSE_WAIT>LAST_ACK", "closeFin"),
                Map.entry("FIN_WAIT_2>TIME_WAIT", "rcvFin"), Map.entry("CLOSING>TIME_WAIT", "rcvAckOfFin"),
                Map.entry("LAST_ACK>CLOSED", "rcvAckOfFin"), Map.entry("TIME_WAIT>CLOSED", "timeout")), labels);
    }

    @Test
    void theResetsBeyondTheDiagramShareOneTextInBothLanguages() {
        for (TcpTransitions.Transition t : TcpTransitions.ALL) {
            if (!TcpTransitions.DIAGRAM.contains(t)) assertEquals("ui.statemachine.edge.rst", EdgeLabels.key(t));
            for (Lang l : Lang.values()) assertTrue(Messages.of(l).has(EdgeLabels.key(t)), EdgeLabels.key(t));
        }
    }
}
