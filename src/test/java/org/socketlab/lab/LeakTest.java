package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.lab.LabTestSupport.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.journal.Event;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.OpenFds;

/** Nothing leaks: fds, threads and child processes (tcpdump) come back to where they started after many lifecycles, resets and closes. */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class LeakTest {

    private static Set<String> threadNames() {
        // The JDK's own pools idle out on their own schedule: the "process reaper" (it waits for tcpdump) and the common
        // pool (CompletableFuture's default; a second worker was seen starting during the test on a busy machine), and
        // JUnit's pool that runs the tests ("ForkJoinPool-N-worker-M", junit-platform.properties: an earlier class's
        // workers idle out during this one, ci44). SocketLab makes no ForkJoinPool: its own threads are named.
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper") && !n.startsWith("ForkJoinPool"))
                .collect(Collectors.toSet());
    }

    private static void lifecycle(Lab lab) {
        Endpoint server = lab.server();
        Endpoint client = lab.client();
        int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(server, new Request.Bind(listener, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
        ok(server, new Request.Listen(listener, 4));
        String address = ok(server, new Request.GetSockName(listener)).args().get("addr");
        int c = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
        ok(client, new Request.Connect(c, SockAddr.parse(address, Domain.AF_INET)));
        int conn = (int) ok(server, new Request.Accept(listener)).result();
        ok(client, new Request.Send(c, "ping".getBytes(StandardCharsets.UTF_8)));
        ok(server, new Request.Recv(conn, 16));
        ok(client, new Request.Close(c));
        ok(server, new Request.Close(conn));
        ok(server, new Request.Close(listener));
    }

    @Test
    void thousandLifecyclesResetsAndClosesLeaveNoFdOrThread() throws Exception {
        try (Lab warmUp = Lab.onThisMachine()) {
            lifecycle(warmUp); // loads every class first, so the JVM's own jar fds are already open
        }
        OpenFds fdsBefore = OpenFds.now();
        Set<String> threadsBefore = threadNames();

        CompletableFuture<Event> pending;
        try (Lab lab = Lab.onThisMachine()) {
            for (int i = 0; i < 1000; i++) lifecycle(lab);
            // Leave sockets open and a call blocked, then let reset and close clean them up.
            Endpoint server = lab.server();
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(server, new Request.Bind(listener, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
            ok(server, new Request.Listen(listener, 1));
            pending = server.call(new Request.Accept(listener));
            socket(lab.addClient(), Domain.AF_INET6, SockType.SOCK_DGRAM);
            socket(lab.client(), Domain.AF_UNIX, SockType.SOCK_STREAM);
        }

        assertEquals(Map.of(), OpenFds.openedSince(fdsBefore), "fds opened and still open after closing the lab");
        assertEquals(List.of(),
                ProcessHandle.current().children().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList(),
                "child processes (tcpdump) after closing the lab");
        Set<String> threadsAfter = threadNames();
        assertTrue(threadsAfter.stream().noneMatch(n -> n.startsWith("socketlab-")),
                () -> "threads left: " + threadsAfter);
        // No new thread; the JVM's own idle helpers (process reaper, common-pool workers) may retire meanwhile.
        Set<String> added = new TreeSet<>(threadsAfter);
        added.removeAll(threadsBefore);
        assertEquals(Set.of(), added, () -> "before " + threadsBefore + " after " + threadsAfter);
        assertTrue(pending.isCompletedExceptionally(), "the blocked accept did not survive its endpoint");
    }
}
