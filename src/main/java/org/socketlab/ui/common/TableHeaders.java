package org.socketlab.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;

/**
 * Keeps every column of a table at least as wide as its header's text and the text of its cells on screen, at any
 * zoom and in any language: a narrow table scrolls sideways instead of cutting "Send-Q" to "Se..." or
 * "127.0.0.1:5000" to "127.0.0.1:...".
 */
public final class TableHeaders {
    private TableHeaders() {
    }

    public static void keepWhole(TableView<?> table) {
        // After each layout pass the headers have their current font and text; setting a new minimum lays out again once.
        table.needsLayoutProperty().addListener((obs, was, is) -> {
            if (!is) fit(table);
        });
    }

    private static void fit(TableView<?> table) {
        java.util.Map<javafx.scene.control.TableColumnBase<?, ?>, Double> widest = new java.util.HashMap<>();
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header) || header.getTableColumn() == null) continue;
            Node label = header.lookup(".label");
            if (!(label instanceof Label l)) continue;
            double whole = Math.ceil(l.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset() + 4);
            widest.merge(header.getTableColumn(), whole, Math::max);
        }
        for (Node n : table.lookupAll(".table-cell")) {
            if (!(n instanceof javafx.scene.control.TableCell<?, ?> cell) || cell.getTableColumn() == null
                    || cell.isEmpty() || cell.getText() == null || cell.getText().isEmpty())
                continue;
            widest.merge(cell.getTableColumn(), Math.ceil(cell.prefWidth(-1) + 2), Math::max);
        }
        widest.forEach((column, whole) -> {
            if (Math.abs(column.getMinWidth() - whole) > 0.5) column.setMinWidth(whole);
        });
    }
}
