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
 * <p>
 * Its list joins the combo box when it is first opened. JavaFX's skin puts the popup's list among the combo box's
 * children from the start (JDK-8115587: so the list is styled when the popup first sizes itself), and so every combo
 * box carried a list view, its virtual flow, two scroll bars and a cell through each CSS pass and layout: about 25
 * nodes a combo box, a third of the arguments' forms and of the playback bar's speed (issue 62). Added and styled just
 * before the popup first sizes itself, the list is measured as JavaFX's own skin measures it.
 */
public final class FittingComboBoxSkin<T> extends ComboBoxListViewSkin<T> {
    private final EventHandler<Event> releaseListSize = e -> {
        if (getPopupContent() instanceof Region list) {
            list.setMinSize(Region.USE_COMPUTED_SIZE, Region.USE_COMPUTED_SIZE);
            list.setPrefSize(Region.USE_COMPUTED_SIZE, Region.USE_COMPUTED_SIZE);
        }
    };
    /** Before the popup first shows, its list comes among the combo box's children, as JavaFX's skin has it. */
    private final EventHandler<Event> listBeforeFirstShowing = e -> {
        Node list = getPopupContent();
        if (list.getParent() != null) return; // in the popup since it was first shown
        getChildren().add(list);
        list.applyCss(); // the popup sizes itself from the list's styled size before the next pulse
    };
    private final Text measure = new Text();
    private final ComboBox<T> comboBox;

    public FittingComboBoxSkin(ComboBox<T> comboBox) {
        super(comboBox);
        this.comboBox = comboBox;
        comboBox.addEventHandler(ComboBoxBase.ON_HIDDEN, releaseListSize);
        getChildren().remove(getPopupContent());
        comboBox.addEventHandler(ComboBoxBase.ON_SHOWING, listBeforeFirstShowing);
    }

    /** Puts this skin on {@code comboBox} and returns it. */
    public static <T> ComboBox<T> install(ComboBox<T> comboBox) {
        comboBox.setSkin(new FittingComboBoxSkin<>(comboBox));
        return comboBox;
    }

    @Override
    public void dispose() {
        comboBox.removeEventHandler(ComboBoxBase.ON_HIDDEN, releaseListSize);
        comboBox.removeEventHandler(ComboBoxBase.ON_SHOWING, listBeforeFirstShowing);
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
