package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.diagram.JournalFixtures.captured;
import static org.socketlab.ui.diagram.JournalFixtures.failed;
import static org.socketlab.ui.diagram.JournalFixtures.ok;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.JournalFixtures;

/**
 * Issue 78, "true words": the state machine's cause of SYN_SENT -> CLOSED is the event that moved the socket, never
 * "(close())" when no close() was called (the review: a refused connect and an ICMP host unreachable on a 200 ms link
 * both said "SYN_SENT -> CLOSED (close())"). On loopback the kernel refuses a connect faster than it is sampled, so
 * SYN_SENT is never seen there: the journals are the order the window gets on a link, both ways round (the kernel's
 * sample of CLOSED before the call's answer, and after it).
 */
class StateMachineCauseTest {

    /** The client's socket sampled in SYN_SENT, then {@code end} (the call's answer, a segment, the sample of CLOSED). */
    private static StateMachineViewModel.Moved lastAfter(List<Payload> end) {
        Journal j = JournalFixtures.journal();
        j.append("client", ok("socket", null, 3, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0"));
        j.append("client", new Payload.State(3, "CLOSED", "SYN_SENT", "tcp_info"));
        for (Payload p : end) j.append("client", p);
        StateMachineViewModel vm = new StateMachineViewModel(new Texts(Lang.EN));
        vm.onEvents(j.snapshot());
        return vm.picture().lastTcp();
    }

    private static Payload closedSample() {
        return new Payload.State(3, "SYN_SENT", "CLOSED", "tcp_info");
    }

    private static void says(StateMachineViewModel.Moved m, String en, String es) {
        String inEnglish = StateMachineViewModel.describe(m, Messages.of(Lang.EN));
        String inSpanish = StateMachineViewModel.describe(m, Messages.of(Lang.ES));
        assertTrue(inEnglish.contains(en) && !inEnglish.contains("(close())"), inEnglish);
        assertTrue(inSpanish.contains(es) && !inSpanish.contains("(close())"), inSpanish);
    }

    @Test
    void aRefusedConnectIsTheRstThatAnsweredItsSynEitherWayRound() {
        Payload refused = failed("connect", 3, 111, "ECONNREFUSED", "addr", "10.77.0.2:5000");
        Payload rst = captured("server", "client", 0, 1L, 0, "RST", "ACK");
        for (List<Payload> order : List.of(List.of(rst, refused, closedSample()), List.of(closedSample(), rst, refused),
                List.of(closedSample(), refused))) {
            StateMachineViewModel.Moved m = lastAfter(order);
            assertEquals(StateMachineViewModel.How.REFUSED, m.how(), () -> order + ": " + m);
            assertTrue(m.path().isEmpty(), "RFC 9293 draws no RST arrow out of SYN_SENT: none is invented");
            says(m, "ECONNREFUSED", "ECONNREFUSED");
        }
        // An RST alone (a connect whose answer is still to come) is the refusal already.
        assertEquals(StateMachineViewModel.How.REFUSED, lastAfter(List.of(rst, closedSample())).how());
    }

    @Test
    void anIcmpUnreachableAndATimeoutSayWhatHappened() {
        StateMachineViewModel.Moved icmp = lastAfter(
                List.of(closedSample(), failed("connect", 3, 113, "EHOSTUNREACH", "addr", "10.77.0.3:5000")));
        assertEquals(StateMachineViewModel.How.UNREACHABLE, icmp.how(), icmp::toString);
        says(icmp, "ICMP", "ICMP");
        StateMachineViewModel.Moved timeout = lastAfter(
                List.of(failed("connect", 3, 110, "ETIMEDOUT", "addr", "10.77.0.2:5000"), closedSample()));
        assertEquals(StateMachineViewModel.How.TIMED_OUT, timeout.how(), timeout::toString);
        says(timeout, "ETIMEDOUT", "ETIMEDOUT");
        // Nothing yet explains it: no arrow, and no close() said.
        StateMachineViewModel.Moved unseen = lastAfter(List.of(closedSample()));
        assertEquals(StateMachineViewModel.How.UNSEEN, unseen.how(), unseen::toString);
        says(unseen, "SYN_SENT", "SYN_SENT");
    }

    /**
     * On one machine the kernel refuses the connect before any sample sees SYN_SENT: the walk of 2026-11-29 found "No TCP
     * transition yet" under a refused connect whose SYN and RST the diagram drew. The refusal is said all the same.
     */
    @Test
    void aConnectRefusedFasterThanItWasSampledIsStillSaid() {
        StateMachineViewModel.Moved refused = lastOnLoopback(
                failed("connect", 3, 111, "ECONNREFUSED", "addr", "127.0.0.1:5001"));
        assertEquals(StateMachineViewModel.How.REFUSED, refused.how(), () -> String.valueOf(refused));
        assertEquals("SYN_SENT", refused.from().journalName());
        assertEquals("CLOSED", refused.to().journalName());
        assertTrue(refused.path().isEmpty(), "no arrow invented between states never sampled");
        says(refused, "ECONNREFUSED", "ECONNREFUSED");
        // With no route the kernel refuses before any SYN: the socket never left CLOSED, nothing is said.
        assertEquals(null, lastOnLoopback(failed("connect", 3, 101, "ENETUNREACH", "addr", "10.99.0.1:5000")));
    }

    /** A socket, its connect's SYN and the RST that answered it, then {@code answer}: no state sample at all. */
    private static StateMachineViewModel.Moved lastOnLoopback(Payload answer) {
        Journal j = JournalFixtures.journal();
        j.append("client", ok("socket", null, 3, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0"));
        j.append("client", captured("client", "Kernel", 0, null, 0, "SYN"));
        j.append("client", captured("Kernel", "client", 0, 1L, 0, "RST", "ACK"));
        j.append("client", answer);
        StateMachineViewModel vm = new StateMachineViewModel(new Texts(Lang.EN));
        vm.onEvents(j.snapshot());
        return vm.picture().lastTcp();
    }

    @Test
    void aCloseCalledInSynSentIsStillTheCloseArrow() {
        StateMachineViewModel.Moved closed = lastAfter(List.of(ok("close", 3, 0), closedSample()));
        assertEquals(StateMachineViewModel.How.DIRECT, closed.how(), closed::toString);
        assertTrue(StateMachineViewModel.describe(closed, Messages.of(Lang.EN)).endsWith("(close())"));
    }
}
