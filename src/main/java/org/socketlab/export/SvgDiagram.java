package org.socketlab.export;

import static org.socketlab.export.Svg.clamp;
import static org.socketlab.export.Svg.esc;
import static org.socketlab.export.Svg.fmt;
import static org.socketlab.export.Svg.width;
import static org.socketlab.export.Svg.wrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.story.Beat;
import org.socketlab.story.Launchers;
import org.socketlab.story.Lifeline;
import org.socketlab.story.LifelineHosts;
import org.socketlab.story.LinkTime;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.story.StoryLayout;
import org.socketlab.story.StoryText;
import org.socketlab.story.TimeAxis;
import org.socketlab.story.Twins;

/**
 * A journal as a standalone SVG 1.1 sequence diagram, drawn like the window's: a program and a kernel lifeline per
 * endpoint (clients on the left, the server on the right, a kernel-only {@code external} before the server), one
 * row per moment of the journal's {@link Story} (its order, bars, numbers and names, shared with the window and the
 * transcript). A call is an arrow program -> kernel at its entry and back (amber when it returned -1) at its return,
 * on one row when nothing happened in between; segments go kernel -> kernel (captured solid, inferred dashed and
 * labelled so), states are marks on the kernel lifeline and narration is wrapped text across the width. While the
 * wire is captured the inferred twins of its segments are not moments of the story.
 * No toolkit: text widths are estimated from the font size, so labels use fonts whose widths are predictable.
 */
public final class SvgDiagram {
    /** Width of the document in px. */
    public static final int WIDTH = 1200;

    private static final double FS = 14, MONO_W = 0.61, SANS_W = 0.56, NOTE_FS = 15;
    /** Drawn to time: room for the ruler left of the lanes, how long the median crossing is drawn, a folded gap. */
    private static final double RULER_ROOM = 96, FLIGHT_PX = FS * 16, FOLD_PX = FS * 2.4;
    /**
     * Widths per character that DejaVu Sans never exceeds for the words of a lane's head and the title (its bold digits
     * and capitals are wider than {@link #SANS_W}, an average): a head's box is sized by them, so boxes never overlap.
     */
    private static final double HEAD_W = 0.64, BOLD_W = 0.74;
    private static final String SANS = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
    private static final String MONO = "'DejaVu Sans Mono', 'Liberation Mono', Consolas, 'Courier New', monospace";
    // Colours that read on paper and on a projector: dark ink, one blue, one green, amber for errors (never red).
    private static final String INK = "#1f2937", MUTED = "#4b5563", LIFELINE = "#9ca3af", SEGMENT = "#1d4ed8",
            ERROR = "#b45309", STATE = "#15803d", STATE_FILL = "#ecfdf5", NOTE_FILL = "#eff6ff", NOTE_EDGE = "#bfdbfe",
            BAR_FILL = "#e5e7eb", HEAD_FILL = "#f3f4f6", CLIENT = "#15803d", SERVER = "#1d4ed8";

    private SvgDiagram() {
    }

    /** One drawn row: a moment of the story, its height, and for narration its wrapped lines. */
    private record Row(Beat beat, int index, double height, List<String> noteLines) {
        Event event() {
            return beat.event();
        }
    }

    /** A blocked call: a bar on the program lifeline from the row it started to the row it returned or was given up. */
    private record Bar(String endpoint, int from, int to) {
    }

    /**
     * A row of lanes laid out: its number from 0, its lifelines and their x, its caption's lines (when folded), where it
     * starts, its heads' top and height, where its moments start, its rows and their tops (one more: the end), its bars
     * and, drawn to time, its axis.
     */
    private record Band(int number, List<Lifeline> lifelines, double[] x, List<String> caption, double start,
            double headTop, double headH, double bodyTop, List<Row> rows, double[] tops, List<Bar> bars,
            @Nullable TimeAxis axis) {
        double bottom() {
            return tops[rows.size()] + FS * 0.5;
        }
    }

    /**
     * The other themes' colours for each colour of the light drawing ({@code "light"} draws as is): the window's dark
     * theme (its Primer Dark colours), and high contrast (black on white, darker hues: 7:1 and more for text).
     */
    private static final Map<String, Map<String, String>> THEME_COLOURS = Map.of(
            "dark",
            Map.ofEntries(Map.entry("#ffffff", "#0d1117"), Map.entry(INK, "#e6edf3"), Map.entry(MUTED, "#9da7b3"),
                    Map.entry(LIFELINE, "#6e7681"), Map.entry(SEGMENT, "#58a6ff"), Map.entry(ERROR, "#d29922"),
                    Map.entry(STATE, "#3fb950"), Map.entry(STATE_FILL, "#12261e"), Map.entry(NOTE_FILL, "#0c2d6b"),
                    Map.entry(NOTE_EDGE, "#1f6feb"), Map.entry(BAR_FILL, "#30363d"), Map.entry(HEAD_FILL, "#161b22")),
            "high-contrast",
            Map.ofEntries(Map.entry("#ffffff", "#ffffff"), Map.entry(INK, "#000000"), Map.entry(MUTED, "#1a1a1a"),
                    Map.entry(LIFELINE, "#000000"), Map.entry(SEGMENT, "#0033aa"), Map.entry(ERROR, "#7a3300"),
                    Map.entry(STATE, "#005a1e"), Map.entry(STATE_FILL, "#ffffff"), Map.entry(NOTE_FILL, "#ffffff"),
                    Map.entry(NOTE_EDGE, "#000000"), Map.entry(BAR_FILL, "#d9d9d9"), Map.entry(HEAD_FILL, "#ffffff")));
    private static final Pattern COLOUR_ATTRIBUTE = Pattern
            .compile("(fill|stroke)=\"(#[0-9a-f]{6})\"");

    /**
     * The colour each colour of the light drawing becomes in {@code theme} (empty for {@code light}): what a page that
     * shows the light drawing restyles in its dark and high-contrast themes (the student's page, share/web).
     */
    public static Map<String, String> themeColours(String theme) {
        return THEME_COLOURS.getOrDefault(theme, Map.of());
    }

    /** @param title heading of the document (a lesson title), or null for a generic one */
    public static String render(List<Event> events, Lang lang, String title) {
        return render(events, lang, title, "light");
    }

    /**
     * The drawing in one of {@link DiagramPicture#THEMES}: the light one with each fill and stroke colour swapped for the
     * theme's (text is escaped, so a colour in quotes is always an attribute's).
     */
    public static String render(List<Event> events, Lang lang, String title, String theme) {
        return render(events, lang, title, theme, SocketIdentities.fromAnywhere());
    }

    /**
     * The same, {@code sockets} saying whether the events start a session ({@link SocketIdentities#sessionStart}: then no
     * socket of an earlier session is drawn).
     */
    public static String render(List<Event> events, Lang lang, String title, String theme, SocketIdentities sockets) {
        String light = renderLight(events, lang, title, sockets);
        Map<String, String> colours = THEME_COLOURS.get(theme);
        if (colours == null) return light;
        return COLOUR_ATTRIBUTE.matcher(light)
                .replaceAll(r -> r.group(1) + "=\"" + colours.getOrDefault(r.group(2), r.group(2)) + "\"");
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    private static String renderLight(List<Event> events, Lang lang, String title, SocketIdentities sockets) {
        Messages m = Messages.of(lang);
        Launchers launchers = new Launchers();
        launchers.learnAll(events);
        Story story = Story.of(events, new Twins(), new SequenceOrigins(), sockets, launchers);
        List<Lifeline> lifelines = story.lifelines();
        Map<String, Payload.Process> hosts = LifelineHosts.of(story.beats()); // two machines: each kernel's host
        Map<Lifeline, Head> heads = new HashMap<>();
        for (Lifeline l : lifelines) heads.put(l, head(l, story, hosts, m));
        // Drawn to the link's time (two hosts, a link that takes time): a ruler on the left, the lanes right of it.
        LinkTime link = LinkTime.of(story.beats());
        boolean timed = link.timed();
        // As wide as the heads need (a traced program of many processes has many lanes), never narrower than WIDTH;
        // past LaneFolding.MAX_WIDTH the lanes fold into rows of lanes (not when drawn to time: one axis for all).
        LaneFolding.Folded fold = LaneFolding.of(lifelines, l -> headOf(heads, l).width(), WIDTH, !timed);
        double page = fold.page();

        // ---- header: what is drawn, said from the drawing itself ----
        Drawn drawn = Drawn.of(story.beats());
        String reason = story.wire().reason() == null ? "?" : story.wire().reason();
        String wire = switch (story.wire().kind()) {
            case CAPTURED -> m.get("export.svg.wire.captured");
            case UNAVAILABLE -> drawn.inferred()
                    ? m.get("export.svg.wire.inferred", reason)
                    : m.get("export.svg.wire.noneDrawn", reason);
            case DEDUCED -> drawn.inferred()
                    ? m.get("export.svg.wire.deduced")
                    : m.get("export.svg.wire.noneDeducedDrawn");
        };
        if (timed) wire = wire + " " + m.get("export.svg.time", StoryText.millis(link.medianFlightNs() / 1000));
        String heading = title == null ? m.get("export.svg.title") : title;
        List<String> headingLines = wrap(heading, (int) ((page - 40) / (FS * 1.45 * BOLD_W)));
        List<String> wireLines = wrap(wire, (int) ((page - 40) / (FS * HEAD_W)));
        double extra = (headingLines.size() - 1) * FS * 1.45 * 1.25 + (wireLines.size() - 1) * FS * 1.3;

        // ---- each row of lanes (one unless folded), laid out one under another ----
        List<Band> bands = new ArrayList<>();
        double y = FS * 6.2 + extra;
        for (int b = 0; b < fold.bands().size(); b++) {
            Band band = layout(story, fold, b, y, page, heads, m, timed ? link : null);
            bands.add(band);
            y = band.bottom() + FS * 2.5;
        }
        double height = Math.ceil(bands.getLast().bottom() + FS);

        Svg svg = new Svg(page);
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + fmt(page) + "\" height=\""
                + fmt(height)
                + "\" viewBox=\"0 0 " + fmt(page) + " " + fmt(height) + "\" font-family=\"" + esc(SANS)
                + "\" font-size=\""
                + fmt(FS) + "\">\n");
        svg.raw("<title>").text(heading).raw("</title>\n");
        svg.raw("<rect x=\"0\" y=\"0\" width=\"" + fmt(page) + "\" height=\"" + fmt(height)
                + "\" fill=\"#ffffff\"/>\n");
        double lineY = FS * 1.9;
        for (String line : headingLines) {
            svg.text(20, lineY, line,
                    "class=\"title\" font-size=\"" + fmt(FS * 1.45) + "\" font-weight=\"bold\" fill=\""
                            + INK + "\"");
            lineY += FS * 1.45 * 1.25;
        }
        lineY += FS * 1.5 - FS * 1.45 * 1.25;
        for (String line : wireLines) {
            svg.text(20, lineY, line, "class=\"wire\" fill=\"" + MUTED + "\"");
            lineY += FS * 1.3;
        }
        legend(svg, m, lineY + FS * 0.2, drawn);
        boolean named = StoryText.marksNamed(lifelines);
        for (Band band : bands) drawBand(svg, story, band, fold, heads, named, page, m);
        svg.raw("</svg>\n");
        return svg.toString();
    }

    /**
     * One row of lanes laid out from {@code top} down: its caption when the lanes are folded, its heads, and the story's
     * moments that touch its lanes (every moment when not folded), each row's top; drawn to the link's time when
     * {@code link} is given (then there is one row of lanes).
     */
    private static Band layout(Story story, LaneFolding.Folded fold, int b, double top, double page,
            Map<Lifeline, Head> heads, Messages m, @Nullable LinkTime link) {
        LaneFolding.Band lanes = fold.bands().get(b);
        List<Lifeline> lifelines = lanes.lifelines();
        List<String> caption = List.of();
        if (fold.folded()) {
            List<String> names = new ArrayList<>();
            for (Lifeline l : lifelines)
                if (!fold.everywhere().contains(l) && l.role() == Lifeline.Role.PROGRAM)
                    names.add(headOf(heads, l).name());
            caption = wrap(m.get("export.svg.fold.band", String.valueOf(b + 1), String.valueOf(fold.bands().size()),
                    String.join(", ", names)), (int) ((page - 40) / (FS * SANS_W)));
        }
        double headTop = top + caption.size() * FS * 1.35 + (caption.isEmpty() ? 0 : FS * 0.6);
        double headH = FS * 3.2, bodyTop = headTop + headH + FS * 0.6;
        double[] x = lanes.x() != null
                ? lanes.x()
                : StoryLayout.columns(lifelines, link != null ? RULER_ROOM : 30, page - 40);
        List<Row> rows = new ArrayList<>();
        Map<Integer, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < story.beats().size(); i++) {
            Beat beat = story.beats().get(i);
            if (fold.folded() && !lanes.draws(beat, b == 0, fold.everywhere())) continue;
            rowOf.put(i, rows.size());
            rows.add(row(beat, i, page, m));
        }
        List<Bar> bars = new ArrayList<>();
        for (org.socketlab.story.Bar bar : story.bars()) {
            Integer from = rowOf.get(bar.openBeat()), to = bar.closeBeat() < 0
                    ? Integer.valueOf(-1)
                    : rowOf.get(bar.closeBeat());
            if (from != null && to != null) bars.add(new Bar(bar.endpoint(), from, to));
        }
        double[] tops = new double[rows.size() + 1];
        tops[0] = bodyTop;
        for (int i = 0; i < rows.size(); i++) tops[i + 1] = tops[i] + rows.get(i).height();
        TimeAxis axis = null;
        if (link != null) {
            // Each moment where it happened; narration and the capture's status take room of their own across it.
            TimeAxis a = TimeAxis.of(story.beats(), link, bodyTop + FS * 2, TimeAxis.scale(link, FLIGHT_PX, 0.02, 400),
                    FOLD_PX, i -> rows.get(i).beat() instanceof Beat.Note || rows.get(i).beat() instanceof Beat.Capture
                            ? rows.get(i).height()
                            : 0);
            for (int i = 0; i < rows.size(); i++) tops[i] = a.y(i) - markOffset(rows.get(i));
            tops[rows.size()] = a.bottom() + FS * 3;
            axis = a;
        }
        return new Band(b, lifelines, x, caption, top, headTop, headH, bodyTop, rows, tops, bars, axis);
    }

    /** One drawn row: a moment of the story at {@code index}, its height, and for narration its wrapped lines. */
    private static Row row(Beat beat, int index, double page, Messages m) {
        double h = switch (beat) {
            case Beat.Call c when c.moment() == Beat.Moment.ENTRY -> FS * 2.6;
            case Beat.Call c -> c.error() ? FS * 4.4 : FS * 3.3;
            case Beat.Segment s -> FS * 2.6;
            default -> FS * 2.1;
        };
        List<String> lines = List.of();
        if (beat instanceof Beat.Note n) {
            lines = wrap(StoryText.note(n.note(), m), (int) ((page - 80) / (NOTE_FS * SANS_W)));
            h = lines.size() * NOTE_FS * 1.35 + FS * 1.4;
        }
        return new Row(beat, index, h, lines);
    }

    /** A row of lanes: its caption, its lifelines and their heads, its blocked bars and its moments. */
    private static void drawBand(Svg svg, Story story, Band band, LaneFolding.Folded fold, Map<Lifeline, Head> heads,
            boolean named, double page, Messages m) {
        List<Lifeline> lifelines = band.lifelines();
        double[] x = band.x();
        double[] top = band.tops();
        List<Row> rows = band.rows();
        svg.raw("<g class=\"lanes\" id=\"lanes-" + (band.number() + 1) + "\" data-top=\"" + fmt(band.start())
                + "\" data-bottom=\"" + fmt(band.bottom()) + "\">\n");
        double captionY = band.start() + FS;
        for (String line : band.caption()) {
            svg.text(20, captionY, line, "class=\"lanes-caption\" font-weight=\"bold\" fill=\"" + MUTED + "\"");
            captionY += FS * 1.35;
        }
        // ---- lifelines and their heads ----
        double headTop = band.headTop(), headH = band.headH(), bottom = band.bottom();
        for (int i = 0; i < lifelines.size(); i++) {
            Lifeline l = lifelines.get(i);
            boolean kernel = l.role() == Lifeline.Role.KERNEL;
            svg.raw("<line class=\"lifeline\" x1=\"" + fmt(x[i]) + "\" y1=\"" + fmt(headTop + headH) + "\" x2=\""
                    + fmt(x[i]) + "\" y2=\""
                    + fmt(bottom) + "\" stroke=\"" + LIFELINE + "\" stroke-width=\"" + (kernel ? "2.5" : "1.2")
                    + "\"/>\n");
            Head head = headOf(heads, l);
            double bw = head.width();
            double bx = clamp(x[i] - bw / 2, 4, page - 4 - bw);
            svg.raw("<rect class=\"head\" x=\"" + fmt(bx) + "\" y=\"" + fmt(headTop) + "\" width=\"" + fmt(bw)
                    + "\" height=\""
                    + fmt(headH)
                    + "\" rx=\"6\" fill=\"" + HEAD_FILL + "\" stroke=\"" + colourOf(l.endpoint()) + "\" stroke-width=\""
                    + (kernel ? "2" : "1") + "\" data-lane-x=\"" + fmt(x[i]) + "\"/>\n");
            svg.text(bx + bw / 2, headTop + FS * 1.35, head.name(),
                    "class=\"head-name\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"" + fmt(FS * 1.05)
                            + "\" fill=\"" + colourOf(l.endpoint()) + "\"");
            svg.text(bx + bw / 2, headTop + FS * 2.6, head.role(),
                    "class=\"head-role\" text-anchor=\"middle\" font-size=\"" + fmt(FS * 0.9) + "\" fill=\"" + MUTED
                            + "\"");
        }
        TimeAxis axis = band.axis();
        // Drawn to time, labels are placed apart (one rule with the window's canvas, story/LabelPlaces), right of the
        // ruler's marks and clear of the folds' lengths.
        if (axis != null) svg.dodgeLabels(LIFELINE, RULER_ROOM - FS * 0.4);
        if (axis != null) ruler(svg, axis, m, band.bodyTop(), top[rows.size()], page);

        // ---- blocked bars under the rows ----
        for (Bar b : band.bars()) {
            int pc = lifelines.indexOf(new Lifeline(b.endpoint(), Lifeline.Role.PROGRAM));
            if (pc < 0) continue;
            double y1 = top[b.from()] + rows.get(b.from()).height() / 2,
                    y2 = b.to() < 0 ? bottom : top[b.to()] + FS * 2.2;
            if (axis != null) {
                y1 = axis.y(b.from());
                y2 = b.to() < 0 ? bottom : axis.y(b.to());
            }
            svg.raw("<rect class=\"blocked\" x=\"" + fmt(x[pc] - 5) + "\" y=\"" + fmt(y1) + "\" width=\"10\" height=\""
                    + fmt(Math.max(2, y2 - y1))
                    + "\" fill=\"" + BAR_FILL + "\" stroke=\"" + MUTED + "\" stroke-width=\"1\"/>\n");
        }
        // ---- rows ----
        Elsewhere elsewhere = new Elsewhere(fold, band.number(), heads);
        for (int i = 0; i < rows.size(); i++)
            drawRow(svg, story, band, i, elsewhere, named, page, m);
        svg.raw("</g>\n");
    }

    /** Where a lane not drawn in this row of lanes is: its row's number and its name (a segment to it ends at the edge). */
    private record Elsewhere(LaneFolding.Folded fold, int band, Map<Lifeline, Head> heads) {
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    private static void drawRow(Svg svg, Story story, Band band, int i, Elsewhere elsewhere, boolean named,
            double page, Messages m) {
        List<Lifeline> lifelines = band.lifelines();
        double[] x = band.x();
        TimeAxis axis = band.axis();
        Row row = band.rows().get(i);
        Event e = row.event();
        double t = band.tops()[i];
        // A call told in two moments has two groups: its entry's id says so (ids stay unique).
        boolean entry = row.beat() instanceof Beat.Call c && c.moment() == Beat.Moment.ENTRY;
        svg.raw("<g class=\"row " + e.type() + (entry ? " entry" : "") + "\" id=\"event-" + e.seq()
                + (entry ? "-entry" : "") + (band.number() > 0 ? "-lanes-" + (band.number() + 1) : "")
                + "\" data-number=\"" + story.number(row.index()) + "\">\n");
        if (!(e.payload() instanceof Payload.Note))
            svg.text(6, t + FS * 1.2 + svg.dodge(4, t + FS * 0.4, FS * 2.4, FS), "#" + story.number(row.index()),
                    "class=\"number\" font-size=\"" + fmt(FS * 0.75) + "\" fill=\"" + LIFELINE + "\"");
        switch (e.payload()) {
            case Payload.Call c -> call(svg, lifelines, x, e.endpoint(), (Beat.Call) row.beat(), t, m);
            case Payload.Segment s -> segment(svg, lifelines, x, (Beat.Segment) row.beat(), t, m, page,
                    axis == null ? t + FS * 1.85 : axis.arrivalY(i, s),
                    axis == null || !s.arrivedTwice() || s.link() == null
                            ? Double.NaN
                            : axis.yAt(s.link().arrivedNs().get(1)),
                    elsewhere);
            case Payload.TcpInfo info -> beside(svg, lifelines, x, e.endpoint(), Lifeline.Role.KERNEL,
                    StoryText.whose(e.endpoint(), StoryText.tcpInfo(info, m), true, m), t + row.height() / 2, MONO,
                    FS * 0.8, MONO_W, "normal");
            case Payload.State s -> {
                int kc = lifelines.indexOf(new Lifeline(e.endpoint(), Lifeline.Role.KERNEL));
                if (kc < 0) break;
                Beat.State told = (Beat.State) row.beat();
                String text = StoryText.state(told, m);
                double pw = width(text, FS * 0.9, MONO_W) + FS * 1.2, ph = FS * 1.45, cy = t + row.height() / 2;
                double cx = clamp(x[kc], pw / 2 + 4, page - 4 - pw / 2);
                cy += svg.dodge(cx - pw / 2, cy - ph / 2, pw, ph);
                svg.raw("<rect class=\"state\" x=\"" + fmt(cx - pw / 2) + "\" y=\"" + fmt(cy - ph / 2)
                        + "\" width=\"" + fmt(pw) + "\" height=\""
                        + fmt(ph) + "\" rx=\"" + fmt(ph / 2) + "\" fill=\"" + STATE_FILL + "\" stroke=\"" + STATE
                        + "\" stroke-width=\"1.5\"" + (told.deduced() ? " stroke-dasharray=\"5 3\"" : "") + "/>\n");
                svg.text(cx, cy + FS * 0.32, text,
                        "text-anchor=\"middle\" font-family=\"" + esc(MONO) + "\" font-size=\""
                                + fmt(FS * 0.9) + "\" fill=\"" + STATE + "\"");
            }
            case Payload.Queue q -> {
                String text = StoryText.whose(e.endpoint(), StoryText.queue((Beat.Queue) row.beat(), m), named,
                        m);
                beside(svg, lifelines, x, e.endpoint(), Lifeline.Role.KERNEL, text, t + row.height() / 2, MONO,
                        FS * 0.9, MONO_W, "normal");
            }
            case Payload.Blocked b -> beside(svg, lifelines, x, e.endpoint(), Lifeline.Role.PROGRAM,
                    StoryText.blocked(b, m), t + row.height() / 2, SANS,
                    FS * 0.95, SANS_W, "italic");
            case Payload.Cancelled c -> {
                int pc = lifelines.indexOf(new Lifeline(e.endpoint(), Lifeline.Role.PROGRAM));
                double cy = t + row.height() / 2, s = FS * 0.4;
                if (pc >= 0)
                    svg.raw("<path d=\"M" + fmt(x[pc] - s) + " " + fmt(cy - s) + " L" + fmt(x[pc] + s) + " "
                            + fmt(cy + s) + " M"
                            + fmt(x[pc] - s) + " " + fmt(cy + s) + " L" + fmt(x[pc] + s) + " " + fmt(cy - s)
                            + "\" stroke=\"" + MUTED
                            + "\" stroke-width=\"2.5\" fill=\"none\"/>\n");
                beside(svg, lifelines, x, e.endpoint(), Lifeline.Role.PROGRAM,
                        StoryText.cancelled(c, m),
                        cy, SANS, FS * 0.95, SANS_W, "italic");
            }
            case Payload.Process p -> {
                int pc = lifelines.indexOf(new Lifeline(e.endpoint(), Lifeline.Role.PROGRAM));
                double cy = t + row.height() / 2, s = FS * 0.7;
                String color = p.killed() ? ERROR : MUTED;
                if (pc >= 0 && (Payload.Process.EXITED.equals(p.event()) // the lifeline's end: a bar across it
                        || Payload.Process.THREAD_ENDED.equals(p.event())))
                    svg.raw("<path class=\"process-end\" d=\"M" + fmt(x[pc] - s) + " " + fmt(cy) + " L"
                            + fmt(x[pc] + s) + " " + fmt(cy) + "\" stroke=\"" + color
                            + "\" stroke-width=\"3\" fill=\"none\"/>\n");
                beside(svg, lifelines, x, e.endpoint(), Lifeline.Role.PROGRAM, StoryText.process(p, m), cy, SANS,
                        FS * 0.95, SANS_W, "normal");
            }
            case Payload.Capture c -> {
                String text = StoryText.capture(c, m);
                svg.halo(page / 2.0, t + row.height() / 2 + FS * 0.3, text, FS * 0.9, SANS_W, "middle",
                        "text-anchor=\"middle\" font-style=\"italic\" font-size=\"" + fmt(FS * 0.9) + "\" fill=\""
                                + MUTED + "\"");
            }
            case Payload.Note n -> {
                svg.raw("<rect class=\"note\" x=\"30\" y=\"" + fmt(t + FS * 0.35) + "\" width=\"" + fmt(page - 60)
                        + "\" height=\""
                        + fmt(row.height() - FS * 0.7) + "\" rx=\"4\" fill=\"" + NOTE_FILL + "\" stroke=\""
                        + NOTE_EDGE + "\"/>\n");
                double y = t + FS * 0.7 + NOTE_FS * 1.05;
                for (String line : row.noteLines()) {
                    svg.text(40, y, line,
                            "font-size=\"" + fmt(NOTE_FS) + "\" font-style=\"italic\" fill=\"" + INK + "\"");
                    y += NOTE_FS * 1.35;
                }
            }
        }
        svg.raw("</g>\n");
    }

    /** The legend of what the drawing holds: no dashed arrow explained over a drawing that has none. */
    private static void legend(Svg svg, Messages m, double y, Drawn drawn) {
        double x = 20;
        List<String[]> items = new ArrayList<>();
        if (drawn.captured())
            items.add(new String[]{SEGMENT, "", m.get("export.svg.legend.captured"), "legend-captured"});
        if (drawn.inferred())
            items.add(new String[]{SEGMENT, "8 5", m.get("export.svg.legend.inferred"), "legend-inferred"});
        if (drawn.error()) items.add(new String[]{ERROR, "", m.get("export.svg.legend.error"), "legend-error"});
        for (String[] item : items) {
            svg.raw("<line class=\"" + item[3] + "\" x1=\"" + fmt(x) + "\" y1=\"" + fmt(y - FS * 0.35) + "\" x2=\""
                    + fmt(x + 40) + "\" y2=\""
                    + fmt(y - FS * 0.35) + "\" stroke=\"" + item[0] + "\" stroke-width=\"2\""
                    + (item[1].isEmpty() ? "" : " stroke-dasharray=\"" + item[1] + "\"") + "/>\n");
            svg.text(x + 48, y, item[2], "font-size=\"" + fmt(FS * 0.9) + "\" fill=\"" + item[0] + "\"");
            x += 48 + width(item[2], FS * 0.9, SANS_W) + 36;
        }
    }

    /** A call's moment: the arrow into the kernel at its entry, the arrow back with the result at its return, both when whole. */
    private static void call(Svg svg, List<Lifeline> lifelines, double[] x, String endpoint, Beat.Call beat, double t,
            Messages m) {
        int pc = lifelines.indexOf(new Lifeline(endpoint, Lifeline.Role.PROGRAM)),
                kc = lifelines.indexOf(new Lifeline(endpoint, Lifeline.Role.KERNEL));
        if (pc < 0 || kc < 0) return;
        Payload.Call c = beat.call();
        String colour = beat.error() ? ERROR : INK;
        double xp = x[pc], xk = x[kc], dir = Math.signum(xk - xp);
        if (Story.entersKernel(beat)) arrow(svg, xp, xk, t + FS * 1.75, INK, false, true, "call");
        if (beat.moment() != Beat.Moment.ENTRY && !Story.inLibrary(c))
            arrow(svg, xk, xp, t + FS * 2.6, colour, false, false, beat.error() ? "return error" : "return");
        String label = StoryText.call(beat);
        String anchor = dir > 0 ? "start" : "end";
        svg.halo(xp + dir * FS * 0.7, t + FS * 1.0, label, FS * 0.95, MONO_W, anchor,
                "class=\"label\" text-anchor=\"" + anchor
                        + "\" font-family=\"" + esc(MONO) + "\" font-size=\"" + fmt(FS * 0.95) + "\" fill=\"" + colour
                        + "\""
                        + (beat.error() ? " font-weight=\"bold\"" : ""));
        if (beat.error()) {
            String why = StoryText.errno(c, m);
            svg.halo(xp + dir * FS * 0.7, t + FS * 3.75, why, FS * 0.9, SANS_W, anchor,
                    "class=\"errno\" text-anchor=\"" + anchor
                            + "\" font-size=\"" + fmt(FS * 0.9) + "\" fill=\"" + ERROR + "\"");
        }
    }

    private static void segment(Svg svg, List<Lifeline> lifelines, double[] x, Beat.Segment beat, double t,
            Messages m, double page, double arrivalY, double secondArrivalY, Elsewhere elsewhere) {
        Payload.Segment s = beat.segment();
        int fc = lifelines.indexOf(new Lifeline(beat.drawnFrom(), Lifeline.Role.KERNEL)),
                tc = lifelines.indexOf(new Lifeline(beat.drawnTo(), Lifeline.Role.KERNEL));
        if (fc < 0 && tc < 0) return;
        if (fc < 0 || tc < 0) {
            toElsewhere(svg, x, beat, t, m, page, elsewhere, fc, tc);
            return;
        }
        double from = StoryLayout.leavesAt(lifelines, x, fc, tc);
        boolean captured = beat.captured();
        String colour = StoryLayout.trouble(s) ? ERROR : SEGMENT;
        double leftY = t + FS * 1.85;
        if (s.neverArrived()) lost(svg, from, x[tc], leftY, ERROR);
        else
            if (arrivalY > leftY + 0.05)
                slanted(svg, from, leftY, x[tc], arrivalY, colour, !captured, beat.event().seq(),
                        captured ? "segment captured" : "segment inferred");
            else
                arrow(svg, from, x[tc], leftY, colour, !captured, true,
                        captured ? "segment captured" : "segment inferred");
        // the link delivered it twice: a second arrow, to its second arrival (just under the first on one row)
        if (s.arrivedTwice() && secondArrivalY > leftY + 0.05)
            slanted(svg, from, leftY, x[tc], secondArrivalY, colour, false, beat.event().seq(),
                    "segment captured duplicate");
        else
            if (s.arrivedTwice())
                arrow(svg, from, x[tc], t + FS * 2.35, colour, false, true, "segment captured duplicate");
        String label = StoryText.segment(beat, m);
        double size = FS * 0.95;
        double cx = clamp((from + x[tc]) / 2, width(label, size, SANS_W) / 2 + 4,
                page - 4 - width(label, size, SANS_W) / 2);
        // A slanted arrow's label sits at its middle, where it crosses between the hosts.
        double labelY = arrivalY > leftY + 0.05 ? (leftY + arrivalY) / 2 - FS * 0.35 : t + FS * 1.1;
        svg.halo(cx, labelY, label, size, SANS_W, "middle",
                "class=\"label\" text-anchor=\"middle\" font-size=\"" + fmt(size)
                        + "\" fill=\"" + colour + "\"" + (captured ? "" : " font-style=\"italic\""));
    }

    /**
     * A segment between this row of lanes and another (the lanes folded): its arrow goes to the page's edge on the side
     * of the other row (right: a row further down), or comes from it, and its label names the lane and the row.
     */
    private static void toElsewhere(Svg svg, double[] x, Beat.Segment beat, double t, Messages m, double page,
            Elsewhere elsewhere, int fc, int tc) {
        Payload.Segment s = beat.segment();
        boolean out = fc >= 0;
        Lifeline far = new Lifeline(out ? beat.drawnTo() : beat.drawnFrom(), Lifeline.Role.KERNEL);
        int farBand = elsewhere.fold().bandOf(far);
        Head head = elsewhere.heads().get(far);
        if (farBand < 0 || head == null) return;
        double edge = farBand > elsewhere.band() ? page - 12 : 12, here = x[out ? fc : tc];
        String colour = StoryLayout.trouble(s) ? ERROR : SEGMENT;
        double y = t + FS * 1.85;
        arrow(svg, out ? here : edge, out ? edge : here, y, colour, !beat.captured(), true,
                (beat.captured() ? "segment captured" : "segment inferred") + " elsewhere");
        String label = m.get(out ? "export.svg.fold.to" : "export.svg.fold.from", StoryText.segment(beat, m),
                head.name(), String.valueOf(farBand + 1));
        double size = FS * 0.95, w = width(label, size, SANS_W);
        double cx = clamp((here + edge) / 2, w / 2 + 4, page - 4 - w / 2);
        svg.halo(cx, t + FS * 1.1, label, size, SANS_W, "middle", "class=\"label\" text-anchor=\"middle\" font-size=\""
                + fmt(size) + "\" fill=\"" + colour + "\"" + (beat.captured() ? "" : " font-style=\"italic\""));
    }

    /**
     * A segment that took time to cross (issue 60): from where it left one host to where it arrived at the other, the
     * moments in {@code data-left-y} and {@code data-arrived-y} (what a test of the drawing's scale reads).
     */
    private static void slanted(Svg svg, double x1, double y1, double x2, double y2, String colour, boolean dashed,
            long seq, String cls) {
        double dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy), head = FS * 0.6;
        double ux = dx / len, uy = dy / len;
        double bx = x2 - ux * head, by = y2 - uy * head;
        svg.raw("<line class=\"" + cls + " slanted\" data-event=\"" + seq + "\" data-left-y=\"" + fmt(y1)
                + "\" data-arrived-y=\"" + fmt(y2) + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\""
                + fmt(x2 - ux * head * 0.9) + "\" y2=\"" + fmt(y2 - uy * head * 0.9) + "\" stroke=\"" + colour
                + "\" stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"8 5\"" : "") + "/>\n");
        svg.raw("<polygon points=\"" + fmt(x2) + "," + fmt(y2) + " " + fmt(bx - uy * head * 0.5) + ","
                + fmt(by + ux * head * 0.5) + " " + fmt(bx + uy * head * 0.5) + "," + fmt(by - ux * head * 0.5)
                + "\" fill=\"" + colour + "\"/>\n");
    }

    /**
     * The time axis on the left: a mark every round number of milliseconds, labelled from the first moment, and each
     * folded gap as a break across the drawing that says how long it was.
     */
    private static void ruler(Svg svg, TimeAxis axis, Messages m, double top, double bottom, double page) {
        long step = axis.tickStepMs(FS * 3);
        double rx = RULER_ROOM - FS * 1.2;
        svg.raw("<g class=\"ruler\" data-px-per-ms=\"" + String.format(Locale.ROOT, "%.4f", axis.pxPerMs())
                + "\" data-step-ms=\"" + step + "\">\n");
        double y = top;
        for (TimeAxis.Fold f : axis.folds()) {
            line(svg, rx, y, rx, f.top(), MUTED, 1.2);
            y = f.bottom();
        }
        line(svg, rx, y, rx, bottom, MUTED, 1.2);
        for (TimeAxis.Tick tick : axis.ticks(step)) {
            line(svg, rx - FS * 0.4, tick.y(), rx, tick.y(), MUTED, 1.2);
            svg.text(rx - FS * 0.6, tick.y() + FS * 0.3, m.get("export.svg.time.tick", String.valueOf(tick.ms())),
                    "class=\"tick\" text-anchor=\"end\" font-size=\"" + fmt(FS * 0.75) + "\" fill=\"" + MUTED + "\"");
        }
        for (TimeAxis.Fold f : axis.folds()) {
            double mid = (f.top() + f.bottom()) / 2, z = FS * 0.3;
            StringBuilder zig = new StringBuilder();
            for (double zx = 4; zx < page - 4; zx += FS)
                zig.append(zx == 4 ? "M" : " L").append(fmt(zx)).append(' ')
                        .append(fmt(mid + (((int) ((zx - 4) / FS)) % 2 == 0 ? -z : z)));
            svg.raw("<path class=\"fold\" d=\"" + zig + "\" stroke=\"" + LIFELINE
                    + "\" stroke-width=\"1.2\" fill=\"none\" stroke-dasharray=\"4 3\"/>\n");
            svg.keepClear(true);
            svg.halo(page / 2, mid + FS * 0.3, m.get("export.svg.time.fold", TimeAxis.foldLength(f.ns())), FS * 0.85,
                    SANS_W,
                    "middle", "class=\"fold-label\" text-anchor=\"middle\" font-style=\"italic\" font-size=\""
                            + fmt(FS * 0.85) + "\" fill=\"" + MUTED + "\"");
            svg.keepClear(false);
        }
        svg.raw("</g>\n");
    }

    private static void line(Svg svg, double x1, double y1, double x2, double y2, String colour, double width) {
        svg.raw("<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\" stroke-width=\"" + fmt(width) + "\"/>\n");
    }

    /** Where a row's mark stands below its top: what a beat drawn to time puts at its moment. */
    private static double markOffset(Row row) {
        return switch (row.beat()) {
            case Beat.Call c when c.moment() == Beat.Moment.ENTRY -> FS * 1.75;
            case Beat.Call c when c.moment() == Beat.Moment.RETURN -> FS * 2.6;
            case Beat.Call c -> FS * 2.2;
            case Beat.Segment s -> FS * 1.85;
            case Beat.Note n -> 0;
            case Beat.Capture c -> 0;
            default -> row.height() / 2;
        };
    }

    /** A lost segment: it leaves and stops halfway, at a cross (it never reached the other side). */
    private static void lost(Svg svg, double x1, double x2, double y, String colour) {
        double mid = (x1 + x2) / 2, r = FS * 0.45;
        svg.raw("<line class=\"segment captured lost\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y) + "\" x2=\"" + fmt(mid)
                + "\" y2=\"" + fmt(y) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n");
        svg.raw("<path class=\"lost-cross\" d=\"M" + fmt(mid - r) + " " + fmt(y - r) + " L" + fmt(mid + r) + " "
                + fmt(y + r) + " M" + fmt(mid - r) + " " + fmt(y + r) + " L" + fmt(mid + r) + " " + fmt(y - r)
                + "\" stroke=\"" + colour + "\" stroke-width=\"2.5\" fill=\"none\"/>\n");
    }

    /** A horizontal arrow; dashed when the segment was only inferred. */
    private static void arrow(Svg svg, double x1, double x2, double y, String colour, boolean dashed, boolean filled,
            String cls) {
        double dir = Math.signum(x2 - x1), head = FS * 0.6;
        svg.raw("<line class=\"" + cls + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y) + "\" x2=\""
                + fmt(x2 - dir * (filled ? head * 0.9 : 1))
                + "\" y2=\"" + fmt(y) + "\" stroke=\"" + colour + "\" stroke-width=\"2\""
                + (dashed ? " stroke-dasharray=\"8 5\"" : "") + "/>\n");
        String points = fmt(x2) + "," + fmt(y) + " " + fmt(x2 - dir * head) + "," + fmt(y - head * 0.5) + " "
                + fmt(x2 - dir * head) + ","
                + fmt(y + head * 0.5);
        svg.raw(filled
                ? "<polygon points=\"" + points + "\" fill=\"" + colour + "\"/>\n"
                : "<polyline points=\"" + fmt(x2 - dir * head) + "," + fmt(y - head * 0.5) + " " + fmt(x2) + ","
                        + fmt(y) + " "
                        + fmt(x2 - dir * head) + "," + fmt(y + head * 0.5) + "\" fill=\"none\" stroke=\"" + colour
                        + "\" stroke-width=\"2\"/>\n");
    }

    /** Text beside a lifeline, on the side of the wire (right of a client, left of the server). */
    private static void beside(Svg svg, List<Lifeline> lifelines, double[] x, String endpoint, Lifeline.Role role,
            String text, double cy,
            String family, double size, double charW, String style) {
        int col = lifelines.indexOf(new Lifeline(endpoint, role));
        if (col < 0) return;
        boolean right = StoryLayout.towardsWire(lifelines, endpoint);
        String anchor = right ? "start" : "end";
        svg.halo(x[col] + (right ? 1 : -1) * FS * 0.9, cy + size * 0.35, text, size, charW, anchor,
                "text-anchor=\"" + anchor
                        + "\" font-family=\"" + esc(family) + "\" font-size=\"" + fmt(size) + "\" font-style=\"" + style
                        + "\" fill=\"" + MUTED + "\"");
    }

    /** The head of a lane of the story (every lane has one). */
    private static Head headOf(Map<Lifeline, Head> heads, Lifeline lane) {
        return Objects.requireNonNull(heads.get(lane), lane::toString);
    }

    /** A lane's head: the endpoint's name and the lane's role under it, and the box that holds both. */
    private record Head(String name, String role, double width) {
    }

    private static Head head(Lifeline l, Story story, Map<String, Payload.Process> hosts, Messages m) {
        boolean kernel = l.role() == Lifeline.Role.KERNEL;
        String name = StoryText.endpointName(l.endpoint(), m),
                role = l.endpoint().equals("external") // the same kernel: what it did at that port
                        ? StoryText.externalNote(story.beats(), m)
                        : StoryText.role(l.role(), m);
        String host = kernel ? LifelineHosts.label(l.endpoint(), hosts, m) : "";
        if (!host.isEmpty()) role = role + " " + host;
        return new Head(name, role,
                Math.max(width(name, FS * 1.05, BOLD_W), width(role, FS * 0.9, HEAD_W)) + FS * 1.4);
    }

    /** What the drawing holds: segments seen on the wire, deduced ones (dashed), failed calls. */
    private record Drawn(boolean captured, boolean inferred, boolean error) {
        static Drawn of(List<Beat> beats) {
            boolean captured = false, inferred = false, error = false;
            for (Beat b : beats) {
                if (b instanceof Beat.Segment s && !s.segment().neverArrived()) {
                    if (s.captured()) captured = true;
                    else inferred = true;
                }
                if (b instanceof Beat.Segment s && s.segment().neverArrived()) captured = true;
                if (b instanceof Beat.Call c && c.error()) error = true;
            }
            return new Drawn(captured, inferred, error);
        }
    }

    private static String colourOf(String endpoint) {
        return endpoint.equals("server") ? SERVER : endpoint.startsWith("client") ? CLIENT : MUTED;
    }

}
