package org.socketlab.ui.processes;

import java.util.List;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.socketlab.i18n.Messages;
import org.socketlab.story.table.ProcessRow;
import org.socketlab.ui.common.EndpointStyle;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The Processes view: one block a process ("Server 2 · pid 4250 · forked from Server (pid 4242) · running"), under it
 * its descriptor table as {@code ls -l /proc/PID/fd} would list it (fd, socket:[inode]) with each socket's type, state
 * and addresses, wrapping in a narrow pane; a socket another process also holds (after fork()) is marked in both tables and names the other
 * holder. Under a running process's header, its signal dispositions (each one it changed, else all default). A child
 * sits under its parent, indented. Rebuilt whenever the rows or the language change.
 */
public final class ProcessesView extends VBox {
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
        // One paragraph: who it is, then where it is in its life (running, zombie...), wrapped as the pane allows.
        Text who = new Text(headerText(row, m) + " \u00b7 ");
        who.getStyleClass().add("process-header");
        Text status = new Text(row.statusText(m));
        status.getStyleClass().add("process-status");
        TextFlow header = new TextFlow(who, status);
        header.getStyleClass().add("process-heading");
        box.getChildren().add(header);
        String signals = row.dispositionsText(m);
        if (!signals.isEmpty()) { // what a signal sent now would do to it, as the Signals menu ticks it
            Label line = new Label(signals);
            line.getStyleClass().add("process-signals");
            line.setId("process-signals-" + row.endpoint() + (row.pid() == null ? "" : "-" + row.pid()));
            line.setWrapText(true);
            line.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(line);
        }
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

    /**
     * The descriptor table: a line a descriptor (fd, socket:[inode], type, state, local and peer addresses) that wraps
     * between its parts in a narrow pane, never inside one and never cut; a shared socket says with whom under it.
     */
    private static VBox table(ProcessRow row, Messages m) {
        VBox table = new VBox(3);
        table.getStyleClass().add("descriptor-table");
        for (ProcessRow.Descriptor d : row.descriptors()) {
            FlowPane line = new FlowPane(10, 0);
            line.getStyleClass().add("descriptor-line");
            line.getChildren().addAll(cell(String.valueOf(d.fd()), "col-fd"), cell(d.socketText(), "col-socket"),
                    cell(d.kindText(m), "col-type"), cell(d.stateText(m), "col-state"));
            if (d.socket() != null && d.socket().local() != null)
                line.getChildren().add(cell(m.get("ui.processes.local", d.localText()), "col-local"));
            if (d.socket() != null && d.socket().peer() != null)
                line.getChildren().add(cell(m.get("ui.processes.peer", d.peerText()), "col-peer"));
            VBox entry = new VBox(1, line);
            entry.getStyleClass().add("descriptor");
            if (d.shared()) {
                entry.getStyleClass().add("shared");
                Label with = new Label("\u21c4 " + d.sharedText(m));
                with.getStyleClass().addAll("descriptor-cell", "col-shared");
                with.setWrapText(true);
                with.setMinHeight(Region.USE_PREF_SIZE);
                with.setTooltip(new Tooltip(m.get("story.process.forked.meaning")));
                entry.getChildren().add(with);
            }
            table.getChildren().add(entry);
        }
        return table;
    }

    private static Label cell(String text, String column) {
        Label l = new Label(text);
        l.getStyleClass().addAll("descriptor-cell", column);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A fork's child wears its family's colour: the server's children are the server's. */
    private static String colour(String endpoint) {
        return endpoint.startsWith("server") ? "ep-server" : EndpointStyle.of(endpoint);
    }
}
