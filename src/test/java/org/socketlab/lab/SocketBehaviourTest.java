package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/** What the kernel really answers, on real loopback sockets. */
class SocketBehaviourTest {
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

    /** Server listening on a fresh port, a connected client and the accepted socket: {listener, client, accepted}. */
    private int[] connectedPair(Domain domain, SockAddr address) {
        int listener = socket(server, domain, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, address));
        ok(server, new Request.Listen(listener, 5));
        int c = socket(client, domain, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, address));
        int accepted = (int) ok(server, new Request.Accept(listener)).result();
        return new int[]{listener, c, accepted};
    }

    @Test
    void connectToAPortNobodyListensOnIsRefused() {
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        fails(client, new Request.Connect(c, v4(freePort())), "ECONNREFUSED");
    }

    @Test
    void bindingAPortTwiceIsAddressInUse() {
        int port = freePort();
        int first = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(first, v4(port)));
        ok(server, new Request.Listen(first, 1));
        int second = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        fails(server, new Request.Bind(second, v4(port)), "EADDRINUSE");
        // SO_REUSEADDR does not let two sockets listen on the same port at once on Linux.
        int third = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.SetSockOpt(third, SocketOption.SO_REUSEADDR, 1));
        fails(server, new Request.Bind(third, v4(port)), "EADDRINUSE");
    }

    @Test
    void soReuseAddrAllowsBindingWhileTheOldConnectionIsInTimeWait() {
        int port = freePort();
        // On Linux both the old socket and the new one must have SO_REUSEADDR, as a restartable server does.
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.SetSockOpt(listener, SocketOption.SO_REUSEADDR, 1));
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 5));
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, v4(port)));
        int[] s = {listener, c, (int) ok(server, new Request.Accept(listener)).result()};
        // The server closes first (active close), so its side of the connection stays in TIME_WAIT.
        ok(server, new Request.Close(s[2]));
        ok(server, new Request.Close(s[0]));
        assertEquals(0, ok(client, new Request.Recv(s[1], 16)).result());
        ok(client, new Request.Close(s[1]));

        int plain = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        fails(server, new Request.Bind(plain, v4(port)), "EADDRINUSE");
        int reusing = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.SetSockOpt(reusing, SocketOption.SO_REUSEADDR, 1));
        assertEquals("1", ok(server, new Request.GetSockOpt(reusing, SocketOption.SO_REUSEADDR)).args().get("value"));
        ok(server, new Request.Bind(reusing, v4(port)));
        ok(server, new Request.Listen(reusing, 1));
    }

    @Test
    void tcpCoalescesSendsButUdpKeepsDatagramBoundaries() {
        int[] s = connectedPair(Domain.AF_INET, v4(freePort()));
        ok(client, new Request.Send(s[1], bytes("uno")));
        ok(client, new Request.Send(s[1], bytes("dos")));
        ok(client, new Request.Send(s[1], bytes("tres")));
        Payload.Call recv = ok(server, new Request.Recv(s[2], 1024));
        assertEquals("unodostres", new String(recv.data(), StandardCharsets.UTF_8),
                "one recv returns the bytes of three sends");

        int port = freePort();
        int receiver = socket(server, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(server, new Request.Bind(receiver, v4(port)));
        int sender = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        for (String word : new String[]{"uno", "dos", "tres"})
            ok(client, new Request.SendTo(sender, bytes(word), v4(port)));
        for (String word : new String[]{"uno", "dos", "tres"}) {
            Payload.Call datagram = ok(server, new Request.RecvFrom(receiver, 1024));
            assertEquals(word, new String(datagram.data(), StandardCharsets.UTF_8));
            assertEquals(word.length(), datagram.result());
        }
    }

    @Test
    void udpDatagramIsTruncatedToTheBufferAndTheRestIsLost() {
        int port = freePort();
        int receiver = socket(server, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(server, new Request.Bind(receiver, v4(port)));
        int sender = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(client, new Request.SendTo(sender, bytes("0123456789"), v4(port)));
        ok(client, new Request.SendTo(sender, bytes("next"), v4(port)));
        Payload.Call small = ok(server, new Request.RecvFrom(receiver, 4));
        assertEquals(4, small.result());
        assertArrayEquals(bytes("0123"), small.data());
        assertEquals("next", new String(ok(server, new Request.RecvFrom(receiver, 64)).data(), StandardCharsets.UTF_8),
                "the rest of the first datagram is gone");
    }

    @Test
    void halfCloseLetsThePeerReadEndOfStreamAndStillSend() {
        int[] s = connectedPair(Domain.AF_INET, v4(freePort()));
        ok(client, new Request.Send(s[1], bytes("pregunta")));
        ok(client, new Request.Shutdown(s[1], ShutdownHow.SHUT_WR));
        assertEquals("pregunta", new String(ok(server, new Request.Recv(s[2], 64)).data(), StandardCharsets.UTF_8));
        assertEquals(0, ok(server, new Request.Recv(s[2], 64)).result(), "recv returns 0 after the peer's FIN");
        ok(server, new Request.Send(s[2], bytes("respuesta")));
        assertEquals("respuesta", new String(ok(client, new Request.Recv(s[1], 64)).data(), StandardCharsets.UTF_8));
        // MSG_NOSIGNAL: with flags 0 the kernel's SIGPIPE would kill the client before it saw -1 EPIPE.
        fails(client, new Request.Send(s[1], bytes("x"), Set.of(MsgFlag.MSG_NOSIGNAL)), "EPIPE");
    }

    @Test
    void closingWithUnreadDataResetsThePeer() {
        int[] s = connectedPair(Domain.AF_INET, v4(freePort()));
        ok(client, new Request.Send(s[1], bytes("never read")));
        // Wait until the data sits in the server's receive queue, then close without reading it.
        assertEquals(10, ok(server, new Request.Recv(s[2], 1)).result() + 9);
        ok(server, new Request.Close(s[2]));
        fails(client, new Request.Recv(s[1], 64), "ECONNRESET");
    }

    @Test
    void connectedUdpSocketLearnsThePortIsClosed() {
        int sender = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(client, new Request.Connect(sender, v4(freePort())));
        ok(client, new Request.Send(sender, bytes("hola?")));
        // The ICMP port unreachable comes back as an error on the connected socket's next call.
        fails(client, new Request.Recv(sender, 64), "ECONNREFUSED");
    }

    @Test
    void nonBlockingAcceptWithNobodyWaitingIsEagain() {
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(freePort())));
        ok(server, new Request.Listen(listener, 1));
        ok(server, new Request.SetNonBlocking(listener, true));
        fails(server, new Request.Accept(listener), "EAGAIN");
    }

    @Test
    void callsInTheWrongOrderGetTheKernelsErrno() {
        int s = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        fails(client, new Request.Recv(s, 16), "ENOTCONN");
        // An unconnected TCP socket's send is EPIPE too, with SIGPIPE unless MSG_NOSIGNAL.
        fails(client, new Request.Send(s, bytes("x"), Set.of(MsgFlag.MSG_NOSIGNAL)), "EPIPE");
        fails(client, new Request.Accept(s), "EINVAL");
        int port = freePort();
        ok(client, new Request.Bind(s, v4(port)));
        fails(client, new Request.Bind(s, v4(freePort())), "EINVAL");
        int udp = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        fails(client, new Request.Listen(udp, 1), "EOPNOTSUPP");
        fails(client, new Request.Connect(s, SockAddr.parse("[::1]:" + port, Domain.AF_INET6)), "EAFNOSUPPORT");
    }

    @Test
    void ipv6Lifecycle() {
        SockAddr address = SockAddr.parse("[::1]:" + freePort(), Domain.AF_INET6);
        int[] s = connectedPair(Domain.AF_INET6, address);
        ok(client, new Request.Send(s[1], bytes("hola v6")));
        assertEquals("hola v6", new String(ok(server, new Request.Recv(s[2], 64)).data(), StandardCharsets.UTF_8));
        assertEquals(address.text(), ok(client, new Request.GetPeerName(s[1])).args().get("addr"));
    }

    @Test
    void unixDomainLifecycleRemovesItsFileOnReset() throws Exception {
        SockAddr address = SockAddr.parse("lab.sock", Domain.AF_UNIX); // a name in the lab's own folder
        int[] s = connectedPair(Domain.AF_UNIX, address);
        Path path = lab.unixFolder().orElseThrow().resolve("lab.sock");
        ok(client, new Request.Send(s[1], bytes("hola unix")));
        assertEquals("hola unix", new String(ok(server, new Request.Recv(s[2], 64)).data(), StandardCharsets.UTF_8));
        assertEquals(path.toString(), ok(server, new Request.GetSockName(s[0])).args().get("addr"));
        assertTrue(Files.exists(path));
        server.reset().get();
        assertFalse(Files.exists(path), "reset unlinks the socket file it bound");
    }

    @Test
    void aJavaNetClientTalksToTheEnginesServer() throws Exception {
        int port = freePort();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 1));
        try (Socket javaClient = new Socket(InetAddress.getLoopbackAddress(), port)) {
            int conn = (int) ok(server, new Request.Accept(listener)).result();
            OutputStream out = javaClient.getOutputStream();
            out.write(bytes("desde java.net"));
            out.flush();
            assertEquals("desde java.net",
                    new String(ok(server, new Request.Recv(conn, 64)).data(), StandardCharsets.UTF_8));
            ok(server, new Request.Send(conn, bytes("eco")));
            InputStream in = javaClient.getInputStream();
            assertArrayEquals(bytes("eco"), in.readNBytes(3));
        }
    }
}
