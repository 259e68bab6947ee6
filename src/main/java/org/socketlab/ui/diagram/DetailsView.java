package org.socketlab.ui.diagram;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The selected element's details: args, result, errno in plain words, bytes as text and hex, origin. */
public final class DetailsView extends VBox {
    private final DetailsViewModel vm;
    private final GridPane grid = new GridPane();
    private final Label empty = new Label();
    private final Label heading = new Label();

    public DetailsView(DetailsViewModel vm) {
        this.vm = vm;
        setId("diagram-details");
        getStyleClass().add("diagram-details");
        getStylesheets().add(Objects.requireNonNull(DetailsView.class.getResource("details.css")).toExternalForm());
        heading.getStyleClass().add("section-title");
        heading.textProperty().bind(vm.texts().text("ui.diagram.details.title"));
        Label title = new Label();
        title.setId("diagram-details-title");
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        title.textProperty().bind(vm.titleProperty());
        empty.getStyleClass().add("details-empty");
        empty.setWrapText(true);
        empty.textProperty().bind(vm.texts().text("ui.diagram.details.empty"));
        grid.setHgap(12);
        grid.setVgap(6);
        // Two columns that share the width (names a third, values the rest), both wrapping: readable at any size,
        // never a value squeezed to a few letters a line by a long name.
        ColumnConstraints names = new ColumnConstraints();
        names.setPercentWidth(32);
        ColumnConstraints values = new ColumnConstraints();
        values.setPercentWidth(68);
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().setAll(names, values);
        // The older-events row's action: a button, so the keyboard reaches it (Tab) as the mouse does.
        Button earlier = new Button();
        earlier.setId("diagram-details-earlier");
        earlier.textProperty().bind(vm.texts().text("ui.file.earlier"));
        earlier.visibleProperty().bind(vm.earlierOffered());
        earlier.managedProperty().bind(earlier.visibleProperty());
        earlier.setOnAction(e -> vm.showEarlierEvents());
        ScrollPane scroll = new ScrollPane(new VBox(8, title, grid, earlier));
        scroll.setId("diagram-details-scroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(heading, empty, scroll);
        vm.details().addListener((ListChangeListener<Detail>) c -> rebuild());
        rebuild();
    }

    /**
     * Whether the view says "Details" above the event: beside the diagram it does; in a tab named so, the tab says it
     * and the event gets the line (issue 78: a short pane under the server at 1280x720).
     */
    public void setHeadingShown(boolean shown) {
        heading.setVisible(shown);
        heading.setManaged(shown);
    }

    private void rebuild() {
        grid.getChildren().clear();
        boolean none = vm.details().isEmpty();
        empty.setVisible(none);
        empty.setManaged(none);
        int r = 0;
        for (Detail d : vm.details()) {
            Label name = new Label(d.name());
            name.getStyleClass().add("details-name");
            name.setWrapText(true);
            name.setMinHeight(USE_PREF_SIZE);
            grid.add(name, 0, r);
            if (d.value().contains("\n")) {
                // hex dumps: selectable, copyable, fixed width
                TextArea area = new TextArea(d.value());
                area.setEditable(false);
                area.setPrefRowCount((int) Math.min(8, d.value().lines().count()));
                area.getStyleClass().addAll("details-value", "mono");
                grid.add(area, 1, r);
            } else {
                Label value = new Label(d.value());
                value.setWrapText(true);
                value.setMinHeight(USE_PREF_SIZE);
                value.getStyleClass().add("details-value");
                if (d.mono()) value.getStyleClass().add("mono");
                grid.add(value, 1, r);
            }
            r++;
        }
    }
}
