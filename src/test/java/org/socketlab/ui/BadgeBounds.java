package org.socketlab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;

/**
 * Finds the state machine's socket badges drawn past their state's box: a badge over the box's border or beyond it reads
 * as the neighbouring state's ("LISTEN Servidor · fd 3" past LISTEN's right edge at 1920x1080 in Spanish, issue 57).
 */
public final class BadgeBounds {
    private BadgeBounds() {
    }

    /** Each badge shown under {@code drawing} that is not inside its box's border, described. FX thread. */
    public static List<String> pastTheirBoxes(Parent drawing) {
        List<String> past = new ArrayList<>();
        for (Node badge : drawing.lookupAll(".fd-badge")) {
            if (!shown(badge)) continue;
            Node box = badge.getParent();
            while (box != null && !box.getStyleClass().contains("state-box")) box = box.getParent();
            if (box == null) continue; // the datagram strip's badges are laid out by a flow pane of their own
            Bounds at = badge.localToScene(badge.getLayoutBounds()), in = box.localToScene(inside((Region) box));
            if (at.getMinX() < in.getMinX() - 0.5 || at.getMaxX() > in.getMaxX() + 0.5
                    || at.getMinY() < in.getMinY() - 0.5 || at.getMaxY() > in.getMaxY() + 0.5)
                past.add("'" + ((Labeled) badge).getText() + "' at " + round(at) + " past its box " + box.getId()
                        + " " + round(in));
        }
        return past;
    }

    /** The box inside its border, in its own coordinates. */
    private static Bounds inside(Region box) {
        Insets border = box.getBorder() == null ? Insets.EMPTY : box.getBorder().getInsets();
        return new BoundingBox(border.getLeft(), border.getTop(),
                box.getWidth() - border.getLeft() - border.getRight(),
                box.getHeight() - border.getTop() - border.getBottom());
    }

    private static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) if (!at.isVisible()) return false;
        return true;
    }

    private static String round(Bounds b) {
        return "[" + Math.round(b.getMinX()) + ".." + Math.round(b.getMaxX()) + " x " + Math.round(b.getMinY()) + ".."
                + Math.round(b.getMaxY()) + "]";
    }
}
