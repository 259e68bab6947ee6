package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A port handed out is free for the lesson's bind even when a lab starts its endpoint processes while the port is
 * checked: a process started in that moment must not inherit the check's sockets (they were inheritable; the client's
 * process, still starting, held the port when the server bound it: EADDRINUSE in whole runs, CI 2026-11-26).
 */
class PortCheckInheritanceTest {
    @Test
    void aLabStartingItsProcessesWhilePortsAreCheckedNeverHoldsOne() throws Exception {
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try (Lab lab = Lab.withoutCapture()) {
                int port = FreePort.find(); // while the lab starts its server's and client's processes
                Endpoint server = lab.server();
                int fd = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
                Payload.Call bind = call(server, new Request.Bind(fd, SockAddr.parse("127.0.0.1:" + port,
                        Domain.AF_INET)));
                if (bind.failed()) refused.add(port + ": " + bind.errnoName());
            }
        }
        assertEquals(List.of(), refused, "binds of a port just handed out that the kernel refused");
    }

    private static Payload.Call call(Endpoint endpoint, Request request) throws Exception {
        return (Payload.Call) endpoint.call(request).get(20, TimeUnit.SECONDS).payload();
    }
}
