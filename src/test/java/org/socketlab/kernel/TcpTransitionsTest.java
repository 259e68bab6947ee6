package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.kernel.TcpTransitions.Cause;
import org.socketlab.kernel.TcpTransitions.Seen;

class TcpTransitionsTest {
    private static List<TcpState> passed(TcpState from, TcpState to, List<List<Cause>> seen) {
        List<Seen<String>> s = seen.stream().map(c -> new Seen<>(c, "x")).toList();
        return TcpTransitions.passed(TcpTransitions.walk(from, to, s)).stream().map(TcpTransitions.Step::state)
                .toList();
    }

    @Test
    void aConnectThatIsReadOnlyOnceEstablishedPassedSynSent() {
        assertEquals(List.of(TcpState.SYN_SENT), passed(TcpState.CLOSED, TcpState.ESTABLISHED,
                List.of(List.of(Cause.SEND_SYN), List.of(Cause.RECEIVE_SYN_ACK))));
    }

    @Test
    void thePassiveCloserPassesLastAckOnlyWhenItsFinLeftAndWasAcknowledged() {
        assertEquals(List.of(TcpState.LAST_ACK), passed(TcpState.CLOSE_WAIT, TcpState.CLOSED,
                List.of(List.of(Cause.SEND_FIN), List.of(Cause.RECEIVE_ACK_OF_FIN))));
        // No FIN seen: nothing the evidence names (an RST instead ends it directly).
        assertEquals(List.of(),
                passed(TcpState.CLOSE_WAIT, TcpState.CLOSED, List.of(List.of(Cause.RECEIVE_ACK_OF_FIN))));
        assertEquals(List.of(), passed(TcpState.CLOSE_WAIT, TcpState.CLOSED, List.of(List.of(Cause.RECEIVE_RST))));
    }

    @Test
    void anOrphanThatSentItsFinAndGotAnRstPassedFinWait1() {
        assertEquals(List.of(TcpState.FIN_WAIT_1), passed(TcpState.ESTABLISHED, TcpState.CLOSED,
                List.of(List.of(Cause.SEND_FIN), List.of(Cause.RECEIVE_RST))));
    }

    @Test
    void aFinThatAlsoAcknowledgesOursIsHandledAckFirstAsLinuxDoes() {
        assertEquals(List.of(TcpState.FIN_WAIT_2), passed(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT,
                List.of(List.of(Cause.RECEIVE_ACK_OF_FIN, Cause.RECEIVE_FIN))));
        // A FIN before the ACK of ours: simultaneous close, through CLOSING.
        assertEquals(List.of(TcpState.CLOSING), passed(TcpState.FIN_WAIT_1, TcpState.TIME_WAIT,
                List.of(List.of(Cause.RECEIVE_FIN), List.of(Cause.RECEIVE_ACK_OF_FIN))));
    }

    @Test
    void whatDoesNotLeadToTheReadStateNamesNothing() {
        assertEquals(List.of(), passed(TcpState.CLOSED, TcpState.ESTABLISHED, List.of(List.of(Cause.SEND_SYN))));
        assertEquals(List.of(), passed(TcpState.ESTABLISHED, TcpState.ESTABLISHED, List.of()));
    }

    @Test
    void everySynchronizedStateEndsOnAnRst() {
        for (TcpState s : TcpTransitions.SYNCHRONIZED)
            assertEquals(TcpState.CLOSED, TcpTransitions.next(s, Cause.RECEIVE_RST).orElseThrow().to(), s.name());
    }

    /**
     * The arrows of RFC 9293's Figure 5 (section 3.3.2), copied from the RFC's drawing and not from the table: each
     * "event / action" read as the one cause the table names (an OPEN's SYN, a CLOSE's FIN, what is received).
     */
    private static final Set<String> RFC_9293_FIGURE_5 = Set.of(
            "CLOSED -> LISTEN by LISTEN", // passive OPEN / create TCB
            "CLOSED -> SYN_SENT by SEND_SYN", // active OPEN / snd SYN
            "LISTEN -> CLOSED by CLOSE", // CLOSE / delete TCB
            "LISTEN -> SYN_RECEIVED by RECEIVE_SYN", // rcv SYN / snd SYN,ACK
            "LISTEN -> SYN_SENT by SEND_SYN", // SEND / snd SYN
            "SYN_SENT -> CLOSED by CLOSE", // CLOSE / delete TCB
            "SYN_SENT -> SYN_RECEIVED by RECEIVE_SYN", // rcv SYN / snd SYN,ACK (simultaneous open)
            "SYN_SENT -> ESTABLISHED by RECEIVE_SYN_ACK", // rcv SYN,ACK / snd ACK
            "SYN_RECEIVED -> LISTEN by RECEIVE_RST", // rcv RST (note 1: after a passive OPEN)
            "SYN_RECEIVED -> ESTABLISHED by RECEIVE_ACK_OF_SYN", // rcv ACK of SYN
            "SYN_RECEIVED -> FIN_WAIT_1 by SEND_FIN", // CLOSE / snd FIN
            "ESTABLISHED -> FIN_WAIT_1 by SEND_FIN", // CLOSE / snd FIN
            "ESTABLISHED -> CLOSE_WAIT by RECEIVE_FIN", // rcv FIN / snd ACK
            "FIN_WAIT_1 -> FIN_WAIT_2 by RECEIVE_ACK_OF_FIN", // rcv ACK of FIN
            "FIN_WAIT_1 -> CLOSING by RECEIVE_FIN", // rcv FIN / snd ACK
            "FIN_WAIT_2 -> TIME_WAIT by RECEIVE_FIN", // rcv FIN / snd ACK
            "CLOSING -> TIME_WAIT by RECEIVE_ACK_OF_FIN", // rcv ACK of FIN
            "CLOSE_WAIT -> LAST_ACK by SEND_FIN", // CLOSE / snd FIN
            "LAST_ACK -> CLOSED by RECEIVE_ACK_OF_FIN", // rcv ACK of FIN
            "TIME_WAIT -> CLOSED by TIMEOUT"); // Timeout=2MSL / delete TCB

    private static String arrow(TcpTransitions.Transition t) {
        return t.from() + " -> " + t.to() + " by " + t.cause();
    }

    @Test
    void theDiagramIsRfc9293sFigure5() {
        assertEquals(RFC_9293_FIGURE_5,
                TcpTransitions.DIAGRAM.stream().map(TcpTransitionsTest::arrow).collect(Collectors.toSet()));
        assertEquals(RFC_9293_FIGURE_5.size(), TcpTransitions.DIAGRAM.size(), "an arrow twice");
    }

    @Test
    void beyondTheFigureOnlyResetsOfSection3_10_7_4EndInClosed() {
        Set<String> synchronizedStates = Set.of("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",
                "LAST_ACK", "TIME_WAIT");
        assertEquals(synchronizedStates,
                TcpTransitions.SYNCHRONIZED.stream().map(TcpState::rfcName).collect(Collectors.toSet()));
        for (TcpTransitions.Transition t : TcpTransitions.ALL) {
            if (TcpTransitions.DIAGRAM.contains(t)) continue;
            assertEquals(TcpState.CLOSED, t.to(), arrow(t));
            boolean received = t.cause() == Cause.RECEIVE_RST;
            // An RST received resets SYN_SENT too (RFC 9293 3.10.7.3); an abort sends one only on a connection.
            assertEquals(true, received && t.from() == TcpState.SYN_SENT
                    || synchronizedStates.contains(t.from().rfcName())
                            && (received || t.cause() == Cause.SEND_RST && t.from() != TcpState.TIME_WAIT),
                    arrow(t));
        }
    }

    @Test
    void oneCauseLeadsOutOfAStateOneWayOnly() {
        for (TcpTransitions.Transition t : TcpTransitions.ALL)
            assertEquals(1, TcpTransitions.ALL.stream().filter(u -> u.from() == t.from() && u.cause() == t.cause())
                    .count(), arrow(t));
    }

    @Test
    void aConnectionNobodyAnsweredReachesTheActiveCloseOnly() {
        assertEquals(Set.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2), TcpTransitions
                .reach(TcpState.ESTABLISHED, Set.of(Cause.SEND_FIN, Cause.RECEIVE_ACK_OF_FIN)));
        assertEquals(List.of(Cause.SEND_FIN), TcpTransitions.into(TcpState.LAST_ACK));
        assertEquals(List.of(Cause.RECEIVE_SYN_ACK, Cause.RECEIVE_ACK_OF_SYN),
                TcpTransitions.into(TcpState.ESTABLISHED));
    }

    @Test
    void aStateIsNamedByItsRfcNameOnly() {
        assertEquals(TcpState.TIME_WAIT, TcpState.named("TIME_WAIT").orElseThrow());
        assertEquals(true, TcpState.named("BOUND").isEmpty());
    }

    @Test
    void everyStateKeepsTheNameTheJournalHasForIt() {
        assertEquals(List.of("UNBOUND", "BOUND", "CONNECTED"),
                List.of(DgramState.values()).stream().map(SocketState::journalName).toList());
        assertEquals(List.of("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"),
                List.of(TcpState.values()).stream().map(SocketState::journalName).toList());
    }
}
