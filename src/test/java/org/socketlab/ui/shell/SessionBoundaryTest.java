package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.table.SocketRow;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.sockets.SocketsViewModel;

/**
 * The window's session boundaries (issue 41, item 6): a new session (Reset all, a lesson) draws none of the previous
 * session's sockets, though their fd numbers are taken again at once and their connections outlive them in the
 * kernel.
 */
class SessionBoundaryTest {
    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(10, TimeUnit.SECONDS).payload();
    }

    @Test
    void whatTheResetDidInTheKernelIsJournaledInTheSessionThatEnds() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            ShellViewModel shell = new ShellViewModel(lab, "Linux", Lang.EN);
            Endpoint server = lab.server();
            int fd = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            long inode = server.sockets().getFirst().inode();
            call(server, new Request.Bind(fd, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
            call(server, new Request.Listen(fd, 5));
            lab.observeKernelNow();

            shell.resetAll();
            Await.until(Duration.ofSeconds(10), () -> shell.pendingSessionCut() != -1, () -> "a new session");
            long cut = shell.pendingSessionCut();
            List<Event> events = lab.journal().snapshot();
            Event closed = events.stream()
                    .filter(e -> e.payload() instanceof Payload.State s && Long.valueOf(inode).equals(s.inode())
                            && s.to().equals("CLOSED"))
                    .findFirst().orElseThrow(() -> new AssertionError("the listener's CLOSED: " + events));
            assertTrue(closed.seq() <= cut,
                    () -> "the closed listener is the old session's (seq " + closed.seq() + ", cut " + cut + ")");
        }
    }

    /** A hand-written session after {@code cut}: the old listener and the old client connection, on reused numbers. */
    private static List<Event> sessionAfter(long cut) {
        List<Event> events = new ArrayList<>();
        long[] seq = {cut};
        BiConsumer<String, Payload> add = (endpoint, payload) -> events
                .add(new Event(++seq[0], seq[0] * 1_000_000, endpoint, payload));
        add.accept("lab", new Payload.Capture(Payload.Capture.UNAVAILABLE, "not installed"));
        add.accept("server", new Payload.State(19, "LISTEN", "CLOSED", "sock_diag", null, 500L)); // the old listener
        add.accept("server", call("socket", null, 19, null, 700L, "domain", "AF_INET", "type", "SOCK_STREAM"));
        add.accept("server", call("listen", 19, 0, 700L, null, "backlog", "5"));
        add.accept("server", new Payload.State(19, "CLOSED", "LISTEN", "tcp_info", null, 700L));
        add.accept("client", call("socket", null, 20, null, 800L, "domain", "AF_INET", "type", "SOCK_STREAM"));
        add.accept("client", new Payload.State(20, "TIME_WAIT", "CLOSED", "sock_diag", null, 600L)); // 60 s on
        add.accept("client", new Payload.State(21, "FIN_WAIT_2", "CLOSED", "sock_diag", null, 650L)); // no fd 21 now
        add.accept("client", call("connect", 20, 0, 800L, null, "addr", "127.0.0.1:5000"));
        add.accept("client", new Payload.State(20, "CLOSED", "ESTABLISHED", "tcp_info", null, 800L));
        return events;
    }

    private static Payload.Call call(String name, Integer fd, long result, Long inode, Long made, String... args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        return new Payload.Call(name, fd, a, result, null, null, null, 0, null, 0, inode,
                made == null ? List.of() : List.of(made));
    }

    @Test
    void theDiagramAndTheSocketTableOfANewSessionShowOnlyItsOwnSockets() {
        long cut = 102;
        List<Event> session = sessionAfter(cut);

        DiagramModel diagram = new DiagramModel();
        diagram.startsSessionAfter(cut);
        diagram.append(session);
        List<Long> marked = diagram.rows().stream().filter(r -> r instanceof Row.StateMark)
                .map(r -> ((Row.StateMark) r).state().inode()).toList();
        assertEquals(List.of(700L, 800L), marked, "no fd 19 CLOSED before socket() = 19, no fd 20 or 21 CLOSED");

        SocketsViewModel sockets = new SocketsViewModel(new Texts(Lang.EN), () -> 0);
        sockets.onEvents(session);
        assertEquals(List.of("server 19 LISTEN", "client 20 ESTABLISHED"),
                sockets.rows().stream().map(SessionBoundaryTest::said).toList());

        // The same events shown from their middle (a page of a file) may have older sockets of their own: the one on a
        // number none of them named is still told, the ones on reused numbers are not.
        DiagramModel page = new DiagramModel();
        page.olderInFile(cut, List.of(), new SequenceOrigins());
        page.append(session);
        assertEquals(List.of(700L, 650L, 800L), page.rows().stream().filter(r -> r instanceof Row.StateMark)
                .map(r -> ((Row.StateMark) r).state().inode()).toList());
    }

    private static String said(SocketRow r) {
        return r.endpoint() + " " + r.fd() + " " + r.state();
    }
}
