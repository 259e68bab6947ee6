package org.socketlab.story.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A threaded server's journal, as {@code serve} writes it: {@code server} accepts, hands the connection's fd to
 * {@code server-1} (Lab.handOver), which receives, answers and closes it. The socket table follows the socket to
 * {@code server-1}: its calls and the kernel's events about it land on that one row. The processes table shows the
 * server's one process holding it, whichever of its threads last used it.
 */
class SocketTrackerHandOverTest {
    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        Payload.Call c = (Payload.Call) e.call(r).get(60, TimeUnit.SECONDS).payload();
        assertTrue(!c.failed(), () -> e.name() + " " + r + " failed: " + c.errnoName());
        return c;
    }

    /** The descriptor numbers of each process row of {@code endpoint}. */
    private static List<List<Integer>> descriptorsOf(ProcessTracker processes, String endpoint) {
        return processes.rows(0).stream().filter(p -> p.endpoint().equals(endpoint))
                .map(p -> p.descriptors().stream().map(ProcessRow.Descriptor::fd).toList()).toList();
    }

    @Test
    void theHandedOverConnectionIsServerOnesRowFromAcceptToClose() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            SockAddr address = SockAddr.parse("127.0.0.1:" + LessonRunner.freePort(), Domain.AF_INET);
            Endpoint server = lab.server(), client = lab.client();
            int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(listener, address));
            call(server, new Request.Listen(listener, 5));
            int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(client, new Request.Connect(c, address));
            int conn = (int) call(server, new Request.Accept(listener)).result();
            Endpoint handler = lab.endpoint(Lab.SERVER + "-1");
            lab.handOver(conn, server, handler);
            call(client, new Request.Send(c, "hello".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(5, call(handler, new Request.Recv(conn, 100)).result());
            lab.observeKernelNow();
            List<Event> whileServed = lab.journal().snapshot();

            SocketTracker tracker = new SocketTracker();
            tracker.accept(whileServed);
            List<SocketRow> rows = tracker.rows(0);
            List<SocketRow> handed = rows.stream().filter(r -> r.fd() == conn && r.open()).toList();
            assertEquals(1, handed.size(), () -> "one open row for fd " + conn + ": " + rows);
            assertEquals("server-1", handed.getFirst().endpoint(), () -> "held by server-1 now: " + rows);
            assertEquals(TcpState.ESTABLISHED, handed.getFirst().state());
            assertEquals(address.toString(), handed.getFirst().local(),
                    "what accept() told, kept through the hand-over");
            assertEquals(List.of(listener),
                    rows.stream().filter(r -> r.endpoint().equals("server")).map(SocketRow::fd).toList(),
                    () -> "server keeps only its listener: " + rows);
            ProcessTracker processes = new ProcessTracker();
            processes.accept(whileServed);
            assertEquals(List.of(List.of(listener, conn)), descriptorsOf(processes, "server"),
                    "threads share one table: the server's process holds both, once");
            assertEquals(List.of(), descriptorsOf(processes, "server-1"), "a thread is no process of its own");

            call(handler, new Request.Close(conn)); // the server closes first: its side goes FIN_WAIT_2, then TIME_WAIT
            call(client, new Request.Close(c));
            lab.observeKernelNow();
            List<Event> all = lab.journal().snapshot();
            tracker.accept(all.subList(whileServed.size(), all.size()));
            List<SocketRow> after = tracker.rows(0);
            List<SocketRow> closed = after.stream().filter(r -> r.endpoint().equals("server-1")).toList();
            assertEquals(1, closed.size(), () -> "server-1's closed connection lingers in the kernel: " + after);
            assertTrue(!closed.getFirst().open(), "its fd is closed");
            assertTrue(List.of(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT).contains(closed.getFirst().state()),
                    () -> "the kernel's state after an active close followed the socket: " + closed);
            assertTrue(after.stream().noneMatch(r -> r.endpoint().equals("server") && r.fd() == conn),
                    () -> "no row left behind: " + after);
            processes.accept(all.subList(whileServed.size(), all.size()));
            assertEquals(List.of(List.of(listener)), descriptorsOf(processes, "server"), "the thread's close is its");
        }
    }
}
