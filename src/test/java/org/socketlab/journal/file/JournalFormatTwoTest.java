package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;

/**
 * Journal format 2 (issue 38): process events and a call its process ended inside. A format-2 file says so on its
 * first line and round-trips; a format-1 file (written before process events existed) still opens and replays, and
 * its story is told as before; process events are told in both languages.
 */
class JournalFormatTwoTest {
    private static final List<Event> PROCESS_LIFE = List.of(
            new Event(1, 10, "server", Payload.Process.started(4242, Payload.Process.SERVER)),
            new Event(2, 20, "server", new Payload.Call("socket", null, Map.of("domain", "AF_INET"), 3, null, null,
                    null, 0).withPid(4242)),
            new Event(3, 30, "server", new Payload.Blocked("accept", 3)),
            new Event(4, 40, "server", Payload.Process.signalled(4242, 9, "SIGKILL")),
            new Event(5, 50, "server", Payload.Cancelled.processEnded("accept", 3, 40)),
            new Event(6, 60, "server", Payload.Process.killedBy(4242, 9, "SIGKILL")),
            new Event(7, 70, "client-2", Payload.Process.started(4343, Payload.Process.ADDED_CLIENT)),
            new Event(8, 80, "client-2", Payload.Process.exited(4343, 0)));

    @Test
    void processEventsRoundTripWithTheDocumentedKeysUnderFormatTwo() throws Exception {
        StringWriter out = new StringWriter();
        JournalJsonl.write(PROCESS_LIFE, out);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.getFirst().startsWith("{\"format\":2,"), lines.getFirst());
        assertEquals("{\"seq\":4,\"at_ns\":40,\"type\":\"process\",\"endpoint\":\"server\",\"event\":\"signal\","
                + "\"pid\":4242,\"signal\":9,\"signal_name\":\"SIGKILL\"}", lines.get(3));
        assertEquals("{\"seq\":5,\"at_ns\":50,\"type\":\"cancelled\",\"endpoint\":\"server\",\"call\":\"accept\","
                + "\"fd\":3,\"waited_ns\":40,\"process_ended\":true}", lines.get(4));
        assertEquals("{\"seq\":8,\"at_ns\":80,\"type\":\"process\",\"endpoint\":\"client-2\",\"event\":\"exited\","
                + "\"pid\":4343,\"code\":0}", lines.get(7));
        assertEquals(PROCESS_LIFE, JournalJsonl.read(new StringReader(out.toString())));
    }

    @Test
    void aFormatOneJournalStillOpensAndReplays(@TempDir Path dir) throws Exception {
        // Written by SocketLab before process events (format 1): no pid, no process event, a reset's cancelled call.
        String formatOne = String.join("\n",
                "{\"format\":1,\"seq\":1,\"at_ns\":100,\"type\":\"capture\",\"endpoint\":\"lab\","
                        + "\"status\":\"unavailable\",\"reason\":\"tcpdump is not installed\"}",
                "{\"seq\":2,\"at_ns\":200,\"type\":\"call\",\"endpoint\":\"server\",\"call\":\"socket\",\"args\":"
                        + "{\"domain\":\"AF_INET\",\"type\":\"SOCK_STREAM\"},\"result\":3,\"errno\":null,"
                        + "\"errno_name\":null,\"blocked_ns\":0}",
                "{\"seq\":3,\"at_ns\":300,\"type\":\"blocked\",\"endpoint\":\"server\",\"call\":\"accept\",\"fd\":3}",
                "{\"seq\":4,\"at_ns\":400,\"type\":\"cancelled\",\"endpoint\":\"server\",\"call\":\"accept\","
                        + "\"fd\":3,\"waited_ns\":100}",
                "");
        Path file = Files.writeString(dir.resolve("old.jsonl"), formatOne, StandardCharsets.UTF_8);
        SavedJournal saved = SavedJournal.open(file);
        List<Event> events = saved.between(null, null);
        assertEquals(4, events.size());
        Payload.Call socket = (Payload.Call) events.get(1).payload();
        assertEquals(null, socket.pid(), "no pid in format 1");
        Payload.Cancelled cancelled = (Payload.Cancelled) events.get(3).payload();
        assertFalse(cancelled.processEnded(), "a format-1 cancelled call was a reset's");
        Messages en = Messages.of(Lang.EN);
        List<String> told = Story.of(events).beats().stream().map(b -> StoryText.told(b, en)).toList();
        assertTrue(told.contains("accept(3) cancelled after 0 ms — the endpoint was reset"), told.toString());
        assertTrue(told.stream().noneMatch(t -> t.contains("process")), told.toString());
    }

    @Test
    void processEventsAreToldInBothLanguages() {
        List<Beat> beats = Story.of(PROCESS_LIFE).beats();
        List<String> en = beats.stream().map(b -> StoryText.told(b, Messages.of(Lang.EN))).toList();
        List<String> es = beats.stream().map(b -> StoryText.told(b, Messages.of(Lang.ES))).toList();
        assertTrue(en.contains("process started, pid 4242 (the server)"), en.toString());
        assertTrue(en.contains("kill(4242, SIGKILL) sent by SocketLab"), en.toString());
        assertTrue(en.contains("accept(3) never returned — its process ended inside the call"), en.toString());
        assertTrue(en.stream().anyMatch(t -> t.startsWith("killed by SIGKILL — SIGKILL cannot be caught")),
                en.toString());
        assertTrue(en.stream().anyMatch(t -> t.startsWith("exited (code 0) — the kernel closed every descriptor")),
                en.toString());
        assertTrue(es.contains("proceso iniciado, pid 4343 (un cliente añadido)"), es.toString());
        assertTrue(es.contains("SocketLab envió kill(4242, SIGKILL)"), es.toString());
        assertTrue(es.stream().anyMatch(t -> t.startsWith("terminado por la señal SIGKILL — SIGKILL no se puede")),
                es.toString());
        assertTrue(es.stream().anyMatch(t -> t.startsWith("terminó (código 0) — el núcleo cerró")), es.toString());
        assertTrue(es.contains("accept(3) no volvió nunca — su proceso terminó dentro de la llamada"), es.toString());
    }

    @Test
    void aMalformedProcessEventIsRefusedNamingItsField() {
        String both = "{\"seq\":1,\"at_ns\":1,\"type\":\"process\",\"endpoint\":\"server\",\"event\":\"exited\","
                + "\"pid\":7,\"code\":0,\"signal\":9,\"signal_name\":\"SIGKILL\"}";
        String neither = "{\"seq\":1,\"at_ns\":1,\"type\":\"process\",\"endpoint\":\"server\",\"event\":\"exited\","
                + "\"pid\":7}";
        String badPid = "{\"seq\":1,\"at_ns\":1,\"type\":\"process\",\"endpoint\":\"server\",\"event\":\"started\","
                + "\"pid\":0,\"role\":\"server\"}";
        for (String line : List.of(both, neither, badPid)) {
            LocalizedException e = assertThrows(LocalizedException.class,
                    () -> JournalJsonl.read(new StringReader(line)));
            assertTrue(Messages.of(Lang.EN).text(e).startsWith("Journal line 1 is not a valid event"),
                    Messages.of(Lang.EN).text(e));
        }
    }
}
