package org.socketlab.ui.shell;

import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The bars that come and go (predict's question, a watched program, a replayed journal, the File menu's last word)
 * float over the top of the bottom row, right under the calls: they never take height from the split panes, so no
 * divider moves and no input slides under the pointer when one appears or goes, and the layout is exactly as before
 * once they close. With no bottom row they sit at the window's bottom edge.
 */
final class BarLayer extends Region {
    private final VBox bars = new VBox();
    private final SplitPane rows;
    private final SplitPane bottomRow;

    /** {@code rows} holds the window's rows; the bars go over {@code bottomRow} when it is one of them. */
    BarLayer(SplitPane rows, SplitPane bottomRow) {
        this.rows = rows;
        this.bottomRow = bottomRow;
        setId("bar-layer");
        getStyleClass().add("bar-layer");
        bars.getStyleClass().add("bar-layer-bars");
        // Only the bars themselves take clicks: the panes under the empty rest of the layer stay usable.
        setPickOnBounds(false);
        bars.setPickOnBounds(false);
        bars.setFillWidth(true);
        getChildren().add(bars);
        bottomRow.boundsInParentProperty().addListener(obs -> requestLayout());
        rows.getItems().addListener((ListChangeListener<Node>) c -> requestLayout());
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
        if (rows.getItems().contains(bottomRow) && bottomRow.getScene() != null) {
            Bounds row = sceneToLocal(bottomRow.localToScene(bottomRow.getLayoutBounds()));
            top = Math.min(row.getMinY(), height - wanted); // a bar taller than the row grows upwards
        }
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
