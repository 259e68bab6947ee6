package org.socketlab.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;

/**
 * Keeps every column of a table at least as wide as its header's text, at any zoom and in any language: a narrow
 * table scrolls sideways instead of cutting "Send-Q" to "Se...".
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
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header) || header.getTableColumn() == null) continue;
            Node label = header.lookup(".label");
            if (!(label instanceof Label l)) continue;
            double whole = Math.ceil(l.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset() + 4);
            if (Math.abs(header.getTableColumn().getMinWidth() - whole) > 0.5)
                header.getTableColumn().setMinWidth(whole);
        }
    }
}
