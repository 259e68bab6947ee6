package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;

/**
 * A call's {@code entered_ns} is when its process made it, not when SocketLab asked for it: on a busy machine the
 * endpoint may wake long after the request was written (135 ms seen in a whole-suite run), and a segment the call sent
 * then must lie inside the call, not before it. Here the endpoint is held stopped while it is asked.
 */
class CallEntryTest {
    private final Lab lab = Lab.onThisMachine();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void aCallIsEnteredWhenItsProcessMadeItNotWhenItWasAsked() throws Exception {
        Endpoint client = lab.client();
        int fd = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        signal(client.pid(), "-STOP");
        long asked = lab.journal().now();
        CompletableFuture<Event> close = client.call(new Request.Close(fd));
        Thread.sleep(300);
        signal(client.pid(), "-CONT");
        Event closed = close.get(30, TimeUnit.SECONDS);
        Payload.Call c = (Payload.Call) closed.payload();
        assertEquals(0, c.result());
        assertTrue(c.enteredNs() - asked >= 290_000_000L,
                "entered " + (c.enteredNs() - asked) / 1e6 + " ms after it was asked; the process was stopped 300 ms");
        assertTrue(c.enteredNs() <= closed.atNs(), "entered before it was journaled");
    }

    @Test
    void aCallMadeAtOnceIsEnteredBetweenItsAskAndItsReturn() {
        Endpoint client = lab.client();
        int fd = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
        long asked = lab.journal().now();
        Event closed = awaitEvent(client.call(new Request.Close(fd)));
        Payload.Call c = (Payload.Call) closed.payload();
        assertTrue(c.enteredNs() >= asked && c.enteredNs() <= closed.atNs(),
                "asked " + asked + ", entered " + c.enteredNs() + ", journaled " + closed.atNs());
    }

    private static Event awaitEvent(CompletableFuture<Event> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("call did not complete: " + e, e);
        }
    }

    /** Sends a stop or continue to the endpoint's process (a fixed command, no user text). */
    private static void signal(int pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill " + signal + " " + pid);
    }
}
