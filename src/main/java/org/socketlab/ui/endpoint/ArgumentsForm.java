package org.socketlab.ui.endpoint;

import atlantafx.base.theme.Styles;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
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

    /** The line that chooses the socket the calls act on, which goes above the inputs. */
    Node socketLine() {
        return InputControls.socketLine(label("ui.input.socket"), socketSelector(vm.name()));
    }

    /**
     * The inputs, each with its label (and its error under it), in the order they flow two or one a row as the pane
     * allows; each is made when asked for, so the pane builds those its scroll pane shows first (issue 62). An input
     * is never narrower than its text.
     */
    List<Supplier<Node>> inputs() {
        // Address and port, option and value: separate groups, so a narrow pane wraps them instead of scrolling
        // sideways. The widest three have their label above: a side column as narrow as the diagram's share asks for
        // (issue 57: ~285 px at 1024x768) shows them whole without scrolling sideways.
        return List.of(this::domain, this::type, this::address, this::port, this::payload, this::buffer, this::backlog,
                this::how, this::option, this::optionLevel, this::optionValue, this::mode, this::protocol, this::flags,
                this::pollEvents, this::pollTimeout);
    }

    private Node domain() {
        ComboBox<Domain> domain = choice("-domain", Domain.values());
        domain.valueProperty().bindBidirectional(vm.domainProperty());
        return group(null, label("ui.input.domain"), domain);
    }

    private Node type() {
        ComboBox<SockType> type = choice("-type", SockType.values());
        type.valueProperty().bindBidirectional(vm.typeProperty());
        return group(null, label("ui.input.type"), type);
    }

    private Node address() {
        TextField address = growing("-address", vm.addressProperty(), InputField.ADDRESS);
        return stacked(new InputField[]{InputField.ADDRESS}, label("ui.input.address"), address);
    }

    private Node port() {
        TextField port = field(vm.name() + "-port", vm.portProperty(), vm.invalidProperty(InputField.PORT));
        port.disableProperty().bind(vm.portAppliesProperty().not());
        port.setPrefColumnCount(5);
        port.setPromptText("port");
        port.setMinWidth(Region.USE_PREF_SIZE);
        return group(new InputField[]{InputField.PORT}, label("ui.input.port"), port);
    }

    private Node payload() {
        TextField payload = growing("-payload", vm.payloadProperty(), InputField.PAYLOAD);
        CheckBox hex = new CheckBox("hex");
        hex.setId(vm.name() + "-payload-hex");
        hex.selectedProperty().bindBidirectional(vm.payloadHexProperty());
        LazyTooltip.install(hex, () -> InputControls.tooltip(texts.text("ui.input.payloadHex.tooltip")));
        hex.setMinWidth(Region.USE_PREF_SIZE);
        return group(new InputField[]{InputField.PAYLOAD}, label("ui.input.payload"), payload, hex);
    }

    private Node buffer() {
        TextField buffer = growing("-buffer", vm.bufferSizeProperty(), InputField.BUFFER);
        return group(new InputField[]{InputField.BUFFER}, label("ui.input.buffer"), buffer);
    }

    private Node backlog() {
        TextField backlog = growing("-backlog", vm.backlogProperty(), InputField.BACKLOG);
        return group(new InputField[]{InputField.BACKLOG}, label("ui.input.backlog"), backlog);
    }

    private Node how() {
        ComboBox<ShutdownHow> how = choice("-how", ShutdownHow.values());
        how.valueProperty().bindBidirectional(vm.howProperty());
        return stacked(null, label("ui.input.how"), how);
    }

    private Node option() {
        ComboBox<SocketOption> option = choice("-option", SocketOption.values());
        option.valueProperty().bindBidirectional(vm.optionProperty());
        // The level is setsockopt's second argument: the list says it as a C program writes it ("SOL_SOCKET,
        // SO_REUSEADDR"); the chosen option shows its name, its level on a line of its own, so the pane never scrolls
        // sideways.
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
        return stacked(null, label("ui.input.option"), option);
    }

    private Node optionLevel() {
        Label level = new Label();
        level.setId(vm.name() + "-option-level");
        level.textProperty().bind(Bindings.createStringBinding(
                () -> vm.optionProperty().get() == null ? "" : vm.optionProperty().get().level().name(),
                vm.optionProperty()));
        level.setMinWidth(Region.USE_PREF_SIZE);
        return group(null, label("ui.input.optionLevel"), level);
    }

    private Node optionValue() {
        TextField optionValue = growing("-option-value", vm.optionValueProperty(), InputField.OPTION_VALUE);
        LazyTooltip.install(optionValue, () -> InputControls.tooltip(texts.text("ui.input.optionValue.tooltip")));
        Label equals = new Label("=");
        equals.setMinWidth(Region.USE_PREF_SIZE);
        return group(new InputField[]{InputField.OPTION_VALUE}, equals, optionValue);
    }

    private Node mode() {
        CheckBox nonBlocking = new CheckBox("O_NONBLOCK");
        nonBlocking.setMnemonicParsing(false);
        nonBlocking.setId(vm.name() + "-nonblocking");
        nonBlocking.selectedProperty().bindBidirectional(vm.nonBlockingProperty());
        LazyTooltip.install(nonBlocking, () -> InputControls.tooltip(texts.text("ui.input.nonBlocking.tooltip")));
        nonBlocking.setMinWidth(Region.USE_PREF_SIZE);
        return group(null, label("ui.input.mode"), nonBlocking);
    }

    private Node protocol() {
        ComboBox<Protocol> protocol = InputControls.combo(vm.name() + "-protocol", Protocol.values());
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
        LazyTooltip.install(protocol, () -> InputControls.tooltip(texts.text("ui.input.protocol.tooltip")));
        return group(null, label("ui.input.protocol"), protocol);
    }

    /** One checkbox per flag: what strace shows as MSG_PEEK|MSG_WAITALL. */
    private Node flags() {
        FlowPane flagLine = new FlowPane(8, 4);
        for (MsgFlag f : MsgFlag.values())
            flagLine.getChildren()
                    .add(checkbox(vm.name() + "-flag-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            f.name(), vm.flagProperty(f), "ui.input.flags.tooltip"));
        flagLine.setPrefWrapLength(160); // a narrow pane: two a row at most, under their label
        return group(null, new VBox(4, label("ui.input.flags"), flagLine));
    }

    private Node pollEvents() {
        FlowPane eventBoxes = new FlowPane(8, 4);
        eventBoxes.setPrefWrapLength(160);
        for (PollEvent e : PollEvent.values())
            if (e.askable())
                eventBoxes.getChildren().add(checkbox(vm.name() + "-poll-" + e.name().toLowerCase(Locale.ROOT),
                        e.name(), vm.pollEventProperty(e), "ui.input.pollEvents.tooltip"));
        return group(null, new VBox(4, label("ui.input.pollEvents"), eventBoxes));
    }

    private Node pollTimeout() {
        TextField pollTimeout = field(vm.name() + "-poll-timeout", vm.pollTimeoutProperty(),
                vm.invalidProperty(InputField.POLL_TIMEOUT));
        pollTimeout.setPrefColumnCount(5);
        pollTimeout.setMinWidth(Region.USE_PREF_SIZE);
        LazyTooltip.install(pollTimeout, () -> InputControls.tooltip(texts.text("ui.input.pollTimeout.tooltip")));
        return group(new InputField[]{InputField.POLL_TIMEOUT}, label("ui.input.pollTimeout"), pollTimeout);
    }

    /** A choice of values, never narrower than the chosen one. */
    @SafeVarargs
    private <T> ComboBox<T> choice(String suffix, T... values) {
        ComboBox<T> c = InputControls.combo(vm.name() + suffix, values);
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    /** A text input as wide as what is typed in it. */
    private TextField growing(String suffix, StringProperty value, InputField input) {
        TextField f = field(vm.name() + suffix, value, vm.invalidProperty(input));
        InputControls.growWithText(f);
        return f;
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
        LazyTooltip.install(box, () -> InputControls.tooltip(texts.text(tooltipKey)));
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
