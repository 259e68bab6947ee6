package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * The resolver over a real lab's journal: a client closes first (its connection lingers in TIME_WAIT) and a new
 * socket takes its number; a server hands its accepted connection to {@code server-1}. Every kernel event about the
 * old connection is its socket's, none the new one's.
 */
class SocketIdentitiesRealTest {
    private static Event call(Endpoint e, Request r) throws Exception {
        Event done = e.call(r).get(60, TimeUnit.SECONDS);
        Payload.Call c = (Payload.Call) done.payload();
        assertTrue(!c.failed(), () -> e.name() + " " + r + " failed: " + c.errnoName());
        return done;
    }

    private static int fd(Event e) {
        return (int) ((Payload.Call) e.payload()).result();
    }

    @Test
    void theTimeWaitConnectionAndTheNewSocketOnItsNumberAndAHandOver() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            SockAddr address = SockAddr.parse("127.0.0.1:" + LessonRunner.freePort(), Domain.AF_INET);
            Endpoint server = lab.server(), client = lab.client();
            int listener = fd(call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)));
            call(server, new Request.Bind(listener, address));
            call(server, new Request.Listen(listener, 5));
            Event first = call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
            call(client, new Request.Connect(fd(first), address));
            Event accepted = call(server, new Request.Accept(listener));
            Endpoint handler = lab.endpoint(Lab.SERVER + "-1");
            lab.handOver(fd(accepted), server, handler);
            call(client, new Request.Send(fd(first), "hi".getBytes(StandardCharsets.US_ASCII)));
            Event recv = call(handler, new Request.Recv(fd(accepted), 100));
            call(client, new Request.Close(fd(first))); // the client closes first: its side ends in TIME_WAIT
            call(handler, new Request.Close(fd(accepted)));
            lab.observeKernelNow();
            Event second = call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
            call(client, new Request.Connect(fd(second), address));
            lab.observeKernelNow();

            List<Event> journal = lab.journal().snapshot();
            SocketIdentities ids = SocketIdentities.of(journal);
            assertEquals(fd(first), fd(second), "the new socket took the closed one's number");
            SocketIdentities.Socket old = ids.made(first, fd(first)), now = ids.made(second, fd(second));
            assertNotNull(old);
            assertNotNull(now);
            assertNotSame(old, now);
            long timeWaits = 0;
            for (Event e : journal) {
                if (!(e.payload() instanceof Payload.State s) || !e.endpoint().equals("client")) continue;
                if (s.to().equals("TIME_WAIT")) {
                    timeWaits++;
                    assertSame(old, ids.socketOf(e), () -> "TIME_WAIT is the closed connection's: " + e);
                }
                if (e.seq() > second.seq() && s.to().equals("ESTABLISHED"))
                    assertSame(now, ids.socketOf(e), () -> "the new connection: " + e);
            }
            assertTrue(timeWaits > 0, () -> "the kernel told the closed connection's TIME_WAIT: " + journal);
            assertSame(ids.made(accepted, fd(accepted)), ids.socketOf(recv), "server-1's recv is the accepted socket");
        }
    }
}
