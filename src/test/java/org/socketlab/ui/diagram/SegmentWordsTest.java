package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.diagram.JournalFixtures.journal;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpOptionsTest;

/**
 * Issue 57 item 3, the two machines in the window: a SYN's label and Details say the MSS it offered (what the
 * two-machines lesson compares) and every option it carried, a segment without ACK has no acknowledgement number row,
 * and an ICMP message is named in words ("host unreachable"), never as {@code [TYPE_3_CODE_1]}.
 */
class SegmentWordsTest {
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);

    private static Row.SegmentArrow onlyArrow(Journal j) {
        DiagramModel m = new DiagramModel();
        m.append(j.snapshot());
        return m.rows().stream().filter(r -> r instanceof Row.SegmentArrow).map(r -> (Row.SegmentArrow) r)
                .findFirst().orElseThrow();
    }

    @Test
    void aSynSaysItsMssAndOptionsAndHasNoAcknowledgementNumber() {
        Journal j = journal();
        j.append("client", new Payload.Segment("client", "server", "tcp", List.of("SYN"), 1000L, null, 0, "captured",
                64240, "10.77.0.1:41002", "10.77.0.2:5000", 1L, TcpOptionsTest.synPacket(1460, 7), 1L));
        Row.SegmentArrow syn = onlyArrow(j);
        assertEquals("[SYN] seq 0 len 0 MSS 1460", DiagramText.label(syn, EN));
        List<Detail> d = RowDetails.of(syn, EN);
        assertTrue(d.contains(new Detail(EN.get("ui.diagram.details.tcpOptions"),
                "MSS 1460, SACK permitted, timestamps, wscale 7", true)), d::toString);
        assertFalse(d.stream().anyMatch(x -> x.name().equals(EN.get("ui.diagram.details.ackNo"))),
                () -> "a SYN carries no acknowledgement number: " + d);
        assertTrue(d.stream().anyMatch(x -> x.name().equals(EN.get("ui.diagram.details.seqNo"))), d::toString);
    }

    @Test
    void anIcmpMessageIsNamedInWordsInTheLabelAndDetails() {
        Journal j = journal();
        j.append("client", new Payload.Segment("client", "client", "icmp", List.of("HOST_UNREACHABLE"), null, null,
                0, "captured"));
        Row.SegmentArrow icmp = onlyArrow(j);
        assertEquals("ICMP host unreachable", DiagramText.label(icmp, EN));
        assertEquals("ICMP host inalcanzable", DiagramText.label(icmp, ES));
        List<Detail> d = RowDetails.of(icmp, ES);
        assertTrue(d.contains(new Detail(ES.get("ui.diagram.details.icmp"),
                "host inalcanzable (HOST_UNREACHABLE)", false)), d::toString);
        assertFalse(d.stream().anyMatch(x -> x.name().equals(ES.get("ui.diagram.details.seqNo"))),
                () -> "ICMP has no sequence number: " + d);

        Journal other = journal();
        other.append("client", new Payload.Segment("client", "client", "icmp", List.of("TYPE_3_CODE_13"), null, null,
                0, "captured"));
        assertEquals("ICMP [TYPE_3_CODE_13]", DiagramText.label(onlyArrow(other), EN),
                "a message without a name keeps its type and code");
    }
}
