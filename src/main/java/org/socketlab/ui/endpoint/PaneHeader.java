package org.socketlab.ui.endpoint;

import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import org.socketlab.ui.common.SqueezeBox;

/**
 * An endpoint pane's head: its title, and its buttons on the right of the same line while the title and the buttons
 * fit there with the Process menu's word (the Reset button may show its round arrow alone). In a narrower pane (a
 * forked child's "Servidor 2" at 1024x768) the buttons go on a line of their own under the title, where each keeps its
 * word while it can: the Process menu had shrunk to its icon there, and a student looks for fork() by that word
 * (issue 57).
 */
final class PaneHeader extends Region {
    /** Room between the title and the buttons, and between the two lines, in px. */
    private static final double GAP = 6;
    private final Label title;
    private final SqueezeBox buttons;
    /** How many of the buttons' squeezable texts (the first ones) may go on the title's line. */
    private final int iconsOnOneLine;

    PaneHeader(Label title, SqueezeBox buttons, int iconsOnOneLine) {
        this.title = title;
        this.buttons = buttons;
        this.iconsOnOneLine = iconsOnOneLine;
        title.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(title, buttons);
    }

    /** Whether the title and the buttons share one line in {@code width} px. */
    boolean oneLine(double width) {
        double room = width - snappedLeftInset() - snappedRightInset();
        return title.prefWidth(-1) + GAP + buttons.widthWith(iconsOnOneLine) <= room + 0.5;
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + title.minWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + title.prefWidth(-1) + GAP + buttons.widthWith(0) + snappedRightInset();
    }

    /** Its height depends on its width: one line or two. */
    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefHeight(double width) {
        double th = title.prefHeight(-1), bh = buttons.prefHeight(-1), at = width >= 0 ? width : getWidth();
        boolean one = at <= 0 || oneLine(at);
        return snappedTopInset() + (one ? Math.max(th, bh) : th + GAP + bh) + snappedBottomInset();
    }

    /** Never lower than its lines: the calls under it are not drawn over it. */
    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double left = snappedLeftInset(), top = snappedTopInset();
        double room = getWidth() - left - snappedRightInset(), high = getHeight() - top - snappedBottomInset();
        double tw = Math.min(room, title.prefWidth(-1)), th = title.prefHeight(tw), bh = buttons.prefHeight(-1);
        boolean one = oneLine(getWidth());
        // On one line the buttons take what the title leaves (Reset may show its icon alone); on their own, the width.
        double bw = Math.max(0, Math.min(one ? room - tw - GAP : room, buttons.widthWith(0)));
        layoutInArea(title, left, top, tw, one ? high : th, 0, HPos.LEFT, VPos.CENTER);
        buttons.resize(bw, Math.min(one ? high : bh, bh));
        buttons.relocate(left + room - bw, one ? top + (high - buttons.getHeight()) / 2 : top + th + GAP);
    }
}
