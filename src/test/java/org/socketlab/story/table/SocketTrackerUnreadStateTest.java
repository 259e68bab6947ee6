package org.socketlab.story.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * A traced program may connect and close before strace's record is read, so the first state read of its connection
 * comes after its close() (FIN_WAIT_1, from sock_diag). The connection goes on in the kernel: its row stays, closed,
 * and follows that state. A real journal with the client's earlier state readings taken out stands for that order.
 */
class SocketTrackerUnreadStateTest {
    private static final String LESSON = """
            {"id": "t", "title": {"es": "t", "en": "t"}, "summary": {"es": "s", "en": "s"}, "steps": [
             {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "l",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
             {"endpoint": "server", "call": "bind", "socket": "l", "address": "127.0.0.1:{port}",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "listen", "socket": "l", "backlog": 5,
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}},
             {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "a",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
             {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "unused",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
             {"endpoint": "client", "call": "connect", "socket": "a", "address": "127.0.0.1:{port}",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}},
             {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd"}},
             {"endpoint": "client", "call": "close", "socket": "a",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0, "state": {"a": "FIN_WAIT_2"}}},
             {"endpoint": "client", "call": "close", "socket": "unused",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}}
            ]}
            """;

    @Test
    void aConnectionClosedBeforeItsStateWasReadKeepsItsRowAndFollowsTheStateReadAfter() {
        List<Event> journal;
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.parse("t.json", LESSON), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
        long closedAt = journal.stream()
                .filter(e -> e.endpoint().equals("client") && e.payload() instanceof Payload.Call c
                        && c.call().equals("close"))
                .mapToLong(Event::seq).min().orElseThrow();
        List<Event> unreadUntilClose = journal.stream()
                .filter(e -> !(e.endpoint().equals("client") && e.seq() < closedAt
                        && e.payload() instanceof Payload.State))
                .toList();
        SocketTracker tracker = new SocketTracker();
        tracker.accept(unreadUntilClose);
        List<SocketRow> client = tracker.rows(0).stream().filter(r -> r.endpoint().equals("client")).toList();
        assertEquals(1, client.size(), () -> "the connection's row, and none for the socket that never connected: "
                + tracker.rows(0));
        SocketRow row = client.getFirst();
        assertFalse(row.open(), row::toString);
        assertTrue(row.state() == TcpState.FIN_WAIT_2 || row.state() == TcpState.FIN_WAIT_1, row::toString);
        assertEquals("127.0.0.1", row.peer() == null ? null : row.peer().substring(0, row.peer().indexOf(':')));

        // Told CLOSED after the close, the row goes, as a socket told CLOSED before its close does.
        Event last = journal.getLast();
        Payload.State closed = new Payload.State(row.fd(), row.state().journalName(), "CLOSED", "sock_diag", null,
                row.inode());
        tracker.accept(new Event(last.seq() + 1, last.atNs() + 1, "client", closed));
        assertTrue(tracker.rows(0).stream().noneMatch(r -> r.endpoint().equals("client")), () -> "" + tracker.rows(0));
    }
}
