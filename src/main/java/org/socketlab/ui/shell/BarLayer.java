package org.socketlab.ui.shell;

import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The bars that come and go (predict's question, a watched program, a replayed journal, the File menu's last word)
 * float at the top of the lower panes (the tables, the explanations), right under the calls: they never take height
 * from the split panes, so no divider moves and no input slides under the pointer when one appears or goes, and the
 * layout is exactly as before once they close. With no lower pane under a side pane they sit at the window's bottom
 * edge.
 */
final class BarLayer extends Region {
    private final VBox bars = new VBox();
    private final ToDoubleFunction<Node> lowerPanesTop;

    /**
     * {@code lowerPanesTop} says where the lower panes begin in a node's coordinates (NaN: nowhere); {@code watched}
     * are the nodes whose moves move that place.
     */
    BarLayer(ToDoubleFunction<Node> lowerPanesTop, List<Node> watched) {
        this.lowerPanesTop = lowerPanesTop;
        setId("bar-layer");
        getStyleClass().add("bar-layer");
        bars.getStyleClass().add("bar-layer-bars");
        // Only the bars themselves take clicks: the panes under the empty rest of the layer stay usable.
        setPickOnBounds(false);
        bars.setPickOnBounds(false);
        bars.setFillWidth(true);
        getChildren().add(bars);
        for (Node n : watched) n.boundsInParentProperty().addListener(obs -> requestLayout());
    }

    /** Adds a bar (one that hides itself, managed only while shown), under the others. */
    void add(Node bar) {
        bars.getChildren().add(bar);
    }

    /** Adds a bar at {@code index} among the bars. */
    void add(int index, Node bar) {
        bars.getChildren().add(Math.min(index, bars.getChildren().size()), bar);
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth(), height = getHeight();
        double wanted = Math.min(bars.prefHeight(width), height);
        double top = height - wanted;
        double lower = lowerPanesTop.applyAsDouble(this);
        if (!Double.isNaN(lower)) top = Math.min(lower, height - wanted); // a bar taller than the pane grows upwards
        bars.resizeRelocate(0, Math.max(0, Math.round(top)), width, wanted);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 0; // the layer never asks the window for room
    }

    @Override
    protected double computePrefHeight(double width) {
        return 0;
    }
}
