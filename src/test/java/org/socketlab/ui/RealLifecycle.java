package org.socketlab.ui;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A real TCP lifecycle (and a UDP pair) on loopback, made from the test thread, for feeding views and view-models:
 * server socket/bind/listen, client socket/connect, accept, send, recv, client close (FIN_WAIT_2 then TIME_WAIT),
 * server closes the accepted socket (LAST_ACK then CLOSED). The listener stays open, holding one more queued
 * connection from a second client so its accept queue is not empty.
 */
public final class RealLifecycle {
    public int listener, client, accepted, client2, udpServer, udpClient;
    public final Lab lab;

    private RealLifecycle(Lab lab) {
        this.lab = lab;
    }

    public static RealLifecycle run(Lab lab) {
        RealLifecycle r = new RealLifecycle(lab);
        Endpoint server = lab.server(), client = lab.client();
        int port = UiTestSupport.freePort();
        r.listener = (int) ok(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        ok(server, new Request.Bind(r.listener, v4(port)));
        ok(server, new Request.Listen(r.listener, 5));
        r.client = (int) ok(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        ok(client, new Request.Connect(r.client, v4(port)));
        r.accepted = (int) ok(server, new Request.Accept(r.listener)).result();
        ok(client, new Request.Send(r.client, "hola".getBytes(StandardCharsets.UTF_8)));
        r.await(e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Queue q && q.fd() == r.accepted
                && q.recvQ() == 4);
        ok(server, new Request.Recv(r.accepted, 1024));
        ok(client, new Request.Close(r.client));
        r.await(state("client", r.client, "FIN_WAIT_2"));
        ok(server, new Request.Close(r.accepted));
        r.await(state("client", r.client, "TIME_WAIT"));
        r.await(state("server", r.accepted, "CLOSED"));
        // A second client waits in the accept queue (handshake done, not accepted yet).
        Endpoint second = lab.addClient();
        r.client2 = (int) ok(second, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        long before = lab.journal().snapshot().getLast().seq();
        ok(second, new Request.Connect(r.client2, v4(port)));
        // A reading after this connect: the first client's queued connection was journaled as recvQ 1 too (ci base).
        r.await(e -> e.seq() > before && e.endpoint().equals("server") && e.payload() instanceof Payload.Queue q
                && q.fd() == r.listener && q.recvQ() == 1);
        // UDP: a bound server and a connected client that sent one datagram.
        int udpPort = UiTestSupport.freePort();
        r.udpServer = (int) ok(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
        ok(server, new Request.Bind(r.udpServer, v4(udpPort)));
        r.udpClient = (int) ok(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
        ok(client, new Request.Connect(r.udpClient, v4(udpPort)));
        ok(client, new Request.SendTo(r.udpClient, "dato".getBytes(StandardCharsets.UTF_8), null));
        ok(server, new Request.RecvFrom(r.udpServer, 1024));
        r.await(state("client", r.udpClient, "CONNECTED"));
        return r;
    }

    public List<Event> events() {
        return lab.journal().snapshot();
    }

    public static Predicate<Event> state(String endpoint, int fd, String to) {
        return e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.State s && s.fd() == fd
                && s.to().equals(to);
    }

    /** Waits (at most 5 s) for a journal event, past or future, that matches. */
    public Event await(Predicate<Event> matches) {
        CompletableFuture<Event> seen = new CompletableFuture<>();
        try (Subscription sub = lab.journal().subscribe(e -> {
            if (matches.test(e)) seen.complete(e);
        })) {
            lab.journal().snapshot().stream().filter(matches).findFirst().ifPresent(seen::complete);
            return seen.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("never saw it in " + lab.journal().snapshot(), e);
        }
    }

    private static Payload.Call ok(Endpoint endpoint, Request request) {
        try {
            Payload.Call c = (Payload.Call) endpoint.call(request).get(5, TimeUnit.SECONDS).payload();
            if (c.result() < 0) throw new AssertionError(request + " failed: " + c.errnoName());
            return c;
        } catch (Exception e) {
            throw new AssertionError(request + ": " + e, e);
        }
    }

    private static SockAddr v4(int port) {
        return SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
    }
}
