package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.kernel.TcpTransitions;

/**
 * The drawn machine has the arrows of the kernel's one transition table ({@link TcpTransitions}, which the story reads
 * to name the states passed): an arrow drawn and not in the table, or the other way round, fails here.
 */
class OneTransitionTableTest {
    @Test
    void theDrawnArrowsAreTheTablesArrows() {
        Set<String> drawn = TcpDiagram.EDGES.stream()
                .map(e -> e.from() + ">" + (e.to().equals(TcpDiagram.CLOSED_END) ? "CLOSED" : e.to()))
                .collect(Collectors.toSet());
        Set<String> table = TcpTransitions.DIAGRAM.stream().map(t -> t.from().rfcName() + ">" + t.to().rfcName())
                .collect(Collectors.toSet());
        assertEquals(table, drawn);
    }

    @Test
    void theResetArrowsLeaveEverySynchronizedStateOfTheTable() {
        assertEquals(Set.copyOf(TcpDiagram.SYNCHRONIZED),
                TcpDiagram.RST_EDGES.stream().map(TcpDiagram.Edge::from).collect(Collectors.toSet()));
    }
}
