package org.socketlab.share;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.export.SvgDiagram;
import org.socketlab.export.SvgStateMachine;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Step;
import org.socketlab.story.Beat;
import org.socketlab.story.Launchers;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.story.Twins;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;

/**
 * The room's view drawn by the story layer, as the SVG export draws it: the sequence diagram is
 * {@link SvgDiagram}'s (drawn to time when the link takes time), the TCP state machine {@link SvgStateMachine}'s, the
 * socket table the journal's own (story.table), each diagram row told in one sentence ({@link StoryText}). The page
 * only places these; it lays out nothing. Every text from the journal is escaped here (SVG by the export, HTML below).
 */
public final class StoryRoomRenderer implements RoomRenderer {
    private final @Nullable String title;

    /** A renderer whose heading is the lesson's title, or the export's generic one when there is no lesson. */
    public StoryRoomRenderer() {
        this(null);
    }

    /** @param title the heading when the session has no lesson (a saved journal's name), or null for a generic one */
    public StoryRoomRenderer(@Nullable String title) {
        this.title = title;
    }

    @Override
    public RoomView render(RoomState state, String lang) {
        Lang l = Lang.of(lang);
        Messages m = Messages.of(l);
        List<Event> events = state.events();
        Lesson lesson = state.lesson();
        String heading = lesson != null
                ? lesson.title().in(l)
                : title != null ? title : m.get("export.svg.title");
        return new RoomView(state.version(), state.step(), state.steps(), l.code(), heading,
                inline(SvgDiagram.render(events, l, heading)), narration(events, lesson, l),
                SvgStateMachine.render(events, l), socketTable(events, m), rowTexts(events, m), state.question());
    }

    /** The SVG without its XML declaration: it goes inside an HTML page. */
    private static String inline(String svg) {
        return svg.startsWith("<?xml") ? svg.substring(svg.indexOf("?>") + 2).stripLeading() : svg;
    }

    /**
     * What the step says: the last narration of a step in the journal (a note of the lesson's steps, else the last note
     * an endpoint wrote, not the lab's commentary), its slide's title first when it has one; paragraphs, escaped.
     */
    static String narration(List<Event> events, @Nullable Lesson lesson, Lang lang) {
        Payload.Note said = null;
        for (Event e : events)
            if (e.payload() instanceof Payload.Note n && n.quiz() == null && isStepNarration(e, n, lesson)) said = n;
        if (said == null) return "";
        StringBuilder html = new StringBuilder();
        if (said.hasSlide())
            html.append("<h3>").append(Html.esc(Payload.Note.in(said.slideTitle(), lang.code()))).append("</h3>");
        for (String paragraph : Payload.Note.in(said.text(), lang.code()).split("\n+"))
            if (!paragraph.isBlank()) html.append("<p>").append(Html.esc(paragraph.strip())).append("</p>");
        return html.toString();
    }

    /** Whether a note is a step's narration: one of the lesson's steps', or without a lesson any an endpoint wrote. */
    static boolean isStepNarration(Event e, Payload.Note n, @Nullable Lesson lesson) {
        if (lesson == null) return !Lab.ITSELF.equals(e.endpoint()) || n.hasSlide();
        for (Step s : lesson.steps())
            if (s.narration().byCode().equals(n.text()) || s.narration().forTwoHosts().byCode().equals(n.text()))
                return true;
        return false;
    }

    /** The journal's socket table after the last event, as the window's Sockets tab shows its columns. */
    static String socketTable(List<Event> events, Messages m) {
        SocketTracker tracker = new SocketTracker();
        tracker.accept(events);
        List<SocketRow> rows = tracker.rows(events.isEmpty() ? 0 : events.getLast().atNs());
        if (rows.isEmpty()) return "<p class=\"empty\">" + Html.esc(m.get("share.sockets.empty")) + "</p>";
        StringBuilder html = new StringBuilder("<table class=\"sockets\"><caption>");
        html.append(Html.esc(m.get("ui.sockets.title"))).append("</caption><thead><tr>");
        List<String> heads = new ArrayList<>();
        for (String key : List.of("ui.sockets.col.endpoint", "ui.sockets.col.fd", "ui.sockets.col.type",
                "ui.sockets.col.local", "ui.sockets.col.peer", "ui.sockets.col.state", "ui.sockets.col.recvQ",
                "ui.sockets.col.sendQ"))
            heads.add(Html.esc(m.get(key)));
        for (String head : heads) html.append("<th scope=\"col\">").append(head).append("</th>");
        html.append("</tr></thead><tbody>");
        for (SocketRow r : rows) {
            html.append("<tr>");
            List<String> cells = List.of(r.endpointText(m), r.fdText(m), r.kind().label(m), r.localText(),
                    r.peerText(), r.stateCellText(m), r.recvQText(m), r.sendQText(m));
            // Each cell names its column: a phone shows a socket as "column: value" lines (student.css).
            for (int i = 0; i < cells.size(); i++)
                html.append("<td data-label=\"").append(heads.get(i)).append("\">").append(Html.esc(cells.get(i)))
                        .append("</td>");
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /**
     * One plain sentence per row of the diagram, numbered as the diagram's moments are: the story's line for each
     * moment and what it means, with whose moment it is (a segment's line names both ends).
     */
    static List<String> rowTexts(List<Event> events, Messages m) {
        Launchers launchers = new Launchers();
        launchers.learnAll(events);
        Story story = Story.of(events, new Twins(), new SequenceOrigins(), SocketIdentities.fromAnywhere(),
                launchers);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < story.beats().size(); i++) {
            Beat beat = story.beats().get(i);
            String told = switch (beat) {
                case Beat.Note n -> StoryText.note(n.note(), m);
                case Beat.Segment s -> StoryText.told(s, m);
                default -> m.get("share.row.whose", StoryText.endpointName(beat.endpoint(), m),
                        StoryText.told(beat, m));
            };
            texts.add(m.get("share.row", String.valueOf(story.number(i)), told.strip()));
        }
        return List.copyOf(texts);
    }
}
