package org.socketlab.ui.journal;

import java.util.Locale;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.story.JournalLine;
import org.socketlab.ui.common.ViewSubscriptions;

/** The journal, live: one strace-like line per event, coloured by endpoint; errors in a calm, distinct colour. */
public final class JournalView extends VBox {
    private final ListView<JournalLine> list;

    public JournalView(JournalViewModel vm) {
        getStyleClass().add("journal-view");
        getStylesheets().add(Objects.requireNonNull(JournalView.class.getResource("journal.css")).toExternalForm());
        Label title = new Label();
        title.setId("journal-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.texts().text("ui.journal.title"));
        // The lines are in the kernel's order and numbered by the journal's: the title says so, whole (issue 43 item 9).
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);

        list = new ListView<>(vm.lines());
        list.setId("journal-list");
        list.getStyleClass().add("journal-list");
        Label empty = new Label();
        empty.textProperty().bind(vm.texts().text("ui.journal.empty"));
        list.setPlaceholder(empty);
        list.setCellFactory(lv -> new LineCell());
        // Follow the newest line, as a terminal running strace would.
        ViewSubscriptions.listen(this, vm.lines(), (ListChangeListener<JournalLine>) change -> {
            if (!vm.lines().isEmpty()) list.scrollTo(vm.lines().size() - 1);
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        setSpacing(6);
        getChildren().addAll(title, list);
    }

    private static final class LineCell extends ListCell<JournalLine> {
        private final Label seq = new Label();
        private final Label who = new Label();
        private final Label text = new Label();
        private final HBox row = new HBox(10, seq, who, text);
        private final Tooltip full = new Tooltip();

        LineCell() {
            seq.getStyleClass().add("line-seq");
            who.getStyleClass().add("line-who");
            text.getStyleClass().add("line-text");
            row.setAlignment(Pos.CENTER_LEFT);
            // A long errno explanation ends in an ellipsis instead of widening the list; the tooltip has it all.
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            row.setMinWidth(0);
            row.setPrefWidth(0);
            full.setWrapText(true);
            full.setMaxWidth(720);
        }

        @Override
        protected void updateItem(JournalLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            full.setText(line.text());
            setTooltip(full);
            seq.setText("#" + line.number());
            who.setText(line.who());
            text.setText(line.text());
            row.getStyleClass().setAll("journal-line", "kind-" + line.kind().name().toLowerCase(Locale.ROOT),
                    "endpoint-" + endpointStyle(line.endpoint()));
            setGraphic(row);
        }

        private static String endpointStyle(String endpoint) {
            if (endpoint.equals("server")) return "server";
            if (endpoint.startsWith("client")) return "client";
            return "other";
        }
    }
}
