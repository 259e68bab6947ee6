package org.socketlab.ui.processes;

import java.util.List;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.i18n.Messages;
import org.socketlab.story.table.ProcessRow;
import org.socketlab.ui.common.EndpointStyle;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The Processes view: one block a process ("Server 2 · pid 4250 · forked from Server (pid 4242) · running"), under it
 * its descriptor table as {@code ls -l /proc/PID/fd} would list it (fd, socket:[inode]) with each socket's type, state
 * and addresses; a socket another process also holds (after fork()) is marked in both tables and names the other
 * holder. A child sits under its parent, indented. Rebuilt whenever the rows or the language change.
 */
public final class ProcessesView extends VBox {
    private static final String[] COLUMNS = {"fd", "socket", "type", "state", "local", "peer", "shared"};
    private final ProcessesViewModel vm;
    private final VBox list = new VBox(10);
    private final Label empty = new Label();

    public ProcessesView(ProcessesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("processes-view");
        setId("processes-view");
        getStylesheets().addAll(EndpointStyle.stylesheet(),
                Objects.requireNonNull(ProcessesView.class.getResource("processes.css")).toExternalForm());
        Label title = new Label();
        title.setId("processes-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.texts().text("ui.processes.title"));
        title.setWrapText(true); // a narrow pane wraps it, never cuts it
        title.setMinHeight(Region.USE_PREF_SIZE);
        empty.setId("processes-empty");
        empty.setWrapText(true);
        empty.setMinHeight(Region.USE_PREF_SIZE);
        empty.textProperty().bind(vm.texts().text("ui.processes.empty"));
        list.setId("process-list");
        list.setPadding(new Insets(2, 4, 8, 0));
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        setSpacing(6);
        getChildren().addAll(title, scroll);
        ViewSubscriptions.listen(this, vm.rowsProperty(), (obs, was, now) -> rebuild());
        ViewSubscriptions.listen(this, vm.texts().messagesProperty(), (obs, was, now) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        Messages m = vm.texts().messages();
        List<ProcessRow> rows = vm.rows();
        if (rows.isEmpty()) {
            list.getChildren().setAll(empty);
            return;
        }
        list.getChildren().setAll(rows.stream().map(r -> block(r, m)).toList());
    }

    /** One process: its header line, then its descriptor table (or that it holds none). */
    private Node block(ProcessRow row, Messages m) {
        VBox box = new VBox(2);
        box.getStyleClass().addAll("process-block", colour(row.endpoint()));
        if (row.ended()) box.getStyleClass().add("ended");
        if (row.status() == ProcessRow.Status.ZOMBIE) box.getStyleClass().add("zombie");
        box.setId("process-" + row.endpoint() + (row.pid() == null ? "" : "-" + row.pid()));
        VBox.setMargin(box, new Insets(0, 0, 0, 18 * row.depth()));
        Label header = new Label(headerText(row, m));
        header.getStyleClass().add("process-header");
        header.setWrapText(true);
        header.setMinHeight(Region.USE_PREF_SIZE);
        Label status = new Label(row.statusText(m));
        status.getStyleClass().add("process-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        box.getChildren().addAll(header, status);
        if (row.descriptors().isEmpty()) {
            Label none = new Label(m.get("ui.processes.noDescriptors"));
            none.getStyleClass().add("no-descriptors");
            none.setWrapText(true);
            none.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(none);
        } else {
            box.getChildren().add(table(row, m));
        }
        return box;
    }

    /** "Server 2 · pid 4250 · forked from Server (pid 4242) · on h2 (10.77.0.2)". */
    private static String headerText(ProcessRow row, Messages m) {
        StringBuilder s = new StringBuilder(row.endpointText(m)).append(" \u00b7 ").append(row.pidText(m));
        if (!row.parentText(m).isEmpty()) s.append(" \u00b7 ").append(row.parentText(m));
        if (!row.hostText(m).isEmpty()) s.append(" \u00b7 ").append(row.hostText(m));
        return s.toString();
    }

    /** The descriptor table: a header row, then a row a descriptor; every cell as wide as its text (never cut). */
    private GridPane table(ProcessRow row, Messages m) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("descriptor-table");
        grid.setHgap(12);
        grid.setVgap(1);
        for (int c = 0; c < COLUMNS.length; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setMinWidth(Region.USE_PREF_SIZE);
            grid.getColumnConstraints().add(cc);
            Label head = cell(m.get("ui.processes.col." + COLUMNS[c]), "descriptor-head");
            grid.add(head, c, 0);
        }
        int r = 1;
        for (ProcessRow.Descriptor d : row.descriptors()) {
            String[] texts = {String.valueOf(d.fd()), d.socketText(), d.kindText(m), d.stateText(m), d.localText(),
                    d.peerText(), d.sharedText(m)};
            for (int c = 0; c < texts.length; c++) {
                Label cell = cell(texts[c], "descriptor-cell");
                cell.getStyleClass().add("col-" + COLUMNS[c]);
                if (d.shared()) cell.getStyleClass().add("shared");
                if (d.shared() && c == COLUMNS.length - 1)
                    cell.setTooltip(new Tooltip(m.get("story.process.forked.meaning")));
                grid.add(cell, c, r);
            }
            r++;
        }
        return grid;
    }

    private static Label cell(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** A fork's child wears its family's colour: the server's children are the server's. */
    private static String colour(String endpoint) {
        return endpoint.startsWith("server") ? "ep-server" : EndpointStyle.of(endpoint);
    }
}
