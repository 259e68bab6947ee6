package org.socketlab.ui.statemachine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.scene.transform.Scale;
import javafx.util.Duration;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.TcpState;
import org.socketlab.ui.common.EndpointStyle;

/**
 * Draws the diagram once as scene-graph nodes on a fixed logical canvas ({@link TcpDiagram#WIDTH} x
 * {@link TcpDiagram#HEIGHT}), scaled by the zoom and never smaller than the sequence diagram's labels: the logical
 * edge labels are {@link #LABEL_PX} and the scale makes them {@code -sl-label-size} on screen, so 200 % draws
 * everything twice as large as 100 %. A larger pane scales it up to fit; a smaller one scrolls, and shows the part that
 * matters now (the states with sockets in them and the last transition). On each new picture it only moves badges and
 * style classes, and pulses the arrows of the last transition. The labels are placed where they overlap no other label
 * and no box, per language.
 */
final class StateMachineDiagramSkin extends SkinBase<StateMachineDiagram> {
    /** The edge labels' size on the logical canvas; the state names are larger ({@code statemachine.css}). */
    static final double LABEL_PX = 15;
    private final Pane canvas = new Pane();
    private final Group scaled = new Group(canvas);
    private final StackPane centred = new StackPane(scaled);
    private final ScrollPane scroll = new ScrollPane(centred);
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Map<String, StateBox> boxes = new HashMap<>();
    private final Map<String, Arrow> arrows = new HashMap<>();
    private final Timeline pulse = new Timeline();
    private long pulsedSeq = -1;
    /** Labels must be placed again (new texts or a new label size). */
    private boolean placeLabels = true;
    /** What the view was last centred on: it is centred again only when this changes, so a scroll by hand stays. */
    private String centredOn = "";
    /** The compact drawing (presenter mode): boxes close together, no edge labels, the whole machine fitted. */
    private final boolean compact, dense, narrow;
    private final double width, boxH;
    /** The logical height: the narrow and compact drawings' grows with the badges in their boxes. */
    private double height;
    /** Each state box's centre and height on the logical canvas, by node id (the narrow and compact drawings' move). */
    private final Map<String, Point2D> centres = new HashMap<>();
    private final Map<String, Double> heights = new HashMap<>();

    StateMachineDiagramSkin(StateMachineDiagram control) {
        super(control);
        compact = control.compact();
        dense = control.dense();
        narrow = control.narrow();
        width = narrow
                ? TcpDiagram.NARROW_WIDTH
                : dense ? TcpDiagram.DENSE_WIDTH : compact ? TcpDiagram.COMPACT_WIDTH : TcpDiagram.WIDTH;
        height = dense ? TcpDiagram.DENSE_HEIGHT : compact ? TcpDiagram.COMPACT_HEIGHT : TcpDiagram.HEIGHT;
        boxH = dense || narrow ? TcpDiagram.DENSE_BOX_H : TcpDiagram.BOX_H;
        for (TcpDiagram.Node n : TcpDiagram.NODES) {
            heights.put(n.id(), boxH);
            centres.put(n.id(), narrow ? new Point2D(TcpDiagram.narrowX(n), 0) : fixedCentre(n));
        }
        if (narrow) height = narrowRows(heights);
        canvas.getStyleClass().add("diagram-canvas");
        canvas.setPrefSize(width, height);
        canvas.resize(width, height);
        canvas.setMinSize(width, height);
        canvas.setMaxSize(width, height);
        canvas.getTransforms().setAll(scale);
        canvas.getStylesheets().add(EndpointStyle.stylesheet());
        scroll.getStyleClass().addAll("edge-to-edge", "state-machine-scroll");
        scroll.setPannable(true);
        if (compact && !narrow) { // fitted whole: never a scroll bar
            scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        }
        // The drawing in the middle of the pane when it is smaller than the pane.
        // Set only on a real change: the scroll pane sets new (equal) viewport bounds on every layout, and a binding
        // would invalidate the minimum each time, which asks for another layout: a pulse every frame for ever.
        scroll.viewportBoundsProperty().addListener((obs, was, now) -> {
            if (centred.getMinWidth() != now.getWidth()) centred.setMinWidth(now.getWidth());
            if (centred.getMinHeight() != now.getHeight()) centred.setMinHeight(now.getHeight());
        });
        // RST edges join every synchronized state to CLOSED: drawn only while one is the last transition.
        for (TcpDiagram.Edge e : Stream.concat(TcpDiagram.EDGES.stream(), TcpDiagram.RST_EDGES.stream()).toList()) {
            Arrow a = new Arrow(e);
            arrows.put(e.id(), a);
            canvas.getChildren().addAll(a.pulse, a.line, a.head);
        }
        placeArrows();
        for (TcpDiagram.Node n : TcpDiagram.NODES) {
            // Rows close together: a box alone in its row puts its badges beside its name, not onto the box below
            // (a socket in CLOSED covered LISTEN during a lesson's playback, issue 43). The narrow drawing has no room
            // beside: its badges wrap under the name, and its rows make room for them.
            StateBox b = new StateBox(n, boxH,
                    compact && !narrow && TcpDiagram.NODES.stream().noneMatch(o -> o != n && o.y() == n.y())
                            ? width - 20
                            : 0,
                    narrow);
            boxes.put(n.id(), b);
            canvas.getChildren().add(b);
        }
        // Labels last, so they sit over the arrows they name. The compact drawing has no room for them: the caption
        // beside it says the last transition in words.
        if (!compact) for (Arrow a : arrows.values()) canvas.getChildren().add(a.label);
        getChildren().add(scroll);
        control.pictureProperty().addListener((obs, old, now) -> show(now));
        control.messagesProperty().addListener((obs, old, now) -> relabel(now));
        relabel(control.messagesProperty().get());
        show(control.pictureProperty().get());
    }

    private void relabel(Messages m) {
        for (Arrow a : arrows.values()) a.label.setText(m.get(a.edge.labelKey()));
        placeLabels = true;
        show(getSkinnable().pictureProperty().get());
        getSkinnable().requestLayout();
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
        getSkinnable().requestLayout();
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

    /** The scale from the logical canvas to the screen: labels at the zoom's label size, larger when the pane allows. */
    double drawingScale() {
        return scale.getX();
    }

    /** The logical rectangles of every state box, by node id (for tests and placing labels). */
    Map<String, Bounds> boxBounds() {
        Map<String, Bounds> all = new LinkedHashMap<>();
        for (TcpDiagram.Node n : TcpDiagram.NODES) all.put(n.id(), boxRect(n));
        return all;
    }

    private static Rectangle2D union(Rectangle2D a, Bounds b) {
        if (a == null) return new Rectangle2D(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
        double x = Math.min(a.getMinX(), b.getMinX()), y = Math.min(a.getMinY(), b.getMinY());
        return new Rectangle2D(x, y, Math.max(a.getMaxX(), b.getMaxX()) - x,
                Math.max(a.getMaxY(), b.getMaxY()) - y);
    }

    private Bounds boxRect(TcpDiagram.Node n) {
        Point2D c = centre(n);
        double h = heights.get(n.id());
        return new BoundingBox(c.getX() - TcpDiagram.BOX_W / 2, c.getY() - h / 2, TcpDiagram.BOX_W, h);
    }

    /** Where a state's box is centred in this drawing now. */
    private Point2D centre(TcpDiagram.Node n) {
        return centres.get(n.id());
    }

    /** Where a state's box is centred in the drawings whose boxes never move. */
    private Point2D fixedCentre(TcpDiagram.Node n) {
        return compact
                ? new Point2D(TcpDiagram.compactX(n, dense), TcpDiagram.compactY(n, dense))
                : new Point2D(n.x(), n.y());
    }

    /** Every arrow between the boxes where they are now. */
    private void placeArrows() {
        for (Arrow a : arrows.values()) {
            TcpDiagram.Node from = TcpDiagram.node(a.edge.from()).orElseThrow(),
                    to = TcpDiagram.node(a.edge.to()).orElseThrow();
            a.place(centre(from), centre(to), heights.get(from.id()), heights.get(to.id()));
        }
    }

    /**
     * The narrow drawing's rows, top to bottom, each as high as its highest box ({@code heights}) and apart by a
     * gap an arrow reads in: sets each box's centre and returns the drawing's height.
     */
    private double narrowRows(Map<String, Double> heights) {
        double[] rowH = new double[TcpDiagram.NARROW_ROWS];
        for (TcpDiagram.Node n : TcpDiagram.NODES)
            rowH[TcpDiagram.narrowRow(n)] = Math.max(rowH[TcpDiagram.narrowRow(n)], heights.get(n.id()));
        double[] mid = new double[rowH.length];
        double y = TcpDiagram.NARROW_MARGIN;
        for (int r = 0; r < rowH.length; r++) {
            mid[r] = y + rowH[r] / 2;
            y += rowH[r] + TcpDiagram.NARROW_ROW_GAP;
        }
        for (TcpDiagram.Node n : TcpDiagram.NODES)
            centres.put(n.id(), new Point2D(TcpDiagram.narrowX(n), mid[TcpDiagram.narrowRow(n)]));
        return y - TcpDiagram.NARROW_ROW_GAP + TcpDiagram.NARROW_MARGIN;
    }

    /** The narrow drawing's boxes as high as their badges make them, the rows apart, the arrows between them again. */
    private void layoutNarrow() {
        Map<String, Double> now = new HashMap<>();
        for (StateBox b : boxes.values()) now.put(b.node.id(), Math.max(boxH, b.prefHeight(TcpDiagram.BOX_W)));
        if (!now.equals(heights)) {
            heights.putAll(now);
            height = narrowRows(heights);
            canvas.setMinSize(width, height);
            canvas.setPrefSize(width, height);
            canvas.setMaxSize(width, height);
            placeArrows();
        }
    }

    /**
     * The compact drawings' rows (presenter's and dense): each box on the fixed grid, lower when a box of a row above
     * that shares some of its width has grown with its badges into more than half the grid's gap (the other half
     * stays for the arrow between them). A side box with two badges grew about its centre over the box below
     * (CLOSE_WAIT over LAST_ACK at 1920x1080, issue 57); a box with one badge fits in the gap, so the drawing keeps its
     * size (the presenter's names stay at their least size at 200 % at 1280x720: PresenterZoomFxTest).
     */
    private void layoutCompact() {
        Map<String, Point2D> size = new HashMap<>(), now = new HashMap<>();
        for (StateBox b : boxes.values()) size.put(b.node.id(), boxSize(b));
        double gap = TcpDiagram.compactRowGap(dense) / 2, shift = 0, bottom = 0;
        List<TcpDiagram.Node> above = new ArrayList<>();
        for (int row = 0; row < TcpDiagram.COMPACT_ROWS; row++) {
            int r = row;
            List<TcpDiagram.Node> inRow = TcpDiagram.NODES.stream().filter(n -> TcpDiagram.compactRow(n) == r)
                    .toList();
            double grid = fixedCentre(inRow.getFirst()).getY(), y = grid + shift;
            for (TcpDiagram.Node n : inRow) {
                Point2D mine = size.get(n.id());
                y = Math.max(y, mine.getY() / 2 + 4); // a tall box in the top row stays in the drawing
                for (TcpDiagram.Node o : above) {
                    Point2D theirs = size.get(o.id()), at = now.get(o.id());
                    if (Math.abs(at.getX() - fixedCentre(n).getX()) < (mine.getX() + theirs.getX()) / 2)
                        y = Math.max(y, at.getY() + theirs.getY() / 2 + gap + mine.getY() / 2);
                }
            }
            shift = y - grid;
            for (TcpDiagram.Node n : inRow) {
                now.put(n.id(), new Point2D(fixedCentre(n).getX(), y));
                bottom = Math.max(bottom, y + size.get(n.id()).getY() / 2);
            }
            above.addAll(inRow);
        }
        double tall = Math.max((dense ? TcpDiagram.DENSE_HEIGHT : TcpDiagram.COMPACT_HEIGHT) + shift, bottom + 6);
        boolean moved = !now.equals(centres) || tall != height;
        for (StateBox b : boxes.values()) {
            moved |= heights.get(b.node.id()) != size.get(b.node.id()).getY();
            heights.put(b.node.id(), size.get(b.node.id()).getY());
        }
        if (!moved) return;
        centres.putAll(now);
        height = tall;
        canvas.setMinSize(width, height);
        canvas.setPrefSize(width, height);
        canvas.setMaxSize(width, height);
        placeArrows(); // from the boxes' borders where they are now
    }

    /** How wide and high a box is drawn: a box alone in its row grows sideways, the compact drawings' downwards too. */
    private Point2D boxSize(StateBox b) {
        double bw = Math.max(TcpDiagram.BOX_W, Math.min(b.getMaxWidth(), b.prefWidth(-1)));
        return new Point2D(bw, compact ? Math.max(boxH, b.prefHeight(bw)) : boxH);
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        for (StateBox b : boxes.values()) {
            if (b.badges instanceof NameLine line) line.keepToTwoLines();
            if (b.badges instanceof BadgeColumn column)
                column.keepEachToOneLine(TcpDiagram.BOX_W - b.snappedLeftInset() - b.snappedRightInset());
        }
        if (narrow) layoutNarrow();
        else if (compact) layoutCompact();
        double least = narrow
                ? getSkinnable().nameSize() / PresenterStateMachine.NAME_PX
                : compact ? 0 : getSkinnable().labelSize() / LABEL_PX;
        double fit = Math.min(w / width, h / height);
        double s = Math.max(least, fit);
        if (scale.getX() != s) {
            scale.setX(s);
            scale.setY(s);
        }
        canvas.resize(width, height);
        for (StateBox b : boxes.values()) {
            Point2D c = centre(b.node), size = boxSize(b);
            // Boxes grow about their centre (the compact drawings' higher with badges, their rows making room).
            if (narrow) b.resize(size.getX(), size.getY());
            b.relocate(c.getX() - size.getX() / 2, c.getY() - size.getY() / 2);
        }
        if (placeLabels && !compact) {
            placeLabels = false;
            LabelPlacement.place(arrows, boxBounds().values(), width, height);
        }
        scroll.resizeRelocate(x, y, w, h);
        centreOnNow(w, h, s);
    }

    /**
     * Scrolls so that what matters now is in the middle: the state of the socket the calls are moving (or that the last
     * transition reached) with every state it can go to next, then where the last transition came from and the other
     * states with sockets in them, as many as the pane shows (the top of the machine when there is none). Only when
     * that, the scale or the pane's size changed, so a scroll by hand stays until the state moves.
     */
    private void centreOnNow(double w, double h, double s) {
        StateMachineViewModel.Picture p = getSkinnable().pictureProperty().get();
        SequencedSet<String> first = new LinkedHashSet<>(), more = new LinkedHashSet<>();
        String focus = p.focus();
        if (focus != null) {
            first.add(focus);
            more.addAll(TcpDiagram.next(focus));
        }
        if (p.lastTcp() != null) for (TcpDiagram.Edge e : p.lastTcp().path().reversed()) more.add(e.from());
        for (TcpDiagram.Node n : TcpDiagram.NODES) if (!p.tcpAt(n.id()).isEmpty()) more.add(n.id());
        // Nothing yet: where every socket starts, and the first calls out of it.
        if (first.isEmpty() && more.isEmpty())
            more.addAll(
                    Stream.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_SENT).map(TcpDiagram::nodeOf).toList());
        if (first.isEmpty()) first.add(more.removeFirst());
        more.removeAll(first);
        String key = first + "+" + more + "@" + Math.round(s * 1000) + "/" + Math.round(w) + "x" + Math.round(h)
                + "/" + Math.round(height);
        if (key.equals(centredOn)) return;
        centredOn = key;
        // The scroll pane lays out its content at this size first, so the values mean what they say.
        scroll.layout();
        double vw = scroll.getViewportBounds().getWidth(), vh = scroll.getViewportBounds().getHeight();
        Rectangle2D area = null;
        for (String id : first) area = union(area, boxRect(TcpDiagram.node(id).orElseThrow()));
        for (String id : more) {
            Rectangle2D wider = union(area, boxRect(TcpDiagram.node(id).orElseThrow()));
            if (wider.getWidth() * s <= vw && wider.getHeight() * s <= vh) area = wider;
        }
        double cx = (area.getMinX() + area.getMaxX()) / 2 * s, cy = (area.getMinY() + area.getMaxY()) / 2 * s;
        double cw = width * s, ch = height * s;
        scroll.setHvalue(cw > vw ? Math.clamp((cx - vw / 2) / (cw - vw), 0, 1) : 0);
        scroll.setVvalue(ch > vh ? Math.clamp((cy - vh / 2) / (ch - vh), 0, 1) : 0);
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return width * 0.75 + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return height * 0.75 + top + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 200;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 150;
    }
}
