package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryLayout;
import org.socketlab.story.TimeAxis;

/**
 * The text of a diagram drawn to the link's time as it is placed (issue 78, for the tests that find text on text or
 * cut at an edge): every row's label, line by line, the folds' lengths, the narrations, the ruler's marks, the
 * endpoints' titles over the heads and the role names under them, each a box in the drawing's coordinates (below the heads, not scrolled).
 *
 * @param timed        whether the rows are drawn to the link's time (else nothing is placed and the lists are empty)
 * @param viewWidth    the view's width: a label other than a call's stays inside it
 * @param contentWidth the width drawn (wider when a call's line is: the view scrolls sideways to it)
 * @param labels       each label's lines, a label a list
 * @param titles       the endpoints' titles over the heads and the role names under them, in the heads' own band
 */
public record DiagramTextBoxes(boolean timed, double viewWidth, double contentWidth, List<List<Text>> labels,
        List<Text> titles) {
    /** One line of text drawn: its words, its box, and whether it is a call's line (it may reach the scrolled width). */
    public record Text(String text, double left, double top, double right, double bottom, boolean call) {
        public boolean covers(Text o) {
            return new LabelPlaces.Box(left, top, right - left, bottom - top)
                    .covers(new LabelPlaces.Box(o.left, o.top, o.right - o.left, o.bottom - o.top));
        }

        @Override
        public String toString() {
            return "'" + text + "' [" + Math.round(left) + ".." + Math.round(right) + " x " + Math.round(top) + ".."
                    + Math.round(bottom) + "]";
        }
    }

    /** The text of all of {@code m}'s rows as a diagram {@code viewWidth} wide at font size {@code fs} places it. FX toolkit. */
    public static DiagramTextBoxes of(DiagramModel m, Messages msg, double fs, double viewWidth) {
        DiagramMetrics k = new DiagramMetrics();
        k.fonts(fs);
        k.measureRows(m, msg, viewWidth);
        return of(k, m, msg, viewWidth);
    }

    /** As placed by the metrics {@code k} (the skin's own: what it draws), rows measured. */
    static DiagramTextBoxes of(DiagramMetrics k, DiagramModel m, Messages msg, double viewWidth) {
        double w = k.contentWidth(m, viewWidth);
        List<List<Text>> labels = new ArrayList<>();
        List<Text> titles = new ArrayList<>();
        if (k.time == null) return new DiagramTextBoxes(false, viewWidth, w, labels, titles);
        for (int i = 0; i < m.rowCount(); i++) {
            TimedLabels.Placed p = k.placed(i);
            if (p != null) {
                List<Text> lines = new ArrayList<>();
                for (int j = 0; j < p.lines().size(); j++) {
                    LabelPlaces.Box b = p.boxes().get(j);
                    lines.add(new Text(p.lines().get(j), b.left(), b.top(), b.right(), b.bottom(),
                            m.row(i) instanceof Row.CallRow));
                }
                labels.add(lines);
            }
            Row row = m.row(i);
            if (row instanceof Row.NoteRow || row instanceof Row.CaptureRow || row instanceof Row.OlderRow) {
                List<String> lines = k.noteLines(row, msg, viewWidth);
                List<Text> drawn = new ArrayList<>();
                for (int j = 0; j < lines.size(); j++) {
                    double tw = k.width(lines.get(j), k.italic), cy = k.top(i) + k.markRowH / 2 + j * k.noteLineH();
                    drawn.add(new Text(lines.get(j), viewWidth / 2 - tw / 2, cy - k.italic.getSize() * 0.6,
                            viewWidth / 2 + tw / 2, cy + k.italic.getSize() * 0.6, false));
                }
                labels.add(drawn);
            }
        }
        TimeAxis axis = k.time.axis();
        for (TimeAxis.Fold f : axis.folds()) {
            TimedLabels.FoldLabel fold = TimedLabels.fold(k, msg, f, viewWidth);
            double tw = k.width(fold.shown(), k.italic), mid = fold.mid();
            labels.add(List.of(new Text(fold.shown(), fold.centre() - tw / 2, mid - k.fs * 0.6,
                    fold.centre() + tw / 2, mid + k.fs * 0.6, false)));
        }
        double rx = k.rulerRoom() - k.fs * 0.6;
        for (TimeAxis.Tick t : axis.ticks(axis.tickStepMs(k.fs * 3))) {
            String text = msg.get("export.svg.time.tick", String.valueOf(t.ms()));
            double tw = k.width(text, k.monoSmall), h = k.monoSmall.getSize() * 1.2;
            labels.add(List.of(new Text(text, rx - k.fs * 0.5 - tw, t.y() - h / 2, rx - k.fs * 0.5, t.y() + h / 2,
                    false)));
        }
        HeadTitles heads = HeadTitles.of(m, m.lifelines(), k.columns(m, viewWidth), Math.min(w, viewWidth), msg, k);
        for (HeadTitles.Title t : heads.titles()) {
            double tw = k.width(t.shown(), heads.font()), h = heads.font().getSize() * 1.2;
            titles.add(new Text(t.shown(), t.centre() - tw / 2, k.headerH * 0.3 - h / 2, t.centre() + tw / 2,
                    k.headerH * 0.3 + h / 2, false));
        }
        HeaderRoles roles = HeaderRoles.place(m.lifelines(), k.columns(m, viewWidth), Math.min(w, viewWidth), msg, m,
                k);
        double rh = roles.font().getSize() * 1.2;
        for (HeaderRoles.Label r : roles.labels())
            titles.add(new Text(r.text(), r.left(), k.headerH * 0.72 - rh / 2, r.right(), k.headerH * 0.72 + rh / 2,
                    false));
        return new DiagramTextBoxes(true, viewWidth, w, labels, titles);
    }

    /** The pairs of lines of different labels (or titles) whose boxes cover each other, in words. */
    public List<String> overlaps() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++)
            for (int j = i + 1; j < labels.size(); j++)
                for (Text a : labels.get(i))
                    for (Text b : labels.get(j))
                        if (a.covers(b)) out.add(a + " over " + b);
        for (int i = 0; i < titles.size(); i++)
            for (int j = i + 1; j < titles.size(); j++)
                if (titles.get(i).covers(titles.get(j))) out.add("title " + titles.get(i) + " over " + titles.get(j));
        return out;
    }

    /**
     * The lines cut by an edge: past the left edge, or past the right one (a call's line: the width drawn, which the
     * view scrolls to; any other: the view's own width).
     */
    public List<String> cut() {
        List<String> out = new ArrayList<>();
        List<Text> all = new ArrayList<>(titles);
        labels.forEach(all::addAll);
        for (Text t : all) {
            double right = t.call() ? contentWidth : viewWidth;
            if (t.left() < -0.5 || t.right() > right + 0.5) out.add(t + " past [0.." + Math.round(right) + "]");
        }
        return out;
    }

    /**
     * The arrows drawn across a line of text other than their own row's label (issue 78: a finding, not yet a rule):
     * each call's entry and return and each segment, flat or slanted to its landing (a lost one to its cross), against
     * every row's label as placed, the narrations and the folds' lengths, as a diagram {@code viewWidth} wide at font
     * size {@code fs} draws them. A line is crossed when the arrow passes through the text inside its halo. FX toolkit.
     */
    public static List<String> arrowsOverText(DiagramModel m, Messages msg, double fs, double viewWidth) {
        DiagramMetrics k = new DiagramMetrics();
        k.fonts(fs);
        k.measureRows(m, msg, viewWidth);
        List<String> out = new ArrayList<>();
        if (k.time == null) return out;
        double[] x = k.columns(m, viewWidth);
        List<double[]> arrows = new ArrayList<>(); // row, x1, y1, x2, y2
        for (int i = 0; i < m.rowCount(); i++) {
            double top = k.top(i), y = top + k.fs * 1.75;
            if (m.row(i) instanceof Row.CallRow r) {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM),
                        kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (pc < 0 || kc < 0) continue;
                if (r.entersKernel()) arrows.add(new double[]{i, x[pc], y, x[kc], y});
                if (r.returnsFromKernel())
                    arrows.add(new double[]{i, x[kc], top + k.fs * 2.55, x[pc], top + k.fs * 2.55});
            } else if (m.row(i) instanceof Row.SegmentArrow r) {
                int fc = m.column(r.drawnFrom(), Lifeline.Role.KERNEL),
                        tc = m.column(r.drawnTo(), Lifeline.Role.KERNEL);
                if (fc < 0 || tc < 0) continue;
                double from = StoryLayout.leavesAt(m.lifelines(), x, fc, tc), land = k.landing(i);
                if (r.segment().neverArrived()) arrows.add(new double[]{i, from, y, (from + x[tc]) / 2, y});
                else arrows.add(new double[]{i, from, y, x[tc], y + Math.max(0, land)});
            }
        }
        DiagramTextBoxes text = of(k, m, msg, viewWidth);
        List<Integer> owners = new ArrayList<>(); // the row each of text's labels belongs to (-1: none of a row's)
        for (int i = 0; i < m.rowCount(); i++) {
            if (k.placed(i) != null) owners.add(i);
            Row row = m.row(i);
            if (row instanceof Row.NoteRow || row instanceof Row.CaptureRow || row instanceof Row.OlderRow)
                owners.add(-1);
        }
        double pad = k.fs * 0.25;
        for (double[] a : arrows)
            for (int j = 0; j < text.labels().size(); j++) {
                if (j < owners.size() && owners.get(j) == (int) a[0]) continue;
                for (Text t : text.labels().get(j))
                    if (crosses(a, t.left() + pad, t.top() + pad, t.right() - pad, t.bottom() - pad))
                        out.add("row " + (int) a[0] + "'s arrow over " + t);
            }
        return out;
    }

    /** Whether the segment a[1..4] passes through the rectangle (Liang–Barsky clipping). */
    private static boolean crosses(double[] a, double left, double top, double right, double bottom) {
        if (right <= left || bottom <= top) return false;
        double dx = a[3] - a[1], dy = a[4] - a[2], t0 = 0, t1 = 1;
        double[] p = {-dx, dx, -dy, dy}, q = {a[1] - left, right - a[1], a[2] - top, bottom - a[2]};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) return false;
            } else {
                double r = q[i] / p[i];
                if (p[i] < 0) t0 = Math.max(t0, r);
                else t1 = Math.min(t1, r);
                if (t0 > t1) return false;
            }
        }
        return true;
    }

    /** How many lines of text are placed. */
    public int lineCount() {
        return titles.size() + labels.stream().mapToInt(List::size).sum();
    }
}
