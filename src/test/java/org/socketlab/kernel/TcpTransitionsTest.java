package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
}
