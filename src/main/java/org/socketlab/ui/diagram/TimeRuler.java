package org.socketlab.ui.diagram;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;
import org.socketlab.i18n.Messages;
import org.socketlab.story.LabelPlaces;
import org.socketlab.story.TimeAxis;

/**
 * The time ruler of a diagram drawn to the link's time (issue 60), as the SVG export draws it: a mark every round
 * number of milliseconds in the room left of the lifelines, and each folded gap as a zigzag across the drawing that
 * says how long it was ({@link TimedLabels#fold}: shorter in a narrow view, whole in the tooltip).
 */
final class TimeRuler {
    private TimeRuler() {
    }

    /** Paints the ruler of the rows in view (content from {@code offset}, {@code view} tall) under the heads. */
    static void paint(GraphicsContext g, DiagramMetrics k, DiagramTime time, double offset, double view,
            double contentBottom, double w, double viewW, Messages msg, SequenceDiagram c) {
        TimeAxis axis = time.axis();
        double rx = k.rulerRoom() - k.fs * 0.6, shift = k.headerH - offset;
        double from = offset - k.fs, to = offset + view + k.fs;
        g.setFill(c.mutedColor());
        List<TimeAxis.Tick> ticks = axis.ticks(axis.tickStepMs(k.fs * 3));
        double y = ticks.isEmpty() ? 0 : ticks.getFirst().y(); // the story's first moment: 0 ms
        for (TimeAxis.Fold f : axis.folds()) {
            if (f.top() > y) g.fillRect(rx - 0.5, y + shift, 1, f.top() - y);
            y = f.bottom();
        }
        if (contentBottom > y) g.fillRect(rx - 0.5, y + shift, 1, contentBottom - y);
        g.setFont(k.monoSmall);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (TimeAxis.Tick tick : ticks) {
            if (tick.y() < from || tick.y() > to) continue;
            g.fillRect(rx - k.fs * 0.4, tick.y() + shift - 0.5, k.fs * 0.4, 1);
            g.fillText(msg.get("export.svg.time.tick", String.valueOf(tick.ms())), rx - k.fs * 0.5, tick.y() + shift);
        }
        for (TimeAxis.Fold f : axis.folds()) {
            double mid = (f.top() + f.bottom()) / 2;
            if (mid < from || mid > to) continue;
            zigzag(g, k, mid + shift, w, c);
            // In the middle of the view as it opens (TimedLabels keeps the labels clear of it there), not of a
            // width a long call's line widened, and shorter where the view is narrow: at 1024 px it was cut.
            TimedLabels.FoldLabel label = TimedLabels.fold(k, msg, f, viewW);
            LabelPlaces.Box halo = label.halo();
            g.setFill(c.background());
            g.fillRect(halo.left(), halo.top() + shift, halo.width(), halo.height());
            g.setFill(c.mutedColor());
            g.setFont(k.italic);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(label.shown(), label.centre(), mid + shift);
        }
    }

    private static void zigzag(GraphicsContext g, DiagramMetrics k, double y, double w, SequenceDiagram c) {
        int n = (int) Math.max(2, (w - 8) / k.fs) + 1;
        double[] xs = new double[n], ys = new double[n];
        double z = k.fs * 0.3;
        for (int i = 0; i < n; i++) {
            xs[i] = 4 + i * k.fs;
            ys[i] = y + (i % 2 == 0 ? -z : z);
        }
        g.setStroke(c.lifelineColor());
        g.setLineWidth(1.2);
        g.setLineDashes(4, 3);
        g.strokePolyline(xs, ys, n);
        g.setLineDashes();
    }
}
