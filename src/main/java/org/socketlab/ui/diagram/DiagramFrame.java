package org.socketlab.ui.diagram;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.TextAlignment;
import org.socketlab.i18n.Messages;
import org.socketlab.story.Bar;
import org.socketlab.story.Lifeline;

/**
 * One frame of the diagram on its canvas: the background, the selection band, the lifelines, the blocked bars, the
 * rows in view ({@link RowPainter}) and, last, the lifelines' heads over them.
 */
final class DiagramFrame {
    private final DiagramMetrics k;
    private final RowPainter painter;

    DiagramFrame(DiagramMetrics k, RowPainter painter) {
        this.k = k;
        this.painter = painter;
    }

    /*
     * Straight lines along the axes are filled as rectangles, not stroked: the same pixels (butt caps), but in the
     * software renderer (no GPU, as on many lecture-hall PCs and under Xvfb) a rectangle is one native fill while a
     * stroke is rasterised in Java; the lifelines were a fifth of the first frame's painting.
     */
    /**
     * Paints the view scrolled down to {@code offset} and sideways to {@code sideways} (when a row's label is wider
     * than the view, {@link DiagramMetrics#contentWidth}); returns the rows shown (up to the cursor), or -1 with no model.
     */
    int paint(SequenceDiagram c, Canvas canvas, double offset, double sideways) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double viewW = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(c.background());
        g.fillRect(0, 0, viewW, h);
        DiagramModel m = c.getModel();
        Messages msg = c.getMessages();
        if (m == null) return -1;
        k.measureRows(m, msg, viewW);
        double w = k.contentWidth(m, viewW), left = Math.max(0, Math.min(sideways, w - viewW));
        g.save();
        g.translate(-left, 0);
        painter.view(left, viewW); // narrations stay wrapped to the view and centred in it
        int shown = paintRows(c, g, m, msg, w, viewW, h, offset);
        if (shown == 0) {
            g.setFill(c.mutedColor());
            g.setFont(k.italic);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            // Wrapped: in the narrow diagram of a 1024 px screen it ran past both edges.
            List<String> lines = k.wrap(msg.get("ui.diagram.empty"), k.italic, Math.max(k.fs * 8, viewW - k.fs * 1.5));
            for (int i = 0; i < lines.size(); i++)
                g.fillText(lines.get(i), left + viewW / 2, k.headerH + k.fs * 3 + i * k.noteLineH());
        }
        painter.drawHeader(g, m.lifelines(), k.columns(m, viewW), w, msg, c);
        g.restore();
        return shown;
    }

    /** The selection, the lifelines, the blocked bars, the time ruler and the rows in view; returns the rows shown. */
    private int paintRows(SequenceDiagram c, GraphicsContext g, DiagramModel m, Messages msg, double w, double viewW,
            double h, double offset) {
        List<Lifeline> lifelines = m.lifelines();
        double[] x = k.columns(m, viewW);
        int shown = c.shownRows();
        double view = Math.max(0, h - k.headerH);
        double position = Math.min(c.positionProperty().get(), m.rowCount());
        int first = Math.max(0, k.rowAt(offset, shown));
        int last = shown == 0 ? -1 : Math.max(first, k.rowAt(Math.min(offset + view, k.rowTop[shown] - 0.1), shown));
        if (k.time != null && shown > 0) { // rows on the time axis overlap, and a slanted arrow lands far below its row
            first = 0;
            last = shown - 1;
        }

        // selection band under everything
        Row selected = c.getSelectedRow();
        if (selected != null && selected.index() < shown && selected.index() >= first && selected.index() <= last) {
            g.setFill(c.selectionFill());
            g.fillRect(0, k.headerH + k.top(selected.index()) - offset, w,
                    k.bottom(selected.index()) - k.top(selected.index()));
        }

        // lifelines: kernels heavier than programs
        g.setLineCap(StrokeLineCap.BUTT);
        g.setLineDashes();
        g.setFill(c.lifelineColor());
        for (int i = 0; i < lifelines.size(); i++) {
            double lw = (lifelines.get(i).role() == Lifeline.Role.KERNEL ? 4 : 2) * c.lineScale();
            g.fillRect(x[i] - lw / 2, k.headerH, lw, h - k.headerH);
        }

        // blocked bars crossing the view
        double contentBottom = k.rowTop[shown];
        paintBars(g, c, m, x, shown, contentBottom, offset, view);

        // The time ruler and the folds under the rows: narration over them stays readable.
        if (k.time != null) TimeRuler.paint(g, k, k.time, offset, view, contentBottom, w, viewW, msg, c);

        // No clip: a clip path makes the software renderer mask every later shape; the opaque header drawn last covers the overhang.
        // Drawn to time, the slanted arrows go last: a state or a call drawn at the moment one lands hid its head.
        for (int pass = k.time == null ? 1 : 0; pass < 2; pass++)
            for (int i = first; i <= last && i < shown; i++) {
                Row row = m.row(i);
                if (k.time != null && (pass == 0) == row instanceof Row.SegmentArrow) continue;
                if (k.time != null && (k.reach(i, row) < offset || k.top(i) > offset + view)) continue;
                double progress = Math.min(1, Math.max(0, position - i));
                if (i < Math.floor(position)) progress = 1;
                painter.drawRow(g, m, row, x, k.headerH + k.top(i) - offset, w, progress, msg, c);
            }
        return shown;
    }

    /** The blocked bars crossing the view: from the moment a call blocked to the moment it returned. */
    private void paintBars(GraphicsContext g, SequenceDiagram c, DiagramModel m, double[] x, int shown,
            double contentBottom, double offset, double view) {
        for (Bar bar : m.bars()) {
            if (bar.openBeat() >= shown) continue;
            double top = k.top(bar.openBeat()) + k.markRowH / 2;
            double bottom = bar.openAt(shown)
                    ? contentBottom + k.fs
                    : k.top(bar.closeBeat()) + arrowY(m.row(bar.closeBeat()));
            if (k.time != null) { // from the moment it blocked to the moment it returned
                top = k.time.momentY(bar.openBeat());
                if (!bar.openAt(shown)) bottom = k.time.momentY(bar.closeBeat());
            }
            if (bottom < offset || top > offset + view) continue;
            int col = m.column(bar.endpoint(), Lifeline.Role.PROGRAM);
            if (col < 0) continue;
            double bw = k.fs * 0.7;
            g.setFill(c.barFill());
            g.fillRect(x[col] - bw / 2, k.headerH + top - offset, bw, bottom - top);
            g.setStroke(c.mutedColor());
            g.setLineWidth(1.5 * c.lineScale());
            g.strokeRect(x[col] - bw / 2, k.headerH + top - offset, bw, bottom - top);
        }
    }

    private double arrowY(Row row) {
        return row instanceof Row.CallRow || row instanceof Row.SegmentArrow ? k.fs * 1.75 : k.markRowH / 2;
    }
}
