package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;

/** The state machine's highlights and last transition from the journal of a real lifecycle; no toolkit. */
class StateMachineViewModelTest {
    private static Lab lab;
    private static RealLifecycle life;
    private static List<Event> journal;
    private final StateMachineViewModel vm = new StateMachineViewModel(new Texts(Lang.EN));

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

    @Test
    void theDiagramHasTheElevenStatesOfRfc9293AndEveryArrowJoinsTwoOfThem() {
        Set<String> states = TcpDiagram.NODES.stream().map(TcpDiagram.Node::state).collect(Collectors.toSet());
        assertEquals(Set.of("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"), states);
        for (TcpDiagram.Edge e : TcpDiagram.EDGES) {
            assertTrue(TcpDiagram.node(e.from()).isPresent() && TcpDiagram.node(e.to()).isPresent(), e.toString());
            for (Lang l : Lang.values()) assertTrue(Messages.of(l).has(e.labelKey()), e.labelKey());
        }
        assertEquals(List.of("ESTABLISHED->FIN_WAIT_1", "FIN_WAIT_1->FIN_WAIT_2"),
                TcpDiagram.path("ESTABLISHED", "FIN_WAIT_2", TcpDiagram.EDGES).stream().map(TcpDiagram.Edge::id)
                        .toList());
        assertEquals(List.of("LAST_ACK->" + TcpDiagram.CLOSED_END),
                TcpDiagram.path("LAST_ACK", "CLOSED", TcpDiagram.EDGES).stream().map(TcpDiagram.Edge::id).toList());
        assertEquals(List.of("LISTEN->CLOSED"),
                TcpDiagram.path("LISTEN", "CLOSED", TcpDiagram.EDGES).stream().map(TcpDiagram.Edge::id).toList());
        // RFC 9293 Figure 5: a SYN received in SYN_SENT is answered with SYN,ACK.
        TcpDiagram.Edge simultaneous = TcpDiagram.EDGES.stream().filter(e -> e.id().equals("SYN_SENT->SYN_RECEIVED"))
                .findFirst().orElseThrow();
        assertEquals("rcv SYN / SYN,ACK (simultaneous open)", Messages.of(Lang.EN).get(simultaneous.labelKey()));
        // Every synchronized state has its own RST edge to CLOSED, apart from the drawn ones.
        assertEquals(
                List.of("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"),
                TcpDiagram.SYNCHRONIZED);
        for (TcpDiagram.Edge e : TcpDiagram.RST_EDGES) {
            assertTrue(e.reset() && e.to().equals(TcpDiagram.CLOSED_END), e.toString());
            assertTrue(TcpDiagram.EDGES.stream().noneMatch(d -> d.id().equals(e.id())), e.id());
        }
    }

    @Test
    void everySocketSitsInItsStateWithItsEndpointAndClosedFdsAreMarked() {
        vm.onEvents(journal);
        var p = vm.picture();
        assertEquals(List.of(new StateMachineViewModel.Badge("server", life.listener, true)), p.tcpAt("LISTEN"));
        assertEquals(List.of(new StateMachineViewModel.Badge("client", life.client, false)), p.tcpAt("TIME_WAIT"),
                "the client's fd is closed; its connection waits in TIME_WAIT");
        assertTrue(p.tcpAt("ESTABLISHED").contains(new StateMachineViewModel.Badge("client-2", life.client2, true)));
        assertTrue(p.tcpAt("LAST_ACK").isEmpty() && p.tcpAt("CLOSE_WAIT").isEmpty(), "the server's side is gone");
        assertEquals(List.of(new StateMachineViewModel.Badge("server", life.udpServer, true)), p.udpAt("BOUND"));
        assertEquals(List.of(new StateMachineViewModel.Badge("client", life.udpClient, true)), p.udpAt("CONNECTED"));
        assertEquals("client", p.lastUdp().endpoint());
    }

    @Test
    void theLastTransitionIsTheArrowItTookAndFastChangesShowTheStatesBetween() {
        List<Event> upToTimeWait = new ArrayList<>();
        for (Event e : journal) {
            upToTimeWait.add(e);
            if (RealLifecycle.state("client", life.client, "TIME_WAIT").test(e)) break;
        }
        vm.onEvents(upToTimeWait);
        var last = vm.picture().lastTcp();
        assertEquals("client", last.endpoint());
        assertEquals(List.of("FIN_WAIT_2->TIME_WAIT"), last.path().stream().map(TcpDiagram.Edge::id).toList());
        assertEquals(StateMachineViewModel.How.DIRECT, last.how());
        assertEquals("Last: Client fd " + life.client + ": FIN_WAIT_2 \u2192 TIME_WAIT (rcv FIN / ACK)",
                vm.caption().get());
        assertTrue(vm.timeWaitNote().get().contains("2 MSL") && vm.timeWaitNote().get().contains("60 s"),
                vm.timeWaitNote().get());

        vm.onEvents(journal.subList(upToTimeWait.size(), journal.size()));
        last = vm.picture().lastTcp();
        assertEquals("client-2", last.endpoint());
        // connect() went CLOSED -> SYN_SENT -> ESTABLISHED within one call: the sampler saw only the ends.
        assertEquals(List.of("CLOSED->SYN_SENT", "SYN_SENT->ESTABLISHED"),
                last.path().stream().map(TcpDiagram.Edge::id).toList());
        assertEquals(StateMachineViewModel.How.PASSING, last.how());
        assertTrue(vm.caption().get().contains("SYN_SENT"), vm.caption().get());
    }

    @Test
    void anAcceptedSocketCameThroughTheListenersQueue() {
        List<Event> upToAccepted = new ArrayList<>();
        for (Event e : journal) {
            upToAccepted.add(e);
            if (e.endpoint().equals("server") && e.payload() instanceof Payload.State s
                    && s.fd() == life.accepted
                    && s.to().equals("ESTABLISHED"))
                break;
        }
        vm.onEvents(upToAccepted);
        var last = vm.picture().lastTcp();
        assertEquals("server", last.endpoint());
        assertEquals(List.of("LISTEN->SYN_RECEIVED", "SYN_RECEIVED->ESTABLISHED"),
                last.path().stream().map(TcpDiagram.Edge::id).toList());
        vm.texts().langProperty().set(Lang.ES);
        assertTrue(vm.caption().get().startsWith("Última: Servidor fd " + life.accepted), vm.caption().get());
    }

    @Test
    void followingThePlaybackTheServersCloseWentThroughLastAckAsTheDiagramDrawsIt() {
        // The window's state machine follows the diagram's cursor: it is given the events of the rows shown, in the
        // rows' order, where LAST_ACK is drawn deduced at the server's FIN and CLOSED is read after the last ACK.
        DiagramModel model = new DiagramModel();
        model.append(journal);
        List<Long> told = model.eventsThrough(model.rowCount()).stream().map(Event::seq).toList();
        assertEquals(told.size(), told.stream().distinct().count(), () -> "each event told once: " + told);
        boolean closed = false;
        for (int shown = 1; shown <= model.rowCount(); shown++) {
            vm.replay(model.eventsThrough(shown));
            var last = vm.picture().lastTcp();
            if (last == null || !last.endpoint().equals("server") || last.fd() != life.accepted
                    || last.to() != TcpState.CLOSED)
                continue;
            closed = true;
            List<String> path = last.path().stream().map(TcpDiagram.Edge::id).toList();
            assertTrue(last.how() != StateMachineViewModel.How.UNSEEN
                    && path.getLast().equals("LAST_ACK->" + TcpDiagram.CLOSED_END),
                    () -> "at row " + model.rowCount() + ": " + vm.caption().get());
        }
        assertTrue(closed, "the server's close is the last move at some row");
    }
    /**
     * What a drawing keeps in view (issue 57): the state of the socket the newest call named, with where it can go next,
     * even when the peer moved last; a call on a datagram socket leaves the TCP socket chosen.
     */
    @Test
    void theFocusIsTheSocketTheNewestCallNamedWhereverThePeerMoved() {
        assertEquals(null, vm.picture().focus(), "nothing yet");
        boolean sawPeerMoveLast = false, sawAccepted = false;
        for (Event e : journal) {
            vm.onEvents(List.of(e));
            var p = vm.picture();
            if (e.payload() instanceof Payload.Call c && c.is(SysCall.ACCEPT)
                    && e.endpoint().equals("server")) {
                assertEquals(new StateMachineViewModel.Chosen("server", life.accepted), p.chosen());
                assertEquals(where(p, "server", life.accepted), p.focus());
                sawAccepted = true;
            }
            if (RealLifecycle.state("server", life.accepted, "CLOSE_WAIT").test(e)) {
                // The client's close() was the newest call: its socket stays in view (FIN_WAIT_1 or 2, or ESTABLISHED
                // if the kernel's reading of it comes later), not the server's CLOSE_WAIT the kernel moved last.
                assertEquals("server", p.lastTcp().endpoint());
                assertEquals(new StateMachineViewModel.Chosen("client", life.client), p.chosen());
                assertEquals(where(p, "client", life.client), p.focus());
                assertTrue(!p.focus().equals("CLOSE_WAIT"), p.focus());
                sawPeerMoveLast = true;
            }
        }
        assertTrue(sawAccepted && sawPeerMoveLast, "the journal had the accept and the server's CLOSE_WAIT");
        // The lifecycle ends with UDP calls: the chosen TCP socket is still the second client's, waiting in ESTABLISHED.
        assertEquals(new StateMachineViewModel.Chosen("client-2", life.client2), vm.picture().chosen());
        assertEquals("ESTABLISHED", vm.picture().focus());
        assertEquals(List.of("FIN_WAIT_1", "CLOSE_WAIT"), TcpDiagram.next("ESTABLISHED"));
        vm.replay(List.of());
        assertEquals(null, vm.picture().focus(), "a replay from the start chooses again");
    }

    /**
     * Issue 57: after a real fork() the child holds its parent's sockets under the same numbers, so while both hold one
     * each shows it ("Server 2 · fd 4" beside "Server · fd 4"); once one closes it, only the other does. Until then the
     * row was drawn for one holder only: the child's inherited connection had no badge of its own.
     */
    @Test
    void aSocketAForkSharedShowsEveryProcessThatHoldsIt() {
        List<Event> run;
        try (Lab forking = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("fork-server"), forking);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            run = forking.journal().snapshot();
        }
        int forked = -1, accepted = -1, listener = -1;
        for (int i = 0; i < run.size() && forked < 0; i++) {
            Event e = run.get(i);
            if (e.payload() instanceof Payload.Call c && c.is(SysCall.ACCEPT) && !c.failed())
                accepted = (int) c.result();
            if (e.payload() instanceof Payload.Call c && c.is(SysCall.LISTEN)) listener = c.fd();
            if (e.payload() instanceof Payload.Process p && p.event().equals(Payload.Process.FORKED)) forked = i;
        }
        assertTrue(forked > 0 && accepted > 0 && listener > 0, "the run accepted, then forked");
        int conn = accepted;
        int closed = forked + 1; // the parent's close() of its copy of the connection, the next call after the fork
        while (!(run.get(closed).payload() instanceof Payload.Call c && c.is(SysCall.CLOSE))) closed++;
        var both = new StateMachineViewModel(new Texts(Lang.EN));
        both.onEvents(run.subList(0, closed));
        var p = both.picture();
        String connection = where(p, "server", accepted);
        assertTrue(connection != null, p::toString);
        assertTrue(p.tcpAt(connection).contains(new StateMachineViewModel.Badge("server-2", accepted, true)),
                () -> "the child's inherited connection beside its parent's: " + p.tcpAt(connection));
        assertTrue(p.tcpAt("LISTEN").containsAll(List.of(new StateMachineViewModel.Badge("server", listener, true),
                new StateMachineViewModel.Badge("server-2", listener, true))), () -> "" + p.tcpAt("LISTEN"));
        assertEquals("Server 2 · fd " + accepted,
                both.badgeText(new StateMachineViewModel.Badge("server-2", accepted, true)));
        both.onEvents(run.subList(closed, closed + 1));
        var after = both.picture();
        String still = where(after, "server-2", accepted);
        assertTrue(still != null && after.tcpAt(still).stream().noneMatch(b -> b.endpoint().equals("server")
                && b.fd() == conn), () -> "the parent closed its copy: the child's alone " + after.tcp());
    }

    private static String where(StateMachineViewModel.Picture p, String endpoint, int fd) {
        return p.tcp().entrySet().stream()
                .filter(at -> at.getValue().stream().anyMatch(b -> b.endpoint().equals(endpoint) && b.fd() == fd))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
