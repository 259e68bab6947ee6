package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.ui.endpoint.EndpointViewModel;

/**
 * The window's Process menu (issue 39) through its view-models: fork() on the server's pane forks its real process and
 * the child gets a pane of its own (from the journal's forked event) with its parent's socket; exit(0) on the child's
 * pane and waitpid on the parent's reap it. Refused before the endpoint has a process, saying why.
 */
class ForkedPanesTest {
    private static List<String> processEvents(Lab lab, String endpoint) {
        return lab.journal().snapshot().stream().filter(e -> e.endpoint().equals(endpoint)).map(Event::payload)
                .filter(p -> p instanceof Payload.Process).map(p -> ((Payload.Process) p).event()).toList();
    }

    @Test
    void forkOpensAPaneForTheChildAndWaitpidReapsIt() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            ShellViewModel shell = new ShellViewModel(lab, "Linux", Lang.EN);
            shell.server().fork();
            assertEquals(Messages.of(Lang.EN).get("lab.fork.notStarted", "server"),
                    shell.server().messageProperty().get(), "no process to fork yet");
            lab.server().call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get(30, TimeUnit.SECONDS);
            shell.server().fork();
            Await.until(Duration.ofSeconds(30), () -> processEvents(lab, "server-2").contains("forked"),
                    () -> "forked: " + lab.journal().snapshot());
            shell.onEvents(lab.journal().snapshot());
            EndpointViewModel child = shell.clients().stream().filter(c -> c.name().equals("server-2")).findFirst()
                    .orElseThrow(() -> new AssertionError("no pane for the child"));
            assertEquals(List.of(3), lab.endpoint("server-2").sockets().stream().map(s -> s.fd()).toList(),
                    "the child has its parent's socket 3");
            child.exit();
            Await.until(Duration.ofSeconds(30), () -> processEvents(lab, "server-2").contains("zombie"),
                    () -> "zombie: " + processEvents(lab, "server-2"));
            shell.server().waitpid(true);
            Await.until(Duration.ofSeconds(30), () -> processEvents(lab, "server-2").contains("reaped"),
                    () -> "reaped: " + processEvents(lab, "server-2"));
            shell.onEvents(lab.journal().snapshot());
            assertEquals(1, shell.clients().stream().filter(c -> c.name().equals("server-2")).count(), "one pane");
            assertTrue(shell.server().messageProperty().get() == null
                    || shell.server().messageProperty().get().isEmpty(), shell.server().messageProperty().get());
        }
    }

    /** A watched program's fork is drawn (its lane), but it is not an endpoint of the lab: no pane is opened for it. */
    @Test
    void aWatchedProgramsForkOpensNoPane() {
        List<Event> batch = List.of(
                new Event(1, 1, "program-4242", Payload.Process.forked(4242, 4241, "program", Map.of(3, 77L))),
                new Event(2, 2, "server-2", Payload.Process.forked(4300, 4299, Payload.Process.SERVER, Map.of())));
        assertEquals(List.of("server-2"), ForkedPanes.newChildren(batch, Set.of()));
    }
}
