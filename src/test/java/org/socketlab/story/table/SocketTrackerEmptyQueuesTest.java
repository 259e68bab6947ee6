package org.socketlab.story.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Issue 57, seen in the packaged window at 1920x1080: the clients' connections showed Recv-Q and Send-Q "—", as if
 * never read, though the kernel was read (their states came from it) and found them empty. The kernel's readers
 * journal a socket's queues only when they are not empty or change: a TCP socket whose state the kernel told and whose
 * queues it never did has empty ones.
 */
class SocketTrackerEmptyQueuesTest {
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
             {"endpoint": "client", "call": "connect", "socket": "a", "address": "127.0.0.1:{port}",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": 0, "state": {"a": "ESTABLISHED"}}},
             {"endpoint": "server", "call": "accept", "socket": "l", "as": "conn",
              "narration": {"es": "t", "en": "t"}, "expect": {"result": "fd", "state": {"conn": "ESTABLISHED"}}}
            ]}
            """;

    @Test
    void aConnectionWhoseQueuesTheKernelNeverToldHasEmptyOnes() {
        List<Event> journal;
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.parse("t.json", LESSON), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
        SocketTracker tracker = new SocketTracker();
        tracker.accept(journal);
        Messages en = Messages.of(Lang.EN);
        SocketRow client = tracker.rows(0).stream().filter(r -> r.endpoint().equals("client")).findFirst()
                .orElseThrow();
        assertEquals(TcpState.ESTABLISHED, client.state(), client::toString);
        assertTrue(
                journal.stream().noneMatch(e -> e.endpoint().equals("client") && e.payload() instanceof Payload.Queue),
                "the kernel's reader told no queue of the client's: they stayed empty");
        assertEquals(en.get("ui.sockets.bytes", "0"), client.recvQText(en), client::toString);
        assertEquals(en.get("ui.sockets.bytes", "0"), client.sendQText(en), client::toString);
    }
}
