package org.socketlab.ui.common;

import java.util.HashMap;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;
import javafx.util.Callback;

/**
 * Keeps every column of a table at least as wide as its header's text and the text of its cells on screen, at any
 * zoom and in any language: a narrow table scrolls sideways instead of cutting "Send-Q" to "Se..." or
 * "127.0.0.1:5000" to "127.0.0.1:...".
 */
public final class TableHeaders {
    /**
     * A column's property (an {@code ObservableValue<String>}) that its header says in a tooltip: what the column
     * holds, in words, where the header is short (Recv-Q) or shortened.
     */
    public static final String TOOLTIP = "socketlab.header.tooltip";
    /** The table's property holding what its minimums were measured at: the headers' font size and texts. */
    private static final String MEASURED_AT = "socketlab.header.measuredAt";
    /** The table's property holding the resize policy it fills its width with when its columns fit. */
    private static final String CONSTRAINED = "socketlab.header.constrained";

    private TableHeaders() {
    }

    public static void keepWhole(TableView<?> table) {
        // After each layout pass the headers have their current font and text; setting a new minimum lays out again once.
        table.needsLayoutProperty().addListener((obs, was, is) -> {
            if (!is) fit(table);
        });
        // An emptied table (a new session, another zoom or language later) measures its columns afresh.
        InvalidationListener emptied = obs -> {
            if (table.getItems() == null || table.getItems().isEmpty())
                for (TableColumn<?, ?> column : table.getColumns()) column.setMinWidth(0);
        };
        table.itemsProperty().addListener((obs, was, is) -> {
            if (was != null) was.removeListener(emptied);
            if (is != null) is.addListener(emptied);
            emptied.invalidated(obs);
        });
        if (table.getItems() != null) table.getItems().addListener(emptied);
    }

    private static void fit(TableView<?> table) {
        Map<TableColumnBase<?, ?>, Double> widest = new HashMap<>();
        StringBuilder measuredAt = new StringBuilder();
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header) || header.getTableColumn() == null) continue;
            Node label = header.lookup(".label");
            if (!(label instanceof Label l)) continue;
            if (header.getTableColumn().getProperties().get(TOOLTIP) instanceof ObservableValue<?> says
                    && l.getProperties().putIfAbsent(TOOLTIP, says) == null)
                LazyTooltip.install(l, () -> {
                    Tooltip t = new Tooltip();
                    t.setWrapText(true);
                    t.setMaxWidth(480);
                    t.textProperty().bind(Bindings.convert(says));
                    return t;
                });
            measuredAt.append(l.getFont().getSize()).append(' ').append(l.getText()).append('|');
            double whole = Math.ceil(l.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset() + 4);
            widest.merge(header.getTableColumn(), whole, Math::max);
        }
        for (Node n : table.lookupAll(".table-cell")) {
            if (!(n instanceof TableCell<?, ?> cell) || cell.getTableColumn() == null
                    || cell.isEmpty() || cell.getText() == null || cell.getText().isEmpty())
                continue;
            // The text's own width: a cell's preferred width is its column's, and would widen it 2 px a frame.
            Text text = new Text(cell.getText());
            text.setFont(cell.getFont());
            double graphic = cell.getGraphic() == null ? 0 : cell.getGraphic().prefWidth(-1) + cell.getGraphicTextGap();
            widest.merge(cell.getTableColumn(), Math.ceil(text.getLayoutBounds().getWidth() + graphic
                    + cell.snappedLeftInset() + cell.snappedRightInset() + 2), Math::max);
        }
        // Only ever wider at one font and language: while the flow re-lays out its cells some are momentarily empty, and
        // a minimum that also shrank would swing between two widths, a layout (a frame) after each, 60 times a second in
        // an idle window. A new font size (zoom) or header text (language) measures afresh, so 100 → 300 → 100 % gives
        // the columns back their 100 % widths (issue 26 §4).
        boolean afresh = !measuredAt.toString().equals(table.getProperties().put(MEASURED_AT, measuredAt.toString()));
        boolean changed = false;
        for (var entry : widest.entrySet()) {
            TableColumnBase<?, ?> column = entry.getKey();
            double whole = entry.getValue();
            if (afresh ? Math.abs(whole - column.getMinWidth()) > 0.5 : whole > column.getMinWidth() + 0.5) {
                column.setMinWidth(whole);
                changed = true;
            }
        }
        // A constrained table fits its columns to its width only when that width changes: lower minimums leave the
        // columns as wide as they were, wider than the table, until it is asked again; and a minimum raised above a
        // column's width widens that column alone, pushing the last one out of sight (the "TIME_WAIT left" column cut
        // at 1920x1080, issue 43 item 9) however much the others could give. Minimums only grow between two measures
        // afresh, so this settles.
        if (changed) fitToWidth(table);
        scrollWhenTooNarrow(table);
    }

    /**
     * A constrained table never scrolls sideways: when its columns' minimums are wider than it, the last columns are
     * simply out of reach (the 1280x720 window's sockets table showed "LIST" and "TIME_" at its edge, and nothing of
     * Recv-Q and Send-Q). Then the table is unconstrained, each column at its minimum and a scroll bar under them;
     * once they fit again it is constrained again, filling its width. Neither change makes the other come back: the
     * room only shrinks while scrolling (a vertical scroll bar may come with the horizontal one).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void scrollWhenTooNarrow(TableView<?> table) {
        Object constrained = table.getProperties().computeIfAbsent(CONSTRAINED, k -> table.getColumnResizePolicy());
        if (constrained == TableView.UNCONSTRAINED_RESIZE_POLICY || table.getWidth() <= 0) return;
        double need = 0;
        for (TableColumn<?, ?> c : table.getVisibleLeafColumns()) need += c.getMinWidth();
        double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset();
        for (Node n : table.lookupAll(".scroll-bar"))
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL && bar.isVisible())
                room -= bar.getWidth();
        boolean scrolling = table.getColumnResizePolicy() == TableView.UNCONSTRAINED_RESIZE_POLICY;
        if (need > room + 0.5 && !scrolling) {
            table.setColumnResizePolicy((Callback) TableView.UNCONSTRAINED_RESIZE_POLICY);
            fitToWidth(table);
        } else if (need <= room + 0.5 && scrolling) {
            table.setColumnResizePolicy((Callback) constrained);
            fitToWidth(table);
        }
    }

    private static <S> void fitToWidth(TableView<S> table) {
        if (table.getColumnResizePolicy() == TableView.UNCONSTRAINED_RESIZE_POLICY) // scrolling: each at its minimum
            for (TableColumn<S, ?> c : table.getVisibleLeafColumns()) c.setPrefWidth(c.getMinWidth());
        else
            if (table.getColumnResizePolicy() != null)
                table.getColumnResizePolicy().call(new TableView.ResizeFeatures<>(table, null, 0.0));
    }
}
