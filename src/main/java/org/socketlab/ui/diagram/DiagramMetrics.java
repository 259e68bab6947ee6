package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.story.Beat;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryLayout;
import org.socketlab.story.TimeAxis;

/**
 * The diagram's measures at its font size: the fonts, the two row heights (arrows and marks), narrations wrapped to
 * the width, the rows' tops as prefix sums (so finding the first visible row is a binary search), the lifelines'
 * columns, and text widths (cached). Used by {@link SequenceDiagramSkin} and {@link RowPainter}.
 */
final class DiagramMetrics {
    private static final String MONO = "DejaVu Sans Mono";
    private static final String SANS = "DejaVu Sans";

    final Text measure = new Text();
    private final Map<String, Double> widths = new HashMap<>();
    /** rowTop[i] is the top of row i, rowTop[n] the bottom of the rows measured. */
    double[] rowTop = new double[64];
    int measuredRows;
    private double measuredFontSize = -1;
    /** The lifelines' heads' size, of the rows' ({@link SequenceDiagram#headerScaleProperty}): 1 in the window. */
    private double headerScale = 1;

    // fonts and sizes for the current -sl-font-size
    double fs, headerH, arrowRowH, markRowH, head;
    Font mono, monoSmall, sans, sansBold, sansSmall, italic;

    /** Rows are measured again from the first (a language switch wraps narrations anew). */
    void remeasure() {
        widths.clear();
        measuredRows = 0;
    }

    /** Sizes for the control's font size {@code size} (-sl-font-size); nothing changes when it is the same. */
    void fonts(double size) {
        if (size == measuredFontSize) return;
        measuredFontSize = size;
        fs = size;
        headerH = headerHeight(fs, headerScale);
        arrowRowH = Math.round(fs * 3.1);
        markRowH = Math.round(fs * 2.1);
        head = Math.round(fs * 0.6);
        mono = Font.font(MONO, fs);
        monoSmall = Font.font(MONO, fs * 0.85);
        sans = Font.font(SANS, fs);
        sansBold = Font.font(SANS, FontWeight.BOLD, fs);
        sansSmall = Font.font(SANS, fs * 0.85);
        italic = Font.font(SANS, FontWeight.NORMAL, FontPosture.ITALIC, fs * 0.9);
        widths.clear();
        measuredRows = 0;
    }

    /**
     * The heads' height over rows in {@code fs} type, the heads' type {@code scale} of it: smaller heads are set closer
     * (2.5 of their type, not 3.2: the titles' and the role names' lines still apart).
     */
    static double headerHeight(double fs, double scale) {
        return Math.round(fs * scale * (scale < 1 ? 2.5 : 3.2));
    }

    /** The heads' size of the rows' {@code scale}; the sizes are worked out again when it changes. */
    void headerScale(double scale) {
        if (scale == headerScale) return;
        headerScale = scale;
        measuredFontSize = -1;
    }

    /** The heads' size, of the rows'. */
    double headerScale() {
        return headerScale;
    }

    double height(Row row, Messages msg, double canvasWidth) {
        return switch (row) {
            case Row.CallRow c -> arrowRowH;
            case Row.SegmentArrow s -> arrowRowH + (segmentLines(s, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.BlockedRow b -> markRowH;
            case Row.CancelledRow c -> markRowH;
            case Row.ProcessRow p -> markRowH;
            case Row.StateMark s -> markRowH;
            case Row.QueueMark q -> markRowH;
            case Row.TcpInfoMark t -> markRowH;
            case Row.NoteRow n -> markRowH + (noteLines(n, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.CaptureRow n -> markRowH + (noteLines(n, msg, canvasWidth).size() - 1) * noteLineH();
            case Row.OlderRow o -> markRowH + (noteLines(o, msg, canvasWidth).size() - 1) * noteLineH();
        };
    }

    /** The distance between two lines of a wrapped narration. */
    double noteLineH() {
        return Math.round(fs * 1.15);
    }

    /**
     * A row of text across the diagram (a narration, the capture's status, the older rows' mark) in lines no wider than
     * the diagram: wrapped, never cut at the right edge. One line before the diagram has a width.
     */
    List<String> noteLines(Row row, Messages msg, double canvasWidth) {
        if (msg == null || italic == null) return List.of("");
        String text = DiagramText.label(row, msg);
        double room = canvasWidth - fs * 1.5;
        if (room < fs * 3) return List.of(text); // no width yet
        return wrap(text, italic, room, true);
    }

    /**
     * A segment's label in lines no wider than the diagram (issue 43 item 4: "✗ lost: it left, and never arrived
     * (dropped by the receiver's input)" ran past the right edge): the first above the arrow, the rest under it.
     */
    List<String> segmentLines(Row.SegmentArrow row, Messages msg, double canvasWidth) {
        if (msg == null || sans == null) return List.of("");
        String text = DiagramText.label(row, msg);
        double room = canvasWidth - fs * 1.5;
        if (room < fs * 3) return List.of(text); // no width yet
        return wrap(text, row.captured() ? sans : italic, room);
    }

    /**
     * {@code text} in lines of whole words no wider than {@code room} in {@code font} (a longer word broken after a
     * '-', '/', '_', '(' or ',' where it can be, else a line alone).
     */
    List<String> wrap(String text, Font font, double room) {
        return wrap(text, font, room, false);
    }

    /**
     * As {@link #wrap(String, Font, double)}, a word wider than {@code room} broken after a '-', '/', '_', '(' or ','
     * (issue 78: "fork-server-two-machines" at 200 % on 1024 px ran past the edge, "socket(AF_INET," was cut); with
     * {@code hard}, a piece still wider broken between letters (a narration has no other place to be read whole).
     */
    List<String> wrap(String text, Font font, double room, boolean hard) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            if (width(word, font) > room) { // a line of its own, in pieces; the last one open to the next words
                if (!line.isEmpty()) lines.add(line);
                List<String> pieces = pieces(word, font, room, hard);
                lines.addAll(pieces.subList(0, pieces.size() - 1));
                line = pieces.getLast();
                continue;
            }
            measure.setFont(font);
            String longer = line.isEmpty() ? word : line + " " + word;
            measure.setText(longer);
            if (!line.isEmpty() && measure.getLayoutBounds().getWidth() > room) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    /** {@code word} in pieces no wider than {@code room} where it can be broken (see {@link #wrap}), in order. */
    private List<String> pieces(String word, Font font, double room, boolean hard) {
        List<String> out = new ArrayList<>();
        String rest = word;
        while (width(rest, font) > room) {
            int cut = -1;
            for (int i = rest.length() - 1; i > 0 && cut < 0; i--)
                if ("-/_(,".indexOf(rest.charAt(i - 1)) >= 0 && width(rest.substring(0, i), font) <= room) cut = i;
            for (int i = rest.length() - 1; hard && i > 0 && cut < 0; i--)
                if (width(rest.substring(0, i), font) <= room || i == 1) cut = i;
            if (cut < 0) break;
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        out.add(rest);
        return out;
    }

    /**
     * Extends the prefix sums to the model's rows; rowTop[i] is the top of row i, rowTop[n] the bottom. When the link
     * takes time the rows are placed on its axis instead ({@link #timeRows}).
     */
    void measureRows(DiagramModel m, Messages msg, double canvasWidth) {
        int n = m.rowCount();
        if (rowTop.length < n + 1) rowTop = Arrays.copyOf(rowTop, Math.max(n + 1, rowTop.length * 2));
        if (m.linkTime().timed()) {
            if (time == null || measuredRows < n || timedRevision != m.revisionProperty().get()) {
                timedRevision = m.revisionProperty().get();
                timeRows(m, msg, canvasWidth);
            }
            measuredRows = n;
            return;
        }
        if (time != null) measuredRows = 0; // the link took time before a Reset all: rows of their own heights again
        time = null;
        if (measuredRows == 0) {
            rowTop[0] = 0;
            forgetWidths();
        }
        for (int i = measuredRows; i < n; i++) {
            rowTop[i + 1] = rowTop[i] + height(m.row(i), msg, canvasWidth);
            measureWidth(m.row(i), msg, false);
        }
        measuredRows = n;
    }

    /**
     * The widest one-line label of the rows measured that is not a call's, and each endpoint's widest call label: a call's
     * label starts beside its program's lifeline, so how far it reaches depends on where that lifeline stands.
     */
    private double widestLine;
    private final Map<String, Double> widestCall = new HashMap<>();

    private void forgetWidths() {
        widestLine = 0;
        widestCall.clear();
    }

    private void measureWidth(Row row, Messages msg, boolean timed) {
        if (timed) return; // drawn to time, they wrap to the view, calls too (TimedLabels): no sideways scroll
        double wide = lineWidth(row, msg);
        if (row instanceof Row.CallRow c) widestCall.merge(c.endpoint(), wide, Math::max);
        else widestLine = Math.max(widestLine, wide);
    }

    /**
     * The room a row's one-line label needs across the diagram (issue 57: "waitpid(-1, &status, 0) = 8760" was cut at
     * the right edge of a 1024 px window, with no way to read its end); 0 for text that wraps to the view instead.
     */
    double lineWidth(Row row, Messages msg) {
        if (msg == null || mono == null) return 0;
        return switch (row) {
            case Row.CallRow c -> width(DiagramText.label(c, msg), mono) + (c.error() ? fs * 2.2 : 0);
            case Row.StateMark s -> width(DiagramText.label(s, msg), monoSmall) + fs * 1.2;
            case Row.QueueMark q -> width(DiagramText.label(q, msg), monoSmall);
            case Row.TcpInfoMark t -> width(DiagramText.label(t, msg), monoSmall);
            case Row.BlockedRow b -> width(DiagramText.label(b, msg), italic);
            case Row.CancelledRow c -> width(DiagramText.label(c, msg), italic);
            case Row.ProcessRow p -> width(DiagramText.label(p, msg), p.ended() ? sansBold : sans);
            default -> 0;
        };
    }

    /**
     * The width the diagram is drawn at for a view {@code viewWidth} wide: the view's, or more when a row's label would
     * run past its right edge; then the view scrolls sideways. The lifelines stay where the view's width puts them
     * ({@link #columns}): a long label reaches further right, it does not push the server's lifelines out of view.
     * Rows measured first.
     */
    double contentWidth(DiagramModel m, double viewWidth) {
        double needed = widestLine > 0 ? widestLine + fs * 1.5 : 0;
        double[] x = columns(m, viewWidth);
        for (Map.Entry<String, Double> call : widestCall.entrySet()) {
            int pc = m.column(call.getKey(), Lifeline.Role.PROGRAM), kc = m.column(call.getKey(), Lifeline.Role.KERNEL);
            if (pc < 0 || kc < 0) continue;
            double tw = call.getValue();
            // As RowPainter places it: right of a program left of its kernel, else ending at the program (kept >= 4).
            // Drawn to time, a line is slid right of the ruler's marks (TimedLabels), so it may reach further.
            double left = x[kc] > x[pc] ? x[pc] + fs * 0.7 : Math.max(Math.max(4, rulerRoom()), x[pc] - fs * 0.7 - tw);
            needed = Math.max(needed, left + tw + fs * 0.75);
        }
        return Math.ceil(needed) > viewWidth - 8 ? Math.ceil(needed) : viewWidth;
    }

    /** The lifelines' columns in a view {@code viewWidth} wide, right of the time ruler; the same however wide drawn. */
    double[] columns(DiagramModel m, double viewWidth) {
        return StoryLayout.columns(m.lifelines(), rulerRoom(), viewWidth - rulerRoom());
    }

    /** The rows drawn to the link's time (issue 60); null when the link took none and each row has its own height. */
    @Nullable
    DiagramTime time;
    /** Drawn to time: where each row is drawn (rowTop keeps the highest so far, to find rows) and its own height. */
    double[] drawTop = new double[0];
    private double[] rowH = new double[0];
    /** Drawn to time: how far below its moment a segment's arrow lands (0: flat), and its second arrival (NaN: none). */
    private double[] landing = new double[0], secondLanding = new double[0];
    private int timedRevision = -1;

    /**
     * Places every row on the link's time axis (one mechanism with the SVG: {@link DiagramTime}, {@link
     * org.socketlab.story.TimeAxis}); narration and the capture's status take room of their own across it.
     */
    private void timeRows(DiagramModel m, Messages msg, double canvasWidth) {
        int n = m.rowCount();
        if (drawTop.length < n + 1) {
            int size = Math.max(n + 1, drawTop.length * 2);
            drawTop = Arrays.copyOf(drawTop, size);
            rowH = Arrays.copyOf(rowH, size);
            landing = Arrays.copyOf(landing, size);
            secondLanding = Arrays.copyOf(secondLanding, size);
        }
        forgetWidths();
        for (int i = 0; i < n; i++) {
            rowH[i] = height(m.row(i), msg, canvasWidth);
            measureWidth(m.row(i), msg, true);
        }
        double older = n > 0 && m.row(0) instanceof Row.OlderRow ? rowH[0] : 0;
        time = DiagramTime.of(m, fs, older + fs * 2.6, i -> takesRoom(m.row(i)) ? rowH[i] : 0);
        DiagramTime t = Objects.requireNonNull(time);
        double lowest = 0;
        for (int i = 0; i < n; i++) {
            Row row = m.row(i);
            drawTop[i] = row instanceof Row.OlderRow ? 0 : t.momentY(i) - momentOffset(row);
            rowTop[i] = i == 0 ? 0 : Math.max(rowTop[i - 1], drawTop[i]);
            landing[i] = 0;
            secondLanding[i] = Double.NaN;
            if (row instanceof Row.SegmentArrow s) {
                landing[i] = Math.max(0, t.arrivalY(i, s.segment()) - t.momentY(i));
                secondLanding[i] = t.secondArrivalY(s.segment()) - t.momentY(i);
            }
            lowest = Math.max(lowest, drawTop[i] + Math.max(rowH[i], momentOffset(row) + landing[i] + fs));
        }
        rowTop[n] = Math.max(n == 0 ? 0 : rowTop[n - 1], lowest);
        List<TimeAxis.Tick> ticks = t.axis().ticks(t.axis().tickStepMs(fs * 3));
        String widest = msg.get("export.svg.time.tick", ticks.isEmpty() ? "0" : String.valueOf(ticks.getLast().ms()));
        ruler = Math.ceil(width(widest, monoSmall) + fs * 1.4); // as wide as its longest mark
        placeMarks(m, msg, canvasWidth);
    }

    /** Drawn to time: every row's label as placed (null: none, or not drawn to time). */
    private TimedLabels.Placed[] placed = new TimedLabels.Placed[0];

    /**
     * Drawn to time, marks stand at their moments and several fall within a line's height (two tcp_info readings a few
     * milliseconds apart, a flight's segments): every label is placed by the rule the SVG keeps too ({@link
     * LabelPlaces}, {@link TimedLabels}), where {@link RowPainter} writes it.
     */
    private void placeMarks(DiagramModel m, Messages msg, double canvasWidth) {
        placed = TimedLabels.place(this, m, msg, columns(m, canvasWidth), canvasWidth, contentWidth(m, canvasWidth));
    }

    /** Drawn to time: row {@code i}'s label as placed; null when it has none or the rows are not drawn to time. */
    TimedLabels.@Nullable Placed placed(int i) {
        return time != null && i < placed.length ? placed[i] : null;
    }

    /** A mark's label box as left, top below the row's top, width and height; null for a row with no such label. */
    double @Nullable [] markBox(DiagramModel m, Row row, Messages msg, double[] x, double canvasWidth) {
        Lifeline.Role role = row instanceof Row.BlockedRow ? Lifeline.Role.PROGRAM : Lifeline.Role.KERNEL;
        String endpoint = switch (row) {
            case Row.TcpInfoMark t -> t.endpoint();
            case Row.QueueMark q -> q.endpoint();
            case Row.StateMark s -> s.endpoint();
            case Row.BlockedRow b -> b.endpoint();
            default -> null;
        };
        if (endpoint == null) return null;
        int col = m.column(endpoint, role);
        if (col < 0) return null;
        String text = DiagramText.label(row, msg);
        double mid = markRowH / 2;
        if (row instanceof Row.StateMark) {
            double pw = width(text, monoSmall) + fs * 1.2, ph = fs * 1.45;
            double cx = RowPainter.clampCenter(x[col], pw, canvasWidth);
            return new double[]{cx - pw / 2, mid - ph / 2, pw, ph};
        }
        double tw = width(text, row instanceof Row.BlockedRow ? italic : monoSmall), h = fs * 1.2;
        boolean right = StoryLayout.towardsWire(m.lifelines(), endpoint);
        double gap = row instanceof Row.BlockedRow ? fs * 0.9 : fs * 0.7;
        return new double[]{LabelPlaces.besideLeft(x[col], right, gap, tw), mid - h / 2, tw, h};
    }

    /** How far below its place row {@code i}'s mark label is written (drawn to time; else 0). */
    double labelShift(int i) {
        TimedLabels.Placed p = placed(i);
        return p == null ? 0 : p.dy();
    }

    /** Drawn to time: the room the ruler takes left of the lifelines. */
    private double ruler;

    /** Rows that need room across the drawing: they push what follows down (the scale stops there). */
    private static boolean takesRoom(Row row) {
        return row instanceof Row.NoteRow || row instanceof Row.CaptureRow || row instanceof Row.OlderRow;
    }

    /** Where a row's moment stands below its top: a call's arrow, a segment's departure, a mark's middle. */
    double momentOffset(Row row) {
        return switch (row) {
            case Row.CallRow c when c.moment() == Beat.Moment.ENTRY -> fs * 1.75;
            case Row.CallRow c when c.moment() == Beat.Moment.RETURN -> fs * 2.55;
            case Row.CallRow c -> fs * 2.15;
            case Row.SegmentArrow s -> fs * 1.75;
            case Row.NoteRow n -> 0;
            case Row.CaptureRow c -> 0;
            case Row.OlderRow o -> 0;
            default -> markRowH / 2;
        };
    }

    /** Where row {@code i} is drawn (content coordinates): its own place on the time axis, else its prefix sum. */
    double top(int i) {
        return time != null ? drawTop[i] : rowTop[i];
    }

    /** Where row {@code i} ends as drawn. */
    double bottom(int i) {
        return time != null ? drawTop[i] + rowH[i] : rowTop[i + 1];
    }

    /** How far below its moment segment row {@code i}'s arrow lands: 0 when it is drawn flat. */
    double landing(int i) {
        return time != null && i < landing.length ? landing[i] : 0;
    }

    /** How far below its moment the second arrival of a segment the link delivered twice lands; NaN: flat or none. */
    double secondLanding(int i) {
        return time != null && i < secondLanding.length ? secondLanding[i] : Double.NaN;
    }

    /** The lowest point row {@code i} reaches as drawn (a slanted arrow's landing included). */
    double reach(int i, Row row) {
        return time != null ? drawTop[i] + Math.max(rowH[i], momentOffset(row) + landing[i] + fs) : rowTop[i + 1];
    }

    /** The room left of the lifelines for the time ruler; none when the rows are not drawn to time. */
    double rulerRoom() {
        return time != null ? ruler : 0;
    }

    /** The row at content offset {@code y}, or -1. */
    int rowAt(double y, int shown) {
        if (shown == 0 || y < 0 || y >= rowTop[shown]) return -1;
        int lo = 0, hi = shown - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowTop[mid] <= y) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    double width(String text, Font font) {
        String key = font.getName() + font.getSize() + '\u0000' + text;
        Double cached = widths.get(key);
        if (cached != null) return cached;
        if (widths.size() > 4000) widths.clear();
        measure.setFont(font);
        measure.setText(text);
        double tw = measure.getLayoutBounds().getWidth();
        widths.put(key, tw);
        return tw;
    }
}
