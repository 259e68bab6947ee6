package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * A blocking call blocks in the kernel, in its endpoint's process, and only that endpoint; a reset interrupts it for
 * real (SIGUSR1 without SA_RESTART: the call returns -1 EINTR, journaled so) and closes the endpoint's sockets quickly.
 */
class CancellationTest {
    /**
     * What a test allows a reset: the reset closes the endpoint's sockets and each close may wait up to
     * {@link WireCapture#CATCH_UP_TIMEOUT_MS} (1 s) for the capture marker, and a loaded 2-core CI box is slow.
     * Still far below the 5 s a stuck wait would take.
     */
    private static final long RESET_LIMIT_MS = 4 * WireCapture.CATCH_UP_TIMEOUT_MS + 400;
    private final Lab lab = Lab.onThisMachine();

    @AfterEach
    void tearDown() {
        lab.close();
    }

    /** Completes when the journal shows {@code call} blocked on {@code endpoint}. */
    private CompletableFuture<Event> blockedEvent(String endpoint, String call) {
        CompletableFuture<Event> seen = new CompletableFuture<>();
        Subscription sub = lab.journal().subscribe(e -> {
            if (e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Blocked b && b.call().equals(call))
                seen.complete(e);
        });
        seen.whenComplete((e, t) -> sub.close());
        return seen;
    }

    @Test
    void aQuickCallWakesNoWatchdog() {
        int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
        long rounds = lab.watchdogRounds();
        int calls = 200;
        for (int i = 0; i < calls; i++) ok(lab.client(), new Request.GetSockName(fd));
        // The watchdog is woken only for an answer not come within a millisecond (it once went round at every call,
        // then again a millisecond later); on a loaded machine some answers are that late.
        long woke = lab.watchdogRounds() - rounds;
        assertTrue(woke < calls / 2, "the watchdog went round " + woke + " times for " + calls + " quick calls");
    }

    @Test
    void theWatchdogRestsWhileNoCallWaitsInTheKernelAndAResetWakesIt() throws Exception {
        socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM); // a call that never waits
        Thread.sleep(100);
        long rounds = lab.watchdogRounds();
        Thread.sleep(600);
        // Polling every 20 ms it would have gone round about 30 times (issue 23: an idle window at zero CPU).
        assertTrue(lab.watchdogRounds() - rounds <= 1,
                "an idle lab's watchdog went round " + (lab.watchdogRounds() - rounds) + " times in 600 ms");
        lab.client().reset().get(5, TimeUnit.SECONDS);
        // The reset wakes the watchdog's thread; on a loaded machine it may go round a moment after the reset is done.
        long atRest = lab.watchdogRounds();
        Await.until(Duration.ofSeconds(5), () -> lab.watchdogRounds() > rounds,
                () -> "a reset wakes the watchdog (it went round " + (atRest - rounds) + " times)");
    }

    @Test
    void blockedAcceptBlocksOnlyItsEndpointAndResetCancelsIt() throws Exception {
        Endpoint server = lab.server();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(freePort())));
        ok(server, new Request.Listen(listener, 1));
        CompletableFuture<Event> blocked = blockedEvent("server", "accept");
        CompletableFuture<Event> accept = server.call(new Request.Accept(listener));
        blocked.get(5, TimeUnit.SECONDS);

        // Meanwhile the client endpoint works normally.
        socket(lab.client(), Domain.AF_INET, SockType.SOCK_DGRAM);
        assertFalse(accept.isDone());

        long start = System.nanoTime();
        server.reset().get(5, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs < RESET_LIMIT_MS, "reset took " + elapsedMs + " ms");
        ExecutionException e = assertThrows(ExecutionException.class, () -> accept.get(1, TimeUnit.SECONDS));
        assertInstanceOf(CallCancelledException.class, e.getCause());
        assertTrue(server.sockets().isEmpty(), "reset closed the listener");
        Payload.Cancelled interrupted = lab.journal().snapshot().stream()
                .filter(ev -> ev.payload() instanceof Payload.Cancelled c && c.call().equals("accept"))
                .map(ev -> (Payload.Cancelled) ev.payload()).findFirst().orElseThrow();
        assertEquals("EINTR", interrupted.errnoName(), "the signal interrupted the one real accept: -1 EINTR");
        assertTrue(interrupted.waitedNs() > 0, "it slept in the kernel: " + interrupted.waitedNs() + " ns");
        assertTrue(lab.journal().snapshot().stream()
                .noneMatch(ev -> ev.payload() instanceof Payload.Call c && c.call().equals("accept")),
                "no accept returned a connection");
    }

    @Test
    void connectToAFullBacklogStaysPendingUntilItsEndpointIsReset() throws Exception {
        Endpoint server = lab.server();
        int port = freePort();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, v4(port)));
        ok(server, new Request.Listen(listener, 0));
        // Linux queues backlog + 1 finished handshakes; the next SYN is dropped and connect waits.
        Endpoint first = lab.client();
        ok(first, new Request.Connect(socket(first, Domain.AF_INET, SockType.SOCK_STREAM), v4(port)));
        Endpoint second = lab.addClient();
        int fd = socket(second, Domain.AF_INET, SockType.SOCK_STREAM);
        CompletableFuture<Event> blocked = blockedEvent(second.name(), "connect");
        CompletableFuture<Event> connect = second.call(new Request.Connect(fd, v4(port)));
        blocked.get(5, TimeUnit.SECONDS);
        assertFalse(connect.isDone());

        long start = System.nanoTime();
        second.reset().get(5, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs < RESET_LIMIT_MS, "reset took " + elapsedMs + " ms");
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(1, TimeUnit.SECONDS));
        assertInstanceOf(CallCancelledException.class, e.getCause());
        assertTrue(lab.journal().snapshot().stream()
                .anyMatch(ev -> ev.endpoint().equals(second.name()) && ev.payload() instanceof Payload.Cancelled c
                        && c.call().equals("connect") && "EINTR".equals(c.errnoName())),
                "the signal interrupted the one real connect: -1 EINTR");
        assertTrue(second.sockets().isEmpty());
    }

    @Test
    void aCallAskedBehindABlockedCallIsRefusedSoResetRunsNothingAfterIt() throws Exception {
        Endpoint server = lab.server();
        int udp = socket(server, Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(server, new Request.Bind(udp, v4(freePort())));
        CompletableFuture<Event> blocked = blockedEvent("server", "recvfrom");
        CompletableFuture<Event> recv = server.call(new Request.RecvFrom(udp, 64));
        // Issue 57: one thread, one call at a time; nothing waits behind the recvfrom for a reset to run.
        assertEquals("lab.call.busy", assertThrows(LocalizedException.class,
                () -> server.call(new Request.GetSockName(udp))).key());
        blocked.get(5, TimeUnit.SECONDS);
        int before = lab.journal().size();
        server.reset().get(5, TimeUnit.SECONDS);
        assertInstanceOf(CallCancelledException.class,
                assertThrows(ExecutionException.class, () -> recv.get(1, TimeUnit.SECONDS)).getCause());
        assertTrue(lab.journal().after(before).stream()
                .noneMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("getsockname")));
    }
}
