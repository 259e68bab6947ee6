package org.socketlab.ui.diagram;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryLayout;

/**
 * Paints one row of the diagram (a call's arrows, a segment, a state, a queue, a blocked or cancelled call, a
 * narration) and the lifelines' heads on the skin's canvas, with the control's colours and the {@link DiagramMetrics}.
 */
final class RowPainter {
    private final SequenceDiagram control;
    private final DiagramMetrics k;
    /** The heads' measures: the rows' own, or smaller ones when the heads are drawn smaller (presenter mode). */
    private final DiagramMetrics heads = new DiagramMetrics();
    private String rolesKey;
    private HeaderRoles placedRoles;

    RowPainter(SequenceDiagram control, DiagramMetrics k) {
        this.control = control;
        this.k = k;
    }

    void drawHeader(GraphicsContext g, List<Lifeline> lifelines, double[] x, double w, Messages msg,
            SequenceDiagram c) {
        g.setFill(c.headerFill());
        g.fillRect(0, 0, w, k.headerH);
        g.setFill(c.lifelineColor());
        g.fillRect(0, k.headerH - 1, w, 1);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        // Titles that would run into each other (three endpoints in a narrow diagram, 250 %) are set smaller, then
        // shortened to their lanes; the whole title is the head's tooltip.
        // Kept to the view's width: the drawing is wider only for a long call's line.
        HeadTitles fitted = HeadTitles.of(control.getModel(), lifelines, x, viewWidth > 0 ? Math.min(w, viewWidth) : w,
                msg, headMetrics());
        titles = fitted;
        g.setFont(fitted.font());
        List<HeaderRoles.Head> heads = HeaderRoles.heads(lifelines, x);
        for (int i = 0; i < fitted.titles().size(); i++) {
            g.setFill(endpointColor(heads.get(i).endpoint(), c));
            g.fillText(fitted.titles().get(i).shown(), fitted.titles().get(i).centre(), k.headerH * 0.3);
        }
        HeaderRoles roles = roles(lifelines, x, w, msg);
        g.setFill(c.mutedColor());
        g.setFont(roles.font());
        for (HeaderRoles.Label role : roles.labels()) g.fillText(role.text(), role.centre(), k.headerH * 0.72);
    }

    /** The endpoints' titles as last drawn over the heads (null before the first frame). */
    private @Nullable HeadTitles titles;

    /** The title of the head over {@code x} (content coordinates), whole; null over none or before the first frame. */
    @Nullable
    String headTitleAt(double x) {
        HeadTitles.Title t = titles == null ? null : titles.at(x);
        return t == null ? null : t.whole();
    }

    /** The titles as last drawn (tests). */
    @Nullable
    HeadTitles titles() {
        return titles;
    }

    /** The role names under the heads, kept apart (placed again only when the columns or the words change). */
    HeaderRoles roles(List<Lifeline> lifelines, double[] x, double drawnW, Messages msg) {
        // Kept to the view's width, as the titles are (issue 78: "prog." under the last lifeline was cut at the view's
        // edge at 200 % on 1024 px, where a long call's line makes the drawing wider).
        double w = viewWidth > 0 ? Math.min(drawnW, viewWidth) : drawnW;
        boolean external = lifelines.stream().anyMatch(l -> l.endpoint().equals("external"));
        DiagramMetrics hk = headMetrics();
        String key = w + "|" + hk.fs + "|" + lifelines + "|" + msg.lang() + "|"
                + (external ? control.getModel().revisionProperty().get() : ""); // its note tells the segments
        if (!key.equals(rolesKey)) {
            rolesKey = key;
            placedRoles = HeaderRoles.place(lifelines, x, w, msg, control.getModel(), hk);
        }
        return placedRoles;
    }

    /** The measures the heads are set in: the rows' at the window's scale 1, else their own at the smaller type. */
    private DiagramMetrics headMetrics() {
        if (k.headerScale() == 1) return k;
        heads.fonts(k.fs * k.headerScale());
        return heads;
    }

    /**
     * Where a mark's label is written: {@code cy}, or lower where the label would cover one above it (drawn to time,
     * {@link DiagramMetrics#labelShift}), a thin dashed line from {@code lx} joining it to its place.
     */
    private double moved(GraphicsContext g, Row row, double lx, double cy, SequenceDiagram c) {
        double shift = k.labelShift(row.index());
        if (shift <= k.fs * 0.5) return cy + shift;
        g.setStroke(c.mutedColor());
        g.setLineWidth(0.8);
        g.setLineDashes(2, 2);
        g.strokeLine(lx, cy, lx, cy + shift - k.fs * 0.5);
        g.setLineDashes();
        return cy + shift;
    }

    static double clampCenter(double cx, double textW, double w) {
        return Math.max(textW / 2 + 4, Math.min(w - textW / 2 - 4, cx));
    }

    private Paint endpointColor(String endpoint, SequenceDiagram c) {
        if (endpoint.equals("server")) return c.serverColor();
        if (endpoint.startsWith("client")) return c.clientColor();
        return c.mutedColor();
    }

    /** The part of the diagram in view: narrations are wrapped to it and centred in it, wherever it is scrolled. */
    private double viewLeft, viewWidth;

    void view(double left, double width) {
        viewLeft = left;
        viewWidth = width;
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    void drawRow(GraphicsContext g, DiagramModel m, Row row, double[] x, double top, double w, double p,
            Messages msg, SequenceDiagram c) {
        g.setGlobalAlpha(1);
        switch (row) {
            case Row.CallRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM),
                        kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (pc < 0 || kc < 0) return;
                Paint color = r.error() ? c.errorColor() : c.callColor();
                double xp = x[pc], xk = x[kc], dir = Math.signum(xk - xp);
                double callY = top + k.fs * 1.75, returnY = top + k.fs * 2.55;
                // Entry and return: one row when nothing happened in between, else two with the kernel's doings between.
                if (r.entersKernel())
                    arrow(g, xp, xk, callY, r.returns() ? Math.min(1, p * 2) : p, false, true, c.callColor());
                if (r.returnsFromKernel() && (p > 0.5 || !r.entersKernel()))
                    arrow(g, xk, xp, returnY, r.entersKernel() ? (p - 0.5) * 2 : p, false, false, color);
                g.setGlobalAlpha(Math.min(1, p * 2));
                String label = DiagramText.label(r, msg);
                double lx = xp + dir * k.fs * 0.7;
                if (drawPlaced(g, r, top, color, c)) break;
                double tw = label(g, label, lx, top + k.fs * 0.85, dir > 0 ? TextAlignment.LEFT : TextAlignment.RIGHT,
                        k.mono, color, c, w);
                if (r.error()) {
                    // a small "?" badge: hover or click explains the errno
                    double bx = dir > 0 ? lx + tw + k.fs * 0.75 : lx - tw - k.fs * 0.75;
                    double rad = k.fs * 0.55;
                    g.setFill(c.errorColor());
                    g.fillOval(bx - rad, top + k.fs * 0.85 - rad, rad * 2, rad * 2);
                    g.setFill(c.background());
                    g.setFont(k.sansBold);
                    g.setTextAlign(TextAlignment.CENTER);
                    g.fillText("?", bx, top + k.fs * 0.85);
                }
            }
            case Row.SegmentArrow r -> {
                int fc = m.column(r.drawnFrom(), Lifeline.Role.KERNEL),
                        tc = m.column(r.drawnTo(), Lifeline.Role.KERNEL);
                if (fc < 0 || tc < 0) return;
                double from = StoryLayout.leavesAt(m.lifelines(), x, fc, tc);
                double y = top + k.fs * 1.75;
                // Drawn to the link's time (issue 60): it lands as far below as the crossing took on the ruler.
                double land = k.landing(r.index()), second = k.secondLanding(r.index());
                Paint color = StoryLayout.trouble(r.segment()) ? c.errorColor() : c.segmentColor();
                if (r.segment().neverArrived()) lost(g, from, x[tc], y, p, color);
                else
                    if (land > 0.05) slanted(g, from, y, x[tc], y + land, p, !r.captured(), color);
                    else arrow(g, from, x[tc], y, p, !r.captured(), true, color);
                // the link delivered it twice: a second arrow, to its second arrival (just under the first when flat)
                if (r.segment().arrivedTwice() && second > 0.05)
                    slanted(g, from, y, x[tc], y + second, p, false, color);
                else
                    if (r.segment().arrivedTwice()) arrow(g, from, x[tc], y + k.fs * 0.5, p, false, true, color);
                g.setGlobalAlpha(Math.min(1, p * 1.5));
                // A label wider than the diagram wraps: its first line above the arrow, the rest under it; a slanted
                // arrow's at its middle, where it crosses between the hosts.
                double labelTop = land > 0.05 && !r.segment().neverArrived() ? top + land / 2 : top;
                if (drawPlaced(g, r, top, color, c)) break;
                List<String> lines = k.segmentLines(r, msg, viewWidth);
                for (int i = 0; i < lines.size(); i++)
                    label(g, lines.get(i), (from + x[tc]) / 2,
                            i == 0 ? labelTop + k.fs * 0.85 : labelTop + k.fs * 2.65 + (i - 1) * k.noteLineH(),
                            TextAlignment.CENTER, r.captured() ? k.sans : italicLabel(), color, c, w);
            }
            case Row.StateMark r -> {
                int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (kc < 0) return;
                g.setGlobalAlpha(p);
                String text = DiagramText.label(r, msg);
                double tw = k.width(text, k.monoSmall), ph = k.fs * 1.45, pw = tw + k.fs * 1.2;
                double cx = clampCenter(x[kc], pw, w), cy = moved(g, r, cx - pw / 2, top + k.markRowH / 2, c);
                TimedLabels.Placed placed = k.placed(r.index());
                if (placed != null && placed.lines().isEmpty()) break;
                if (placed != null) { // drawn to time: where TimedLabels put it
                    LabelPlaces.Box b = placed.boxes().getFirst();
                    text = placed.lines().getFirst();
                    pw = b.width();
                    cx = b.left() + pw / 2;
                    cy = b.top() + ph / 2 + top - k.top(r.index());
                }
                g.setFill(c.stateFill());
                g.fillRoundRect(cx - pw / 2, cy - ph / 2, pw, ph, ph, ph);
                g.setStroke(c.stateColor());
                g.setLineWidth(1.5);
                // A state no reading saw (deduced from the segments and the TCP state diagram): dashed, as inferred arrows.
                if (r.deduced()) g.setLineDashes(k.fs * 0.4, k.fs * 0.3);
                else g.setLineDashes();
                g.strokeRoundRect(cx - pw / 2, cy - ph / 2, pw, ph, ph, ph);
                g.setLineDashes();
                g.setFill(c.stateColor());
                g.setFont(k.monoSmall);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(text, cx, cy);
            }
            case Row.QueueMark r -> {
                int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (kc < 0) return;
                g.setGlobalAlpha(p);
                if (drawPlaced(g, r, top, c.mutedColor(), c)) break;
                boolean right = StoryLayout.towardsWire(m.lifelines(), r.endpoint());
                label(g, DiagramText.label(r, msg), x[kc] + (right ? 1 : -1) * k.fs * 0.7,
                        moved(g, r, x[kc] + (right ? 1 : -1) * k.fs * 0.7, top + k.markRowH / 2, c),
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, k.monoSmall, c.mutedColor(), c, w);
            }
            case Row.TcpInfoMark r -> {
                int kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
                if (kc < 0) return;
                g.setGlobalAlpha(p);
                if (drawPlaced(g, r, top, c.mutedColor(), c)) break;
                boolean right = StoryLayout.towardsWire(m.lifelines(), r.endpoint());
                label(g, DiagramText.label(r, msg), x[kc] + (right ? 1 : -1) * k.fs * 0.7,
                        moved(g, r, x[kc] + (right ? 1 : -1) * k.fs * 0.7, top + k.markRowH / 2, c),
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, k.monoSmall, c.mutedColor(), c, w);
            }
            case Row.BlockedRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM);
                if (pc < 0) return;
                g.setGlobalAlpha(p);
                if (drawPlaced(g, r, top, c.mutedColor(), c)) break;
                boolean right = StoryLayout.towardsWire(m.lifelines(), r.endpoint());
                label(g, DiagramText.label(r, msg), x[pc] + (right ? 1 : -1) * k.fs * 0.9,
                        moved(g, r, x[pc] + (right ? 1 : -1) * k.fs * 0.9, top + k.markRowH / 2, c),
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, italicLabel(), c.mutedColor(), c, w);
            }
            case Row.CancelledRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM);
                if (pc < 0) return;
                g.setGlobalAlpha(p);
                boolean right = StoryLayout.towardsWire(m.lifelines(), r.endpoint());
                double cy = top + k.markRowH / 2, s = k.fs * 0.4;
                g.setStroke(c.mutedColor());
                g.setLineWidth(2.5);
                g.setLineDashes();
                g.strokeLine(x[pc] - s, cy - s, x[pc] + s, cy + s);
                g.strokeLine(x[pc] - s, cy + s, x[pc] + s, cy - s);
                if (drawPlaced(g, r, top, c.mutedColor(), c)) break;
                label(g, DiagramText.label(r, msg), x[pc] + (right ? 1 : -1) * k.fs * 0.9, cy,
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, italicLabel(), c.mutedColor(), c, w);
            }
            case Row.ProcessRow r -> {
                int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM);
                if (pc < 0) return;
                g.setGlobalAlpha(p);
                boolean right = StoryLayout.towardsWire(m.lifelines(), r.endpoint());
                double cy = top + k.markRowH / 2, s = k.fs * 0.7;
                Paint color = r.process().killed() ? c.errorColor() : c.mutedColor();
                if (r.ended()) { // the process's lifeline ends here: a bar across it, as UML ends a lifeline
                    g.setStroke(color);
                    g.setLineWidth(3 * control.lineScale());
                    g.setLineDashes();
                    g.strokeLine(x[pc] - s, cy, x[pc] + s, cy);
                }
                if (drawPlaced(g, r, top, color, c)) break;
                label(g, DiagramText.label(r, msg), x[pc] + (right ? 1 : -1) * k.fs * 0.9, cy,
                        right ? TextAlignment.LEFT : TextAlignment.RIGHT, r.ended() ? k.sansBold : k.sans, color, c, w);
            }
            case Row.NoteRow r -> {
                g.setGlobalAlpha(p);
                List<String> lines = k.noteLines(r, msg, viewWidth);
                for (int i = 0; i < lines.size(); i++)
                    label(g, lines.get(i), viewLeft + viewWidth / 2, top + k.markRowH / 2 + i * k.noteLineH(),
                            TextAlignment.CENTER,
                            italicLabel(), c.textColor(), c, w);
            }
            case Row.CaptureRow r -> mutedLines(g, k.noteLines(r, msg, viewWidth), w, top, p, c);
            case Row.OlderRow r -> mutedLines(g, k.noteLines(r, msg, viewWidth), w, top, p, c);
        }
        g.setGlobalAlpha(1);
    }

    private void mutedLines(GraphicsContext g, List<String> lines, double w, double top, double p, SequenceDiagram c) {
        g.setGlobalAlpha(p);
        for (int i = 0; i < lines.size(); i++)
            label(g, lines.get(i), viewLeft + viewWidth / 2, top + k.markRowH / 2 + i * k.noteLineH(),
                    TextAlignment.CENTER, italicLabel(),
                    c.mutedColor(), c, w);
    }

    private Font italicLabel() {
        return k.italic;
    }

    /** A lost segment: it leaves, stops halfway ({@code p} of that way drawn) and ends at a cross. */
    private void lost(GraphicsContext g, double x1, double x2, double y, double p, Paint color) {
        if (p <= 0) return;
        double mid = (x1 + x2) / 2, end = x1 + (mid - x1) * Math.min(1, p), lw = 2.5 * control.lineScale();
        g.setFill(color);
        g.setStroke(color);
        g.fillRect(Math.min(x1, end), y - lw / 2, Math.abs(end - x1), lw);
        if (p < 1) return;
        double r = k.head * 0.9;
        g.setLineWidth(lw * 1.2);
        g.setLineDashes();
        g.strokeLine(mid - r, y - r, mid + r, y + r);
        g.strokeLine(mid - r, y + r, mid + r, y - r);
    }

    /** An arrow from where a segment left to where it arrived, lower down (issue 60), drawn {@code p} of its way. */
    private void slanted(GraphicsContext g, double x1, double y1, double x2, double y2, double p, boolean dashed,
            Paint color) {
        if (p <= 0) return;
        double q = Math.min(1, p), ex = x1 + (x2 - x1) * q, ey = y1 + (y2 - y1) * q;
        double len = Math.hypot(ex - x1, ey - y1);
        if (len < 1) return;
        double ux = (ex - x1) / len, uy = (ey - y1) / len, head = k.head * 1.5;
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(2.5 * control.lineScale());
        if (dashed) g.setLineDashes(k.fs * 0.6, k.fs * 0.45);
        else g.setLineDashes();
        g.strokeLine(x1, y1, ex - ux * head * 0.8, ey - uy * head * 0.8);
        g.setLineDashes();
        double bx = ex - ux * head, by = ey - uy * head, half = k.head * 0.7;
        g.fillPolygon(new double[]{ex, bx - uy * half, bx + uy * half},
                new double[]{ey, by + ux * half, by - ux * half},
                3);
    }

    /** A horizontal arrow drawn {@code p} of its way; dashed when the segment was only inferred. */
    private void arrow(GraphicsContext g, double x1, double x2, double y, double p, boolean dashed, boolean filledHead,
            Paint color) {
        if (p <= 0) return;
        double end = x1 + (x2 - x1) * p, dir = Math.signum(x2 - x1);
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(2.5 * control.lineScale());
        double shaftEnd = end - dir * k.head * 0.8;
        if (dashed) {
            g.setLineDashes(k.fs * 0.6, k.fs * 0.45);
            g.strokeLine(x1, y, shaftEnd, y);
            g.setLineDashes();
        } else {
            double lw = 2.5 * control.lineScale();
            g.fillRect(Math.min(x1, shaftEnd), y - lw / 2, Math.abs(shaftEnd - x1), lw);
        }
        if (filledHead) {
            g.fillPolygon(new double[]{end, end - dir * k.head * 1.5, end - dir * k.head * 1.5},
                    new double[]{y, y - k.head * 0.7, y + k.head * 0.7}, 3);
        } else {
            g.strokeLine(end, y, end - dir * k.head * 1.4, y - k.head * 0.7);
            g.strokeLine(end, y, end - dir * k.head * 1.4, y + k.head * 0.7);
        }
    }

    /** Where a label {@code tw} wide placed at {@code x} starts: kept inside a diagram drawn {@code w} wide. */
    private static double labelLeft(double x, double tw, TextAlignment align, double w) {
        double left = switch (align) {
            case LEFT -> x;
            case RIGHT -> x - tw;
            default -> x - tw / 2;
        };
        return Math.max(4, Math.min(w - tw - 4, left));
    }

    /** Where a call row's label starts and ends as drawn (the error's badge included); other rows: the whole width. */
    double[] labelSpan(DiagramModel m, Row row, double[] x, double w, Messages msg) {
        if (!(row instanceof Row.CallRow r)) return new double[]{0, w};
        int pc = m.column(r.endpoint(), Lifeline.Role.PROGRAM), kc = m.column(r.endpoint(), Lifeline.Role.KERNEL);
        if (pc < 0 || kc < 0) return new double[]{0, w};
        double dir = Math.signum(x[kc] - x[pc]), tw = k.width(DiagramText.label(r, msg), k.mono);
        double left = labelLeft(x[pc] + dir * k.fs * 0.7, tw, dir > 0 ? TextAlignment.LEFT : TextAlignment.RIGHT, w);
        return new double[]{left, left + tw + (r.error() ? k.fs * 1.3 : 0)};
    }

    /**
     * Drawn to time: row's label where {@link TimedLabels} placed it (the SVG's rule, story/LabelPlaces), the halos
     * of its lines first and then their text, a thin dashed line up to its mark when it moved down, and a call's
     * error badge; false when nothing is placed for it (rows not drawn to time), and the row draws its own.
     */
    private boolean drawPlaced(GraphicsContext g, Row row, double top, Paint color, SequenceDiagram c) {
        TimedLabels.Placed p = k.placed(row.index());
        if (p == null) return false;
        if (p.lines().isEmpty()) return true; // left out: no free place near its mark
        double shift = top - k.top(row.index());
        LabelPlaces.Box first = p.boxes().getFirst();
        if (p.dy() > k.fs * 0.5) {
            g.setStroke(c.mutedColor());
            g.setLineWidth(0.8);
            g.setLineDashes(2, 2);
            g.strokeLine(p.markX(), p.markY() + shift, p.markX(), first.top() + shift);
            g.setLineDashes();
        }
        g.setFill(c.background());
        for (LabelPlaces.Box b : p.boxes()) g.fillRect(b.left(), b.top() + shift, b.width(), b.height());
        g.setFill(color);
        g.setFont(p.font());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < p.lines().size(); i++) {
            LabelPlaces.Box b = p.boxes().get(i);
            g.fillText(p.lines().get(i), b.left() + p.inset(), b.top() + shift + b.height() / 2);
        }
        if (p.badge() != 0) { // a small "?" badge: hover or click explains the errno
            double tw = k.width(p.lines().getFirst(), p.font()), cy = first.top() + shift + first.height() / 2;
            double bx = p.badge() > 0
                    ? first.left() + p.inset() + tw + k.fs * 0.75
                    : first.left() + p.inset() - k.fs * 0.75;
            double rad = k.fs * 0.55;
            g.setFill(c.errorColor());
            g.fillOval(bx - rad, cy - rad, rad * 2, rad * 2);
            g.setFill(c.background());
            g.setFont(k.sansBold);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("?", bx, cy);
        }
        return true;
    }

    /** Text on a halo of the background colour, so lifelines never strike through it; kept inside the canvas. Returns its width. */
    private double label(GraphicsContext g, String text, double x, double y, TextAlignment align, Font font,
            Paint color, SequenceDiagram c, double w) {
        double tw = k.width(text, font);
        double left = labelLeft(x, tw, align, w);
        double pad = k.fs * 0.25;
        g.setFill(c.background());
        g.fillRect(left - pad, y - k.fs * 0.7, tw + 2 * pad, k.fs * 1.4);
        g.setFill(color);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, left, y);
        return tw;
    }
}
