package org.socketlab.ui.sockets;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.story.StoryText;
import org.socketlab.story.table.SocketRow;
import org.socketlab.ui.common.EndpointStyle;
import org.socketlab.ui.common.TableHeaders;
import org.socketlab.ui.common.ViewSubscriptions;

/** The socket table, like {@code ss -tanp} for the lab: closed fds whose connection lives on are greyed. */
public final class SocketTableView extends VBox {
    private final TableView<SocketRow> table = new TableView<>();
    /** The last tcp_info of each connection: round trip, congestion window, bytes in flight, the peer's window. */
    private final List<TableColumn<SocketRow, String>> kernelColumns;
    /** Their preferred widths, the least they are taken to need before they were ever shown. */
    private static final double[] KERNEL_WIDTHS = {70, 55, 80, 110, 70, 75, 75, 70};
    /** What a tcp_info column shows before any reading. */
    private static final String NONE = "\u2014";

    public SocketTableView(SocketsViewModel vm) {
        getStyleClass().add("socket-table-view");
        getStylesheets().addAll(EndpointStyle.stylesheet(),
                Objects.requireNonNull(SocketTableView.class.getResource("sockets.css")).toExternalForm());
        Label title = new Label();
        title.setId("sockets-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.texts().text("ui.sockets.title"));
        // Brought to the front at 1024x768 the pane is ~400 px wide: "...guarda de cada ex..." unless it wraps.
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);

        table.setId("socket-table");
        table.getStyleClass().add("socket-table");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableHeaders.keepWhole(table);
        Label empty = new Label();
        empty.setWrapText(true); // at 200 % the hint may be wider than the pane: wrapped, never cut
        empty.setMinHeight(Region.USE_PREF_SIZE);
        empty.setPadding(new Insets(0, 8, 0, 8));
        empty.textProperty().bind(vm.texts().text("ui.sockets.empty"));
        table.setPlaceholder(empty);

        var t = vm.texts();
        kernelColumns = List.of(
                column(vm, "ui.sockets.col.rtt", KERNEL_WIDTHS[0], SocketRow::rttText, "col-num", SocketRow::rttTip),
                column(vm, "ui.sockets.col.cwnd", KERNEL_WIDTHS[1], SocketRow::cwndText, "col-num",
                        SocketRow::cwndTip),
                column(vm, "ui.sockets.col.inFlight", KERNEL_WIDTHS[2], SocketRow::inFlightText, "col-num",
                        SocketRow::inFlightTip),
                column(vm, "ui.sockets.col.peerWindow", KERNEL_WIDTHS[3], SocketRow::peerWindowText, "col-num",
                        SocketRow::peerWindowTip),
                // What the tooltips of the first four said, as columns of their own where there is room (issue 78).
                column(vm, "ui.sockets.col.rto", KERNEL_WIDTHS[4],
                        (r, m) -> kernel(r, k -> m.get("ui.sockets.millis", StoryText.millis(k.rtoUs()))), "col-num"),
                column(vm, "ui.sockets.col.ssthresh", KERNEL_WIDTHS[5],
                        (r, m) -> kernel(r, k -> k.sndSsthresh() == null ? "\u221e" : String.valueOf(k.sndSsthresh())),
                        "col-num"),
                column(vm, "ui.sockets.col.unacked", KERNEL_WIDTHS[6],
                        (r, m) -> kernel(r, k -> String.valueOf(k.unacked())),
                        "col-num"),
                column(vm, "ui.sockets.col.retrans", KERNEL_WIDTHS[7],
                        (r, m) -> kernel(r, k -> String.valueOf(k.retransmitted())), "col-num"));
        for (TableColumn<SocketRow, String> c : kernelColumns) c.setVisible(false); // until a reading and room
        // Preferred widths no more than their texts need (860 px in all): a constrained table never makes a column
        // narrower than its preferred width, and at 1920x1080 the pane beside the state machine is about 930 px wide.
        table.getColumns().setAll(List.of(
                column(vm, "ui.sockets.col.endpoint", 90, SocketRow::endpointText, "col-endpoint"),
                column(vm, "ui.sockets.col.fd", 90, SocketRow::fdText, "col-fd", SocketRow::fdTip),
                column(vm, "ui.sockets.col.type", 60, (r, m) -> r.kind().label(m), "col-type"),
                // ss -tan's order: the state and the queues, what a call changes, come before the addresses, so a
                // pane too narrow for every column (the window's layout at 1280x720 and 1024x768) shows them first
                // and scrolls sideways to the addresses. TIME_WAIT's countdown is in the state's own cell: a column
                // of its own for one row's "59 s" made the table wider than its pane at 1920x1080 (issue 43 item 9).
                column(vm, "ui.sockets.col.state", 140, SocketRow::stateCellText, "col-state", SocketRow::stateTip),
                column(vm, "ui.sockets.col.recvQ", 90, SocketRow::recvQText, "col-num", SocketRow::recvQTip),
                column(vm, "ui.sockets.col.sendQ", 90, SocketRow::sendQText, "col-num", SocketRow::sendQTip),
                column(vm, "ui.sockets.col.local", 150, (r, m) -> r.localText(), "col-addr"),
                column(vm, "ui.sockets.col.peer", 150, (r, m) -> r.peerText(), "col-addr")));
        table.getColumns().addAll(kernelColumns);
        // What TCP is doing (issue 60) where the table has room for it: at 1920x1080 the pane holds the other columns
        // whole and no more, and a column scrolled off to the right is as good as cut. The state's tooltip says it too.
        table.needsLayoutProperty().addListener((obs, was, is) -> {
            if (!is) showKernelColumnsWhereTheyFit();
        });
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(SocketRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeIf(c -> c.startsWith("ep-") || c.equals("closed-fd") || c.equals("time-wait"));
                if (empty || row == null) return;
                getStyleClass().add(EndpointStyle.of(row.endpoint()));
                if (!row.open()) getStyleClass().add("closed-fd");
                if (row.state() == TcpState.TIME_WAIT) getStyleClass().add("time-wait");
            }
        });
        // Re-render the cells when the language changes.
        ViewSubscriptions.listen(table, t.messagesProperty(), (obs, old, now) -> table.refresh());
        VBox.setVgrow(table, Priority.ALWAYS);
        setSpacing(6);
        getChildren().addAll(title, table);
        // The TIME_WAIT countdown moves once a second through the bridge, only while one counts (SocketsViewModel.tick):
        // a Timeline here would keep JavaFX pulsing 60 times a second for as long as the window is open.
    }

    /** A tcp_info figure of the row's connection, or a dash before any reading. */
    private static String kernel(SocketRow r, Function<Payload.TcpInfo, String> figure) {
        return r.tcpInfo() == null ? NONE : figure.apply(r.tcpInfo());
    }

    /**
     * Shows the tcp_info columns while a row has a reading, as many of them, in their order (RTT, cwnd, in flight, the
     * peer's window, RTO, ssthresh, unacked, retransmitted), as the table has room for with every other column whole
     * (their minimums, as {@link TableHeaders} measured them); the rest are hidden, never squashed. Their own minimums
     * stay measured while hidden, so a table they did not fit in does not show them again at the same width.
     */
    private void showKernelColumnsWhereTheyFit() {
        boolean readings = table.getItems().stream().anyMatch(r -> r.tcpInfo() != null);
        double need = 0, room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset();
        for (Node n : table.lookupAll(".scroll-bar"))
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL && bar.isVisible())
                room -= bar.getWidth();
        for (TableColumn<SocketRow, ?> c : table.getColumns()) if (!kernelColumns.contains(c)) need += c.getMinWidth();
        for (int i = 0; i < kernelColumns.size(); i++) {
            TableColumn<SocketRow, String> c = kernelColumns.get(i);
            need += Math.max(c.getMinWidth(), KERNEL_WIDTHS[i]);
            boolean show = readings && table.getWidth() > 0 && need <= room + 0.5;
            if (c.isVisible() != show) c.setVisible(show);
        }
    }

    /** How many tcp_info columns are shown now. */
    public long kernelColumnsShown() {
        return kernelColumns.stream().filter(TableColumn::isVisible).count();
    }

    public TableView<SocketRow> table() {
        return table;
    }

    private static TableColumn<SocketRow, String> column(SocketsViewModel vm, String key, double width,
            BiFunction<SocketRow, Messages, String> text, String style) {
        return column(vm, key, width, text, style, (r, m) -> "");
    }

    /**
     * A column whose header says what it holds in a tooltip ({@link TableHeaders}), and whose cells say their whole text (a narrow table may
     * shorten it) and, where {@code tip} gives one, the long form of an abbreviation, in a tooltip made when the
     * pointer first enters them.
     */
    private static TableColumn<SocketRow, String> column(SocketsViewModel vm, String key, double width,
            BiFunction<SocketRow, Messages, String> text, String style, BiFunction<SocketRow, Messages, String> tip) {
        TableColumn<SocketRow, String> c = new TableColumn<>();
        c.textProperty().bind(vm.texts().text(key));
        c.getProperties().put(TableHeaders.TOOLTIP,
                Bindings.concat(c.textProperty(), ": ", vm.texts().text(key + ".tooltip")));
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        c.getStyleClass().add(style);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(text.apply(cd.getValue(), vm.texts().messages())));
        c.setCellFactory(col -> new TableCell<>() {
            {
                // The pointer entering a cell: its tooltip says the row's text now (cells are reused for other rows).
                addEventFilter(MouseEvent.MOUSE_ENTERED, e -> {
                    if (isEmpty() || getTableRow() == null || getTableRow().getItem() == null) return;
                    String more = tip.apply(getTableRow().getItem(), vm.texts().messages());
                    if (getTooltip() == null) {
                        Tooltip t = new Tooltip();
                        t.setWrapText(true);
                        t.setMaxWidth(480);
                        setTooltip(t);
                    }
                    getTooltip().setText(more.isEmpty() ? getText() : getText() + "\n" + more);
                });
            }

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value);
            }
        });
        return c;
    }
}
