package org.socketlab.ui.statemachine;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A box's badges, each on its own line under the name and inside the box's width: a side box cannot grow sideways
 * ("Servidor · fd 4" ran past CLOSE_WAIT's right edge at 1920x1080 in Spanish, issue 57). When {@code shrinks}, the
 * badges' type is made smaller (down to {@link NameLine#LEAST_BADGE_SCALE}) until each fits on one line, since a
 * second line makes the box cover the one below in the drawings whose rows are close; past that a badge wraps, its
 * number kept with its word.
 */
final class BadgeColumn extends VBox {
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
