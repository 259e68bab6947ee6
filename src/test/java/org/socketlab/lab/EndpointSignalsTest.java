package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.IgnoredSignals;

/**
 * A lab endpoint starts as a C program started from a terminal's shell: no signal ignored, whatever SocketLab was
 * started with. A SocketLab started as a job with {@code &} ignores SIGINT and SIGQUIT, an ignored signal stays ignored
 * across exec, and {@code kill -INT} then did nothing to an endpoint (a whole run's ServeCommandTest timed out).
 */
class EndpointSignalsTest {
    @Test
    void anEndpointStartedWhileSocketLabIgnoresSigintIgnoresNothing() throws Throwable {
        long ignored = IgnoredSignals.whileIgnored(() -> {
            try (Lab lab = Lab.withoutCapture()) { // its processes start now, ahead of the first call
                Endpoint server = lab.server();
                Payload.Call made = (Payload.Call) server.call(new Request.Socket(Domain.AF_INET,
                        SockType.SOCK_STREAM)).get(20, TimeUnit.SECONDS).payload();
                assertTrue(made.result() >= 0, "socket(): " + made.errnoName());
                return IgnoredSignals.standardIgnored(server.pid());
            }
        });
        assertEquals(0, ignored, "signals the endpoint ignores (bit n-1 for signal n): " + Long.toHexString(ignored));
    }
}
