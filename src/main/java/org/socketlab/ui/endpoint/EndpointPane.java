package org.socketlab.ui.endpoint;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.lab.Endpoint.SocketInfo;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.ui.common.Texts;

import java.util.List;
import java.util.Objects;

/** The view of one endpoint: inputs, its sockets, a button per call, and the pane's one message. */
public final class EndpointPane extends VBox {
    private final EndpointViewModel vm;
    private final Texts texts;

    public EndpointPane(EndpointViewModel vm) {
        this.vm = vm;
        this.texts = vm.texts();
        String id = vm.name();
        getStyleClass().addAll("endpoint-pane", "endpoint-" + id);
        getStylesheets().add(Objects.requireNonNull(EndpointPane.class.getResource("endpoint.css")).toExternalForm());

        Label title = new Label();
        title.setId(id + "-title");
        title.getStyleClass().add("endpoint-title");
        // Added clients are client-2, client-3...: "Client 2" in the pane's title.
        int dash = id.lastIndexOf('-');
        title.textProperty().bind(dash < 0 ? texts.text("ui.endpoint." + id)
                : Bindings.concat(texts.text("ui.endpoint." + id.substring(0, dash)), " ", id.substring(dash + 1)));
        Button reset = new Button(null, new FontIcon(Feather.ROTATE_CCW));
        reset.setId(id + "-reset");
        reset.textProperty().bind(texts.text("ui.endpoint.reset"));
        reset.setTooltip(tooltip(texts.text("ui.endpoint.reset.tooltip")));
        reset.getStyleClass().add(Styles.SMALL);
        reset.setOnAction(e -> vm.reset());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, title, spacer, reset);
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane inputs = new GridPane();
        inputs.getStyleClass().add("endpoint-inputs");
        inputs.setHgap(8);
        inputs.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        inputs.getColumnConstraints().addAll(labels, wide);

        ComboBox<Domain> domain = combo(id + "-domain", Domain.values());
        domain.valueProperty().bindBidirectional(vm.domainProperty());
        ComboBox<SockType> type = combo(id + "-type", SockType.values());
        type.valueProperty().bindBidirectional(vm.typeProperty());
        TextField address = field(id + "-address", vm.addressProperty(), vm.invalidProperty(InputField.ADDRESS));
        TextField port = field(id + "-port", vm.portProperty(), vm.invalidProperty(InputField.PORT));
        port.disableProperty().bind(vm.portAppliesProperty().not());
        TextField payload = field(id + "-payload", vm.payloadProperty(), vm.invalidProperty(InputField.PAYLOAD));
        TextField buffer = field(id + "-buffer", vm.bufferSizeProperty(), vm.invalidProperty(InputField.BUFFER));
        TextField backlog = field(id + "-backlog", vm.backlogProperty(), vm.invalidProperty(InputField.BACKLOG));
        ComboBox<ShutdownHow> how = combo(id + "-how", ShutdownHow.values());
        how.valueProperty().bindBidirectional(vm.howProperty());
        ComboBox<SocketOption> option = combo(id + "-option", SocketOption.values());
        option.valueProperty().bindBidirectional(vm.optionProperty());
        TextField optionValue = field(id + "-option-value", vm.optionValueProperty(), vm.invalidProperty(InputField.OPTION_VALUE));
        optionValue.setPrefColumnCount(5);
        optionValue.setTooltip(tooltip(texts.text("ui.input.optionValue.tooltip")));
        CheckBox hex = new CheckBox("hex");
        hex.setId(id + "-payload-hex");
        hex.selectedProperty().bindBidirectional(vm.payloadHexProperty());
        hex.setTooltip(tooltip(texts.text("ui.input.payloadHex.tooltip")));
        CheckBox nonBlocking = new CheckBox("O_NONBLOCK");
        nonBlocking.setMnemonicParsing(false);
        nonBlocking.setId(id + "-nonblocking");
        nonBlocking.selectedProperty().bindBidirectional(vm.nonBlockingProperty());
        ComboBox<SocketInfo> fd = socketSelector(id);

        // Two columns (label, input), one input a row, so the pane fits a narrow side column beside the diagram.
        for (javafx.scene.control.Control c : List.of(domain, type, address, payload, option, fd, how))
            shrinkable(c);
        port.setPrefColumnCount(5);
        port.setMinWidth(Region.USE_PREF_SIZE);
        Label colon = new Label(":");
        colon.setMinWidth(Region.USE_PREF_SIZE);
        port.setPromptText("port");
        optionValue.setMinWidth(Region.USE_PREF_SIZE);
        hex.setMinWidth(Region.USE_PREF_SIZE);
        int row = 0;
        inputs.addRow(row++, label("ui.input.domain"), hbox(domain, type));
        inputs.addRow(row++, label("ui.input.socket"), fd);
        inputs.addRow(row++, label("ui.input.address"), hbox(address, colon, port));
        inputs.addRow(row++, label("ui.input.payload"), hbox(payload, hex));
        inputs.addRow(row++, label("ui.input.buffer"), buffer);
        inputs.addRow(row++, label("ui.input.backlog"), backlog);
        inputs.addRow(row++, label("ui.input.how"), how);
        inputs.addRow(row++, label("ui.input.option"), hbox(option, optionValue));
        inputs.addRow(row, label("ui.input.mode"), nonBlocking);

        Label callsTitle = label("ui.endpoint.calls");
        callsTitle.getStyleClass().add("section-title");
        callsTitle.setMinWidth(0);
        callsTitle.setWrapText(true);
        FlowPane calls = new FlowPane(6, 6);
        calls.getStyleClass().add("endpoint-calls");
        for (SocketCall call : SocketCall.values()) calls.getChildren().add(callButton(id, call));

        Label message = new Label();
        message.setId(id + "-message");
        message.getStyleClass().add("endpoint-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(vm.messageProperty());
        showOnlyWithText(message);
        Label waiting = new Label(null, new FontIcon(Feather.CLOCK));
        waiting.setId(id + "-waiting");
        waiting.getStyleClass().add("endpoint-waiting");
        waiting.textProperty().bind(vm.waitingTextProperty());
        showOnlyWithText(waiting);

        setSpacing(10);
        getChildren().addAll(header, inputs, callsTitle, calls, waiting, message);
    }

    /** Grows and shrinks with the column instead of insisting on its preferred width. */
    private static void shrinkable(javafx.scene.control.Control c) {
        c.setMinWidth(60);
        c.setPrefWidth(120);
        c.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(c, Priority.ALWAYS);
    }

    private static HBox hbox(javafx.scene.Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    public EndpointViewModel viewModel() {
        return vm;
    }

    private Button callButton(String id, SocketCall call) {
        Button b = new Button(call.cName() + "()");
        b.setId(id + "-" + call.cName());
        b.getStyleClass().add("call-button");
        // The C prototype first, then what the call does, in the current language.
        b.setTooltip(tooltip(Bindings.concat(call.signature(), "\n\n", texts.text(call.docKey()),
                "\n\n", call.shortcutText(vm.name().equals("server")))));
        b.setOnAction(e -> vm.run(call));
        return b;
    }

    private ComboBox<SocketInfo> socketSelector(String id) {
        ComboBox<SocketInfo> fd = new ComboBox<>(vm.sockets());
        fd.setId(id + "-fd");
        fd.setMaxWidth(Double.MAX_VALUE);
        fd.valueProperty().bindBidirectional(vm.selectedSocketProperty());
        fd.setConverter(new StringConverter<>() {
            @Override public String toString(SocketInfo s) { return s == null ? "" : describe(s); }
            @Override public SocketInfo fromString(String text) { return null; }
        });
        // A custom button cell, so the "no socket" text comes back after the last socket is closed.
        fd.setButtonCell(new ListCell<>() {
            {
                texts.messagesProperty().addListener(obs -> updateItem(getItem(), isEmpty()));
            }
            @Override protected void updateItem(SocketInfo item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? texts.messages().get("ui.input.socket.none") : describe(item));
            }
        });
        return fd;
    }

    private String describe(SocketInfo s) {
        String state = vm.stateOf(s.fd());
        return "fd " + s.fd() + " · " + s.domain() + " · " + s.type() + (s.nonBlocking() ? " · O_NONBLOCK" : "")
                + (state.isEmpty() ? "" : " · " + state);
    }

    private Label label(String key) {
        Label l = new Label();
        l.setMinWidth(Region.USE_PREF_SIZE); // a label is never cut to "..."
        l.textProperty().bind(texts.text(key));
        return l;
    }

    private static TextField field(String id, StringProperty value, ReadOnlyBooleanProperty invalid) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        f.pseudoClassStateChanged(Styles.STATE_DANGER, invalid.get());
        invalid.addListener((obs, was, is) -> f.pseudoClassStateChanged(Styles.STATE_DANGER, is));
        return f;
    }

    @SafeVarargs
    private static <T> ComboBox<T> combo(String id, T... values) {
        ComboBox<T> c = new ComboBox<>();
        c.getItems().setAll(values);
        c.setId(id);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private static Tooltip tooltip(javafx.beans.value.ObservableValue<String> text) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(text);
        t.setShowDelay(Duration.millis(300));
        t.getStyleClass().add("call-tooltip");
        return t;
    }

    private static void showOnlyWithText(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
