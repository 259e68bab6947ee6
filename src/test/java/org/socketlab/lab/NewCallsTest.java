package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.SockType;

/** read, write, socketpair, poll, the send/recv flags and the new socket types, on real sockets. */
class NewCallsTest {
    private final Lab lab = Lab.onThisMachine();
    private final Endpoint server = lab.server();
    private final Endpoint client = lab.client();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Payload.Call c) {
        return new String(c.data(), StandardCharsets.UTF_8);
    }

    /** {listener, client, accepted} on a fresh loopback port. */
    private int[] tcpConnection() {
        int port = freePort();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 5));
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, v4(port)));
        int accepted = (int) ok(server, new Request.Accept(listener)).result();
        return new int[]{listener, c, accepted};
    }

    @Test
    void writeAndReadMoveTheSameBytesAsSendAndRecv() {
        int[] s = tcpConnection();
        Payload.Call write = ok(client, new Request.Write(s[1], bytes("hola")));
        assertEquals(4, write.result());
        assertEquals("write(" + s[1] + ", \"hola\", 4) = 4", CallFormat.line(write));
        Payload.Call read = ok(server, new Request.Read(s[2], 100));
        assertEquals("hola", text(read));
        assertEquals("read(" + s[2] + ", \"hola\", 100) = 4", CallFormat.line(read));
        assertEquals("read(" + s[2] + ", buf, 100)", CallFormat.entry(read));
    }

    @Test
    void peekLeavesTheBytesAndWaitAllWaitsForTheWholeBuffer() throws Exception {
        int[] s = tcpConnection();
        ok(client, new Request.Send(s[1], bytes("abcdef")));
        Payload.Call peek = ok(server, new Request.Recv(s[2], 100, Set.of(MsgFlag.MSG_PEEK)));
        assertEquals("abcdef", text(peek));
        assertEquals("MSG_PEEK", peek.args().get("flags"));
        CompletableFuture<Event> waitAll = server.call(new Request.Recv(s[2], 10, Set.of(MsgFlag.MSG_WAITALL)));
        // Six bytes are there, ten are asked: MSG_WAITALL keeps the call inside the kernel until four more come.
        assertTrue(JournalTestWait.blocked(lab.journal(), "server", "recv"), "recv MSG_WAITALL journaled as blocked");
        assertFalse(waitAll.isDone());
        ok(client, new Request.Send(s[1], bytes("ghij")));
        Payload.Call all = await(waitAll);
        assertEquals("abcdefghij", text(all));
        assertEquals("MSG_WAITALL", all.args().get("flags"));
    }

    @Test
    void dontWaitAnswersEagainOnABlockingSocket() {
        int[] s = tcpConnection();
        fails(server, new Request.Recv(s[2], 10, Set.of(MsgFlag.MSG_DONTWAIT)), "EAGAIN");
    }

    @Test
    void socketpairGivesTwoConnectedSeqpacketSocketsThatKeepRecordBoundaries() {
        Payload.Call pair = ok(client, new Request.SocketPair(Domain.AF_UNIX, SockType.SOCK_SEQPACKET));
        List<Integer> fds = pair.madeFds();
        assertEquals(2, fds.size());
        assertEquals("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, [" + fds.get(0) + ", " + fds.get(1) + "]) = 0",
                CallFormat.line(pair));
        assertEquals(fds, client.sockets().stream().map(Endpoint.SocketInfo::fd).toList());
        ok(client, new Request.Send(fds.get(0), bytes("uno")));
        ok(client, new Request.Send(fds.get(0), bytes("dos")));
        assertEquals("uno", text(ok(client, new Request.Recv(fds.get(1), 100))));
        assertEquals("dos", text(ok(client, new Request.Recv(fds.get(1), 100))));
    }

    @Test
    void pollReportsAWaitingConnectionOnTheListenerAndTheTimeout() {
        int port = freePort();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 5));
        Payload.Call idle = ok(server, new Request.Poll(List.of(listener), Set.of(PollEvent.POLLIN), 0));
        assertEquals(0, idle.result());
        assertEquals("poll([{fd=" + listener + ", events=POLLIN}], 1, 0) = 0 ([])", CallFormat.line(idle));
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, v4(port)));
        Payload.Call ready = ok(server, new Request.Poll(List.of(listener), Set.of(PollEvent.POLLIN), 5000));
        assertEquals(1, ready.result());
        assertEquals("[{fd=" + listener + ", revents=POLLIN}]", ready.args().get("revents"));
    }

    @Test
    void pollSeesThePeersCloseAsPollinWithPollrdhup() {
        int[] s = tcpConnection();
        ok(client, new Request.Close(s[1]));
        Payload.Call p = ok(server,
                new Request.Poll(List.of(s[2]), EnumSet.of(PollEvent.POLLIN, PollEvent.POLLRDHUP), 5000));
        assertEquals("[{fd=" + s[2] + ", revents=POLLIN|POLLRDHUP}]", p.args().get("revents"));
        assertEquals(0, ok(server, new Request.Recv(s[2], 10)).result());
    }

    @Test
    void aResetInterruptsAPollWaitingForEverWithASignal() throws Exception {
        int[] s = tcpConnection();
        CompletableFuture<Event> waiting = server
                .call(new Request.Poll(List.of(s[0], s[2]), Set.of(PollEvent.POLLIN), -1));
        assertTrue(JournalTestWait.blocked(lab.journal(), "server", "poll"), "poll journaled as blocked");
        server.reset().get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertInstanceOf(CallCancelledException.class, e.getCause());
        Payload.Cancelled woken = lab.journal().snapshot().stream()
                .filter(ev -> ev.payload() instanceof Payload.Cancelled c && c.call().equals("poll"))
                .map(ev -> (Payload.Cancelled) ev.payload()).findFirst().orElseThrow();
        assertEquals("EINTR", woken.errnoName(), "SIGUSR1, installed without SA_RESTART, interrupted the one poll");
        assertEquals(s[0], woken.fd(), "journaled on its first socket");
    }

    @Test
    void rawIcmpSocketIsEpermWithoutCapNetRawAndAnFdWithIt() {
        Payload.Call raw = call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_RAW, Protocol.IPPROTO_ICMP));
        assertEquals("IPPROTO_ICMP", raw.args().get("protocol"));
        if (raw.failed()) assertEquals("EPERM", raw.errnoName());
        else ok(client, new Request.Close((int) raw.result()));
    }

    @Test
    void pollRefusesAnEmptySetAndASocketOfAnotherEndpoint() {
        int mine = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        assertInstanceOf(LocalizedException.class,
                catchThrowable(() -> new Request.Poll(List.of(), Set.of(PollEvent.POLLIN), 0)));
        assertInstanceOf(LocalizedException.class,
                catchThrowable(() -> server.call(new Request.Poll(List.of(mine), Set.of(PollEvent.POLLIN), 0))));
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
