package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented rule table, row by row (the kernel observer tests check it against real calls). */
class InferenceRulesTest {

    private static List<String> segments(String call, boolean tcp, long result, String errno, TcpState before,
            String how,
            long unread, boolean lingerZero, boolean peerBound) {
        return InferenceRules
                .segments(new InferenceRules.CallFacts(call, tcp, result, errno, before, how, unread, lingerZero,
                        peerBound, "client", "server"))
                .stream()
                .map(s -> s.from() + ">" + s.to() + " " + s.proto() + " " + String.join("+", s.flags()) + " " + s.len())
                .toList();
    }

    @Test
    void connect() {
        assertEquals(List.of("client>server tcp SYN 0", "server>client tcp SYN+ACK 0", "client>server tcp ACK 0"),
                segments("connect", true, 0, null, TcpState.CLOSED, null, 0, false, true));
        assertEquals(List.of("client>server tcp SYN 0", "server>client tcp RST+ACK 0"),
                segments("connect", true, -1, "ECONNREFUSED", TcpState.CLOSED, null, 0, false, false));
        assertEquals(List.of("client>server tcp SYN 0"),
                segments("connect", true, -1, "EINPROGRESS", TcpState.CLOSED, null, 0, false, true));
        assertEquals(List.of(), segments("connect", true, -1, "EISCONN", TcpState.ESTABLISHED, null, 0, false, true));
    }

    @Test
    void sendAndDatagrams() {
        assertEquals(List.of("client>server tcp PSH+ACK 4", "server>client tcp ACK 0"),
                segments("send", true, 4, null, TcpState.ESTABLISHED, null, 0, false, true));
        assertEquals(List.of(), segments("send", true, -1, "EPIPE", TcpState.FIN_WAIT_2, null, 0, false, true));
        assertEquals(List.of("client>server udp  5"), segments("sendto", false, 5, null, null, null, 0, false, true));
        assertEquals(List.of("client>server udp  5", "server>client icmp PORT_UNREACHABLE 0"),
                segments("send", false, 5, null, null, null, 0, false, false));
    }

    @Test
    void closeAndShutdown() {
        assertEquals(List.of("client>server tcp FIN+ACK 0", "server>client tcp ACK 0"),
                segments("close", true, 0, null, TcpState.ESTABLISHED, null, 0, false, true));
        assertEquals(List.of("client>server tcp RST+ACK 0"),
                segments("close", true, 0, null, TcpState.ESTABLISHED, null, 8, false, true));
        assertEquals(List.of("client>server tcp RST 0"),
                segments("close", true, 0, null, TcpState.ESTABLISHED, null, 0, true, true));
        assertEquals(List.of(), segments("close", true, 0, null, TcpState.LISTEN, null, 0, false, true));
        assertEquals(List.of("client>server tcp FIN+ACK 0", "server>client tcp ACK 0"),
                segments("shutdown", true, 0, null, TcpState.CLOSE_WAIT, "SHUT_WR", 0, false, true));
        assertEquals(List.of(), segments("shutdown", true, 0, null, TcpState.ESTABLISHED, "SHUT_RD", 0, false, true));
    }

    @Test
    void aFinQueuedBehindUnsentBytesIsNotDeducedAtTheCall() {
        for (String call : List.of("shutdown", "close")) {
            List<String> held = InferenceRules
                    .segments(new InferenceRules.CallFacts(call, true, 0, null, TcpState.ESTABLISHED,
                            call.equals("shutdown") ? "SHUT_WR" : null, 0, false, true, "client", "server", 2048))
                    .stream().map(s -> String.join("+", s.flags())).toList();
            assertEquals(List.of(), held,
                    call + " with 2048 bytes unsent: the FIN leaves when the peer's window opens");
            List<String> free = InferenceRules
                    .segments(new InferenceRules.CallFacts(call, true, 0, null, TcpState.ESTABLISHED,
                            call.equals("shutdown") ? "SHUT_WR" : null, 0, false, true, "client", "server", 0))
                    .stream().map(s -> String.join("+", s.flags())).toList();
            assertEquals(List.of("FIN+ACK", "ACK"), free, call + " with nothing unsent");
        }
    }

    @Test
    void closingAListenerResetsEachConnectionWaitingInItsQueue() {
        var facts = new InferenceRules.CallFacts("close", true, 0, null, TcpState.LISTEN, null, 2, false, true,
                "server", "external", 0, List.of("client-2", "client-3"), false);
        assertEquals(List.of("server>client-2 tcp RST+ACK 0", "server>client-3 tcp RST+ACK 0"),
                InferenceRules.segments(facts).stream()
                        .map(s -> s.from() + ">" + s.to() + " " + s.proto() + " " + String.join("+", s.flags()) + " "
                                + s.len())
                        .toList());
        var failed = new InferenceRules.CallFacts("close", true, -1, "EBADF", TcpState.LISTEN, null, 2, false, true,
                "server", "external", 0, List.of("client-2"), false);
        assertEquals(List.of(), InferenceRules.segments(failed));
    }

    @Test
    void aSendNagleMayHoldIsNotDrawnButSaidUncounted() {
        var held = new InferenceRules.CallFacts("send", true, 1, null, TcpState.ESTABLISHED, null, 0, false, true,
                "client", "server", 0, List.of(), true);
        assertEquals(List.of(), InferenceRules.segments(held), "no invented segment for bytes Nagle may hold");
        assertTrue(InferenceRules.uncounted(held));
        var free = new InferenceRules.CallFacts("send", true, 1, null, TcpState.ESTABLISHED, null, 0, false, true,
                "client", "server", 0, List.of(), false);
        assertEquals(2, InferenceRules.segments(free).size());
        assertFalse(InferenceRules.uncounted(free));
        var udp = new InferenceRules.CallFacts("send", false, 1, null, null, null, 0, false, true, "client", "server",
                0, List.of(), true);
        assertFalse(InferenceRules.uncounted(udp), "datagrams are never joined");
    }

    /**
     * The rules read the transition table (issue 44 item 4): in every state, close() and shutdown(SHUT_WR) deduce a
     * FIN exactly where the table has a SEND_FIN arrow, an abortive close() deduces an RST exactly where it has a
     * SEND_RST arrow, and send() deduces data exactly where the table says data may still leave. An arrow added to or
     * taken from the table changes what is deduced; a rule written apart from it fails here.
     */
    @Test
    void whatEachStateSendsIsTheTransitionTables() {
        for (TcpState state : TcpState.values()) {
            boolean fin = TcpTransitions.next(state, TcpTransitions.Cause.SEND_FIN).isPresent();
            boolean rst = TcpTransitions.next(state, TcpTransitions.Cause.SEND_RST).isPresent();
            boolean data = TcpTransitions.SYNCHRONIZED.contains(state) && fin;
            List<String> finSegments = List.of("client>server tcp FIN+ACK 0", "server>client tcp ACK 0");
            assertEquals(fin ? finSegments : List.of(),
                    segments("close", true, 0, null, state, null, 0, false, true), state + ": close");
            assertEquals(fin ? finSegments : List.of(),
                    segments("shutdown", true, 0, null, state, "SHUT_WR", 0, false, true), state + ": shutdown");
            assertEquals(rst ? List.of("client>server tcp RST 0") : fin ? finSegments : List.of(),
                    segments("close", true, 0, null, state, null, 0, true, true), state + ": SO_LINGER 0");
            assertEquals(rst ? List.of("client>server tcp RST+ACK 0") : fin ? finSegments : List.of(),
                    segments("close", true, 0, null, state, null, 3, false, true), state + ": unread data");
            assertEquals(data ? List.of("client>server tcp PSH+ACK 4", "server>client tcp ACK 0") : List.of(),
                    segments("send", true, 4, null, state, null, 0, false, true), state + ": send");
        }
        // What that means, as the RFC draws it: data and a FIN leave ESTABLISHED and CLOSE_WAIT; a FIN also leaves
        // SYN_RECEIVED (a simultaneous open), never a state that already sent its own.
        assertTrue(TcpTransitions.maySendData(TcpState.CLOSE_WAIT));
        assertFalse(TcpTransitions.maySendData(TcpState.FIN_WAIT_1));
        assertEquals(List.of("client>server tcp FIN+ACK 0", "server>client tcp ACK 0"),
                segments("close", true, 0, null, TcpState.SYN_RECEIVED, null, 0, false, true));
    }
}
