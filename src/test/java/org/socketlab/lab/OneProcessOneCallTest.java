package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * Issue 57: a process waits in one call at a time, and Reset all ends every process the lab started. A call asked while
 * the endpoint's thread waits in the kernel is refused, never queued behind it (a sigaction chosen during a blocked
 * accept was made after the signal it was meant for); a signal still reaches the waiting process; Reset all ends the
 * forked children and their parents (nothing of them left in /proc) and the fork-server lesson's names are free again.
 */
class OneProcessOneCallTest {
    private static final int WAIT_S = 30;

    /** The server listening on a fresh port: its listener's fd. */
    private static int listening(Lab lab) {
        int listener = socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM);
        int port = freePort();
        ok(lab.server(), new Request.Bind(listener, v4(port)));
        ok(lab.server(), new Request.Listen(listener, 4));
        return listener;
    }

    /** accept() started and seen blocked in the kernel (journaled). */
    private static CompletableFuture<Event> blockedAccept(Lab lab, int listener) {
        CompletableFuture<Event> accept = lab.server().call(new Request.Accept(listener));
        Await.until(Duration.ofSeconds(WAIT_S), () -> lab.journal().snapshot().stream()
                .anyMatch(e -> e.payload() instanceof Payload.Blocked b && b.call().equals("accept")),
                () -> "accept never blocked: " + lab.journal().snapshot());
        assertFalse(accept.isDone());
        return accept;
    }

    private static long calls(Lab lab, String name) {
        return lab.journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals(name)).count();
    }

    @Test
    void aCallAskedWhileTheProcessWaitsIsRefusedNotQueued() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            int listener = listening(lab);
            CompletableFuture<Event> accept = blockedAccept(lab, listener);
            assertEquals(Optional.of("accept"), lab.server().callInProgress());

            // A disposition is a call the process makes itself: refused while it waits, so never made after the signal.
            LocalizedException refused = assertThrows(LocalizedException.class,
                    () -> lab.server().call(new Request.Signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL_RESTART)));
            assertEquals("lab.call.busy", refused.key());
            assertTrue(refused.getMessage().contains("accept"), refused.getMessage());
            assertThrows(LocalizedException.class, () -> lab.fork(lab.server(), "server-2"));
            assertThrows(LocalizedException.class, () -> lab.server().exit(0));
            assertThrows(LocalizedException.class, () -> lab.server().call(new Request.WaitPid(-1, true)));
            assertEquals(List.of("server", "client"), lab.endpoints().stream().map(Endpoint::name).toList(),
                    "the refused fork left no child endpoint behind");
            // Another endpoint (another process) is not held up.
            socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);

            // A signal comes from outside and reaches it for real: SIGALRM's default action ends it inside accept().
            assertTrue(lab.server().endsOn(Signals.SIGALRM), "no handler was installed behind the wait");
            lab.server().kill(Signals.SIGALRM).get(WAIT_S, TimeUnit.SECONDS);
            ExecutionException died = assertThrows(ExecutionException.class,
                    () -> accept.get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(died.getCause() instanceof EndpointProcess.EndedException, String.valueOf(died.getCause()));
            assertEquals(0, calls(lab, "signal"), "the refused sigaction was never made, not even after the signal");
            assertEquals(Optional.empty(), lab.server().callInProgress());
        }
    }

    @Test
    void aHandlerSetBeforeTheCallMakesTheSignalInterruptItAndTheNextCallIsTakenAtOnce() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            int listener = listening(lab);
            ok(lab.server(), new Request.Signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL));
            assertEquals(Request.Signal.Handler.ON_SIGNAL, lab.server().disposition("SIGALRM"));
            assertEquals(Request.Signal.Handler.SIG_DFL, lab.server().disposition("SIGPIPE"));
            CompletableFuture<Event> accept = blockedAccept(lab, listener);
            lab.server().kill(Signals.SIGALRM).get(WAIT_S, TimeUnit.SECONDS);
            Payload.Call interrupted = await(accept);
            assertEquals("EINTR", interrupted.errnoName());
            // The wait is over: the next call is the process's one call now.
            ok(lab.server(), new Request.Signal("SIGALRM", Request.Signal.Handler.SIG_DFL));
            assertEquals(Request.Signal.Handler.SIG_DFL, lab.server().disposition("SIGALRM"));
        }
    }

    @Test
    void resetAllEndsEveryProcessForkedChildrenIncludedAndRunsNothingQueued() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            int listener = listening(lab);
            int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
            Payload.Call bound = ok(lab.server(), new Request.GetSockName(listener));
            ok(lab.client(), new Request.Connect(fd, v4(Integer.parseInt(bound.args().get("addr")
                    .replaceFirst(".*:", "")))));
            assertEquals(4, ok(lab.server(), new Request.Accept(listener)).result());
            Endpoint second = lab.fork(lab.server(), lab.childName(lab.server())).get(WAIT_S, TimeUnit.SECONDS);
            Endpoint third = lab.fork(lab.server(), lab.childName(lab.server())).get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(List.of("server-2", "server-3"), List.of(second.name(), third.name()));
            // The server waits in accept when the reset comes: it is interrupted, nothing is made after it.
            CompletableFuture<Event> accept = blockedAccept(lab, listener);
            List<Integer> pids = List.of(lab.server().pid(), lab.client().pid(), second.pid(), third.pid());
            long forksBefore = calls(lab, "fork");

            lab.resetAll().get(WAIT_S, TimeUnit.SECONDS);

            for (int pid : pids)
                assertFalse(Files.exists(Path.of("/proc", String.valueOf(pid))),
                        "process " + pid + " is left in /proc");
            assertEquals(List.of("server", "client"), lab.endpoints().stream().map(Endpoint::name).toList(),
                    "the forked children are gone from the lab");
            assertTrue(accept.isDone(), "the waiting accept was ended");
            assertEquals(forksBefore, calls(lab, "fork"), "nothing queued was made");
            long ended = lab.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Process p
                    && Payload.Process.EXITED.equals(p.event())).count();
            assertTrue(ended >= 4, "each end journaled: " + ended);

            // The fork-server lesson after a live session: the same names are free, a new process serves each.
            listener = listening(lab);
            assertEquals(3, listener, "a new process: its first socket is 3 again");
            assertEquals("server-2", lab.childName(lab.server()));
            Endpoint again = lab.fork(lab.server(), "server-2").get(WAIT_S, TimeUnit.SECONDS);
            assertTrue(again.pid() > 0);
            assertEquals("server-3", lab.childName(lab.server()));
        }
    }
}
