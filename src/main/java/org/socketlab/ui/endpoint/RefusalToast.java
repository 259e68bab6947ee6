package org.socketlab.ui.endpoint;

import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableValue;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * Why a press was refused, said where the eye is: a toast just under the pressed call button (above it when that is
 * near the bottom), always inside the part of the pane that is scrolled into view, so a refused press never looks
 * like it did nothing while the pane's own message is below the fold. It lets clicks through and goes away after a
 * few seconds, on the next press, or when the message changes (an input was corrected).
 */
final class RefusalToast {
    /** How long the toast stays. */
    static final Duration SHOWN = Duration.seconds(6);

    private final Pane pane;
    private final Label toast = new Label(null, new FontIcon(Feather.ALERT_CIRCLE));
    private final PauseTransition timer = new PauseTransition(SHOWN);

    /** {@code pane} holds the toast (unmanaged, on top); {@code text} is the pane's message. */
    RefusalToast(Pane pane, String id, ObservableValue<String> text) {
        this.pane = pane;
        toast.setId(id + "-toast");
        toast.getStyleClass().addAll("endpoint-message", "endpoint-toast");
        toast.setWrapText(true);
        toast.setManaged(false);
        toast.setVisible(false);
        toast.setMouseTransparent(true);
        toast.textProperty().bind(text);
        // Another message (an input corrected, another press): this one is old.
        ViewSubscriptions.listen(toast, text, obs -> hide());
        timer.setOnFinished(e -> hide());
        pane.getChildren().add(toast);
    }

    void hide() {
        timer.stop();
        toast.setVisible(false);
    }

    /**
     * Shows the message next to {@code button} (a call button of the pane), unless the first line of the pane's own
     * message, under the calls from {@code top} down, {@code line} px high, is in view: then it is said once, there
     * (issue 57: "No socket selected" twice on screen at 1280x720, the toast beside the message's start). FX thread.
     */
    void showAt(Node button, double top, double line) {
        if (toast.getText() == null || toast.getText().isEmpty()) return;
        Bounds visible = visiblePart();
        if (top >= visible.getMinY() - 0.5 && top + line <= visible.getMaxY() + 0.5) {
            hide();
            return;
        }
        toast.toFront();
        toast.applyCss(); // its padding and font before it is measured, or its last line is cut to "..."
        Bounds at = pane.sceneToLocal(button.localToScene(button.getLayoutBounds()));
        double width = Math.max(120, Math.min(visible.getWidth() - 8, Math.max(at.getWidth() * 2, 260)));
        toast.resize(width, Math.ceil(toast.prefHeight(width)));
        double height = toast.getHeight();
        double x = Math.clamp(at.getMinX(), visible.getMinX() + 4, Math.max(visible.getMinX() + 4,
                visible.getMaxX() - width - 4));
        double below = at.getMaxY() + 4, above = at.getMinY() - height - 4;
        double y = below + height <= visible.getMaxY() ? below : above >= visible.getMinY() ? above : below;
        // Never out of view: a press by its key (Alt+S) may come while its button is scrolled away.
        y = Math.clamp(y, visible.getMinY(), Math.max(visible.getMinY(), visible.getMaxY() - height));
        toast.relocate(Math.round(x), Math.round(y));
        toast.setVisible(true);
        timer.playFromStart();
    }

    /** The part of the pane its scroll pane shows, in the pane's coordinates (the whole pane when it is not in one). */
    private Bounds visiblePart() {
        Bounds all = pane.getLayoutBounds();
        for (Node p = pane.getParent(); p != null; p = p.getParent())
            if (p instanceof ScrollPane s) {
                Bounds viewport = s.localToScene(s.getLayoutBounds());
                Bounds local = pane.sceneToLocal(viewport);
                double minX = Math.max(all.getMinX(), local.getMinX()), minY = Math.max(all.getMinY(), local.getMinY());
                // Less the vertical scroll bar's width at the right.
                double maxX = Math.min(all.getMaxX(), local.getMaxX() - 16),
                        maxY = Math.min(all.getMaxY(), local.getMaxY());
                if (maxX > minX && maxY > minY) return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
            }
        return all;
    }
}
