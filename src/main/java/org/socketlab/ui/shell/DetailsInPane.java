package org.socketlab.ui.shell;

import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.diagram.DiagramFeature;

/**
 * The selected event's details as a tab among the explanations (state machine, code) rather than a column beside the
 * diagram: clicking an arrow no longer takes a quarter of the diagram's width (issue 78 item 7: the drawing area fell
 * from 44 % to 39 % of a 1920x1080 screen). The tab is there while an event is selected, and comes to the front with
 * each new selection; with the explanations' pane hidden the details go back beside the diagram, so they are always
 * reachable. Where the pane under the server is short (1280x720: ~250 px, the event's fields scrolled after four
 * lines), it grows up to the server's calls while the details are open, and gives the height back when they close
 * ({@code room}, the layout's).
 */
final class DetailsInPane {
    private final DiagramFeature diagram;
    private final TabPane explain;
    private final ObservableValue<Boolean> explainShown;
    /** Told true when the details join the tab, false when they leave it. */
    private final Consumer<Boolean> room;
    private final Tab tab = new Tab();
    /** The tab that was in front before the details came: back to it when the selection goes. */
    private Tab before;
    /** Whether the details are in the tab now: its ✕ takes the tab out before the selection goes. */
    private boolean inTab;
    /** Whether the tab was in front when its ✕ was pressed (the tab pane has chosen another by the time it closes). */
    private boolean closedInFront;

    DetailsInPane(DiagramFeature diagram, TabPane explain, ObservableValue<Boolean> explainShown, Texts texts,
            Consumer<Boolean> room) {
        this.diagram = diagram;
        this.room = room;
        this.explain = explain;
        this.explainShown = explainShown;
        tab.setId("tab-ui-details-tab");
        tab.textProperty().bind(texts.text("ui.details.tab"));
        tab.setClosable(true);
        tab.setOnCloseRequest(e -> closedInFront = tab.isSelected());
        tab.setOnClosed(e -> {
            tab.setContent(null);
            diagram.details().selectedProperty().set(null);
        });
        diagram.detailsBesideProperty().set(!explainShown.getValue());
        explainShown.addListener((obs, was, shown) -> place());
        diagram.details().selectedProperty().addListener((obs, was, now) -> {
            place();
            if (now != null && tab.getTabPane() != null) explain.getSelectionModel().select(tab);
        });
    }

    /** The details in the tab while the explanations are shown and an event is selected; beside the diagram otherwise. */
    private void place() {
        boolean wanted = explainShown.getValue() && diagram.details().selectedProperty().get() != null;
        if (wanted) {
            diagram.detailsBesideProperty().set(false); // first: it leaves the diagram's split before it joins the tab
            diagram.detailsView().setHeadingShown(false); // the tab says "Details"
            if (tab.getContent() == null) tab.setContent(diagram.detailsView());
            if (!explain.getTabs().contains(tab)) {
                before = explain.getSelectionModel().getSelectedItem();
                explain.getTabs().add(tab);
            }
            if (!inTab) room.accept(true);
            inTab = true;
        } else {
            boolean wasFront = tab.isSelected() || closedInFront;
            closedInFront = false;
            explain.getTabs().remove(tab);
            tab.setContent(null);
            if (inTab) {
                diagram.detailsView().setHeadingShown(true);
                room.accept(false);
            }
            inTab = false;
            if (wasFront && before != null && explain.getTabs().contains(before))
                explain.getSelectionModel().select(before);
            diagram.detailsBesideProperty().set(!explainShown.getValue());
        }
    }
}
