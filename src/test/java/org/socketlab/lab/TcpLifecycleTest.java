package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;

class TcpLifecycleTest {
    private final Lab lab = Lab.onThisMachine();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void fullTcpLifecycleOnLoopback() {
        int port = freePort();
        Endpoint server = lab.server();
        Endpoint client = lab.client();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 5));
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        assertEquals(0, ok(client, new Request.Connect(c, v4(port))).result());
        Payload.Call accepted = ok(server, new Request.Accept(listener));
        int conn = (int) accepted.result();
        assertTrue(accepted.args().get("peer").startsWith("127.0.0.1:"));
        byte[] hola = "hola".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, ok(client, new Request.Send(c, hola)).result());
        Payload.Call recv = ok(server, new Request.Recv(conn, 1024));
        assertEquals(4, recv.result());
        assertArrayEquals(hola, recv.data());
        ok(client, new Request.Close(c));
        assertEquals(0, ok(server, new Request.Recv(conn, 1024)).result(), "end of stream after the peer closed");
        ok(server, new Request.Close(conn));
        ok(server, new Request.Close(listener));
        assertTrue(server.sockets().isEmpty());
        assertTrue(client.sockets().isEmpty());

        var calls = lab.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Call)
                .map(e -> ((Payload.Call) e.payload()).call()).toList();
        assertEquals(List.of("socket", "bind", "listen", "socket", "connect", "accept", "send", "recv",
                "close", "recv", "close", "close"), calls);
    }
}
