package org.socketlab.ui.statemachine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
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
    /** The logical height: the narrow drawing's grows with the badges in its boxes. */
    private double height;
    /** Each state box's centre and height on the logical canvas, by node id (the narrow drawing's move). */
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

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        if (narrow) layoutNarrow();
        double least = narrow
                ? getSkinnable().nameSize() / PresenterStateMachine.NAME_PX
                : compact ? 0 : getSkinnable().labelSize() / LABEL_PX;
        double fit = Math.min(w / width, h / tall());
        double s = Math.max(least, fit);
        if (scale.getX() != s) {
            scale.setX(s);
            scale.setY(s);
        }
        canvas.resize(width, height);
        for (StateBox b : boxes.values()) {
            if (b.badges instanceof NameLine line) line.keepToTwoLines();
            if (b.badges instanceof BadgeColumn column)
                column.keepEachToOneLine(TcpDiagram.BOX_W - b.snappedLeftInset() - b.snappedRightInset());
            Point2D c = centre(b.node);
            // Boxes grow about their centre (the dense drawing's higher with a badge), staying off their neighbours.
            double bw = Math.max(TcpDiagram.BOX_W, Math.min(b.getMaxWidth(), b.prefWidth(-1)));
            double bh = compact ? Math.max(boxH, b.prefHeight(bw)) : boxH;
            if (narrow) b.resize(bw, bh);
            b.relocate(c.getX() - bw / 2, c.getY() - bh / 2);
        }
        if (placeLabels && !compact) {
            placeLabels = false;
            place();
        }
        scroll.resizeRelocate(x, y, w, h);
        centreOnNow(w, h, s);
    }

    /** How high the whole drawing is: a box with badges is taller than the others, the dense drawing fits it too. */
    private double tall() {
        double tall = height;
        if (dense)
            for (StateBox b : boxes.values())
                tall = Math.max(tall, centre(b.node).getY() + b.prefHeight(TcpDiagram.BOX_W) / 2 + 4);
        return tall;
    }

    /**
     * Puts every label where it overlaps no box and no label placed before it: first where the layout suggests, then
     * along its arrow and off to either side of it. The RST labels (one is shown at a time) avoid the others.
     */
    private void place() {
        List<Bounds> taken = new ArrayList<>(boxBounds().values());
        for (TcpDiagram.Edge e : TcpDiagram.EDGES) placeOne(arrows.get(e.id()), taken, true);
        List<Bounds> fixed = List.copyOf(taken);
        for (TcpDiagram.Edge e : TcpDiagram.RST_EDGES)
            placeOne(arrows.get(e.id()), new ArrayList<>(fixed), false);
    }

    private void placeOne(Arrow a, List<Bounds> taken, boolean keep) {
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

    /** A state: its RFC name and a badge per socket in it, framed in the endpoint's colour when occupied. */
    private static final class StateBox extends VBox {
        final TcpDiagram.Node node;
        private final Label name = new Label();
        /** Where the badges go: under the name, or (a box alone in its row) the name's own line. */
        private final Pane badges;
        private final boolean wide;

        /**
         * {@code wide} > 0: the badges on the name's line, the box growing about its centre up to that width. Else each
         * badge on its own line under the name, inside the box's width: {@code narrow}, wrapped (its rows make room);
         * else in smaller type first (the other drawings' rows are close together), wrapped only past that.
         */
        StateBox(TcpDiagram.Node node, double boxH, double wide, boolean narrow) {
            this.node = node;
            this.wide = wide > 0;
            setId("state-" + node.id());
            getStyleClass().add("state-box");
            name.setText(node.state());
            name.getStyleClass().add("state-name");
            NameLine flow = this.wide ? new NameLine(wide - 2 * BOX_INSET) : null;
            badges = flow != null ? flow : new BadgeColumn(!narrow);
            badges.getStyleClass().add("state-badges");
            setAlignment(Pos.CENTER);
            // The canvas (a plain Pane) sizes children to their preferred size: make that the box size.
            setMinWidth(TcpDiagram.BOX_W);
            setPrefWidth(TcpDiagram.BOX_W);
            setMaxWidth(this.wide ? wide : TcpDiagram.BOX_W);
            if (this.wide) setPrefWidth(USE_COMPUTED_SIZE);
            setMinHeight(boxH);
            if (this.wide) {
                flow.getChildren().add(name);
                getChildren().add(flow);
            } else {
                getChildren().addAll(name, badges);
                badges.setVisible(false);
                badges.setManaged(false);
            }
        }

        void show(List<StateMachineViewModel.Badge> in, Messages messages) {
            getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("occupied") || c.equals("mixed"));
            badges.getChildren().removeIf(n -> n != name);
            if (badges instanceof NameLine line) line.newBadges();
            if (badges instanceof BadgeColumn column) column.newBadges();
            if (!wide) {
                badges.setVisible(!in.isEmpty());
                badges.setManaged(!in.isEmpty());
            }
            if (in.isEmpty()) return;
            getStyleClass().add("occupied");
            long endpoints = in.stream().map(StateMachineViewModel.Badge::endpoint).distinct().count();
            getStyleClass().add(endpoints == 1 ? EndpointStyle.of(in.getFirst().endpoint()) : "mixed");
            for (StateMachineViewModel.Badge b : in) {
                String text = StateMachineViewModel.badgeText(b, messages);
                // Wrapped, a number stays with its word: "Server ·" over "fd 4", never "Server · fd" over "4".
                if (badges instanceof VBox) text = text.replaceAll(" (\\d)", "\u00a0$1");
                Label badge = new Label(text);
                badge.getStyleClass().addAll("fd-badge", EndpointStyle.of(b.endpoint()));
                if (badges instanceof VBox) {
                    badge.setWrapText(true);
                    badge.setTextAlignment(TextAlignment.CENTER);
                    badge.setMinHeight(USE_PREF_SIZE);
                } else badge.setMinWidth(Region.USE_PREF_SIZE); // whole: "Servidor 2 · fd 4", never "Servidor 2 · f..."
                if (!b.open()) badge.getStyleClass().add("closed");
                badges.getChildren().add(badge);
            }
        }
    }

    /**
     * A box's badges, each on its own line under the name and inside the box's width: a side box cannot grow sideways
     * ("Servidor · fd 4" ran past CLOSE_WAIT's right edge at 1920x1080 in Spanish, issue 57). When {@code shrinks}, the
     * badges' type is made smaller (down to {@link NameLine#LEAST_BADGE_SCALE}) until each fits on one line, since a
     * second line makes the box cover the one below in the drawings whose rows are close; past that a badge wraps, its
     * number kept with its word.
     */
    private static final class BadgeColumn extends VBox {
        private final boolean shrinks;
        /** The badges' type now, a share of their stylesheet's. */
        private double badgeScale = 1;
        /** Each badge's type in its stylesheet (measured while set in it), by badge; empty before. */
        private final Map<Node, Font> stylesheetFont = new HashMap<>();
        private final Text measure = new Text();

        BadgeColumn(boolean shrinks) {
            super(4);
            this.shrinks = shrinks;
            setAlignment(Pos.CENTER);
        }

        /** New badges came, in their stylesheet's type. */
        void newBadges() {
            badgeScale = 1;
            stylesheetFont.clear();
        }

        /** The badges' type as large as lets each fit {@code most} px on one line, down to the least. After CSS. */
        void keepEachToOneLine(double most) {
            List<Node> all = getManagedChildren();
            if (!shrinks || all.isEmpty()) return;
            if (stylesheetFont.isEmpty()) {
                if (badgeScale != 1) return;
                for (Node n : all) stylesheetFont.put(n, ((Label) n).getFont());
            }
            double scale = 1;
            for (Node n : all) {
                Label badge = (Label) n;
                Font font = stylesheetFont.get(n);
                if (font == null) return; // not measured yet: the next layout does
                measure.setFont(font);
                measure.setText(badge.getText());
                double text = measure.getLayoutBounds().getWidth(),
                        pad = badge.snappedLeftInset() + badge.snappedRightInset() + 2;
                if (text * scale + pad > most) scale = Math.max(NameLine.LEAST_BADGE_SCALE, (most - pad) / text);
            }
            scale = Math.floor(scale * 100) / 100; // a step that lands inside, not on, the border
            if (Math.abs(scale - badgeScale) < 1e-9) return;
            for (Node n : all)
                n.setStyle(scale == 1
                        ? ""
                        : String.format(Locale.ROOT, "-fx-font-size: %.2fpx;",
                                stylesheetFont.get(n).getSize() * scale));
            badgeScale = scale;
        }
    }

    /** A box's padding and its occupied border, on either side, in logical px ({@code statemachine.css}). */
    private static final double BOX_INSET = 12;

    /**
     * A box's name and its badges on one line while they fit {@code most} px, the badges wrapped under the name when they
     * do not: three endpoints in ESTABLISHED (a forked child's connection) read "ESTABLI... Cliente · f...".
     */
    private static final class NameLine extends FlowPane {
        /** The least share of their stylesheet's type the badges are set in, to keep to two lines. */
        private static final double LEAST_BADGE_SCALE = 0.6;
        /** The badges' type now, a share of their stylesheet's. */
        private double badgeScale = 1;

        NameLine(double most) {
            super(8, 2); // two lines of badges fit between the dense drawing's rows (88 px high would touch them)
            setPrefWrapLength(most);
        }

        /** The badges' type in their stylesheet (measured while they are set in it), or null before. */
        private Font badgeFont;
        private final Text measure = new Text();

        /** New badges came, in their stylesheet's type. */
        void newBadges() {
            badgeScale = 1;
            badgeFont = null;
        }

        /**
         * The badges' type a little smaller while the name and the badges would take more than two lines: a third line
         * made the box cover the boxes above and below it (the dense drawing's rows are close together). After CSS.
         */
        void keepToTwoLines() {
            List<Node> all = getManagedChildren();
            if (all.size() < 2) return;
            if (badgeFont == null) {
                if (badgeScale != 1) return;
                badgeFont = ((Label) all.get(1)).getFont();
            }
            double most = getPrefWrapLength(), gap = snapSpaceX(getHgap()),
                    name = snapSizeX(all.getFirst().prefWidth(-1));
            double[] text = new double[all.size() - 1], pad = new double[text.length];
            measure.setFont(badgeFont);
            for (int i = 0; i < text.length; i++) {
                Label badge = (Label) all.get(i + 1);
                pad[i] = badge.snappedLeftInset() + badge.snappedRightInset() + 2;
                measure.setText(badge.getText());
                text[i] = measure.getLayoutBounds().getWidth(); // in the stylesheet's type, whatever it is set in now
            }
            double scale = 1;
            while (scale > LEAST_BADGE_SCALE + 1e-9 && lines(name, text, pad, scale, most, gap) > 2) scale -= 0.05;
            if (Math.abs(scale - badgeScale) < 1e-9) return;
            String style = scale == 1
                    ? ""
                    : String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", badgeFont.getSize() * scale);
            for (int i = 1; i < all.size(); i++) all.get(i).setStyle(style);
            badgeScale = scale;
        }

        /** How many lines the flow makes of the name and the badges at {@code scale} of their type. */
        private double lines(double name, double[] text, double[] pad, double scale, double most, double gap) {
            int lines = 1;
            double run = name;
            for (int i = 0; i < text.length; i++) {
                double w = snapSizeX(text[i] * scale + pad[i]);
                if (run + gap + w > most) {
                    lines++;
                    run = w;
                } else run += gap + w;
            }
            return lines;
        }

        /** As wide as the one line, up to {@code most}: a box with one short badge stays as narrow as before. */
        @Override
        protected double computePrefWidth(double height) {
            double line = 0;
            int shown = 0;
            for (Node n : getManagedChildren()) { // as the flow pane measures them when it lays them out
                line += snapSizeX(n.prefWidth(-1));
                shown++;
            }
            line += Math.max(0, shown - 1) * snapSpaceX(getHgap()) + snappedLeftInset() + snappedRightInset();
            return Math.min(Math.ceil(line) + 1, super.computePrefWidth(height));
        }
    }

    /** A transition: a line between two boxes, an arrow head, its "event / action" label, and a glow for pulsing. */
    private static final class Arrow {
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
}
