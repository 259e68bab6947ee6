package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/**
 * When a lesson's step expects TCP to send again what the link lost (issue 76 item 4), computed from journals made
 * here: the SYN's timers (1 s apart for the linear timeouts, then doubling), the SYN-ACK's (doubling from the first,
 * not moved by one sent for a repeated SYN), the handshake's lost last ACK, data at the sender's tcp_info RTO; what the
 * step says of each, in both languages; and the limit no wait passes.
 */
class TcpRetriesTest {
    private static final long S = 1_000_000_000L, MS = 1_000_000L;
    private static final TcpTimers LINUX = TcpTimers.LINUX_DEFAULTS;

    /** A journal's events made in order, each at its own time. */
    private static final class Events {
        final List<Event> list = new ArrayList<>();

        Events segment(String from, String to, long atNs, boolean lost, long seq, Long ack, int len,
                String... flags) {
            Payload.Passage link = new Payload.Passage(lost ? Payload.Passage.LOST : Payload.Passage.DELIVERED, atNs,
                    lost ? List.of() : List.of(atNs + MS));
            list.add(new Event(list.size() + 1, atNs, from, new Payload.Segment(from, to, "tcp", List.of(flags), seq,
                    ack, len, Payload.Segment.CAPTURED, 64240, null, null, atNs, null, null, false,
                    lost ? null : atNs + MS, link)));
            return this;
        }

        Events tcpInfo(String endpoint, long atNs, long rtoUs) {
            list.add(new Event(list.size() + 1, atNs, endpoint, new Payload.TcpInfo(3, null, 10_000, 5_000, rtoUs, 10,
                    null, 1448, 0, 0, null, Payload.TcpInfo.FROM_TCP_INFO, 0)));
            return this;
        }
    }

    @Test
    void aLostSynIsSentAgainAfterOneSecondFiveTimesThenTheTimerDoubles() {
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 2L, 4L, 8L, 16L, 32L, 64L),
                IntStream.rangeClosed(0, 10).mapToObj(n -> LINUX.synTimeout(n).toSeconds()).toList());
        // Before tcp_syn_linear_timeouts (kernels before 6.5): 1, 2, 4...
        TcpTimers old = new TcpTimers(6, 0, 5);
        assertEquals(List.of(1L, 2L, 4L, 8L), IntStream.rangeClosed(0, 3)
                .mapToObj(n -> old.synTimeout(n).toSeconds()).toList());
        // connect() gives up 131 s after its first SYN (127 s before the linear timeouts); no step waits longer.
        assertEquals(Duration.ofSeconds(131), LINUX.synGiveUp());
        assertEquals(Duration.ofSeconds(127), old.synGiveUp());
        assertEquals(TcpTimers.MAX_RTO, TcpTimers.capped(Duration.ofSeconds(100), 3));
    }

    @Test
    void eachLostSynIsOwedItsOwnRetryCountedFromItsSends() {
        Events e = new Events().segment("client", "server", 10 * S, true, 1000, null, 0, "SYN")
                .segment("client", "server", 11 * S, true, 1000, null, 0, "SYN")
                .segment("client", "server", 12 * S, true, 1000, null, 0, "SYN");
        for (int i = 0; i < 5; i++) e.segment("client", "server", (13 + i) * S, true, 1000, null, 0, "SYN");
        List<TcpRetries.Retry> owed = TcpRetries.owed(e.list, LINUX);
        assertEquals(8, owed.size());
        assertEquals(11 * S, owed.getFirst().retryAtNs());
        assertEquals(1, owed.getFirst().sends());
        assertEquals(TcpRetries.What.SYN, owed.getFirst().what());
        // The sixth send (at 15 s) is the first the doubled timer follows: 2 s; the seventh 4 s.
        assertEquals(17 * S, owed.get(5).retryAtNs());
        assertEquals(16 * S + 4 * S, owed.get(6).retryAtNs());
        assertEquals(owed.getLast(), TcpRetries.latest(e.list, LINUX));
        assertEquals("The SYN was lost; TCP tries again after 1 s.", owed.getFirst().said(Messages.of(Lang.EN)));
        assertEquals("El SYN se perdió; TCP lo intenta de nuevo tras 1 s.", owed.getFirst().said(Messages.of(Lang.ES)));
        assertEquals("The SYN was lost again (sent 6 times); TCP tries again after 2 s.",
                owed.get(5).said(Messages.of(Lang.EN)));
    }

    @Test
    void aSynackSentAgainForARepeatedSynLeavesItsTimerAsItWas() {
        Events e = new Events().segment("client", "server", 10 * S, false, 1000, null, 0, "SYN")
                .segment("server", "client", 10 * S + MS, true, 5000, 1001L, 0, "SYN", "ACK")
                // The client's SYN comes again at 11 s: answered at once, not the timer (which fires at 11 s + 1 ms).
                .segment("client", "server", 11 * S, false, 1000, null, 0, "SYN")
                .segment("server", "client", 11 * S + 2 * MS, true, 5000, 1001L, 0, "SYN", "ACK")
                // At 13 s, long after any SYN, the timer itself fired: set again, now for 2 s.
                .segment("server", "client", 13 * S, true, 5000, 1001L, 0, "SYN", "ACK");
        List<TcpRetries.Retry> owed = TcpRetries.owed(e.list, LINUX);
        assertEquals(3, owed.size());
        assertEquals(11 * S + MS, owed.get(0).retryAtNs()); // the first: 1 s after it
        assertEquals(11 * S + MS, owed.get(1).retryAtNs()); // the answer to a SYN: the timer is still the first one
        assertEquals(15 * S, owed.get(2).retryAtNs()); // fired once: 2 s
        assertEquals(Duration.ofSeconds(2), owed.get(2).timeout());
        assertTrue(owed.get(2).said(Messages.of(Lang.ES))
                .startsWith("El SYN-ACK se perdió; el servidor lo reenvía tras 2 s"));
    }

    @Test
    void aLostLastAckOfTheHandshakeWaitsForTheServersSynack() {
        Events e = new Events().segment("client", "server", 10 * S, false, 1000, null, 0, "SYN")
                .segment("server", "client", 10 * S + MS, false, 5000, 1001L, 0, "SYN", "ACK")
                .segment("client", "server", 10 * S + 2 * MS, true, 1001, 5001L, 0, "ACK");
        TcpRetries.Retry r = TcpRetries.latest(e.list, LINUX);
        assertNotNull(r);
        assertEquals(TcpRetries.What.HANDSHAKE_ACK, r.what());
        assertEquals(11 * S + MS, r.retryAtNs());
        assertEquals("The handshake's last ACK was lost; the server, still without it, sends its SYN-ACK again after"
                + " 1 s, and the connection waits for that.", r.said(Messages.of(Lang.EN)));
    }

    @Test
    void lostDataIsSentAgainAtTheSendersRtoAndABackedOffResendDoublesIt() {
        Events e = new Events().tcpInfo("client", 9 * S, 216_000)
                .segment("client", "server", 10 * S, true, 2000, 5001L, 1448, "ACK")
                .segment("client", "server", 10 * S + 216 * MS, true, 2000, 5001L, 1448, "ACK");
        List<TcpRetries.Retry> owed = TcpRetries.owed(e.list, LINUX);
        assertEquals(10 * S + 216 * MS, owed.get(0).retryAtNs());
        assertEquals(Duration.ofMillis(432), owed.get(1).timeout()); // sent again: the timer had doubled
        assertEquals(2, owed.get(1).sends());
        assertEquals("1448 bytes from Client to Server were lost; TCP sends them again when its retransmission"
                + " timeout (216 ms) ends, or sooner after three duplicate ACKs.",
                owed.get(0).said(Messages.of(Lang.EN)));
        // A reading taken just after the loss is that segment's own: its backed-off RTO as the kernel keeps it.
        e.tcpInfo("client", 10 * S + 216 * MS + MS, 1_500_000);
        assertEquals(Duration.ofMillis(1500), TcpRetries.owed(e.list, LINUX).get(1).timeout());
        assertEquals("Se perdieron 1448 bytes de Cliente a Servidor; TCP los reenvía cuando acaba su tiempo de"
                + " retransmisión (1,5 s), o antes tras tres ACK duplicados.",
                TcpRetries.owed(e.list, LINUX).get(1).said(Messages.of(Lang.ES)));
    }

    @Test
    void nothingIsOwedWhenNothingWasLostOrOnlyAnRstWas() {
        Events e = new Events().segment("client", "server", 10 * S, false, 1000, null, 0, "SYN")
                .segment("server", "client", 10 * S, true, 0, 1001L, 0, "RST", "ACK");
        assertNull(TcpRetries.latest(e.list, LINUX));
    }

    @Test
    void aWaitLastsUntilTheRetryAndItsOwnTimeoutAfterItAndSaysWhyOnce() throws Exception {
        Journal journal = new Journal();
        TcpWait wait = new TcpWait(journal, 0, LINUX);
        List<String> told = new ArrayList<>();
        wait.tellTo(t -> told.add(t.in(Lang.EN)));
        long now = System.nanoTime();
        // A SYN lost 900 ms ago: its retry is due in 100 ms, so a wait of 300 ms lasts about 400 ms.
        journal.append("client",
                new Events().segment("client", "server", now - 900 * MS, true, 1000, null, 0, "SYN").list.getFirst()
                        .payload());
        long start = System.nanoTime();
        assertFalse(wait.until(Duration.ofMillis(300), List.of(), () -> false));
        long tookMs = (System.nanoTime() - start) / MS;
        assertTrue(tookMs >= 350 && tookMs < 5_000, "waited " + tookMs + " ms");
        assertEquals(List.of("The SYN was lost; TCP tries again after 1 s."), told);
        assertTrue(journal.snapshot().stream().anyMatch(ev -> ev.payload() instanceof Payload.Note n
                && n.text().get("es").equals("El SYN se perdió; TCP lo intenta de nuevo tras 1 s.")));
        assertFalse(wait.last().capped());
        // Said once: a second wait on the same loss says nothing new; one whose condition holds returns at once.
        assertTrue(wait.until(Duration.ofMillis(300), List.of(CompletableFuture.completedFuture(1)), () -> true));
        assertEquals(1, told.size());
    }

    @Test
    void aWaitWithoutLossTimesOutOnItsOwnTimeoutAndNoWaitPassesTcpsGiveUp() throws Exception {
        Journal journal = new Journal();
        TcpWait wait = new TcpWait(journal, 0, new TcpTimers(1, 0, 1)); // connect() gives up after 1 + 2 = 3 s
        long start = System.nanoTime();
        assertFalse(wait.until(Duration.ofMillis(200), List.of(), () -> false));
        assertTrue((System.nanoTime() - start) / MS < 2_000);
        assertFalse(wait.last().capped());
        // A retry promised far off (a data segment whose RTO reads 120 s) is waited for only up to the limit.
        journal.append("client", new Payload.TcpInfo(3, null, 10_000, 5_000, 120_000_000, 10, null, 1448, 0, 0, null,
                Payload.TcpInfo.FROM_TCP_INFO, 0));
        journal.append("client", new Events().segment("client", "server", System.nanoTime(), true, 2000, 1L, 100,
                "ACK").list.getFirst().payload());
        assertEquals(Duration.ofMillis(3_200), wait.cap(Duration.ofMillis(200)));
        start = System.nanoTime();
        assertFalse(wait.until(Duration.ofMillis(200), List.of(), () -> false));
        long tookMs = (System.nanoTime() - start) / MS;
        assertTrue(tookMs >= 3_100 && tookMs < 8_000, "waited " + tookMs + " ms");
        assertTrue(wait.last().capped());
    }
}
