package org.socketlab.ui.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Lab;
import org.socketlab.story.RecordedRuns;
import org.socketlab.story.StoryText;
import org.socketlab.story.table.SocketRow;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.common.Texts;

/** The socket table from the journal of a real lifecycle on loopback; no toolkit, a hand-moved clock. */
class SocketsViewModelTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static Lab lab;
    private static RealLifecycle life;
    private static List<Event> journal;

    private final AtomicLong clock = new AtomicLong();
    private final SocketsViewModel vm = new SocketsViewModel(new Texts(Lang.EN), clock::get);

    @BeforeAll
    static void lifecycle() {
        lab = Lab.onThisMachine();
        life = RealLifecycle.run(lab);
        journal = lab.journal().snapshot();
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    /** Feeds the journal up to and including the first event that matches. */
    private Event feedUntil(Predicate<Event> last) {
        List<Event> prefix = new ArrayList<>();
        for (Event e : journal) {
            prefix.add(e);
            if (last.test(e)) {
                vm.onEvents(prefix);
                return e;
            }
        }
        throw new AssertionError("no such event in " + journal);
    }

    private SocketRow row(String endpoint, int fd, String type) {
        return vm.rows().stream().filter(
                r -> r.endpoint().equals(endpoint) && r.fd() == fd && r.kind().label(Messages.of(Lang.EN)).equals(type))
                .findFirst().orElseThrow(() -> new AssertionError(endpoint + " fd " + fd + " not in " + vm.rows()));
    }

    private static Predicate<Event> call(String endpoint, String name) {
        return e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c && c.call().equals(name);
    }

    @Test
    void afterAcceptBothEndsAreEstablishedAndTheClientsPortIsLearnedFromAcceptsPeer() {
        feedUntil(call("server", "recv"));
        SocketRow listener = row("server", life.listener, "TCP");
        SocketRow accepted = row("server", life.accepted, "TCP");
        SocketRow client = row("client", life.client, "TCP");
        assertEquals(TcpState.LISTEN, listener.state());
        assertEquals(TcpState.ESTABLISHED, accepted.state());
        assertEquals(TcpState.ESTABLISHED, client.state());
        assertEquals(listener.local(), accepted.local(), "accepted on the listener's address");
        assertEquals(listener.local(), client.peer());
        assertEquals(accepted.peer(), client.local(), "the client's ephemeral port, told by accept()");
        assertTrue(client.local().matches("127\\.0\\.0\\.1:\\d+"), client.local());
        assertEquals("4 B", accepted.recvQText(EN),
                "the 4 bytes sent wait in the receive queue until the kernel reports the recv()");
    }

    @Test
    void aConnectedClientWhosePortNobodyToldShowsAQuestionMark() {
        feedUntil(call("client", "connect"));
        SocketRow client = row("client", life.client, "TCP");
        assertEquals("?", client.local(), "the kernel chose a port that no call has told yet");
        assertEquals(row("server", life.listener, "TCP").local(), client.peer());
    }

    /**
     * Issue 57 (window review 19): after a real refused connect the kernel's Send-Q of the never-connected socket is 3
     * or so, no bytes; the diagram said "(not bytes)" while the table said "3 B". The table says it is no data.
     */
    @Test
    void aClosedSocketsSendQIsNotCalledBytes() {
        SocketsViewModel refused = new SocketsViewModel(new Texts(Lang.EN), clock::get);
        List<SocketRow> closed = new ArrayList<>(); // while its fd is open: close() takes the row away
        for (Event e : RecordedRuns.best("connection-refused")) {
            refused.onEvents(List.of(e));
            closed.addAll(refused.rows().stream()
                    .filter(r -> r.state() == TcpState.CLOSED && r.sendQ() != null && r.sendQ() > 0).toList());
        }
        assertFalse(closed.isEmpty(), "a refused connect leaves a CLOSED socket with Send-Q");
        for (SocketRow r : closed) {
            assertEquals(r.sendQ() + " (no data)", r.sendQText(EN));
            assertEquals(r.sendQ() + " (sin datos)", r.sendQText(Messages.of(Lang.ES)));
            assertTrue(r.sendQTip(EN).contains("no byte will be sent"), r.sendQTip(EN));
        }
    }

    @Test
    void theListenerShowsItsAcceptQueueAndBacklog() {
        vm.onEvents(journal);
        SocketRow listener = row("server", life.listener, "TCP");
        assertTrue(listener.listener() && listener.open());
        // Seen once in ~40 whole runs (ci38): "0 queued". The listener's kernel events say which reading said so.
        assertEquals("1 queued", listener.recvQText(EN), () -> "client-2 waits in the accept queue; the listener's: "
                + journal.stream().filter(e -> e.endpoint().equals("server") && (e.payload() instanceof Payload.Queue q
                        && q.fd() == life.listener
                        || e.payload() instanceof Payload.State st
                                && st.fd() == life.listener))
                        .map(e -> e.seq() + " " + e.payload()).toList());
        assertEquals("backlog 5", listener.sendQText(EN));
        assertEquals("1 en cola", listener.recvQText(Messages.of(Lang.ES)));
        assertTrue(listener.recvQTip(EN).contains("waiting for accept()"),
                "the short cell's long form, in its tooltip");
    }

    @Test
    void theClosedClientIsGreyedInFinWait2ThenCountsDownInTimeWait() {
        feedUntil(RealLifecycle.state("client", life.client, "FIN_WAIT_2"));
        SocketRow finWait2 = row("client", life.client, "TCP");
        assertFalse(finWait2.open(), "the fd is closed, the connection lives on");
        assertEquals(TcpState.FIN_WAIT_2, finWait2.state());
        assertEquals(life.client + " (closed)", finWait2.fdText(EN));
        assertEquals("FIN_WAIT_2", finWait2.stateCellText(EN), "no seconds outside TIME_WAIT");
        assertFalse(finWait2.stateTip(EN).contains("TIME_WAIT"), "no countdown outside TIME_WAIT");
        assertEquals(TcpState.CLOSE_WAIT, row("server", life.accepted, "TCP").state());
        assertFalse(vm.countingDown(), "nothing counts down: the window asks for no tick");

        Event timeWait = feedUntil(RealLifecycle.state("client", life.client, "TIME_WAIT"));
        long total = ((Payload.State) timeWait.payload()).timeWaitMs();
        clock.set(timeWait.atNs() + 10_000_000_000L); // ten seconds later
        vm.tick();
        SocketRow inTimeWait = row("client", life.client, "TCP");
        assertEquals(TcpState.TIME_WAIT, inTimeWait.state());
        assertEquals(total - 10_000, inTimeWait.timeWaitLeftMs());
        String left = String.valueOf((total - 10_000 + 999) / 1000);
        assertEquals("TIME_WAIT " + left + " s", inTimeWait.stateCellText(EN),
                "the seconds left in the state's own cell, whole, rounded up");
        assertTrue(inTimeWait.stateTip(EN).contains("TIME_WAIT for " + left + " s"), inTimeWait.stateTip(EN));
        assertTrue(inTimeWait.stateTip(Messages.of(Lang.ES)).contains("TIME_WAIT " + left + " s más"),
                inTimeWait.stateTip(Messages.of(Lang.ES)));
        clock.addAndGet(5_000_000_000L);
        vm.tick();
        assertEquals(total - 15_000, row("client", life.client, "TCP").timeWaitLeftMs(), "counts down between events");
        assertTrue(vm.countingDown(), "the window ticks it once a second");
        clock.set(timeWait.atNs() + total * 1_000_000);
        vm.tick();
        assertEquals(0L, row("client", life.client, "TCP").timeWaitLeftMs());
        assertFalse(vm.countingDown(), "at 0 it waits for the kernel's CLOSED, with no tick");
    }

    @Test
    void eachConnectionShowsTheLastTcpInfoTheKernelGaveOfIt() {
        CiRules.requireCapture(lab); // tcp_info is read after each captured segment
        // The client's last reading of its connection, wherever it came: its row shows those very figures.
        Event last = journal.stream().filter(e -> e.endpoint().equals("client")
                && e.payload() instanceof Payload.TcpInfo t && t.fd() == life.client).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no tcp_info of the client's connection in " + journal));
        feedUntil(e -> e == last);
        Payload.TcpInfo info = (Payload.TcpInfo) last.payload();
        SocketRow client = row("client", life.client, "TCP");
        assertEquals(info, client.tcpInfo());
        assertTrue(info.rttUs() > 0 && info.sndCwnd() > 0, "the kernel measured a round trip: " + info);
        assertEquals(info.rttUs() < 1000 ? info.rttUs() + " µs" : StoryText.millis(info.rttUs()) + " ms",
                client.rttText(EN));
        assertEquals(String.valueOf(info.sndCwnd()), client.cwndText(EN));
        assertEquals(info.inFlight() + " B", client.inFlightText(EN));
        assertTrue(client.peerWindowText(EN).matches("\\d+ B|\\d+ \\(captured\\)"), client.peerWindowText(EN));
        assertTrue(client.cwndTip(Messages.of(Lang.ES)).startsWith(info.sndCwnd() + " segmentos de "),
                client.cwndTip(Messages.of(Lang.ES)));
        assertTrue(client.stateTip(EN).contains("cwnd " + info.sndCwnd()), "said beside the state too");
        // A listener has no connection: nothing, whatever came before.
        assertNull(row("server", life.listener, "TCP").tcpInfo());
        assertEquals("\u2014", row("server", life.listener, "TCP").rttText(EN));
        // A reading of a socket the table does not have (another session's inode) changes no row.
        List<SocketRow> before = List.copyOf(vm.rows());
        vm.onEvents(List.of(new Event(journal.getLast().seq() + 1, last.atNs() + 1, "client",
                new Payload.TcpInfo(life.client, 999_999_999L, 1, 1, 1, 1, null, 1, 1, 1, 1L,
                        Payload.TcpInfo.FROM_TCP_INFO, 0))));
        assertEquals(before, vm.rows());
        // The headers, in both languages.
        assertEquals(List.of("RTT", "cwnd", "In flight", "Peer window"), headers(EN));
        assertEquals(List.of("RTT", "cwnd", "En vuelo", "Ventana remota"), headers(Messages.of(Lang.ES)));
    }

    private static List<String> headers(Messages m) {
        return List.of("rtt", "cwnd", "inFlight", "peerWindow").stream().map(k -> m.get("ui.sockets.col." + k))
                .toList();
    }

    @Test
    void aClosedConnectionGoesAwayWhenTheKernelSaysClosedAndItsFdNumberCanBeReused() {
        vm.onEvents(journal);
        assertTrue(
                vm.rows().stream()
                        .noneMatch(r -> r.endpoint().equals("server") && r.kind().tcp() && r.fd() == life.accepted),
                "the server's accepted socket reached CLOSED after LAST_ACK and is gone");
        if (life.udpServer == life.accepted)
            assertEquals(DgramState.BOUND, row("server", life.udpServer, "UDP").state(), "fd number reused");
        assertEquals(DgramState.CONNECTED, row("client", life.udpClient, "UDP").state());
        assertEquals(row("server", life.udpServer, "UDP").local(), row("client", life.udpClient, "UDP").peer());
        assertEquals(TcpState.ESTABLISHED, row("client-2", life.client2, "TCP").state());

        // What the kernel journals when TIME_WAIT runs out (60 s on Linux; not waited for here).
        Event last = journal.getLast();
        vm.onEvents(List.of(new Event(last.seq() + 1, last.atNs() + 1, "client",
                new Payload.State(life.client, "TIME_WAIT", "CLOSED", "sock_diag"))));
        assertTrue(vm.rows().stream()
                .noneMatch(r -> r.endpoint().equals("client") && r.kind().tcp() && r.fd() == life.client));
        assertEquals(TcpState.ESTABLISHED, row("client-2", life.client2, "TCP").state(),
                "another endpoint's fd with the same number is untouched");
    }
}
