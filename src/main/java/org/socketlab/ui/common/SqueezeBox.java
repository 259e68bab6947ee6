package org.socketlab.ui.common;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * A row of buttons that stays on one line at any width and zoom: when the texts do not fit, the least needed
 * buttons show only their icon (the text stays in their tooltip), in the order given, instead of being cut to "...".
 */
public class SqueezeBox extends HBox {
    private List<? extends Labeled> squeezable;
    private List<? extends Node> droppable = List.of();
    private List<? extends Node> dropFirst = List.of();
    private final Text measure = new Text();

    public SqueezeBox(double spacing, List<? extends Labeled> squeezable, Node... children) {
        super(spacing, children);
        setSqueezable(squeezable);
    }

    /** Which buttons may drop their text, the first to go first. */
    public final void setSqueezable(List<? extends Labeled> squeezable) {
        this.squeezable = List.copyOf(squeezable);
        for (Labeled l : squeezable) l.setMinWidth(Region.USE_PREF_SIZE);
        requestLayout();
    }

    /** What may be hidden, in order, when even without texts the row does not fit (a position readout, jump buttons). */
    public final void setDroppable(List<? extends Node> droppable) {
        this.droppable = List.copyOf(droppable);
        requestLayout();
    }

    /** What may be hidden, in order, before any text is squeezed (a choice that has a key of its own). */
    public final void setDropFirst(List<? extends Node> dropFirst) {
        this.dropFirst = List.copyOf(dropFirst);
        requestLayout();
    }

    /**
     * The width the row needs with the first {@code iconsOnly} squeezable buttons showing their icon alone and the other
     * buttons their text, whatever they show now. After CSS.
     */
    public double widthWith(int iconsOnly) {
        double needed = snappedLeftInset() + snappedRightInset() - getSpacing();
        for (Node n : getChildren())
            if (n.isManaged() || droppable.contains(n) || dropFirst.contains(n)) needed += width(n) + getSpacing();
        for (Labeled l : squeezable) if (l.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY) needed += textWidth(l);
        for (int i = 0; i < Math.min(iconsOnly, squeezable.size()); i++) needed -= textWidth(squeezable.get(i));
        return needed;
    }

    /** Squeezing is how it fits: it never asks its window to be wider. */
    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected void layoutChildren() {
        double available = getWidth() - snappedLeftInset() - snappedRightInset();
        double needed = (getChildren().size() - 1) * getSpacing();
        // What grows (a scrubber) gives way first: only its minimum counts.
        for (Node n : getChildren())
            if (n.isManaged() || droppable.contains(n) || dropFirst.contains(n))
                needed += width(n);
        // The width with every text shown: the widths now, plus the texts hidden now.
        for (Labeled l : squeezable) if (l.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY) needed += textWidth(l);
        for (Node n : dropFirst) needed = drop(n, needed, available);
        for (Labeled l : squeezable) {
            boolean squeeze = needed > available;
            if (squeeze) needed -= textWidth(l);
            ContentDisplay want = squeeze ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT;
            if (l.getContentDisplay() != want) l.setContentDisplay(want);
        }
        for (Node n : droppable) needed = drop(n, needed, available);
        super.layoutChildren();
    }

    /** Hides {@code n} when the row needs more than is available (shows it again when not); returns what is needed then. */
    private double drop(Node n, double needed, double available) {
        boolean drop = needed > available;
        if (drop) needed -= width(n) + getSpacing();
        if (n.isManaged() == drop) {
            n.setManaged(!drop);
            n.setVisible(!drop);
        }
        return needed;
    }

    /**
     * The room a child takes when the row is tight: what grows (a scrubber) only its minimum, the others their preferred
     * width, or their minimum when CSS makes that larger.
     */
    private static double width(Node n) {
        return HBox.getHgrow(n) == Priority.ALWAYS ? n.minWidth(-1) : Math.max(n.minWidth(-1), n.prefWidth(-1));
    }

    private double textWidth(Labeled l) {
        measure.setFont(l.getFont());
        measure.setText(l.getText() == null ? "" : l.getText());
        return Math.ceil(measure.getLayoutBounds().getWidth()) + (l.getGraphic() != null ? l.getGraphicTextGap() : 0);
    }
}
