package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.kernel.TcpState;
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

    private static List<TcpDiagram.Edge> everyEdge() {
        List<TcpDiagram.Edge> all = new ArrayList<>(TcpDiagram.EDGES);
        all.addAll(TcpDiagram.RST_EDGES);
        return all;
    }

    private static String state(String node) {
        return TcpDiagram.node(node).orElseThrow().state();
    }

    /**
     * The story names the states a socket passed by walking the table ({@link TcpTransitions#walk}), so every
     * transition it can place is one of {@link TcpTransitions#ALL}: each has an arrow drawn between its two states,
     * labelled as the table labels it.
     */
    @Test
    void everyTransitionTheStoryCanPlaceIsDrawn() {
        for (TcpTransitions.Transition t : TcpTransitions.ALL)
            assertTrue(everyEdge().stream()
                    .anyMatch(e -> state(e.from()).equals(t.from().rfcName()) && state(e.to()).equals(t.to().rfcName())
                            && (e.labelKey().equals(EdgeLabels.key(t))
                                    || t.cause() == TcpTransitions.Cause.RECEIVE_RST)),
                    t.toString());
    }

    /**
     * Two readings of a socket may be several transitions apart (the kernel is read, not followed): every state the
     * table reaches from another, on the way to CLOSED, has a drawn way there, which the machine lights.
     */
    @Test
    void everyStateTheTableReachesHasADrawnWay() {
        for (TcpState from : TcpState.values())
            for (TcpState to : reachable(from))
                assertFalse(TcpDiagram.path(from.rfcName(), to.rfcName(), everyEdge()).isEmpty(), from + "->" + to);
    }

    private static Set<TcpState> reachable(TcpState from) {
        Set<TcpState> seen = new HashSet<>();
        List<TcpState> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            TcpState at = todo.removeLast();
            for (TcpTransitions.Transition t : TcpTransitions.ALL)
                // A connection that reached CLOSED is over: the drawing ends it there (bottom right).
                if (t.from() == at && t.to() != from && seen.add(t.to()) && t.to() != TcpState.CLOSED)
                    todo.add(t.to());
        }
        return seen;
    }
}
