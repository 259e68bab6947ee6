package org.socketlab.ui.endpoint;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.TilePane;
import javafx.scene.text.Text;

/**
 * The call buttons in a grid of equal cells, each as wide as the widest label any of them can show ("getpeername",
 * "accept(999)"): how many columns depends on the pane's width alone, never on a label, so a button stays where it was
 * when accept() starts naming its listening socket (issue 78: "accept" became "accept(3)", moved the row along and a
 * click meant for recv hit connect).
 */
final class CallGrid extends TilePane {
    /** The longest labels a call button can have: the C names, and accept() naming a three-digit listening socket. */
    private final List<String> longestLabels;

    CallGrid(double gap, List<String> longestLabels) {
        super(gap, gap);
        this.longestLabels = List.copyOf(longestLabels);
        setPrefColumns(2);
        setTileAlignment(Pos.CENTER_LEFT);
    }

    /** Adds a button that fills its cell. */
    void add(Button b) {
        b.setMaxWidth(Double.MAX_VALUE);
        getChildren().add(b);
    }

    /** A cell's width: the widest label any button can show, with the button's own padding, in px. */
    double cellWidth() {
        double cell = 0;
        for (Node n : getChildren())
            if (n instanceof Button b) {
                double chrome = b.snappedLeftInset() + b.snappedRightInset();
                for (String label : longestLabels) {
                    Text measure = new Text(label);
                    measure.setFont(b.getFont());
                    cell = Math.max(cell, Math.ceil(measure.getLayoutBounds().getWidth()) + chrome + 2);
                }
                cell = Math.max(cell, b.prefWidth(-1));
            }
        return cell;
    }

    /** How many columns fit {@code width} px. */
    int columnsIn(double width) {
        double cell = getPrefTileWidth() > 0 ? getPrefTileWidth() : cellWidth();
        return Math.max(1, (int) Math.floor((width + getHgap()) / (cell + getHgap())));
    }

    /** The grid's height when it is {@code width} px wide. */
    double heightIn(double width) {
        int rows = (int) Math.ceil(getChildren().size() / (double) columnsIn(width));
        double row = 0;
        for (Node n : getChildren()) row = Math.max(row, n.prefHeight(-1));
        return rows * row + Math.max(0, rows - 1) * getVgap();
    }

    /** The width {@code columns} cells take. */
    double widthOf(int columns) {
        double cell = getPrefTileWidth() > 0 ? getPrefTileWidth() : cellWidth();
        return columns * cell + (columns - 1) * getHgap();
    }

    @Override
    protected void layoutChildren() {
        double cell = cellWidth();
        // Set once the buttons are styled, and again only when the font changes (a zoom): never by a label.
        if (cell > 0 && Math.abs(cell - getPrefTileWidth()) > 0.5) setPrefTileWidth(cell);
        super.layoutChildren();
    }

    @Override
    protected double computeMinWidth(double height) {
        return widthOf(1) + snappedLeftInset() + snappedRightInset();
    }
}
