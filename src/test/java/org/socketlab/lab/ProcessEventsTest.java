package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.testing.OpenFds;

/**
 * Process events (issue 38 item 1) and signals and death (issue 39 item 2): each endpoint's process is journaled when
 * it starts and when it ends (its exit code, or the signal that killed it); a kill ends it for real, the kernel closes
 * its sockets and the peer's next call says so; a send with flags 0 on a reset connection kills the writer with
 * SIGPIPE, as in a C program, while MSG_NOSIGNAL and SIG_IGN give -1 EPIPE. Nothing of a killed process is left.
 */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class ProcessEventsTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static List<Payload.Process> processes(Lab lab, String endpoint) {
        return lab.journal().snapshot().stream().filter(e -> e.endpoint().equals(endpoint))
                .map(Event::payload).filter(p -> p instanceof Payload.Process).map(p -> (Payload.Process) p).toList();
    }

    @Test
    void theClientsProcessStartsWithTheLabAndIsJournaledAtItsFirstCallWithTheTimeItStarted() throws Exception {
        Journal journal = new Journal();
        long before = journal.now();
        try (Lab lab = Lab.withoutCapture(journal)) {
            // `ps` shows it before any call: argv is "socketlab: client", "client", SocketLab's pid.
            ProcessHandle[] early = {null};
            Await.until(Duration.ofSeconds(10), () -> (early[0] = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[0].equals("client")).orElse(false))
                    .findFirst().orElse(null)) != null, () -> "no client process started with the lab");
            assertEquals(List.of(), processes(lab, "client"), "not journaled before its first call");
            long beforeCall = journal.now();
            socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
            assertEquals(early[0].pid(), lab.client().pid(), "its first call is made by the process started ahead");
            List<Event> events = journal.snapshot();
            int started = indexOf(events, "client", Payload.Process.STARTED);
            assertTrue(events.get(started + 1).payload() instanceof Payload.Call c && c.call().equals("socket"),
                    "journaled just before its first call");
            long at = events.get(started).atNs();
            assertTrue(at >= before && at < beforeCall, "journaled with the time it really started, before the call");
        }
    }

    @Test
    void aLabThatMakesNoCallsAsAnEndpointKeepsNoProcessForIt() {
        try (Lab lab = Lab.withoutCapture()) {
            lab.noCallsAs(Lab.CLIENT); // socketlab serve: its clients are other programs
            assertEquals(List.of(), ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[0].equals("client")).orElse(false))
                    .map(ProcessHandle::pid).toList(), "no idle client process");
            assertEquals(List.of(), processes(lab, "client"));
        }
    }

    @Test
    void aProcessIsJournaledWhenItStartsAndWhenItExits() throws Exception {
        Journal journal = new Journal();
        int serverPid, addedPid;
        try (Lab lab = Lab.withoutCapture(journal)) {
            socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM);
            Endpoint added = lab.addClient();
            socket(added, Domain.AF_INET, SockType.SOCK_STREAM);
            serverPid = lab.server().pid();
            addedPid = added.pid();
            List<Event> events = journal.snapshot();
            int started = indexOf(events, "server", Payload.Process.STARTED);
            assertTrue(started >= 0, "the server's start is journaled");
            assertTrue(events.get(started + 1).payload() instanceof Payload.Call c && c.call().equals("socket"),
                    "before its first call");
            assertEquals(Payload.Process.started(serverPid, Payload.Process.SERVER), events.get(started).payload());
            assertEquals(List.of(Payload.Process.started(addedPid, Payload.Process.ADDED_CLIENT)),
                    processes(lab, added.name()));
            assertEquals(List.of(), processes(lab, "client"),
                    "an untouched pane's process made no call: not journaled");
        }
        List<Event> events = journal.snapshot();
        assertTrue(events.stream().anyMatch(e -> e.endpoint().equals("server")
                && e.payload().equals(Payload.Process.exited(serverPid, 0))), "the server exited with code 0");
        assertTrue(events.stream().anyMatch(e -> e.endpoint().equals("client-2")
                && e.payload().equals(Payload.Process.exited(addedPid, 0))), "the added client too");
    }

    private static int indexOf(List<Event> events, String endpoint, String what) {
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).endpoint().equals(endpoint) && events.get(i).payload() instanceof Payload.Process p
                    && p.event().equals(what))
                return i;
        return -1;
    }

    /** A connected pair: the server's listener 3 and connection 4, the client's socket 3. */
    private static int connect(Lab lab) {
        int listener = socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM);
        int port = freePort();
        ok(lab.server(), new Request.Bind(listener, v4(port)));
        ok(lab.server(), new Request.Listen(listener, 4));
        int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
        ok(lab.client(), new Request.Connect(fd, v4(port)));
        return (int) ok(lab.server(), new Request.Accept(listener)).result();
    }

    @Test
    void killingTheServerClosesItsSocketsAndTheClientReadsTheEnd() throws Exception {
        OpenFds before = OpenFds.now();
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            int pid = lab.server().pid();
            Event end = lab.server().kill(Signals.SIGKILL).get(10, TimeUnit.SECONDS);
            assertEquals(Payload.Process.killedBy(pid, 9, "SIGKILL"), end.payload());
            assertEquals(List.of(Payload.Process.started(pid, Payload.Process.SERVER),
                    Payload.Process.signalled(pid, 9, "SIGKILL"), Payload.Process.killedBy(pid, 9, "SIGKILL")),
                    processes(lab, "server"));
            // Gone for good: reaped (no zombie), and nothing of it in the lab's tables.
            assertTrue(ProcessHandle.of(pid).isEmpty(), "no process, not even a zombie");
            assertEquals(List.of(), lab.server().sockets(), "the kernel closed its sockets");
            assertEquals(0, lab.server().pid());
            // The kernel closed the connection with nothing unread: a FIN, so the client's recv reads the end.
            assertEquals(0, ok(lab.client(), new Request.Recv(3, 100, Set.of())).result());
            // Its next call starts a new process, whose first socket is 3 again.
            assertEquals(3, socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM));
            assertNotEquals(pid, lab.server().pid());
        }
        assertEquals(Map.of(), OpenFds.openedSince(before), "no descriptor of SocketLab is left open");
    }

    @Test
    void killingWithUnreadDataResetsAndABlockedCallNeverReturns() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            ok(lab.client(), new Request.Send(3, HELLO, Set.of()));
            // The server waits for a second connection that never comes: it sleeps in accept(3).
            CompletableFuture<Event> accept = lab.server().call(new Request.Accept(3));
            Await.until(Duration.ofSeconds(10), () -> lab.journal().snapshot().stream()
                    .anyMatch(e -> e.payload() instanceof Payload.Blocked), () -> "the accept is blocked");
            int pid = lab.server().pid();
            lab.server().kill(Signals.SIGTERM).get(10, TimeUnit.SECONDS);
            ExecutionException never = assertThrows(ExecutionException.class, () -> accept.get(10, TimeUnit.SECONDS));
            assertTrue(never.getCause() instanceof EndpointProcess.EndedException, never.toString());
            List<Event> events = lab.journal().snapshot();
            assertTrue(events.stream().anyMatch(e -> e.payload() instanceof Payload.Cancelled c && c.processEnded()
                    && c.call().equals("accept") && c.fd() == 3), "the accept never returned: " + events);
            assertEquals(Payload.Process.killedBy(pid, 15, "SIGTERM"),
                    processes(lab, "server").getLast(), "killed by SIGTERM");
            // "hello" was never read: the kernel reset the connection, and the client's recv says so.
            fails(lab.client(), new Request.Recv(3, 100, Set.of()), "ECONNRESET");
            // A write to the reset connection with flags 0: SIGPIPE's default action kills the client.
            int clientPid = lab.client().pid();
            CompletableFuture<Event> send = lab.client().call(new Request.Send(3, HELLO, Set.of()));
            ExecutionException died = assertThrows(ExecutionException.class, () -> send.get(10, TimeUnit.SECONDS));
            assertTrue(died.getCause() instanceof EndpointProcess.EndedException, died.toString());
            assertEquals(Payload.Process.killedBy(clientPid, 13, "SIGPIPE"), processes(lab, "client").getLast());
            assertTrue(ProcessHandle.of(clientPid).isEmpty(), "reaped");
            assertTrue(lab.journal().snapshot().stream().anyMatch(e -> e.endpoint().equals("client")
                    && e.payload() instanceof Payload.Cancelled c && c.processEnded() && c.call().equals("send")),
                    "the send never returned to it");
        }
    }

    @Test
    void msgNoSignalAndSigIgnGiveEpipeAndTheProcessLives() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            ok(lab.client(), new Request.Send(3, HELLO, Set.of()));
            lab.server().kill(Signals.SIGKILL).get(10, TimeUnit.SECONDS);
            fails(lab.client(), new Request.Recv(3, 100, Set.of()), "ECONNRESET");
            int pid = lab.client().pid();
            fails(lab.client(), new Request.Send(3, HELLO, Set.of(MsgFlag.MSG_NOSIGNAL)), "EPIPE");
            Payload.Call ignored = ok(lab.client(), new Request.Signal("SIGPIPE", true));
            assertEquals("signal", ignored.call());
            assertEquals("SIG_IGN", ignored.args().get("handler"));
            fails(lab.client(), new Request.Send(3, HELLO, Set.of()), "EPIPE");
            assertEquals(pid, lab.client().pid(), "the same process, alive");
            assertEquals(List.of(Payload.Process.started(pid, Payload.Process.CLIENT)), processes(lab, "client"));
        }
    }

    @Test
    void onlyAProcessOfItsOwnIsKilledAndOnlyWithTheLabsSignals() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            assertThrows(LocalizedException.class, () -> lab.client().kill(Signals.SIGKILL), "no process yet");
            socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
            assertThrows(LocalizedException.class, () -> lab.client().kill(2), "SIGINT is none of them");
            assertThrows(LocalizedException.class, () -> lab.client().kill(10), "SIGUSR1 is the lab's own");
            assertThrows(LocalizedException.class, () -> new Request.Signal("SIGKILL", true));
            assertThrows(LocalizedException.class, () -> new Request.Signal("SIGUSR1", true), "the lab's own");
            // Only a signal no lab process catches is its death in the story; another's end is its own exited event.
            assertTrue(Payload.Process.signalled(1, Signals.SIGKILL, "SIGKILL").endingSignal());
            assertTrue(Payload.Process.signalled(1, Signals.SIGTERM, "SIGTERM").endingSignal());
            assertFalse(Payload.Process.signalled(1, Signals.SIGALRM, "SIGALRM").endingSignal());
        }
    }
}
