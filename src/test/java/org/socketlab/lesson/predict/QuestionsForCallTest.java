package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Question;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/** The free lab's questions follow the call and the socket's state now (the kernel still decides the answer). */
class QuestionsForCallTest {
    private static final SockAddr PORT = SockAddr.parse("127.0.0.1:5000", Domain.AF_INET);
    private static final CallSituation FRESH_TCP = new CallSituation(true, true, false, TcpState.CLOSED);

    private static List<String> claims(Question q) {
        return q.options().stream().map(o -> o.claim().text()).toList();
    }

    @Test
    void connectOffersTheClassicAnswersAndWhatTheSocketsStateMakesPlausible() {
        Question fresh = Questions.forCall(1, new Request.Connect(3, PORT), FRESH_TCP);
        assertEquals(Question.Topic.RESULT, fresh.topic());
        assertTrue(claims(fresh).containsAll(List.of("0", "-1 ECONNREFUSED", "blocked", "-1 ETIMEDOUT")),
                claims(fresh).toString());
        assertNull(fresh.expected(), "no lesson expects anything in the free lab");
        assertTrue(claims(
                Questions.forCall(2, new Request.Connect(3, PORT),
                        new CallSituation(true, true, false, TcpState.ESTABLISHED)))
                .contains("-1 EISCONN"));
        assertTrue(claims(
                Questions.forCall(3, new Request.Connect(3, PORT),
                        new CallSituation(true, true, true, TcpState.CLOSED)))
                .contains("-1 EINPROGRESS"));
    }

    @Test
    void closeAsksAboutTheWireOnlyWhereThereIsOne() {
        Question established = Questions.forCall(1, new Request.Close(4),
                new CallSituation(true, true, false, TcpState.ESTABLISHED));
        assertEquals(Question.Topic.WIRE, established.topic());
        assertEquals(Set.of("FIN", "RST", "none", "data"), Set.copyOf(claims(established)));
        assertEquals(Set.of("FIN", "RST", "none"),
                Set.copyOf(claims(
                        Questions.forCall(1, new Request.Close(4),
                                new CallSituation(true, true, false, TcpState.LISTEN)))),
                "a listener has no data to send");
        assertNull(Questions.forCall(1, new Request.Close(4), new CallSituation(false, false, false, DgramState.BOUND)),
                "a UDP close puts nothing on the wire");
        assertNull(
                Questions.forCall(1, new Request.Close(4), new CallSituation(true, false, false, TcpState.ESTABLISHED)),
                "nor does an AF_UNIX one");
    }

    @Test
    void receivingOffersZeroAndWaitingAndCallsWithNothingToPredictAskNothing() {
        Question recv = Questions.forCall(5, new Request.Recv(4, 1024, Set.of()),
                new CallSituation(true, true, false, TcpState.ESTABLISHED));
        assertTrue(claims(recv).containsAll(List.of(">= 1", "0", "blocked", "-1 ECONNRESET")), claims(recv).toString());
        assertEquals(5, recv.step());
        // Non-blocking, or before any connection, the same call can do other things.
        assertTrue(claims(Questions.forCall(6, new Request.Recv(4, 1024, Set.of()),
                new CallSituation(true, true, true, TcpState.ESTABLISHED))).contains("-1 EAGAIN"));
        assertTrue(
                claims(Questions.forCall(7, new Request.Recv(4, 1024, Set.of()), FRESH_TCP)).contains("-1 ENOTCONN"));
        assertNull(Questions.forCall(1, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM, Protocol.DEFAULT),
                CallSituation.NONE));
        assertNull(Questions.forCall(1, new Request.GetSockName(3), FRESH_TCP));
    }

    @Test
    void aSocketsStateSaysWhereItStandsForTheOptions() {
        // Written out from RFC 9293's states, not from the transition table the situation reads.
        Map<String, PossibleOutcomes.Phase> expected = Map.ofEntries(Map.entry("", PossibleOutcomes.Phase.FRESH),
                Map.entry("UNBOUND", PossibleOutcomes.Phase.FRESH), Map.entry("CLOSED", PossibleOutcomes.Phase.FRESH),
                Map.entry("BOUND", PossibleOutcomes.Phase.BOUND), Map.entry("LISTEN", PossibleOutcomes.Phase.LISTENING),
                Map.entry("SYN_SENT", PossibleOutcomes.Phase.CONNECTING),
                Map.entry("SYN_RECEIVED", PossibleOutcomes.Phase.CONNECTING),
                Map.entry("ESTABLISHED", PossibleOutcomes.Phase.CONNECTED),
                Map.entry("CONNECTED", PossibleOutcomes.Phase.CONNECTED),
                Map.entry("CLOSE_WAIT", PossibleOutcomes.Phase.CONNECTED),
                Map.entry("FIN_WAIT_1", PossibleOutcomes.Phase.SENDING_SHUT),
                Map.entry("FIN_WAIT_2", PossibleOutcomes.Phase.SENDING_SHUT),
                Map.entry("CLOSING", PossibleOutcomes.Phase.SENDING_SHUT),
                Map.entry("LAST_ACK", PossibleOutcomes.Phase.SENDING_SHUT),
                Map.entry("TIME_WAIT", PossibleOutcomes.Phase.SENDING_SHUT));
        expected.forEach((state, phase) -> assertEquals(phase,
                new CallSituation(true, true, false, SocketState.read(state)).outcomes().phase(), state));
    }
}
