package org.socketlab.ui.diagram;

import javafx.scene.canvas.Canvas;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.socketlab.i18n.Messages;

/**
 * The hint over the diagram's row under the pointer, when the row explains something (an errno in plain words, a
 * segment deduced rather than seen); gone when the pointer leaves or the rows move under it.
 */
final class RowHoverTip {
    private final Canvas canvas;
    /** Made at the first hover over a row that explains something (a tooltip is a popup window of its own). */
    private Tooltip hoverTip;
    private Row hovered;
    private boolean tipInstalled;

    RowHoverTip(Canvas canvas) {
        this.canvas = canvas;
    }

    /** The pointer is over {@code row} (null: over none). */
    void over(Row row, Messages messages) {
        if (row == hovered && title == null) return;
        hovered = row;
        title = null;
        show(row == null ? null : text(row, messages));
    }

    /** The lifeline's title the pointer is over in the heads, whole (issue 78: it may be drawn short); null: none. */
    private String title;

    void overTitle(String whole) {
        hovered = null;
        if (whole != null && whole.equals(title)) return;
        title = whole;
        show(whole);
    }

    private void show(String tip) {
        if (tip == null) {
            if (tipInstalled) Tooltip.uninstall(canvas, hoverTip);
            tipInstalled = false;
        } else {
            if (hoverTip == null) {
                hoverTip = new Tooltip();
                hoverTip.setShowDelay(Duration.millis(250));
                hoverTip.setWrapText(true);
                hoverTip.setMaxWidth(560);
                hoverTip.setStyle("-fx-font-size: 16px;");
            }
            hoverTip.setText(tip);
            if (!tipInstalled) Tooltip.install(canvas, hoverTip);
            tipInstalled = true;
        }
    }

    /** The pointer left, or the rows moved under it: the hint names no row now. */
    void forget() {
        hovered = null;
        title = null;
        if (hoverTip != null) hoverTip.hide();
        if (tipInstalled) Tooltip.uninstall(canvas, hoverTip);
        tipInstalled = false;
    }

    /** What a hover explains: an errno in plain words, or that a segment was deduced rather than seen. */
    static String text(Row row, Messages m) {
        String error = DiagramText.errorExplanation(row, m);
        if (error != null) return error;
        if (row instanceof Row.SegmentArrow s)
            return m.get("ui.diagram.details.origin." + (s.captured() ? "captured" : "inferred"));
        return null;
    }
}
