package org.socketlab.ui.common;

import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/**
 * A combo box as wide as its widest choice in its current font, whatever width it had before (issue 26 §4). JavaFX's
 * own skin makes its list as wide as the combo box is now and the combo box as wide as its list, so a combo box once
 * wide stays wide: after 100 → 300 → 100 % zoom the endpoint panes' input lines kept their 300 % width and the right
 * column of calls was scrolled out of sight. Showing the list also fixes the list's size for good; that size is let go
 * when the list hides, so the next showing measures at the zoom of the moment.
 */
public final class FittingComboBoxSkin<T> extends ComboBoxListViewSkin<T> {
    private final EventHandler<Event> releaseListSize = e -> {
        if (getPopupContent() instanceof Region list) {
            list.setMinSize(Region.USE_COMPUTED_SIZE, Region.USE_COMPUTED_SIZE);
            list.setPrefSize(Region.USE_COMPUTED_SIZE, Region.USE_COMPUTED_SIZE);
        }
    };
    private final Text measure = new Text();
    private final ComboBox<T> comboBox;

    public FittingComboBoxSkin(ComboBox<T> comboBox) {
        super(comboBox);
        this.comboBox = comboBox;
        comboBox.addEventHandler(ComboBoxBase.ON_HIDDEN, releaseListSize);
    }

    /** Puts this skin on {@code comboBox} and returns it. */
    public static <T> ComboBox<T> install(ComboBox<T> comboBox) {
        comboBox.setSkin(new FittingComboBoxSkin<>(comboBox));
        return comboBox;
    }

    @Override
    public void dispose() {
        comboBox.removeEventHandler(ComboBoxBase.ON_HIDDEN, releaseListSize);
        super.dispose();
    }

    @Override
    protected double computePrefWidth(double height, double topInset, double rightInset, double bottomInset,
            double leftInset) {
        Node display = getDisplayNode();
        double shown = display == null ? 0 : display.prefWidth(height);
        double widest = shown;
        if (display instanceof Labeled cell) {
            measure.setFont(cell.getFont());
            StringConverter<T> converter = comboBox.getConverter();
            double padding = cell.snappedLeftInset() + cell.snappedRightInset();
            for (T item : comboBox.getItems()) {
                measure.setText(converter == null ? String.valueOf(item) : converter.toString(item));
                widest = Math.max(widest, Math.ceil(measure.getLayoutBounds().getWidth()) + padding);
            }
        }
        double arrow = 0;
        for (Node child : getChildren())
            if (child.getStyleClass().contains("arrow-button")) arrow = child.prefWidth(-1);
        return snapSizeX(leftInset + widest + arrow + rightInset);
    }
}
