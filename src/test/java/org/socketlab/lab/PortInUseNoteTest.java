package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;

/**
 * The newcomer's trap (issue 57, window review picture 12): the server's process ends holding a connection, a new one
 * binds the same port and gets EADDRINUSE, with only the errno's words to go by. Here on a real lab: the lab's note at
 * that bind names the socket that holds the port (the connection that was the server's fd 4, in FIN_WAIT_1 or 2, with no
 * process) and what SO_REUSEADDR would change, in both languages.
 */
class PortInUseNoteTest {
    private static final String RESTART = """
            {"id": "restart", "title": {"es": "Reiniciar el servidor", "en": "Restarting the server"},
             "summary": {"es": "El servidor termina con una conexión abierta y vuelve.",
                         "en": "The server exits holding a connection, and comes back."},
             "steps": [
              {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "listener",
               "narration": {"es": "socket", "en": "socket"}, "expect": {"result": "fd"}},
              {"endpoint": "server", "call": "bind", "socket": "listener", "address": "127.0.0.1:{port}",
               "narration": {"es": "bind", "en": "bind"}, "expect": {"result": 0}},
              {"endpoint": "server", "call": "listen", "socket": "listener", "backlog": 5,
               "narration": {"es": "listen", "en": "listen"}, "expect": {"result": 0}},
              {"endpoint": "client", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "sock",
               "narration": {"es": "socket", "en": "socket"}, "expect": {"result": "fd"}},
              {"endpoint": "client", "call": "connect", "socket": "sock", "address": "127.0.0.1:{port}",
               "narration": {"es": "connect", "en": "connect"}, "expect": {"result": 0}},
              {"endpoint": "server", "call": "accept", "socket": "listener", "as": "conn",
               "narration": {"es": "accept", "en": "accept"}, "expect": {"result": "fd"}},
              {"endpoint": "server", "exit": 0, "narration": {"es": "exit", "en": "exit"},
               "expect": {"state": {"sock": "CLOSE_WAIT"}}},
              {"endpoint": "server", "call": "socket", "domain": "AF_INET", "type": "SOCK_STREAM", "as": "again",
               "narration": {"es": "socket", "en": "socket"}, "expect": {"result": "fd"}},
              {"endpoint": "server", "call": "bind", "socket": "again", "address": "127.0.0.1:{port}",
               "narration": {"es": "bind", "en": "bind"}, "expect": {"result": -1, "errno": "EADDRINUSE"}}
             ]}
            """;

    @Test
    void aRestartedServersEaddrinuseNamesTheConnectionThatHoldsThePort() {
        List<Event> journal;
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner(Duration.ofSeconds(20), Duration.ofSeconds(10))
                    .run(LessonLoader.parse("restart.json", RESTART), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
        String port = journal.stream().filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("bind"))
                .map(e -> ((Payload.Call) e.payload()).args().get("addr")).findFirst().orElseThrow()
                .replaceAll(".*:", "");
        List<Payload.Note> notes = journal.stream()
                .filter(e -> e.endpoint().equals(Lab.ITSELF) && e.payload() instanceof Payload.Note n
                        && n.text().getOrDefault("en", "").startsWith("bind() got EADDRINUSE"))
                .map(e -> (Payload.Note) e.payload()).toList();
        assertEquals(1, notes.size(), () -> "the lab's EADDRINUSE notes: " + notes);
        String en = notes.getFirst().text().get("en"), es = notes.getFirst().text().get("es");
        // FIN_WAIT_1 until the client's kernel has acknowledged the FIN, FIN_WAIT_2 after: the kernel's state at the
        // bind, whichever came first (ci21 read FIN_WAIT_1).
        assertTrue(Pattern.compile("port " + port + " is still held by the connection that was Server's fd \\d, now in "
                + "FIN_WAIT_[12] with no process holding it").matcher(en).find(), en);
        assertTrue(en.contains("SO_REUSEADDR"), en);
        assertTrue(es.contains("el puerto " + port + " sigue ocupado por la conexión que fue el fd ")
                && es.contains("FIN_WAIT_") && es.contains("SO_REUSEADDR"), es);
    }
}
