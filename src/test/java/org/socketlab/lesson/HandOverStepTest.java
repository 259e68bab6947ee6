package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * The {@code hand_over} step: a socket passed to another endpoint (a thread of the same program, as a threaded server
 * passes each connection), checked when the file is read and made with the lab's real hand-over when it runs.
 */
class HandOverStepTest {
    private static final String SOCKET = """
            {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "s",
             "narration": {"es": "crea", "en": "makes"}, "expect": {"result": "fd"}}""";
    private static final String HAND = """
            {"endpoint": "server", "hand_over": "s", "to": "server-2", "narration": {"es": "pasa", "en": "passes"}}""";

    private static String lesson(String... steps) {
        return """
                {"id": "hand", "title": {"es": "Paso", "en": "Pass"}, "summary": {"es": "Un paso.", "en": "A pass."},
                 "steps": [%s]}""".formatted(String.join(",\n", steps));
    }

    private static String close(String endpoint) {
        return """
                {"endpoint": "%s", "call": "close", "socket": "s", "narration": {"es": "cierra", "en": "closes"},
                 "expect": {"result": 0}}""".formatted(endpoint);
    }

    private static String failure(String json) {
        LocalizedException e = assertThrows(LocalizedException.class, () -> LessonLoader.parse("hand.json", json));
        return Messages.of(Lang.EN).text(e);
    }

    @Test
    void aHandedOverSocketBelongsToTheNewEndpoint() {
        Lesson l = LessonLoader.parse("hand.json", lesson(SOCKET, HAND, close("server-2")));
        Step hand = l.steps().get(1);
        assertEquals(Step.Kind.HAND_OVER, hand.kind());
        assertEquals("s", hand.socket());
        assertEquals("server-2", hand.handTo());
        assertEquals("server hand_over s -> server-2", hand.label());
        String m = failure(lesson(SOCKET, HAND, close("server")));
        assertTrue(m.contains("step 3") && m.contains("belongs to server-2, not to server"), m);
    }

    @Test
    void aHandOverNeedsAnotherEndpointAnOwnSocketAndNoWaitingCall() {
        String self = failure(lesson(SOCKET, HAND.replace("server-2", "server"), close("server")));
        assertTrue(self.contains("step 2") && self.contains("must be another endpoint"), self);
        String notMine = failure(lesson(SOCKET, HAND.replace("\"endpoint\": \"server\"", "\"endpoint\": \"client\"")));
        assertTrue(notMine.contains("belongs to server, not to client"), notMine);
        String unknown = failure(lesson(SOCKET, HAND.replace("\"s\"", "\"t\"")));
        assertTrue(unknown.contains("\"t\""), unknown);
        String extra = failure(lesson(SOCKET, HAND.replace("}}", "}, \"expect\": {\"result\": 0}}")));
        assertTrue(extra.contains("expect"), extra);
        String listener = """
                {"endpoint": "server", "call": "listen", "socket": "s", "backlog": 1,
                 "narration": {"es": "escucha", "en": "listens"}, "expect": {"result": 0}}""";
        String accept = """
                {"endpoint": "server", "call": "accept", "socket": "s", "as": "c", "wait": false,
                 "narration": {"es": "espera", "en": "waits"}, "expect": {"blocked": true}}""";
        String bind = """
                {"endpoint": "server", "call": "bind", "socket": "s", "address": "127.0.0.1:{port}",
                 "narration": {"es": "asocia", "en": "binds"}, "expect": {"result": 0}}""";
        String busy = failure(lesson(SOCKET, bind, listener, accept, HAND));
        assertTrue(busy.contains("step 5") && busy.contains("still waiting in its accept"), busy);
    }

    @Test
    void theRunPassesTheSocketWithNoCallAndTheNewEndpointUsesIt() {
        Lesson l = LessonLoader.parse("hand.json", lesson(SOCKET, HAND, close("server-2")));
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(l, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Event> events = lab.journal().snapshot();
            List<String> calls = events.stream().filter(e -> e.payload() instanceof Payload.Call)
                    .map(e -> e.endpoint() + " " + ((Payload.Call) e.payload()).call()).toList();
            assertEquals(List.of("server socket", "server-2 close"), calls, "no call passes the socket");
            assertTrue(events.stream().anyMatch(e -> e.endpoint().equals("server")
                    && e.payload() instanceof Payload.Note n && n.text().get("en").contains("goes from Server to")),
                    "the lab's note says the socket changed hands");
            assertTrue(lab.endpoints().stream().allMatch(e -> e.sockets().isEmpty()));
        }
    }
}
