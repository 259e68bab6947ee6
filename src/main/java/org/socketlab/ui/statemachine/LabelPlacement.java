package org.socketlab.ui.statemachine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;

/** Where the labelled drawing's arrow labels go: off the boxes and off each other, per language. */
final class LabelPlacement {
    private LabelPlacement() {
    }

    /**
     * Puts every label where it overlaps no box and no label placed before it: first where the layout suggests, then
     * along its arrow and off to either side of it. The RST labels (one is shown at a time) avoid the others.
     */
    static void place(Map<String, Arrow> arrows, Collection<Bounds> boxes, double width, double height) {
        List<Bounds> taken = new ArrayList<>(boxes);
        for (TcpDiagram.Edge e : TcpDiagram.EDGES) placeOne(arrows.get(e.id()), taken, true, width, height);
        List<Bounds> fixed = List.copyOf(taken);
        for (TcpDiagram.Edge e : TcpDiagram.RST_EDGES)
            placeOne(arrows.get(e.id()), new ArrayList<>(fixed), false, width, height);
    }

    private static void placeOne(Arrow a, List<Bounds> taken, boolean keep, double width, double height) {
        a.label.applyCss();
        a.label.autosize();
        double lw = a.label.getWidth(), lh = a.label.getHeight();
        Point2D start = new Point2D(a.line.getStartX(), a.line.getStartY()),
                end = new Point2D(a.line.getEndX(), a.line.getEndY());
        Point2D d = end.subtract(start).normalize(), n = new Point2D(-d.getY(), d.getX());
        // How far off the line a label's centre must be for the label to clear it.
        double clear = Math.abs(n.getX()) * lw / 2 + Math.abs(n.getY()) * lh / 2 + 4;
        List<Point2D> tries = new ArrayList<>();
        tries.add(a.labelAt);
        double[] offsets = {0, clear, -clear, clear + lh, -clear - lh, TcpDiagram.BOX_H / 2 + lh / 2 + 6,
                -TcpDiagram.BOX_H / 2 - lh / 2 - 6, TcpDiagram.BOX_H / 2 + lh * 1.5 + 8,
                -TcpDiagram.BOX_H / 2 - lh * 1.5 - 8, TcpDiagram.BOX_H / 2 + lh * 2.5 + 10,
                -TcpDiagram.BOX_H / 2 - lh * 2.5 - 10};
        // Along the arrow, nearest the suggested place first; then further off to either side.
        List<Double> along = new ArrayList<>();
        for (int k = 1; k < 20; k++) along.add(k / 20.0);
        along.sort(Comparator.comparingDouble(t -> Math.abs(t - a.edge.at())));
        for (double off : offsets)
            for (double t : along) tries.add(start.add(end.subtract(start).multiply(t)).add(n.multiply(off)));
        Bounds best = null;
        double bestOverlap = Double.MAX_VALUE;
        for (Point2D c : tries) {
            Bounds r = new BoundingBox(c.getX() - lw / 2, c.getY() - lh / 2, lw, lh);
            if (r.getMinX() < 0 || r.getMinY() < 0 || r.getMaxX() > width || r.getMaxY() > height)
                continue;
            double overlap = 0;
            for (Bounds o : taken) overlap += overlapArea(r, o, 3);
            if (overlap < bestOverlap) {
                bestOverlap = overlap;
                best = r;
                if (overlap == 0) break;
            }
        }
        if (best == null)
            best = new BoundingBox(a.labelAt.getX() - lw / 2, a.labelAt.getY() - lh / 2, lw, lh);
        a.label.relocate(best.getMinX(), best.getMinY());
        if (keep) taken.add(best);
    }

    private static double overlapArea(Bounds a, Bounds b, double gap) {
        double w = Math.min(a.getMaxX() + gap, b.getMaxX()) - Math.max(a.getMinX() - gap, b.getMinX());
        double h = Math.min(a.getMaxY() + gap, b.getMaxY()) - Math.max(a.getMinY() - gap, b.getMinY());
        return w > 0 && h > 0 ? w * h : 0;
    }

}
