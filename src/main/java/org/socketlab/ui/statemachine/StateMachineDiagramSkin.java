package org.socketlab.ui.statemachine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.util.Duration;
import org.socketlab.i18n.Messages;
import org.socketlab.ui.common.EndpointStyle;

/**
 * Draws the diagram once as scene-graph nodes on a fixed logical canvas ({@link TcpDiagram#WIDTH} x
 * {@link TcpDiagram#HEIGHT}) scaled to fit, so it stays sharp at any size; on each new picture it only moves
 * badges and style classes, and pulses the arrows of the last transition.
 */
final class StateMachineDiagramSkin extends SkinBase<StateMachineDiagram> {
    private final Pane canvas = new Pane();
    private final Group scaled = new Group(canvas);
    private final Map<String, StateBox> boxes = new HashMap<>();
    private final Map<String, Arrow> arrows = new HashMap<>();
    private final Timeline pulse = new Timeline();
    private long pulsedSeq = -1;

    StateMachineDiagramSkin(StateMachineDiagram control) {
        super(control);
        canvas.getStyleClass().add("diagram-canvas");
        canvas.setPrefSize(TcpDiagram.WIDTH, TcpDiagram.HEIGHT);
        canvas.resize(TcpDiagram.WIDTH, TcpDiagram.HEIGHT);
        canvas.getStylesheets().add(EndpointStyle.stylesheet());
        for (TcpDiagram.Edge e : TcpDiagram.EDGES) {
            Arrow a = new Arrow(e);
            arrows.put(e.id(), a);
            canvas.getChildren().addAll(a.pulse, a.line, a.head);
        }
        // RST edges join every synchronized state to CLOSED: drawn only while one is the last transition.
        for (TcpDiagram.Edge e : TcpDiagram.RST_EDGES) {
            Arrow a = new Arrow(e);
            arrows.put(e.id(), a);
            canvas.getChildren().addAll(a.pulse, a.line, a.head);
        }
        for (TcpDiagram.Node n : TcpDiagram.NODES) {
            StateBox b = new StateBox(n);
            boxes.put(n.id(), b);
            canvas.getChildren().add(b);
        }
        // Labels last, so they sit over the arrows they name.
        for (Arrow a : arrows.values()) canvas.getChildren().add(a.label);
        getChildren().add(scaled);
        control.pictureProperty().addListener((obs, old, now) -> show(now));
        control.messagesProperty().addListener((obs, old, now) -> relabel(now));
        relabel(control.messagesProperty().get());
        show(control.pictureProperty().get());
    }

    private void relabel(Messages m) {
        for (Arrow a : arrows.values()) a.label.setText(m.get(a.edge.labelKey()));
        show(getSkinnable().pictureProperty().get());
        canvas.requestLayout();
    }

    private void show(StateMachineViewModel.Picture p) {
        for (StateBox b : boxes.values()) b.show(p.tcpAt(b.node.id()), getSkinnable().messagesProperty().get());
        StateMachineViewModel.Moved last = p.lastTcp();
        List<TcpDiagram.Edge> path = last == null ? List.of() : last.path();
        String ep = last == null ? null : EndpointStyle.of(last.endpoint());
        for (Arrow a : arrows.values()) {
            boolean on = path.contains(a.edge);
            a.setLast(on, on ? ep : null, on && !last.direct());
        }
        if (last != null && last.seq() != pulsedSeq) {
            pulsedSeq = last.seq();
            startPulse(path);
        }
    }

    /** The arrows of the newest transition glow a few times, then stay highlighted. */
    private void startPulse(List<TcpDiagram.Edge> path) {
        pulse.stop();
        pulse.getKeyFrames().clear();
        for (Arrow a : arrows.values()) a.pulse.setOpacity(0);
        for (TcpDiagram.Edge e : path) {
            Line glow = arrows.get(e.id()).pulse;
            pulse.getKeyFrames().addAll(new KeyFrame(Duration.ZERO, new KeyValue(glow.opacityProperty(), 0)),
                    new KeyFrame(Duration.millis(450), new KeyValue(glow.opacityProperty(), 0.6)),
                    new KeyFrame(Duration.millis(900), new KeyValue(glow.opacityProperty(), 0)));
        }
        pulse.setCycleCount(4);
        pulse.playFromStart();
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double scale = Math.min(w / TcpDiagram.WIDTH, h / TcpDiagram.HEIGHT);
        canvas.setScaleX(1);
        canvas.getTransforms().setAll(new javafx.scene.transform.Scale(scale, scale, 0, 0));
        canvas.resize(TcpDiagram.WIDTH, TcpDiagram.HEIGHT);
        // Centre the scaled drawing.
        scaled.relocate(x + (w - TcpDiagram.WIDTH * scale) / 2, y + (h - TcpDiagram.HEIGHT * scale) / 2);
        for (StateBox b : boxes.values())
            b.relocate(b.node.x() - TcpDiagram.BOX_W / 2, b.node.y() - TcpDiagram.BOX_H / 2);
        // Labels are drawn scaled with the whole drawing: in a small pane they would shrink to a few px, so they
        // grow in the drawing's units until they read at the zoom's label size on screen (bounded, to stay near their arrows).
        double labelPx = Math.clamp(getSkinnable().labelSize() / Math.max(0.05, scale), 15, 30);
        String labelStyle = String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", labelPx);
        for (Arrow a : arrows.values()) {
            if (!labelStyle.equals(a.label.getStyle())) a.label.setStyle(labelStyle);
            a.label.autosize();
            a.label.relocate(a.labelAt.getX() - a.label.getWidth() / 2, a.labelAt.getY() - a.label.getHeight() / 2);
        }
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return TcpDiagram.WIDTH * 0.75 + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return TcpDiagram.HEIGHT * 0.75 + top + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 200;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 150;
    }

    /** A state: its RFC name and a badge per socket in it, framed in the endpoint's colour when occupied. */
    private static final class StateBox extends VBox {
        final TcpDiagram.Node node;
        private final FlowPane badges = new FlowPane(6, 4);

        StateBox(TcpDiagram.Node node) {
            this.node = node;
            setId("state-" + node.id());
            getStyleClass().add("state-box");
            Label name = new Label(node.state());
            name.getStyleClass().add("state-name");
            badges.getStyleClass().add("state-badges");
            badges.setAlignment(Pos.CENTER);
            badges.setPrefWrapLength(TcpDiagram.BOX_W - 16);
            setAlignment(Pos.CENTER);
            // The canvas (a plain Pane) sizes children to their preferred size: make that the box size.
            setMinWidth(TcpDiagram.BOX_W);
            setPrefWidth(TcpDiagram.BOX_W);
            setMaxWidth(TcpDiagram.BOX_W);
            setMinHeight(TcpDiagram.BOX_H);
            getChildren().addAll(name, badges);
            badges.setVisible(false);
            badges.setManaged(false);
        }

        void show(List<StateMachineViewModel.Badge> in, Messages messages) {
            getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("occupied") || c.equals("mixed"));
            badges.getChildren().clear();
            badges.setVisible(!in.isEmpty());
            badges.setManaged(!in.isEmpty());
            if (in.isEmpty()) return;
            getStyleClass().add("occupied");
            long endpoints = in.stream().map(StateMachineViewModel.Badge::endpoint).distinct().count();
            getStyleClass().add(endpoints == 1 ? EndpointStyle.of(in.getFirst().endpoint()) : "mixed");
            for (StateMachineViewModel.Badge b : in) {
                Label badge = new Label(org.socketlab.i18n.Names.endpoint(b.endpoint(), messages) + " " + b.fd());
                badge.getStyleClass().addAll("fd-badge", EndpointStyle.of(b.endpoint()));
                if (!b.open()) badge.getStyleClass().add("closed");
                badges.getChildren().add(badge);
            }
        }
    }

    /** A transition: a line between two boxes, an arrow head, its "event / action" label, and a glow for pulsing. */
    private static final class Arrow {
        final TcpDiagram.Edge edge;
        final Line line = new Line(), pulse = new Line();
        final Polygon head = new Polygon();
        final Label label = new Label();
        final Point2D labelAt;

        Arrow(TcpDiagram.Edge edge) {
            this.edge = edge;
            TcpDiagram.Node a = TcpDiagram.node(edge.from()).orElseThrow(),
                    b = TcpDiagram.node(edge.to()).orElseThrow();
            Point2D d = new Point2D(b.x() - a.x(), b.y() - a.y()).normalize();
            Point2D side = new Point2D(-d.getY(), d.getX()).multiply(edge.bend());
            Point2D from = new Point2D(a.x(), a.y()).add(side), to = new Point2D(b.x(), b.y()).add(side);
            Point2D start = from.add(d.multiply(exit(d))), end = to.subtract(d.multiply(exit(d) + 2));
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
            line.getStyleClass().add("edge-line");
            head.getStyleClass().add("edge-head");
            pulse.getStyleClass().add("edge-pulse");
            pulse.setOpacity(0);
            pulse.setMouseTransparent(true);
            label.getStyleClass().add("edge-label");
            label.setId("edge-" + edge.from() + "-" + (edge.reset() ? "RST-" : "") + edge.to());
            if (edge.reset()) {
                for (javafx.scene.Node part : List.of(line, head, label)) part.getStyleClass().add("reset");
                for (javafx.scene.Node part : List.of(line, head, label, pulse)) part.setVisible(false);
            }
            labelAt = start.add(end.subtract(start).multiply(edge.at())).add(edge.labelDx(), edge.labelDy());
        }

        /** How far from a box's centre, along {@code d}, its border is (with a small gap). */
        private static double exit(Point2D d) {
            double hw = TcpDiagram.BOX_W / 2 + 6, hh = TcpDiagram.BOX_H / 2 + 6;
            double tx = Math.abs(d.getX()) < 1e-9 ? Double.MAX_VALUE : hw / Math.abs(d.getX());
            double ty = Math.abs(d.getY()) < 1e-9 ? Double.MAX_VALUE : hh / Math.abs(d.getY());
            return Math.min(tx, ty);
        }

        void setLast(boolean on, String endpointStyle, boolean inferred) {
            if (edge.reset()) for (javafx.scene.Node n : List.of(line, head, label, pulse)) n.setVisible(on);
            for (javafx.scene.Node n : List.of(line, head, label, pulse)) {
                n.getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("last") || c.equals("passed"));
                if (on) {
                    n.getStyleClass().addAll("last", endpointStyle);
                    if (inferred) n.getStyleClass().add("passed");
                }
            }
        }
    }
}
