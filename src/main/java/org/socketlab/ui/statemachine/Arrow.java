package org.socketlab.ui.statemachine;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/** A transition: a line between two boxes, an arrow head, its "event / action" label, and a glow for pulsing. */
final class Arrow {
    final TcpDiagram.Edge edge;
    final Line line = new Line(), pulse = new Line();
    final Polygon head = new Polygon();
    final Label label = new Label();
    Point2D labelAt = Point2D.ZERO;

    Arrow(TcpDiagram.Edge edge) {
        this.edge = edge;
        line.getStyleClass().add("edge-line");
        head.getStyleClass().add("edge-head");
        pulse.getStyleClass().add("edge-pulse");
        pulse.setOpacity(0);
        pulse.setMouseTransparent(true);
        label.getStyleClass().add("edge-label");
        label.setId("edge-" + edge.from() + "-" + (edge.reset() ? "RST-" : "") + edge.to());
        line.setId("line-" + edge.from() + "-" + (edge.reset() ? "RST-" : "") + edge.to());
        if (edge.reset()) {
            for (Node part : List.of(line, head, label)) part.getStyleClass().add("reset");
            for (Node part : List.of(line, head, label, pulse)) part.setVisible(false);
        }
    }

    /** Between boxes centred at {@code a} and {@code b}, {@code ha} and {@code hb} high, from border to border. */
    void place(Point2D a, Point2D b, double ha, double hb) {
        Point2D d = b.subtract(a).normalize();
        Point2D side = new Point2D(-d.getY(), d.getX()).multiply(edge.bend());
        Point2D from = a.add(side), to = b.add(side);
        Point2D start = from.add(d.multiply(exit(d, ha))), end = to.subtract(d.multiply(exit(d, hb) + 2));
        for (Line l : new Line[]{line, pulse}) {
            l.setStartX(start.getX());
            l.setStartY(start.getY());
            l.setEndX(end.getX());
            l.setEndY(end.getY());
        }
        Point2D n = new Point2D(-d.getY(), d.getX());
        Point2D tip = end, back = end.subtract(d.multiply(16));
        head.getPoints().setAll(tip.getX(), tip.getY(),
                back.getX() + n.getX() * 7, back.getY() + n.getY() * 7,
                back.getX() - n.getX() * 7, back.getY() - n.getY() * 7);
        labelAt = start.add(end.subtract(start).multiply(edge.at())).add(edge.labelDx(), edge.labelDy());
    }

    /** How far from a box's centre, along {@code d}, its border is (with a small gap). */
    private static double exit(Point2D d, double boxH) {
        double hw = TcpDiagram.BOX_W / 2 + 6, hh = boxH / 2 + 6;
        double tx = Math.abs(d.getX()) < 1e-9 ? Double.MAX_VALUE : hw / Math.abs(d.getX());
        double ty = Math.abs(d.getY()) < 1e-9 ? Double.MAX_VALUE : hh / Math.abs(d.getY());
        return Math.min(tx, ty);
    }

    void setLast(boolean on, String endpointStyle, boolean inferred) {
        if (edge.reset()) for (Node n : List.of(line, head, label, pulse)) n.setVisible(on);
        for (Node n : List.of(line, head, label, pulse)) {
            n.getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("last") || c.equals("passed"));
            if (on) {
                n.getStyleClass().addAll("last", endpointStyle);
                if (inferred) n.getStyleClass().add("passed");
            }
        }
    }
}
