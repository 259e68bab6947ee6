package org.socketlab.ui.endpoint;

import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.FlowPane;
import javafx.scene.text.Text;

/**
 * The call buttons flowing in rows, each in a slot as wide as the longest label it can ever show ("accept(999)" for
 * accept, its name for the others): the rows depend on the pane's width alone, never on a label, so a button stays
 * where it was when accept() starts naming its listening socket (issue 78: "accept" became "accept(3)", moved along
 * the row and a click meant for recv hit connect). Dense as before: about six rows in a side column.
 */
final class CallGrid extends FlowPane {
    /** Each button's possible labels, by its call's name (its id's last word); one not named has its own text only. */
    private final Map<String, List<String>> labels;

    CallGrid(double gap, Map<String, List<String>> labels) {
        super(gap, gap);
        this.labels = Map.copyOf(labels);
        setPrefWrapLength(1); // wraps at the pane's width, whatever it is
    }

    /** Adds a button in a slot of its own fixed width. */
    void add(Button b) {
        getChildren().add(b);
    }

    /**
     * The width of {@code b}'s slot: its longest possible label with the button's padding, in px; 0 for a button whose
     * label never changes (its own width: a slot 2 px wider each made a row more at 1024x768 and took a journal line).
     */
    double slotWidth(Button b) {
        double chrome = b.snappedLeftInset() + b.snappedRightInset();
        double widest = 0;
        String id = b.getId() == null ? "" : b.getId();
        String call = id.substring(id.lastIndexOf('-') + 1);
        if (!labels.containsKey(call)) return 0;
        for (String label : labels.get(call)) {
            Text measure = new Text(label);
            measure.setFont(b.getFont());
            widest = Math.max(widest, Math.ceil(measure.getLayoutBounds().getWidth()));
        }
        return widest + chrome + 2;
    }

    /** The widest slot, in px. */
    double cellWidth() {
        double cell = 0;
        for (Node n : getChildren())
            if (n instanceof Button b) cell = Math.max(cell, Math.max(slotWidth(b), b.prefWidth(-1)));
        return cell;
    }

    @Override
    protected void layoutChildren() {
        for (Node n : getChildren())
            if (n instanceof Button b) {
                double slot = slotWidth(b);
                // Set once the buttons are styled, and again only when the font changes (a zoom): never by a label.
                if (slot > 0 && Math.abs(slot - b.getPrefWidth()) > 0.5) {
                    b.setPrefWidth(slot);
                    b.setMinWidth(slot);
                }
            }
        super.layoutChildren();
    }
}
