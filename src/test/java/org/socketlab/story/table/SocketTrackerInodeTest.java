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
 * The socket table built from a real journal in which a new socket took the fd number of a closed one whose
 * connection lingers in TIME_WAIT: each row follows its own socket (the events name it by inode).
 */
class SocketTrackerInodeTest {
    private static String lesson(String... steps) {
        return "{\"id\": \"t\", \"title\": {\"es\": \"t\", \"en\": \"t\"}, \"summary\": {\"es\": \"s\", \"en\": \"s\"}, \"steps\": ["
                + String.join(",", steps) + "]}";
    }

    private static String step(String fields, String expect) {
        return "{" + fields + ", \"narration\": {\"es\": \"texto\", \"en\": \"text\"}, \"expect\": " + expect + "}";
    }

    @Test
    void aClosedSocketInTimeWaitAndTheNewOneOnItsFdKeepTheirOwnRows() {
        var lesson = LessonLoader.parse("reuse.json", lesson(
                step("\"endpoint\": \"server\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"l\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"server\", \"call\": \"bind\", \"socket\": \"l\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"listen\", \"socket\": \"l\", \"backlog\": 5",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"a\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"a\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"accept\", \"socket\": \"l\", \"as\": \"conn\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"close\", \"socket\": \"a\"", "{\"result\": 0}"),
                step("\"endpoint\": \"server\", \"call\": \"close\", \"socket\": \"conn\"",
                        "{\"result\": 0, \"state\": {\"a\": \"TIME_WAIT\"}}"),
                step("\"endpoint\": \"client\", \"call\": \"socket\", \"domain\": \"AF_INET\", \"type\": \"SOCK_STREAM\", \"as\": \"b\"",
                        "{\"result\": \"fd\"}"),
                step("\"endpoint\": \"client\", \"call\": \"connect\", \"socket\": \"b\", \"address\": \"127.0.0.1:{port}\"",
                        "{\"result\": 0, \"state\": {\"b\": \"ESTABLISHED\", \"a\": \"TIME_WAIT\"}}")));
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            SocketTracker tracker = new SocketTracker();
            tracker.accept(lab.journal().snapshot());
            List<SocketRow> client = tracker.rows(0).stream().filter(r -> r.endpoint().equals("client")).toList();
            assertEquals(2, client.size(), () -> "rows: " + client);
            SocketRow old = client.get(0), now = client.get(1);
            assertEquals(old.fd(), now.fd(), "the same fd number");
            assertEquals(TcpState.TIME_WAIT, old.state(), () -> "the closed socket: " + old);
            assertEquals(false, old.open());
            assertEquals(TcpState.ESTABLISHED, now.state(), () -> "the new socket: " + now);
            assertEquals(true, now.open());
        }
    }

    @Test
    void unixSocketsShowTheStatesTheKernelKeepsAndLeaveNoRowBehind() {
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("unix-domain"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Event> events = lab.journal().snapshot();
            SocketTracker tracker = new SocketTracker();
            int clientClosed = -1;
            for (int i = 0; i < events.size(); i++) {
                tracker.accept(events.get(i));
                if (events.get(i).payload() instanceof Payload.State st && st.to().equals("CLOSED")
                        && events.get(i).endpoint().equals("client")) {
                    clientClosed = i;
                    break;
                }
            }
            assertTrue(clientClosed > 0, "the client's socket was reported CLOSED");
            List<String> server = tracker.rows(0).stream().filter(r -> r.endpoint().equals("server"))
                    .map(r -> r.kind().name() + " " + r.state()).toList();
            assertEquals(List.of("UNIX_STREAM LISTEN", "UNIX_STREAM ESTABLISHED"), server, "after the client closed");
            tracker.accept(events.subList(clientClosed + 1, events.size()));
            assertEquals(List.of(), tracker.rows(0), "every socket closed");
        }
    }
}
