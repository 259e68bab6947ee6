package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.export.SvgDiagram;
import org.socketlab.export.SvgStateMachine;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.story.Story;

/**
 * The room's view of a real tcp-basics run (journaled by {@code socketlab run tcp-basics --journal}, kept in the test
 * resources): the SVG export's diagram, the narration, the state machine at the sockets' states, the socket table and
 * a sentence per diagram row, in both languages; a hostile journal's text only ever text.
 */
class StoryRoomRendererTest {
    static List<Event> tcpBasics() throws IOException {
        return JournalJsonl.read(Path.of("src/test/resources/org/socketlab/share/tcp-basics.jsonl"));
    }

    /** The events up to (not with) the narration of step {@code step + 1}: what the room saw after step {@code step}. */
    static List<Event> upToStep(List<Event> events, int step) {
        int told = 0;
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Note n && !"lab".equals(events.get(i).endpoint())
                    && ++told == step + 1)
                return events.subList(0, i);
        return events;
    }

    @Test
    void theHandshakeStepShowsItsRowsNarrationMachineAndTable() throws IOException {
        List<Event> all = tcpBasics();
        Lesson lesson = LessonLoader.load("tcp-basics");
        List<Event> six = upToStep(all, 6); // accept(): the handshake is done
        RoomState state = new RoomState(7, six, lesson, 6, 12, null);
        RoomView en = new StoryRoomRenderer().render(state, "en"), es = new StoryRoomRenderer().render(state, "es");
        assertEquals("The life of a TCP connection", en.title());
        assertEquals("La vida de una conexión TCP", es.title());
        assertEquals(List.of(7L, 6, 12, "en"), List.of(en.version(), en.step(), en.steps(), en.lang()));
        // The diagram is the SVG export's, inline (no XML declaration), with the handshake's three segments.
        assertTrue(en.diagramSvg().startsWith("<svg"), en.diagramSvg().substring(0, 80));
        for (String flags : List.of("[SYN]", "[SYN, ACK]", "[ACK]"))
            assertTrue(en.diagramSvg().contains(flags), flags);
        assertTrue(en.narrationHtml().startsWith("<h3>") && en.narrationHtml().contains("accept()"),
                en.narrationHtml());
        assertTrue(es.narrationHtml().contains("accept()") && !es.narrationHtml().equals(en.narrationHtml()));
        // Three TCP sockets: the listener in LISTEN, both ends of the connection in ESTABLISHED, drawn bold there.
        assertTrue(en.stateMachineSvg().contains("class=\"state current\" data-state=\"ESTABLISHED\""),
                en.stateMachineSvg());
        assertTrue(en.stateMachineSvg().contains("class=\"state current\" data-state=\"LISTEN\""));
        assertFalse(en.stateMachineSvg().contains("class=\"state current\" data-state=\"TIME_WAIT\""));
        assertTrue(en.stateMachineSvg().contains("Server \u00b7 fd 3: LISTEN"), en.stateMachineSvg());
        // The server's accepted socket was read CLOSED then ESTABLISHED: its way from the listener is drawn.
        for (String arrow : List.of("data-from=\"LISTEN\" data-to=\"SYN_RECEIVED\"",
                "data-from=\"SYN_RECEIVED\" data-to=\"ESTABLISHED\""))
            assertTrue(en.stateMachineSvg().contains("class=\"transition taken\" " + arrow), arrow);
        assertEquals(3, count(en.socketTableHtml(), "<tr><td"), en.socketTableHtml());
        assertTrue(en.socketTableHtml().contains("<th scope=\"col\">Local address</th>"), en.socketTableHtml());
        assertTrue(es.socketTableHtml().contains("Dirección local"), es.socketTableHtml());
        // One sentence per row of the diagram, numbered as the story numbers its moments.
        assertEquals(Story.of(six).beats().size(), en.rowTexts().size());
        assertTrue(en.rowTexts().getFirst().startsWith("1. "), en.rowTexts().toString());
        assertTrue(en.rowTexts().stream().anyMatch(t -> t.contains("Server: listen(3, 5) = 0")), en.rowTexts()
                .toString());
        assertTrue(en.rowTexts().stream().anyMatch(t -> t.contains("Client → Server [SYN]")), en.rowTexts()
                .toString());
        assertTrue(es.rowTexts().stream().anyMatch(t -> t.contains("Servidor: listen(3, 5) = 0")));
    }

    @Test
    void theLastStepEndsInTimeWaitWithTheArrowItTook() throws IOException {
        List<Event> all = tcpBasics();
        RoomView end = new StoryRoomRenderer().render(new RoomState(1, all, null, 12, 12, null), "en");
        assertEquals("SocketLab sequence diagram", end.title());
        // The client closed first: its connection waits in TIME_WAIT. The kernel was read in FIN_WAIT_1, then in
        // TIME_WAIT: the way between is drawn, through FIN_WAIT_2 (the table's shortest).
        assertTrue(end.stateMachineSvg().contains("class=\"state current\" data-state=\"TIME_WAIT\""));
        for (String arrow : List.of("data-from=\"FIN_WAIT_1\" data-to=\"FIN_WAIT_2\"",
                "data-from=\"FIN_WAIT_2\" data-to=\"TIME_WAIT\""))
            assertTrue(end.stateMachineSvg().contains("class=\"transition taken\" " + arrow), arrow);
        assertTrue(end.narrationHtml().contains("closes the passive socket"), end.narrationHtml());
    }

    /** The audit's payloads and a few aimed at a page (item 4 of issue 80: a page built from a hostile journal). */
    static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "</svg><svg onload=alert(1)>",
            "\"><img src=x onerror=alert(1)>", "</p><iframe src=//x>", "' onmouseover='alert(1)", "&lt;b&gt;");

    private static final Pattern HANDLER_IN_TAG = Pattern.compile("<[^<>]*\\son[a-z]+\\s*=");

    @Test
    void aHostileJournalIsOnlyEverTextInTheView() {
        for (String bad : HOSTILE) {
            byte[] data = bad.getBytes(StandardCharsets.UTF_8);
            List<Event> events = new ArrayList<>();
            Map<String, String> both = Map.of("es", bad, "en", bad);
            events.add(new Event(1, 1, "server", new Payload.Note(both, both, both)));
            events.add(new Event(2, 2, "server",
                    new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null,
                            null, null, 0)));
            events.add(new Event(3, 3, "server", new Payload.Call("write", 3, Map.of(), data.length, null, null, data,
                    0)));
            events.add(new Event(4, 4, bad, new Payload.Call("read", 3, Map.of(), data.length, null, null, data, 0)));
            for (Lang lang : Lang.values()) {
                RoomView v = new StoryRoomRenderer(bad).render(new RoomState(1, events, null, 1, 1, null),
                        lang.code());
                for (String markup : List.of(v.diagramSvg(), v.narrationHtml(), v.stateMachineSvg(),
                        v.socketTableHtml())) {
                    String lower = markup.toLowerCase(Locale.ROOT);
                    for (String never : List.of("<script", "<img", "<iframe", "<svg onload", "<foreignobject"))
                        assertFalse(lower.contains(never), never + " in " + markup);
                    // Text is escaped, so every "<" opens a tag of the renderer's: none has a handler in it.
                    assertFalse(HANDLER_IN_TAG.matcher(lower).find(), markup);
                }
                assertTrue(v.narrationHtml().contains(Html.esc(bad)), v.narrationHtml());
                assertTrue(v.diagramSvg().contains("&lt;") || !bad.contains("<"), v.diagramSvg());
                assertTrue(v.rowTexts().stream().anyMatch(t -> t.contains(bad)), "a row's text is the text itself");
            }
        }
    }

    /** The page restyles the SVG's light colours as the export's own themes have them, every colour the views use. */
    @Test
    void thePageThemesTheDrawingsWithTheExportsColours() throws IOException {
        String css = SavedSessionPage.resource("student.css");
        for (String theme : List.of("dark", "high-contrast")) {
            Map<String, String> colours = SvgDiagram.themeColours(theme);
            assertFalse(colours.isEmpty(), theme);
            colours.forEach((light, themed) -> {
                for (String property : List.of("fill", "stroke"))
                    assertTrue(css.contains("html[data-theme=\"" + theme + "\"] .drawing [" + property + "=\"" + light
                            + "\"] { " + property + ": " + themed + "; }"), theme + " " + property + " " + light);
            });
            for (String used : SvgStateMachine.colours())
                assertTrue(colours.containsKey(used), "the state machine's " + used + " has no " + theme + " twin");
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
        return n;
    }
}
