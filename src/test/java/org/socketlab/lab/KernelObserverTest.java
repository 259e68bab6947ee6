package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.testing.Await;

/** What the kernel did, as the journal tells it: states, queues and inferred segments, on real sockets. */
class KernelObserverTest {
    private final Lab lab = Lab.onThisMachine();
    private final Endpoint server = lab.server();
    private final Endpoint client = lab.client();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    /** Waits (at most 5 s) for the first journal event, past or future, that matches. */
    private Event await(String what, Predicate<Event> matches) {
        Await.untilJournaled(lab.journal(), Duration.ofSeconds(5),
                () -> lab.journal().snapshot().stream().anyMatch(matches),
                () -> what + " in " + lab.journal().snapshot());
        return lab.journal().snapshot().stream().filter(matches).findFirst().orElseThrow();
    }

    private Predicate<Event> state(String endpoint, int fd, String to) {
        return e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.State s && s.fd() == fd
                && s.to().equals(to);
    }

    private Predicate<Event> queue(String endpoint, int fd, long recvQ) {
        return e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Queue q && q.fd() == fd
                && q.recvQ() == recvQ;
    }

    /** {listener, client, accepted} after a real handshake; accept is made only if {@code accept}. */
    private int[] connect(int backlog, boolean accept) {
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(freePort())));
        ok(server, new Request.Listen(listener, backlog));
        String address = ok(server, new Request.GetSockName(listener)).args().get("addr");
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, v4(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))));
        int conn = accept ? (int) ok(server, new Request.Accept(listener)).result() : -1;
        return new int[]{listener, c, conn};
    }

    @Test
    void theHandshakeIsDoneAndQueuedBeforeAccept() {
        int[] s = connect(5, false);
        await("listener LISTEN", state("server", s[0], "LISTEN"));
        await("client ESTABLISHED", state("client", s[1], "ESTABLISHED"));
        long queued = await("accept queue at 1", queue("server", s[0], 1)).seq();
        int conn = (int) ok(server, new Request.Accept(s[0])).result();
        await("accepted socket ESTABLISHED", state("server", conn, "ESTABLISHED"));
        await("accept queue back to 0", e -> e.seq() > queued && queue("server", s[0], 0).test(e));
    }

    @Test
    void unreadBytesShowExactlyInTheReceiveQueue() {
        int[] s = connect(5, true);
        ok(client, new Request.Send(s[1], new byte[1234]));
        await("recv-q 1234", queue("server", s[2], 1234));
        ok(server, new Request.Recv(s[2], 1000));
        await("recv-q 234", queue("server", s[2], 234));
    }

    @Test
    void closingTheClientLeavesServerInCloseWaitAndClientInFinWait2ThenTimeWait() {
        int[] s = connect(5, true);
        ok(client, new Request.Close(s[1]));
        await("server CLOSE_WAIT", state("server", s[2], "CLOSE_WAIT"));
        await("client FIN_WAIT_2", state("client", s[1], "FIN_WAIT_2"));
        ok(server, new Request.Close(s[2]));
        Event timeWait = await("client TIME_WAIT", state("client", s[1], "TIME_WAIT"));
        long left = ((Payload.State) timeWait.payload()).timeWaitMs();
        assertTrue(left > 0 && left <= 60_000, "TIME_WAIT time left " + left + " ms");
        await("server CLOSED", state("server", s[2], "CLOSED"));
    }

    @Test
    void aSocketWhoseConnectionIsInTimeWaitWhileItsFdIsStillOpenShowsTimeWait() {
        int[] s = connect(5, true);
        ok(client, new Request.Shutdown(s[1], ShutdownHow.SHUT_WR));
        await("server CLOSE_WAIT", state("server", s[2], "CLOSE_WAIT"));
        ok(server, new Request.Close(s[2]));
        Event timeWait = await("client TIME_WAIT with its fd open", state("client", s[1], "TIME_WAIT"));
        assertTrue(((Payload.State) timeWait.payload()).timeWaitMs() > 0);
        assertTrue(client.sockets().stream().anyMatch(i -> i.fd() == s[1]), "the fd is still open");
    }

    @Test
    void aFullBacklogHoldsBacklogPlusOneConnections() {
        int[] s = connect(1, false);
        Endpoint second = lab.addClient();
        int c2 = socket(second, Domain.AF_INET, SockType.SOCK_STREAM);
        String address = ok(server, new Request.GetSockName(s[0])).args().get("addr");
        ok(second, new Request.Connect(c2, v4(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))));
        await("accept queue at backlog + 1 = 2", queue("server", s[0], 2));
    }

    @Test
    void tcpLifecycleInfersHandshakeDataAndFinExchange() {
        int[] s = connect(5, true);
        ok(client, new Request.Send(s[1], "hola".getBytes()));
        ok(server, new Request.Recv(s[2], 64));
        ok(client, new Request.Close(s[1]));
        ok(server, new Request.Close(s[2]));
        List<String> segments = lab.journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Segment g && g.origin().equals("inferred"))
                .map(e -> {
                    Payload.Segment g = (Payload.Segment) e.payload();
                    return g.from() + ">" + g.to() + " " + String.join("+", g.flags()) + " " + g.len();
                }).toList();
        assertEquals(List.of("client>server SYN 0", "server>client SYN+ACK 0", "client>server ACK 0",
                "client>server PSH+ACK 4", "server>client ACK 0",
                "client>server FIN+ACK 0", "server>client ACK 0",
                "server>client FIN+ACK 0", "client>server ACK 0"), segments);
    }

    @Test
    void closeWithUnreadDataAndAbortiveCloseInferReset() {
        int[] s = connect(5, true);
        ok(client, new Request.Send(s[1], "sin leer".getBytes()));
        await("data queued", queue("server", s[2], 8));
        ok(server, new Request.Close(s[2]));
        assertTrue(lastSegment().flags().contains("RST"), () -> "close with unread data: " + lastSegment());

        int[] t = connect(5, true);
        ok(client, new Request.SetSockOpt(t[1], SocketOption.SO_LINGER, 0));
        ok(client, new Request.Close(t[1]));
        assertEquals(List.of("RST"), lastSegment().flags());
        await("the peer saw the reset", state("server", t[2], "CLOSED"));
    }

    @Test
    void udpSocketsGoFromUnboundToBoundToConnectedAndAClosedPortAnswersIcmp() {
        int u = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(client, new Request.Bind(u, v4(0)));
        await("BOUND", state("client", u, "BOUND"));
        ok(client, new Request.Connect(u, v4(freePort())));
        await("CONNECTED", state("client", u, "CONNECTED"));
        ok(client, new Request.Send(u, "hola?".getBytes()));
        Payload.Segment icmp = lastSegment();
        assertEquals("icmp", icmp.proto());
        assertEquals("external", icmp.from());
    }

    /** The last inferred segment (captured ones arrive later, on their own thread). */
    private Payload.Segment lastSegment() {
        List<Event> all = lab.journal().snapshot();
        for (int i = all.size() - 1; i >= 0; i--)
            if (all.get(i).payload() instanceof Payload.Segment s && s.origin().equals("inferred")) return s;
        throw new AssertionError("no segment in " + all);
    }
}
