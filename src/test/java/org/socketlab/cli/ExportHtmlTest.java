package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.share.RoomState;
import org.socketlab.share.RoomView;
import org.socketlab.share.StoryRoomRenderer;

/**
 * {@code socketlab export F.jsonl --html F.html}: one page that replays a real tcp-basics run offline; the views it
 * embeds are the renderer's, step by step, in both languages, and it fetches nothing (its policy says so).
 */
class ExportHtmlTest {
    @TempDir
    Path dir;

    @Test
    void thePageEmbedsEveryStepsViewAsTheRendererDrawsIt() throws Exception {
        Path journal = dir.resolve("tcp.jsonl"), page = dir.resolve("tcp.html");
        CliTest.Outcome run = cli("run", "tcp-basics", "--journal", journal.toString(), "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        CliTest.Outcome export = cli("export", journal.toString(), "--html", page.toString(), "--lang", "en");
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().contains("The page replays 12 steps, in Spanish and English."), export.out());
        String html = Files.readString(page);
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none';"), "it fetches nothing");
        assertFalse(html.contains("src=\"student.js\"") || html.contains("href=\"student.css\""), "all inline");
        String json = html.substring(html.indexOf("id=\"saved-views\">") + 17);
        json = json.substring(0, json.indexOf("</script>"));
        assertFalse(json.contains("<"), "no markup character is left raw inside the script element");
        JsonNode steps = new ObjectMapper().readTree(json);
        assertEquals(12, steps.size());

        // Step k is the events before step k+1's narration (each step's narration is written before its call).
        List<Event> events = JournalJsonl.read(journal);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Note && !"lab".equals(events.get(i).endpoint()))
                starts.add(i);
        assertEquals(12, starts.size());
        for (int k = 1; k <= 12; k++) {
            List<Event> seen = events.subList(0, k < 12 ? starts.get(k) : events.size());
            RoomState state = new RoomState(k, seen, LessonLoader.load("tcp-basics"), k, 12, null);
            for (String lang : List.of("es", "en")) {
                RoomView want = new StoryRoomRenderer("tcp.jsonl").render(state, lang);
                JsonNode got = steps.get(k - 1).get(lang);
                assertEquals(want.step(), got.get("step").asInt());
                assertEquals(want.title(), got.get("title").asText());
                assertEquals(want.diagramSvg(), got.get("diagramSvg").asText(), "step " + k + " " + lang);
                assertEquals(want.narrationHtml(), got.get("narrationHtml").asText());
                assertEquals(want.stateMachineSvg(), got.get("stateMachineSvg").asText());
                assertEquals(want.socketTableHtml(), got.get("socketTableHtml").asText());
                List<String> rows = new ArrayList<>();
                got.get("rowTexts").forEach(r -> rows.add(r.asText()));
                assertEquals(want.rowTexts(), rows);
            }
        }
    }

    @Test
    void htmlAloneIsAnExportAndANameItCannotWriteIsOneLine() {
        CliTest.Outcome none = cli("export", dir.resolve("absent.jsonl").toString(), "--html",
                dir.resolve("x.html").toString(), "--lang", "en");
        assertEquals(2, none.exit());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }
}
