package org.socketlab.ui.endpoint;

import atlantafx.base.theme.Styles;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.kernel.SocketState;
import org.socketlab.lab.Endpoint.SocketInfo;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.ui.common.FittingComboBoxSkin;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/**
 * The calls' arguments of one endpoint pane: each input with its label and, under it, what is wrong with it in words,
 * flowing two or one a row as the pane allows; and the chooser of the socket the calls act on. The form only edits the
 * view-model's arguments, so a call pressed before it is built uses them as they are.
 */
final class ArgumentsForm {
    private final EndpointViewModel vm;
    private final Texts texts;

    ArgumentsForm(EndpointViewModel vm) {
        this.vm = vm;
        this.texts = vm.texts();
    }

    /** Puts every input in {@code inputs}; returns the line that chooses the socket, which goes above them. */
    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    Node fill(FlowPane inputs) {
        String id = vm.name();
        // Each input with its label (and its error under it), flowing two or one a row as the pane allows;
        // an input is never narrower than its text.
        inputs.getStyleClass().add("endpoint-inputs");

        ComboBox<Domain> domain = InputControls.combo(id + "-domain", Domain.values());
        domain.valueProperty().bindBidirectional(vm.domainProperty());
        ComboBox<SockType> type = InputControls.combo(id + "-type", SockType.values());
        type.valueProperty().bindBidirectional(vm.typeProperty());
        TextField address = field(id + "-address", vm.addressProperty(), vm.invalidProperty(InputField.ADDRESS));
        TextField port = field(id + "-port", vm.portProperty(), vm.invalidProperty(InputField.PORT));
        port.disableProperty().bind(vm.portAppliesProperty().not());
        TextField payload = field(id + "-payload", vm.payloadProperty(), vm.invalidProperty(InputField.PAYLOAD));
        TextField buffer = field(id + "-buffer", vm.bufferSizeProperty(), vm.invalidProperty(InputField.BUFFER));
        TextField backlog = field(id + "-backlog", vm.backlogProperty(), vm.invalidProperty(InputField.BACKLOG));
        ComboBox<ShutdownHow> how = InputControls.combo(id + "-how", ShutdownHow.values());
        how.valueProperty().bindBidirectional(vm.howProperty());
        ComboBox<SocketOption> option = InputControls.combo(id + "-option", SocketOption.values());
        option.valueProperty().bindBidirectional(vm.optionProperty());
        // The level is setsockopt's second argument: the list says it as a C program writes it ("SOL_SOCKET, SO_REUSEADDR");
        // the chosen option shows its name, its level on a line of its own, so the pane never scrolls sideways.
        option.setConverter(new StringConverter<>() {
            @Override
            public String toString(SocketOption o) {
                return o == null ? "" : o.name();
            }
            @Override
            public SocketOption fromString(String s) {
                return option.getValue();
            }
        });
        option.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(SocketOption o, boolean empty) {
                super.updateItem(o, empty);
                setText(empty || o == null ? null : o.level().name() + ", " + o.name());
            }
        });
        option.getStyleClass().add("option-choice");
        Label level = new Label();
        level.setId(id + "-option-level");
        level.textProperty().bind(Bindings.createStringBinding(
                () -> option.getValue() == null ? "" : option.getValue().level().name(), option.valueProperty()));
        level.setMinWidth(Region.USE_PREF_SIZE);
        TextField optionValue = field(id + "-option-value", vm.optionValueProperty(),
                vm.invalidProperty(InputField.OPTION_VALUE));
        optionValue.setPrefColumnCount(5);
        LazyTooltip.install(optionValue, () -> InputControls.tooltip(texts.text("ui.input.optionValue.tooltip")));
        CheckBox hex = new CheckBox("hex");
        hex.setId(id + "-payload-hex");
        hex.selectedProperty().bindBidirectional(vm.payloadHexProperty());
        LazyTooltip.install(hex, () -> InputControls.tooltip(texts.text("ui.input.payloadHex.tooltip")));
        CheckBox nonBlocking = new CheckBox("O_NONBLOCK");
        nonBlocking.setMnemonicParsing(false);
        nonBlocking.setId(id + "-nonblocking");
        nonBlocking.selectedProperty().bindBidirectional(vm.nonBlockingProperty());
        LazyTooltip.install(nonBlocking, () -> InputControls.tooltip(texts.text("ui.input.nonBlocking.tooltip")));
        nonBlocking.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<SocketInfo> fd = socketSelector(id);
        ComboBox<Protocol> protocol = InputControls.combo(id + "-protocol", Protocol.values());
        protocol.valueProperty().bindBidirectional(vm.protocolProperty());
        protocol.setConverter(new StringConverter<>() {
            @Override
            public String toString(Protocol p) {
                return p == null ? "" : p.text();
            }
            @Override
            public Protocol fromString(String text) {
                return null;
            }
        });
        protocol.setTooltip(InputControls.tooltip(texts.text("ui.input.protocol.tooltip")));
        // One checkbox per flag: what strace shows as MSG_PEEK|MSG_WAITALL.
        FlowPane flagLine = new FlowPane(8, 4);
        for (MsgFlag f : MsgFlag.values())
            flagLine.getChildren()
                    .add(checkbox(id + "-flag-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            f.name(), vm.flagProperty(f), "ui.input.flags.tooltip"));
        flagLine.setPrefWrapLength(160); // a narrow pane: two a row at most, under their label
        FlowPane eventBoxes = new FlowPane(8, 4);
        eventBoxes.setPrefWrapLength(160);
        for (PollEvent e : PollEvent.values())
            if (e.askable())
                eventBoxes.getChildren().add(checkbox(id + "-poll-" + e.name().toLowerCase(Locale.ROOT),
                        e.name(), vm.pollEventProperty(e), "ui.input.pollEvents.tooltip"));
        TextField pollTimeout = field(id + "-poll-timeout", vm.pollTimeoutProperty(),
                vm.invalidProperty(InputField.POLL_TIMEOUT));
        pollTimeout.setPrefColumnCount(5);
        pollTimeout.setMinWidth(Region.USE_PREF_SIZE);
        pollTimeout.setTooltip(InputControls.tooltip(texts.text("ui.input.pollTimeout.tooltip")));

        port.setPrefColumnCount(5);
        port.setPromptText("port");
        for (TextField f : List.of(address, payload, buffer, backlog, optionValue)) InputControls.growWithText(f);
        for (Control c : List.of(domain, type, how, option, port, hex, nonBlocking))
            c.setMinWidth(Region.USE_PREF_SIZE);
        Label equals = new Label("=");
        equals.setMinWidth(Region.USE_PREF_SIZE);
        inputs.getChildren().addAll(
                group(null, label("ui.input.domain"), domain),
                group(null, label("ui.input.type"), type),
                // Address and port, option and value: separate groups, so a narrow pane wraps them instead of scrolling sideways.
                // The widest three have their label above: a side column as narrow as the diagram's share asks for
                // (issue 57: ~285 px at 1024x768) shows them whole without scrolling sideways.
                stacked(new InputField[]{InputField.ADDRESS}, label("ui.input.address"), address),
                group(new InputField[]{InputField.PORT}, label("ui.input.port"), port),
                group(new InputField[]{InputField.PAYLOAD}, label("ui.input.payload"), payload, hex),
                group(new InputField[]{InputField.BUFFER}, label("ui.input.buffer"), buffer),
                group(new InputField[]{InputField.BACKLOG}, label("ui.input.backlog"), backlog),
                stacked(null, label("ui.input.how"), how),
                stacked(null, label("ui.input.option"), option),
                group(null, label("ui.input.optionLevel"), level),
                group(new InputField[]{InputField.OPTION_VALUE}, equals, optionValue),
                group(null, label("ui.input.mode"), nonBlocking),
                group(null, label("ui.input.protocol"), protocol),
                group(null, new VBox(4, label("ui.input.flags"), flagLine)),
                group(null, new VBox(4, label("ui.input.pollEvents"), eventBoxes)),
                group(new InputField[]{InputField.POLL_TIMEOUT}, label("ui.input.pollTimeout"), pollTimeout));
        inputs.setPrefWrapLength(260); // only its preferred size: it wraps at whatever width the pane gets

        return InputControls.socketLine(label("ui.input.socket"), fd);
    }

    /** A label with its input(s) on one line and, under them, what is wrong with them, in words, where the red border is. */
    private Node group(InputField[] fields, Node... parts) {
        return withError(fields, hbox(parts));
    }

    /** A label above its input and, under them, what is wrong with it. */
    private Node stacked(InputField[] fields, Label label, Control input) {
        return withError(fields, new VBox(2, label, input));
    }

    private Node withError(InputField[] fields, Region line) {
        line.setMinWidth(Region.USE_PREF_SIZE);
        if (fields == null) return line;
        Label error = new Label(null, new FontIcon(Feather.ALERT_CIRCLE));
        error.setId(vm.name() + "-error-" + fields[0].name().toLowerCase(Locale.ROOT).replace('_', '-'));
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.setPrefWidth(1); // as wide as the inputs above it, wrapped, never widening the group
        error.setMaxWidth(Double.MAX_VALUE);
        error.setMinHeight(Region.USE_PREF_SIZE);
        ObservableValue<String> text = fields.length == 1
                ? vm.problemProperty(fields[0])
                : Bindings.createStringBinding(() -> {
                    for (InputField f : fields)
                        if (!vm.problemProperty(f).get().isEmpty()) return vm.problemProperty(f).get();
                    return "";
                }, Arrays.stream(fields).map(vm::problemProperty).toArray(Observable[]::new));
        error.textProperty().bind(text);
        InputControls.showOnlyWithText(error);
        VBox box = new VBox(4, line, error);
        box.setFillWidth(true);
        return box;
    }

    private static HBox hbox(Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private ComboBox<SocketInfo> socketSelector(String id) {
        ComboBox<SocketInfo> fd = FittingComboBoxSkin.install(new ComboBox<>(vm.sockets()));
        fd.setId(id + "-fd");
        fd.getStyleClass().add("socket-selector");
        fd.valueProperty().bindBidirectional(vm.selectedSocketProperty());
        fd.setConverter(new StringConverter<>() {
            @Override
            public String toString(SocketInfo s) {
                return s == null ? "" : describe(s);
            }
            @Override
            public SocketInfo fromString(String text) {
                return null;
            }
        });
        // With no socket chosen the skin shows the prompt text in the button cell.
        fd.promptTextProperty().bind(texts.text("ui.input.socket.none"));
        // A custom button cell, so the "no socket" text comes back after the last socket is closed.
        fd.setButtonCell(new ListCell<>() {
            {
                ViewSubscriptions.listen(fd, texts.messagesProperty(), obs -> updateItem(getItem(), isEmpty()));
            }
            @Override
            protected void updateItem(SocketInfo item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? texts.messages().get("ui.input.socket.none") : describe(item));
            }
        });
        return fd;
    }

    private String describe(SocketInfo s) {
        SocketState state = vm.stateOf(s.fd());
        // Short enough for a narrow pane: the socket table beside shows the rest.
        // TCP states say it is a stream; anything else says what it is.
        String domain = s.domain() == Domain.AF_INET ? "" : " · " + s.domain();
        String type = s.type() == SockType.SOCK_STREAM && s.domain() != Domain.AF_UNIX
                ? ""
                : " · " + s.type().name().replace("SOCK_", "");
        return "fd " + s.fd() + domain + type + (s.nonBlocking() ? " · O_NONBLOCK" : "")
                + (state == null ? "" : " · " + state.journalName());
    }

    private Label label(String key) {
        return label(texts, key);
    }

    /** A label in the current language, never cut to "...". */
    static Label label(Texts texts, String key) {
        Label l = new Label();
        l.setMinWidth(Region.USE_PREF_SIZE); // a label is never cut to "..."
        l.textProperty().bind(texts.text(key));
        return l;
    }

    private CheckBox checkbox(String id, String text, BooleanProperty value, String tooltipKey) {
        CheckBox box = new CheckBox(text);
        box.setMnemonicParsing(false); // MSG_PEEK keeps its underscore
        box.setId(id);
        box.selectedProperty().bindBidirectional(value);
        box.setTooltip(InputControls.tooltip(texts.text(tooltipKey)));
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static TextField field(String id, StringProperty value, ReadOnlyBooleanProperty invalid) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        f.pseudoClassStateChanged(Styles.STATE_DANGER, invalid.get());
        ViewSubscriptions.listen(f, invalid, (obs, was, is) -> f.pseudoClassStateChanged(Styles.STATE_DANGER, is));
        return f;
    }
}
