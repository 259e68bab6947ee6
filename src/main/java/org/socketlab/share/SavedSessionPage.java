package org.socketlab.share;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;

/**
 * {@code socketlab export F.jsonl --html F.html}: the student's page as one file that replays a saved session in any
 * browser, offline. Every step's {@link RoomView}, in Spanish and English, is embedded as JSON, rendered by the same
 * {@link StoryRoomRenderer} the live share uses, and the page's own script and style are inlined (a file may hold
 * them; the server never serves an inline script). Its Content-Security-Policy lets it fetch nothing.
 */
public final class SavedSessionPage {
    /** The views of one step, by language code. */
    public record Step(Map<String, RoomView> views) {
    }

    /** What the page may do: its own inline style and script, nothing from anywhere. */
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    private SavedSessionPage() {
    }

    /** The page for {@code events}; {@code name} heads it when the journal is no lesson of the catalog. */
    public static String html(List<Event> events, String name) {
        return html(steps(events, name));
    }

    /** The page holding {@code steps}. */
    public static String html(List<Step> steps) {
        String page = resource("index.html");
        String style = resource("student.css"), script = resource("student.js");
        page = replaceOnce(page, "<link rel=\"stylesheet\" href=\"student.css\">",
                "<meta http-equiv=\"Content-Security-Policy\" content=\"" + POLICY + "\">\n<style>\n" + style
                        + "</style>");
        page = replaceOnce(page, "<script src=\"student.js\" defer></script>",
                "<script type=\"application/json\" id=\"saved-views\">" + json(steps) + "</script>\n<script>\n"
                        + script.replace("</", "<\\/") + "</script>");
        return page;
    }

    /** Every step of the session, each rendered in both languages (what the page embeds). */
    public static List<Step> steps(List<Event> events, String name) {
        Lesson lesson = lessonOf(events);
        List<Integer> ends = stepEnds(events, lesson);
        int count = lesson != null ? Math.max(lesson.steps().size(), ends.size()) : ends.size();
        StoryRoomRenderer renderer = new StoryRoomRenderer(name);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            RoomState state = new RoomState(i + 1, events.subList(0, ends.get(i)), lesson, i + 1, count, null);
            Map<String, RoomView> views = new LinkedHashMap<>();
            for (Lang lang : Lang.values()) views.put(lang.code(), renderer.render(state, lang.code()));
            steps.add(new Step(views));
        }
        return steps;
    }

    /**
     * Where each step's events end: before the narration of the next step (the runner writes a step's narration before
     * its call), the last step at the journal's end. A journal that narrates no step (serve, trace) is one step.
     */
    static List<Integer> stepEnds(List<Event> events, @Nullable Lesson lesson) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Note n && n.quiz() == null
                    && StoryRoomRenderer.isStepNarration(events.get(i), n, lesson))
                starts.add(i);
        List<Integer> ends = new ArrayList<>();
        for (int s = 1; s < starts.size(); s++) ends.add(starts.get(s));
        ends.add(events.size());
        return ends;
    }

    /** The catalog's lesson this journal ran, told by its first narration being that lesson's first step's; or none. */
    static @Nullable Lesson lessonOf(List<Event> events) {
        Map<String, String> first = null;
        for (Event e : events)
            if (e.payload() instanceof Payload.Note n && n.quiz() == null
                    && StoryRoomRenderer.isStepNarration(e, n, null)) {
                        first = n.text();
                        break;
                    }
        if (first == null) return null;
        for (String id : LessonCatalog.IDS) {
            Lesson lesson;
            try {
                lesson = LessonLoader.load(id);
            } catch (LocalizedException e) {
                continue;
            }
            if (!lesson.steps().isEmpty() && (lesson.steps().getFirst().narration().byCode().equals(first)
                    || lesson.steps().getFirst().narration().forTwoHosts().byCode().equals(first)))
                return lesson;
        }
        return null;
    }

    /** The steps' views as the page reads them: one object per step, a view per language, markup characters escaped. */
    static String json(List<Step> steps) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        for (Step s : steps) {
            ObjectNode step = all.addObject();
            s.views().forEach((code, v) -> view(step.putObject(code), v));
        }
        // JSON inside a script element: no "<" may start a tag, and the two line separators JavaScript once refused.
        return all.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static void view(ObjectNode o, RoomView v) {
        o.put("version", v.version()).put("step", v.step()).put("steps", v.steps()).put("lang", v.lang());
        o.put("title", v.title()).put("diagramSvg", v.diagramSvg()).put("narrationHtml", v.narrationHtml());
        o.put("stateMachineSvg", v.stateMachineSvg()).put("socketTableHtml", v.socketTableHtml());
        ArrayNode rows = o.putArray("rowTexts");
        v.rowTexts().forEach(rows::add);
        o.putNull("question");
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        if (at < 0) throw new IllegalStateException(what);
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    /** A file of the student's page (share/web), as the server serves it. */
    static String resource(String name) {
        try (InputStream in = SavedSessionPage.class.getResourceAsStream("web/" + name)) {
            if (in == null) throw new IllegalStateException("web/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
