package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * State and queue events name their socket by its kernel inode, which the fd number cannot do: a closed socket's
 * connection lingers in TIME_WAIT while a new socket takes its number.
 */
class SocketIdentityTest {
    private static long inodeOf(Endpoint e, int fd) {
        return e.sockets().stream().filter(s -> s.fd() == fd).findFirst().orElseThrow().inode();
    }

    private static boolean seen(Lab lab, long inode, String state) {
        return lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.State st
                && st.to().equals(state) && Long.valueOf(inode).equals(st.inode()));
    }

    private static void awaitState(Lab lab, long inode, String state) {
        lab.observeKernelNow();
        Await.untilJournaled(lab.journal(), Duration.ofSeconds(5), () -> seen(lab, inode, state),
                () -> "inode " + inode + " journaled " + state);
    }

    @Test
    void aReusedFdNumberIsToldApartByInode() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            Endpoint server = lab.server(), client = lab.client();
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(server, new Request.Bind(listener, v4(freePort())));
            ok(server, new Request.Listen(listener, 5));
            String address = ok(server, new Request.GetSockName(listener)).args().get("addr");
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            int first = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            long firstInode = inodeOf(client, first);
            ok(client, new Request.Connect(first, v4(port)));
            int conn = (int) ok(server, new Request.Accept(listener)).result();
            ok(client, new Request.Close(first)); // closed first: its connection lingers in TIME_WAIT without an fd
            ok(server, new Request.Close(conn));
            int second = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            long secondInode = inodeOf(client, second);
            ok(client, new Request.Connect(second, v4(port)));
            assertNotEquals(firstInode, secondInode);

            awaitState(lab, secondInode, "ESTABLISHED");
            awaitState(lab, firstInode, "TIME_WAIT");
            List<Payload.State> states = lab.journal().snapshot().stream().filter(e -> e.endpoint().equals("client"))
                    .map(Event::payload).filter(p -> p instanceof Payload.State).map(p -> (Payload.State) p).toList();
            assertTrue(states.stream().allMatch(st -> st.inode() != null),
                    () -> "every state names its socket: " + states);
            List<String> ofFirst = states.stream().filter(st -> st.inode() == firstInode).map(Payload.State::to)
                    .toList();
            List<String> ofSecond = states.stream().filter(st -> st.inode() == secondInode).map(Payload.State::to)
                    .toList();
            assertEquals("ESTABLISHED", ofFirst.getFirst(), () -> "first socket: " + ofFirst);
            assertEquals("TIME_WAIT", ofFirst.getLast(), () -> "first socket: " + ofFirst);
            assertEquals(List.of("ESTABLISHED"), ofSecond,
                    () -> "second socket (fd " + second + ", first was fd " + first + "): " + ofSecond);
            assertTrue(states.stream().filter(st -> st.inode() == firstInode).allMatch(st -> st.fd() == first));
        }
    }

    @Test
    void callsNameTheSocketsTheyActOnAndMakeByInode() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            Endpoint server = lab.server(), client = lab.client();
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            long listenerInode = inodeOf(server, listener);
            ok(server, new Request.Bind(listener, v4(freePort())));
            ok(server, new Request.Listen(listener, 5));
            String address = ok(server, new Request.GetSockName(listener)).args().get("addr");
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            int first = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            long firstInode = inodeOf(client, first);
            ok(client, new Request.Connect(first, v4(port)));
            Payload.Call accept = ok(server, new Request.Accept(listener));
            int conn = (int) accept.result();
            long connInode = inodeOf(server, conn);
            Payload.Call close = ok(client, new Request.Close(first));
            int second = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);

            // The client's calls: every endpoint is a process with its own descriptors, so the server has an fd 3 too.
            List<Payload.Call> calls = lab.journal().snapshot().stream().filter(e -> e.endpoint().equals("client"))
                    .map(Event::payload).filter(p -> p instanceof Payload.Call).map(p -> (Payload.Call) p).toList();
            Payload.Call made = calls.stream().filter(c -> c.call().equals("socket") && c.result() == first)
                    .findFirst().orElseThrow();
            assertEquals(List.of(firstInode), made.madeInodes(), "socket() names the socket it made");
            assertEquals(listenerInode, accept.inode(), "accept() names its listener");
            assertEquals(List.of(connInode), accept.madeInodes(), "and the connection it made");
            assertEquals(firstInode, close.inode(), "close() names the socket its fd named, then gone");
            Payload.Call again = calls.getLast();
            assertEquals(List.of(inodeOf(client, second)), again.madeInodes());
            assertNotEquals(firstInode, again.inodeOf(second), "a number taken again names the new socket");
        }
    }
}
