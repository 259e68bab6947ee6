package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * Every endpoint is a process of its own (issue 38): its own descriptor table (its first socket is fd 3, as in a
 * student's program), named in ps for what it is, ended with the lab; a threaded server's thread shares its process.
 */
class EndpointProcessesTest {
    @Test
    void eachEndpointIsAProcessWhoseFirstSocketIsThree() throws Exception {
        int serverPid, clientPid;
        try (Lab lab = Lab.onThisMachine()) {
            assertEquals(3, socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM), "the server's first socket");
            assertEquals(3, socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM), "the client's first socket");
            serverPid = lab.server().pid();
            clientPid = lab.client().pid();
            assertNotEquals(serverPid, clientPid);
            assertNotEquals(ProcessHandle.current().pid(), (long) serverPid);
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(serverPid), "cmdline"),
                    StandardCharsets.UTF_8);
            assertTrue(cmdline.startsWith("socketlab: server\0"), "named in ps: " + cmdline);
            assertEquals("server", Files.readString(Path.of("/proc", String.valueOf(serverPid), "comm")).trim());
            assertEquals(ProcessHandle.current().pid(),
                    ProcessHandle.of(clientPid).orElseThrow().parent().orElseThrow().pid(), "SocketLab started it");
        }
        // Ended and reaped with the lab: no process, not even a zombie.
        Await.until(Duration.ofSeconds(5),
                () -> ProcessHandle.of(serverPid).isEmpty() && ProcessHandle.of(clientPid).isEmpty(),
                () -> "the endpoint processes ended with the lab");
    }

    @Test
    void aBlockedAcceptSleepsInTheKernelInItsOwnProcess() throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            Endpoint server = lab.server();
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            int port = freePort();
            ok(server, new Request.Bind(listener, v4(port)));
            ok(server, new Request.Listen(listener, 1));
            CompletableFuture<Event> accept = server.call(new Request.Accept(listener));
            Path syscall = Path.of("/proc", String.valueOf(server.pid()), "syscall");
            // accept is system call 43 on x86-64: the process is asleep inside it, its first argument the listener.
            Await.until(Duration.ofSeconds(5), () -> readOrEmpty(syscall).startsWith("43 0x3 "),
                    () -> "the server sleeps in accept(3, ...)");
            // Journaled blocked once it has slept there a millisecond (the client's process, started with the lab,
            // could otherwise connect sooner than that).
            Await.until(Duration.ofSeconds(5), () -> lab.journal().snapshot().stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Blocked b && b.call().equals("accept")),
                    () -> "the accept journaled blocked");
            Endpoint client = lab.client();
            int fd = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(client, new Request.Connect(fd, v4(port)));
            Payload.Call accepted = (Payload.Call) accept.get(5, TimeUnit.SECONDS).payload();
            assertEquals(4, accepted.result(), "the connection is the server's fd 4, its own number");
            assertTrue(accepted.blockedNs() > 0, "journaled as blocked in the kernel");
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aHandedOverSocketIsUsedByAThreadOfTheSameProcess() throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            Endpoint server = lab.server();
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            int port = freePort();
            ok(server, new Request.Bind(listener, v4(port)));
            ok(server, new Request.Listen(listener, 1));
            Endpoint client = lab.client();
            int fd = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(client, new Request.Connect(fd, v4(port)));
            int conn = (int) ok(server, new Request.Accept(listener)).result();
            Endpoint thread = lab.endpoint("server-1");
            lab.handOver(conn, server, thread);
            assertEquals(server.pid(), thread.pid(), "a thread of the server's process");
            ok(client, new Request.Send(fd, "hi".getBytes(StandardCharsets.US_ASCII)));
            Payload.Call got = ok(thread, new Request.Recv(conn, 16));
            assertEquals(2, got.result());
            assertFalse(thread.sockets().isEmpty());
        }
    }
}
