package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.text.Font;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryLayout;
import org.socketlab.story.TimeAxis;

/**
 * Drawn to the link's time (issues 60 and 78), every label of the diagram placed by the SVG's rule ({@link LabelPlaces}):
 * a call's line and result, a segment's lines, the marks (state, queue, tcp_info), a blocked or cancelled call, a
 * process's start and end. Each is placed in row order where {@link RowPainter} writes it, slid inside the drawing
 * (right of the ruler, within the view: a line wider than that wraps, a call's too) and moved down clear of the
 * labels before it, of the folds' lengths and of the narrations. {@link RowPainter} draws what is placed here.
 */
final class TimedLabels {
    /**
     * A row's label as placed: its lines in {@code font}, each line's halo box (content coordinates), where its text
     * starts inside its box, the mark it belongs to (a thin dashed line joins them when it moved down by {@code dy}),
     * and on which side of the text a call's error badge stands (0: none).
     */
    record Placed(List<String> lines, Font font, List<LabelPlaces.Box> boxes, double inset, double markX,
            double markY, double dy, int badge) {
    }

    /**
     * How far below its mark a label may move, in font sizes: in a flight of a hundred segments within a millisecond
     * (slow-start's 300,000 bytes) the labels with no free place that near are left out, their arrows drawn; each
     * row's details (a click) say what its label would have.
     */
    static final double FARTHEST_LINES = 8;

    private TimedLabels() {
    }

    /** The labels of {@code m}'s rows as placed at columns {@code x} in a view {@code viewW} wide ({@code w} scrolled). */
    static Placed[] place(DiagramMetrics k, DiagramModel m, Messages msg, double[] x, double viewW, double w) {
        int n = m.rowCount();
        Placed[] out = new Placed[n];
        LabelPlaces places = new LabelPlaces(k.rulerRoom());
        keepFoldsAndNarrationsClear(k, m, msg, places, viewW, w);
        for (int i = 0; i < n; i++) {
            // A row's labels start at most a few lines above its top (its moment less a call's return): none later
            // reaches a label that ends higher.
            if (i % 32 == 0) places.forgetAbove(k.top(i) - k.fs * 4);
            Placed asked = asked(k, m, m.row(i), msg, x, viewW);
            if (asked == null) continue;
            List<LabelPlaces.Box> at = places.place(asked.boxes(), viewW - 4, k.fs * FARTHEST_LINES);
            if (at == null) { // no free place near its mark: left out (the row's details say it)
                out[i] = new Placed(List.of(), asked.font(), List.of(), 0, asked.markX(), asked.markY(), 0, 0);
                continue;
            }
            out[i] = new Placed(asked.lines(), asked.font(), at, asked.inset(),
                    asked.markX() + at.getFirst().left() - asked.boxes().getFirst().left(), asked.markY(),
                    at.getFirst().top() - asked.boxes().getFirst().top(), asked.badge());
        }
        return out;
    }

    /** The folds' lengths (TimeRuler writes them across the middle) and the narrations' lines stay where they are. */
    private static void keepFoldsAndNarrationsClear(DiagramMetrics k, DiagramModel m, Messages msg, LabelPlaces places,
            double viewW, double w) {
        if (k.time != null)
            for (TimeAxis.Fold f : k.time.axis().folds()) places.keepClear(fold(k, msg, f, viewW).halo());
        for (int i = 0; i < m.rowCount(); i++) {
            Row row = m.row(i);
            if (!(row instanceof Row.NoteRow || row instanceof Row.CaptureRow || row instanceof Row.OlderRow))
                continue;
            int lines = k.noteLines(row, msg, viewW).size();
            double top = k.top(i) + k.markRowH / 2 - k.fs * 0.7;
            places.keepClear(new LabelPlaces.Box(0, top, Math.max(w, viewW),
                    k.fs * 1.4 + (lines - 1) * k.noteLineH()));
        }
    }

    /**
     * A folded gap's length as written across the middle of the view ({@link TimeRuler}): {@code shown} whole, or
     * shorter where the view is narrow ("155 ms left out" at 200 % on 1024 px: the zigzag says the break) with the
     * {@code whole} text in the tooltip there; its {@code halo} in content coordinates, around the middle {@code mid}.
     */
    record FoldLabel(String shown, String whole, double centre, double mid, LabelPlaces.Box halo) {
    }

    /** The label of fold {@code f} in a view {@code viewW} wide (one place for the painter, the labels and the tests). */
    static FoldLabel fold(DiagramMetrics k, Messages msg, TimeAxis.Fold f, double viewW) {
        String length = TimeAxis.foldLength(f.ns()), whole = msg.get("export.svg.time.fold", length);
        double pad = k.fs * 0.25, mid = (f.top() + f.bottom()) / 2;
        String shown = LabelPlaces.shortest(List.of(whole, msg.get("ui.diagram.fold.short", length), length),
                t -> k.width(t, k.italic), viewW - 8 - 2 * pad);
        double tw = k.width(shown, k.italic);
        return new FoldLabel(shown, whole, viewW / 2, mid, new LabelPlaces.Box(viewW / 2 - tw / 2 - pad,
                mid - k.fs * 0.7, tw + 2 * pad, k.fs * 1.4));
    }

    /** A row's label where it is asked to stand (content coordinates, before placing); null for a row with none. */
    private static @Nullable Placed asked(DiagramMetrics k, DiagramModel m, Row row, Messages msg, double[] x,
            double viewW) {
        double top = k.top(row.index()), mid = top + k.markRowH / 2;
        double room = Math.max(k.fs * 3, viewW - k.rulerRoom() - k.fs * 0.8);
        return switch (row) {
            case Row.CallRow r -> call(k, m, r, msg, x, top, room);
            case Row.SegmentArrow r -> segment(k, m, r, msg, x, top, room);
            case Row.StateMark r -> state(k, m, r, msg, x, mid, viewW);
            case Row.QueueMark r -> beside(k, m, r.endpoint(), Lifeline.Role.KERNEL, DiagramText.label(r, msg),
                    k.monoSmall, k.fs * 0.7, mid, room, x);
            case Row.TcpInfoMark r -> beside(k, m, r.endpoint(), Lifeline.Role.KERNEL, DiagramText.label(r, msg),
                    k.monoSmall, k.fs * 0.7, mid, room, x);
            case Row.BlockedRow r -> beside(k, m, r.endpoint(), Lifeline.Role.PROGRAM, DiagramText.label(r, msg),
                    k.italic, k.fs * 0.9, mid, room, x);
            case Row.CancelledRow r -> beside(k, m, r.endpoint(), Lifeline.Role.PROGRAM, DiagramText.label(r, msg),
                    k.italic, k.fs * 0.9, mid, room, x);
            case Row.ProcessRow r -> beside(k, m, r.endpoint(), Lifeline.Role.PROGRAM, DiagramText.label(r, msg),
                    r.ended() ? k.sansBold : k.sans, k.fs * 0.9, mid, room, x);
            default -> null;
        };
    }

    /**
     * {@code text} wrapped to {@code room} (a long word broken after a '-', '/', '_', '(' or ','); a piece wider alone
     * (a diagram 11 of its type's letters wide, at 200 % on 1024 px) cut with "…": the row's details say it whole.
     */
    private static List<String> fitted(DiagramMetrics k, String text, Font font, double room) {
        List<String> out = new ArrayList<>();
        for (String line : k.wrap(text, font, room, false))
            out.add(LabelPlaces.shortest(List.of(line), t -> k.width(t, font), room));
        return out;
    }

    /** A line's halo box: {@code tw} of text from {@code textLeft}, centred on {@code cy}. */
    private static LabelPlaces.Box halo(DiagramMetrics k, double textLeft, double tw, double cy, Font font) {
        double pad = k.fs * 0.25, h = Math.max(font.getSize() * 1.3, k.fs * 1.1);
        return new LabelPlaces.Box(textLeft - pad, cy - h / 2, tw + 2 * pad, h);
    }

    /**
     * A call's line beside its program's lifeline, towards its kernel; wider than the drawing (at 200 % on 1024 px
     * "socket(AF_INET, SOCK_STREAM, 0) = 3" is twice its width) it wraps, its first line above the call's arrows and
     * the rest under them, rather than run past the view's edge (issue 78; drawn to time the view never scrolls
     * sideways). Every line keeps the error badge's room, so that the lines of a call written leftwards end together.
     */
    private static @Nullable Placed call(DiagramMetrics k, DiagramModel m, Row.CallRow r, Messages msg, double[] x,
            double top, double room) {
        int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM), kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
        if (pc < 0 || kc < 0) return null;
        double badge = r.error() ? k.fs * 1.3 : 0, pad = k.fs * 0.25;
        List<String> lines = fitted(k, DiagramText.label(r, msg), k.mono, Math.max(k.fs * 3, room - badge));
        double dir = Math.signum(x[kc] - x[pc]), lx = x[pc] + dir * k.fs * 0.7;
        List<LabelPlaces.Box> boxes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            double tw = k.width(lines.get(i), k.mono);
            double cy = i == 0 ? top + k.fs * 0.85 : top + k.fs * 3.35 + (i - 1) * k.noteLineH();
            LabelPlaces.Box h = halo(k, 0, tw, cy, k.mono);
            boxes.add(new LabelPlaces.Box(dir > 0 ? lx - pad : lx - tw - badge - pad, h.top(), tw + badge + 2 * pad,
                    h.height()));
        }
        return new Placed(lines, k.mono, boxes, pad + (dir > 0 ? 0 : badge), lx, top + k.fs * 0.85, 0,
                r.error() ? (dir > 0 ? 1 : -1) : 0);
    }

    private static @Nullable Placed segment(DiagramMetrics k, DiagramModel m, Row.SegmentArrow r, Messages msg,
            double[] x, double top, double room) {
        int fc = m.column(r.drawnFrom(), Lifeline.Role.KERNEL), tc = m.column(r.drawnTo(), Lifeline.Role.KERNEL);
        if (fc < 0 || tc < 0) return null;
        double from = StoryLayout.leavesAt(m.lifelines(), x, fc, tc), land = k.landing(r.index());
        // A slanted arrow's label at its middle, where it crosses between the hosts.
        double labelTop = land > 0.05 && !r.segment().neverArrived() ? top + land / 2 : top;
        Font font = r.captured() ? k.sans : k.italic;
        List<String> lines = fitted(k, DiagramText.label(r, msg), font, room);
        List<LabelPlaces.Box> boxes = new ArrayList<>();
        double cx = (from + x[tc]) / 2;
        for (int i = 0; i < lines.size(); i++) {
            double tw = k.width(lines.get(i), font);
            double cy = i == 0 ? labelTop + k.fs * 0.85 : labelTop + k.fs * 2.65 + (i - 1) * k.noteLineH();
            boxes.add(halo(k, cx - tw / 2, tw, cy, font));
        }
        return new Placed(lines, font, boxes, k.fs * 0.25, cx, labelTop + k.fs * 0.85, 0, 0);
    }

    private static @Nullable Placed state(DiagramMetrics k, DiagramModel m, Row.StateMark r, Messages msg, double[] x,
            double mid, double viewW) {
        int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
        if (kc < 0) return null;
        double room = Math.max(k.fs * 3, viewW - k.rulerRoom() - k.fs * 2);
        // A narrow diagram: its details say it whole.
        String text = LabelPlaces.shortest(List.of(DiagramText.label(r, msg)), t -> k.width(t, k.monoSmall), room);
        double pw = k.width(text, k.monoSmall) + k.fs * 1.2, ph = k.fs * 1.45;
        return new Placed(List.of(text), k.monoSmall, List.of(new LabelPlaces.Box(x[kc] - pw / 2, mid - ph / 2, pw,
                ph)), k.fs * 0.6, x[kc], mid, 0, 0);
    }

    /** A label beside a lifeline, towards the wire, wrapped to the drawing's room (a tcp_info row at 250 %). */
    private static @Nullable Placed beside(DiagramMetrics k, DiagramModel m, String endpoint, Lifeline.Role role,
            String text, Font font, double gap, double mid, double room, double[] x) {
        int col = m.column(endpoint, role);
        if (col < 0) return null;
        boolean right = StoryLayout.towardsWire(m.lifelines(), endpoint);
        List<String> lines = fitted(k, text, font, room);
        List<LabelPlaces.Box> boxes = new ArrayList<>();
        double widest = 0;
        for (String line : lines) widest = Math.max(widest, k.width(line, font));
        double left = LabelPlaces.besideLeft(x[col], right, gap, widest);
        for (int i = 0; i < lines.size(); i++)
            boxes.add(halo(k, left, k.width(lines.get(i), font), mid + i * k.noteLineH(), font));
        return new Placed(lines, font, boxes, k.fs * 0.25, right ? left : left + widest, mid, 0, 0);
    }
}
