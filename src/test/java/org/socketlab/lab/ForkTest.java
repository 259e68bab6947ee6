package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.ProcStat;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * fork() of an endpoint (issue 39 item 1): a real fork in the server's process after accept(); the child is an
 * endpoint of its own with the same sockets (inodes read from /proc), a close in one process sends nothing while the
 * other still holds the socket, the child's exit leaves a zombie (ps state Z from /proc) until its parent's waitpid
 * reaps it, and the socket's state changes are journaled on the process that last acted on it.
 */
class ForkTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final int WAIT_S = 30;

    /** The server's listener 3 and connection 4, the client's socket 3. */
    private static void connect(Lab lab) {
        int listener = socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM);
        int port = freePort();
        ok(lab.server(), new Request.Bind(listener, v4(port)));
        ok(lab.server(), new Request.Listen(listener, 4));
        int fd = socket(lab.client(), Domain.AF_INET, SockType.SOCK_STREAM);
        ok(lab.client(), new Request.Connect(fd, v4(port)));
        assertEquals(4, ok(lab.server(), new Request.Accept(listener)).result());
    }

    private static long inodeInProc(int pid, int fd) throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "fd", String.valueOf(fd)))
                .toString();
        assertTrue(link.startsWith("socket:["), link);
        return Long.parseLong(link.substring(8, link.length() - 1));
    }

    private static List<Payload.Process> processes(Lab lab, String endpoint) {
        return lab.journal().snapshot().stream().filter(e -> e.endpoint().equals(endpoint)).map(Event::payload)
                .filter(p -> p instanceof Payload.Process).map(p -> (Payload.Process) p).toList();
    }

    private static char state(int pid) {
        return ProcStat.read(pid).map(ProcStat::state).orElse('?');
    }

    @Test
    void theChildServesExitsAndIsAZombieUntilItsParentWaits() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            int parentPid = lab.server().pid();
            long connection = inodeInProc(parentPid, 4), listener = inodeInProc(parentPid, 3);
            Endpoint child = lab.fork(lab.server(), "server-2").get(WAIT_S, TimeUnit.SECONDS);
            int childPid = child.pid();
            assertNotEquals(parentPid, childPid);
            assertEquals(Optional.of((long) parentPid),
                    ProcessHandle.of(childPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid),
                    "the server's own child, not SocketLab's");
            // The same sockets under the same numbers, as the kernel says in /proc.
            assertEquals(connection, inodeInProc(childPid, 4));
            assertEquals(listener, inodeInProc(childPid, 3));
            assertEquals(List.of(3, 4), child.sockets().stream().map(Endpoint.SocketInfo::fd).toList());
            Payload.Call fork = lab.journal().snapshot().stream().filter(e -> e.endpoint().equals("server"))
                    .map(Event::payload).filter(p -> p instanceof Payload.Call c && c.call().equals("fork"))
                    .map(p -> (Payload.Call) p).findFirst().orElseThrow();
            assertEquals(childPid, fork.result());
            assertEquals(List.of(Payload.Process.forked(childPid, parentPid, Payload.Process.SERVER,
                    Map.of(3, listener, 4, connection))), processes(lab, "server-2"));

            // The parent closes its copy: the child still holds the connection, so no FIN reaches the client.
            ok(lab.server(), new Request.Close(4));
            fails(lab.client(), new Request.Recv(3, 100, Set.of(MsgFlag.MSG_DONTWAIT)), "EAGAIN");
            ok(child, new Request.Close(3));
            assertEquals(5, ok(child, new Request.Send(4, HELLO, Set.of())).result());
            assertEquals("hello", new String(ok(lab.client(), new Request.Recv(3, 100, Set.of())).data(),
                    StandardCharsets.US_ASCII));

            // exit(0): the kernel closes the last descriptor (FIN: the client reads the end); a zombie until waitpid.
            child.exit(0).get(WAIT_S, TimeUnit.SECONDS);
            assertEquals('Z', state(childPid), "ps shows it Z");
            assertEquals(List.of(Payload.Process.exited(childPid, 0), Payload.Process.zombie(childPid, parentPid)),
                    processes(lab, "server-2").subList(1, 3));
            assertEquals(0, ok(lab.client(), new Request.Recv(3, 100, Set.of())).result());
            ExecutionException notAgain = assertThrows(ExecutionException.class, () -> child
                    .call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(notAgain.getCause() instanceof LocalizedException, "a child that ended is not started again");

            Payload.Call waited = ok(lab.server(), new Request.WaitPid(-1, false));
            assertEquals(childPid, waited.result());
            assertEquals("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", waited.args().get("wstatus"));
            Await.until(Duration.ofSeconds(WAIT_S), () -> processes(lab, "server-2").size() == 4,
                    () -> "reaped: " + processes(lab, "server-2"));
            assertEquals(Payload.Process.reaped(childPid, parentPid, 0, null, null),
                    processes(lab, "server-2").getLast());
            assertEquals('?', state(childPid), "gone from the process table");
            // The connection's last states were journaled on the child, the process that last acted on it.
            lab.observeKernelNow();
            List<Event> closing = lab.journal().snapshot().stream()
                    .filter(e -> e.payload() instanceof Payload.State s && s.inode() != null
                            && s.inode() == connection && s.to().startsWith("FIN_WAIT"))
                    .toList();
            assertTrue(!closing.isEmpty() && closing.stream().allMatch(e -> e.endpoint().equals("server-2")),
                    "FIN_WAIT on the child's lifeline: " + closing);
        }
    }

    @Test
    void aParentThatForgetsCloseKeepsTheConnectionOpenAndWaitpidReapsTheZombie() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            int parentPid = lab.server().pid();
            Endpoint child = lab.fork(lab.server(), "server-2").get(WAIT_S, TimeUnit.SECONDS);
            int childPid = child.pid();
            ok(child, new Request.Send(4, HELLO, Set.of()));
            child.exit(3).get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(Payload.Process.exited(childPid, 3), processes(lab, "server-2").get(1));
            // The child's end closed its copy only: the parent's fd 4 keeps the connection, no FIN was sent.
            assertEquals(5, ok(lab.client(), new Request.Recv(3, 100, Set.of())).result());
            fails(lab.client(), new Request.Recv(3, 100, Set.of(MsgFlag.MSG_DONTWAIT)), "EAGAIN");
            assertEquals('Z', state(childPid));
            Payload.Call waited = ok(lab.server(), new Request.WaitPid(childPid, true));
            assertEquals(childPid, waited.result());
            assertEquals("[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]", waited.args().get("wstatus"));
            fails(lab.server(), new Request.WaitPid(-1, true), "ECHILD");
            ok(lab.server(), new Request.Close(4));
            assertEquals(0, ok(lab.client(), new Request.Recv(3, 100, Set.of())).result(), "now the FIN");
            assertEquals(parentPid, lab.server().pid());
        }
    }

    @Test
    void closingTheLabLeavesNoChildAndNoZombie() throws Exception {
        int parentPid, childPid;
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            connect(lab);
            parentPid = lab.server().pid();
            childPid = lab.fork(lab.server(), "server-2").get(WAIT_S, TimeUnit.SECONDS).pid();
            char alive = state(childPid);
            assertTrue(alive != 'Z' && alive != '?', "the child lives until the lab ends it: " + alive);
        }
        Await.until(Duration.ofSeconds(WAIT_S), () -> state(childPid) == '?' && state(parentPid) == '?',
                () -> "child " + state(childPid) + ", parent " + state(parentPid));
    }

    @Test
    void forkIsRefusedWithoutAProcessOrUnderATakenName() throws Exception {
        try (Lab lab = Lab.withoutCapture(new Journal())) {
            assertThrows(LocalizedException.class, () -> lab.fork(lab.server(), "server-2"));
            assertTrue(lab.endpoints().stream().noneMatch(e -> e.name().equals("server-2")), "no child left behind");
            socket(lab.server(), Domain.AF_INET, SockType.SOCK_STREAM);
            assertThrows(LocalizedException.class, () -> lab.fork(lab.server(), "client"));
            assertThrows(LocalizedException.class, () -> new Request.WaitPid(0, false));
        }
    }

    @Test
    void forkZombieAndReapedEventsReadBackFromJsonLines() {
        List<Payload> written = List.of(Payload.Process.forked(42, 41, "server", Map.of(3, 7001L, 4, 7002L)),
                Payload.Process.exited(42, 0), Payload.Process.zombie(42, 41),
                Payload.Process.reaped(42, 41, null, 9, "SIGKILL"));
        for (int i = 0; i < written.size(); i++) {
            Event e = new Event(i + 1, 1000 + i, "server-2", written.get(i));
            String line = JournalJsonl.line(e);
            assertEquals(e, JournalJsonl.parseLine(line), line);
        }
        assertThrows(LocalizedException.class, () -> JournalJsonl.parseLine(
                "{\"seq\":1,\"at_ns\":1,\"type\":\"process\",\"endpoint\":\"server-2\",\"event\":\"forked\",\"pid\":42,"
                        + "\"role\":\"server\",\"parent_pid\":41,\"inherited\":{\"x\":1}}"));
    }
}
