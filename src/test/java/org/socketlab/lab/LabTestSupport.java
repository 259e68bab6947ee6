package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/** Shortcuts for engine tests on real loopback sockets. */
final class LabTestSupport {
    private LabTestSupport() {
    }

    static Payload.Call await(CompletableFuture<Event> future) {
        try {
            return (Payload.Call) future.get(5, TimeUnit.SECONDS).payload();
        } catch (Exception e) {
            throw new AssertionError("call did not complete: " + e, e);
        }
    }

    static Payload.Call call(Endpoint endpoint, Request request) {
        return await(endpoint.call(request));
    }

    static Payload.Call ok(Endpoint endpoint, Request request) {
        Payload.Call c = call(endpoint, request);
        assertTrue(c.result() >= 0, () -> "expected success: " + CallFormat.line(c));
        assertNull(c.errnoName());
        return c;
    }

    static void fails(Endpoint endpoint, Request request, String errno) {
        Payload.Call c = call(endpoint, request);
        assertEquals(-1, c.result(), () -> "expected -1 " + errno + ": " + CallFormat.line(c));
        assertEquals(errno, c.errnoName(), () -> CallFormat.line(c));
    }

    static int socket(Endpoint endpoint, Domain domain, SockType type) {
        return (int) ok(endpoint, new Request.Socket(domain, type)).result();
    }

    /** A port nobody listens on right now (the kernel picked it and it was released). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static SockAddr v4(int port) {
        return SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
    }
}
