package org.socketlab.ui.endpoint;

import atlantafx.base.theme.Styles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.syscall.Signals;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.SqueezeBox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.common.ViewSubscriptions;

/** The view of one endpoint: inputs, its sockets, a button per call, and the pane's one message. */
public final class EndpointPane extends VBox {
    private final EndpointViewModel vm;
    private final Texts texts;

    public EndpointPane(EndpointViewModel vm) {
        this.vm = vm;
        this.texts = vm.texts();
        getStyleClass().addAll("endpoint-pane", "endpoint-" + vm.name());
        getStylesheets().add(Objects.requireNonNull(EndpointPane.class.getResource("endpoint.css")).toExternalForm());
        setSpacing(8);
        // The first frame shows the pane empty, its place in the window kept: its head and call buttons (about 90
        // nodes) come in the first pulse after it, and the calls' arguments (about 180 more) a pulse later (issue 62).
        AfterFirstFrame.run(this, AfterFirstFrame.Part.CALLS, this::addCalls);
        AfterFirstFrame.run(this, AfterFirstFrame.Part.DETAILS, this::addArguments);
    }

    /** The pane's head, a button per call, its message and waiting lines, and the title of the arguments. */
    private void addCalls() {
        String id = vm.name();
        Label title = new Label();
        title.setId(id + "-title");
        title.getStyleClass().add("endpoint-title");
        // Added clients are client-2, client-3...: "Client 2" in the pane's title.
        int dash = id.lastIndexOf('-');
        title.textProperty().bind(dash < 0
                ? texts.text("ui.endpoint." + id)
                : Bindings.concat(texts.text("ui.endpoint." + id.substring(0, dash)), " ", id.substring(dash + 1)));
        Button reset = new Button(null, new FontIcon(Feather.ROTATE_CCW));
        reset.setId(id + "-reset");
        reset.textProperty().bind(texts.text("ui.endpoint.reset"));
        LazyTooltip.install(reset, () -> InputControls.tooltip(texts.text("ui.endpoint.reset.tooltip")));
        reset.getStyleClass().add(Styles.SMALL);
        reset.setOnAction(e -> vm.reset());
        reset.disableProperty().bind(vm.replayingProperty());
        // The process menu: kill PID and kill -9 PID as in a shell (issue 39: the kernel closes its sockets), and the
        // calls the process makes about itself. Named "Process", not "Kill": a student looks for fork() by that word
        // (issue 57), and the name stays when the icon alone shows (the accessible text says it then too).
        MenuButton process = new MenuButton(null, new FontIcon(Feather.CPU));
        process.setId(id + "-process");
        process.textProperty().bind(texts.text("ui.endpoint.processMenu"));
        process.accessibleTextProperty().bind(texts.text("ui.endpoint.processMenu"));
        LazyTooltip.install(process, () -> InputControls.tooltip(texts.text("ui.endpoint.processMenu.tooltip")));
        process.getStyleClass().add(Styles.SMALL);
        for (int signal : new int[]{Signals.SIGTERM, Signals.SIGKILL, Signals.SIGALRM}) {
            MenuItem item = new MenuItem();
            item.setId(id + "-kill-" + Signals.name(signal).toLowerCase(Locale.ROOT));
            item.textProperty().bind(texts.text("ui.endpoint.kill." + Signals.name(signal)));
            item.setOnAction(e -> vm.kill(signal));
            process.getItems().add(item);
        }
        // fork, waitpid, exit (issue 39) in the same menu: the header has no room for another button at every size.
        ProcessMenu.addTo(process, id, vm, texts);
        process.disableProperty().bind(vm.replayingProperty());
        reset.accessibleTextProperty().bind(texts.text("ui.endpoint.reset"));
        // In a narrow pane "Reiniciar" keeps only its icon first (a round arrow, as every reset); narrower, the buttons
        // go under the title with their words; only then the process menu shows its icon alone (its tooltip and
        // accessible text keep its name), rather than push the pane sideways or be cut.
        SqueezeBox buttons = new SqueezeBox(4, List.of(reset, process), process, reset);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        PaneHeader header = new PaneHeader(title, buttons, 1);

        // The calls first, in call order, each in a slot as wide as its longest label, flowing as the pane's width
        // allows: about six rows instead of ten, so on a 1024x768 screen the calls, the diagram and the bottom panes all
        // fit (issue 43 item 5, docs/user-guide.md "Small screens"). What students press is never below the fold, and a
        // button never moves when a label changes (CallGrid, issue 78).
        calls.getStyleClass().add("endpoint-calls");
        calls.setId(id + "-calls");
        for (SocketCall call : SocketCall.values()) calls.add(callButton(id, call));
        // A replayed journal makes no call; a process waiting in one makes no other (the waiting line says why).
        calls.disableProperty().bind(vm.replayingProperty().or(vm.blockedProperty()));

        Label message = new Label(null, new FontIcon(Feather.ALERT_CIRCLE));
        message.setId(id + "-message");
        message.getStyleClass().add("endpoint-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(vm.messageProperty());
        InputControls.showOnlyWithText(message);
        Label waiting = new Label(null, new FontIcon(Feather.CLOCK));
        waiting.setId(id + "-waiting");
        waiting.getStyleClass().add("endpoint-waiting");
        waiting.setWrapText(true);
        waiting.setMinHeight(Region.USE_PREF_SIZE);
        waiting.textProperty().bind(vm.waitingTextProperty());
        InputControls.showOnlyWithText(waiting);

        Label inputsTitle = ArgumentsForm.label(texts, "ui.endpoint.inputs");
        inputsTitle.getStyleClass().add("section-title");
        // A section title wraps in a narrow pane ("Argumentos de las llamadas") rather than push the pane sideways.
        inputsTitle.setWrapText(true);
        inputsTitle.setMinWidth(0);
        inputsTitle.setMinHeight(Region.USE_PREF_SIZE);

        // The message right under the calls: a refused press is explained where the student is looking. Why the calls
        // are grey goes above them, under the pane's name: under them it was cut at the pane's bottom (1024x768 es).
        getChildren().addAll(0, List.of(header, waiting, calls, message, inputsTitle));
        // The calls' arguments come a pulse later: a call pressed meanwhile uses the view model's arguments, which the
        // form only edits.
        keepCallsInViewWhileWaiting();
        showWhyWhenWaiting(waiting);
        RefusalToast toast = new RefusalToast(this, id, vm.messageProperty());
        ViewSubscriptions.listen(this, vm.refusedCallProperty(), (obs, was, call) -> {
            if (call == null) toast.hide();
            else
                toast.showAt(calls.getChildren().get(call.ordinal()),
                        // where the message is laid out at the next pulse, right under the calls; its first line
                        calls.getBoundsInParent().getMaxY() + getSpacing(),
                        message.snappedTopInset() + message.getFont().getSize() * 1.5);
        });
    }

    /**
     * A call button pressed with the mouse keeps the focus; when its call waits, the calls go off and the scene hands
     * the focus to the next input, the socket list under "Arguments", and the scroll pane the pane lives in scrolls down
     * to show it: the call buttons left the view at 1024x768 and 1280x720 (issue 57). The scene does that at its next
     * pulse, so the focus is moved first, to the pane itself, which no scroll pane scrolls to.
     */
    private void keepCallsInViewWhileWaiting() {
        ViewSubscriptions.listen(this, vm.blockedProperty(), (obs, was, blocked) -> {
            if (!blocked || getScene() == null) return;
            for (Node n = getScene().getFocusOwner(); n != null; n = n.getParent()) {
                if (n == calls) {
                    requestFocus();
                    return;
                }
            }
        });
    }

    /**
     * When a call starts waiting, the scroll pane the pane lives in shows its explanation whole (from the pane's top
     * when both fit): a pane scrolled down to its arguments hid it. Once, after the pane is laid out with the label in
     * it: the label keeps its size while hidden, so a second wait of the same call changes none of its bounds.
     */
    private void showWhyWhenWaiting(Label waiting) {
        ViewSubscriptions.listen(this, vm.blockedProperty(), (obs, was, blocked) -> {
            whyToShow = blocked ? waiting : null;
            if (blocked) requestLayout();
        });
    }

    /** The explanation to bring into view after the next layout, or null. */
    private @Nullable Label whyToShow;

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        Label why = whyToShow;
        if (why == null || !why.isManaged() || why.getHeight() <= 0) return;
        whyToShow = null;
        Scene scene = getScene();
        if (scene == null) return;
        // After this layout pass: the scroll pane sizes its content in the same pass, after this pane.
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                scrollToShow(why);
            }
        });
    }

    /** Scrolls the scroll pane around this pane, if any, so that {@code node} is whole in its view (or its top is). */
    private void scrollToShow(Node node) {
        ScrollPane scroll = enclosingScrollPane();
        if (scroll == null || scroll.getContent() == null) return;
        Node content = scroll.getContent();
        Bounds at = content.sceneToLocal(node.localToScene(node.getLayoutBounds())),
                mine = content.sceneToLocal(localToScene(getLayoutBounds()));
        double view = scroll.getViewportBounds().getHeight(), room = content.getLayoutBounds().getHeight() - view;
        if (room <= 0) return;
        double top = scroll.getVvalue() * room;
        if (at.getMinY() >= top && at.getMaxY() <= top + view) return;
        double to = at.getMaxY() - mine.getMinY() <= view ? mine.getMinY() : at.getMinY();
        scroll.setVvalue(Math.clamp(to / room, 0, 1));
    }

    /** Whether the arguments' form is built (tests wait for it). */
    public boolean argumentsShown() {
        return argumentsShown;
    }

    /** Runs {@code then} once the arguments' form is in the pane (at once if it is): the pane is wider then. FX thread. */
    public void whenArgumentsShown(Runnable then) {
        if (argumentsShown) then.run();
        else argumentsArrived.add(then);
    }

    private boolean argumentsShown;
    private final List<Runnable> argumentsArrived = new ArrayList<>();

    /**
     * The socket's line and the inputs the pane's scroll pane shows (about 40 nodes of the form's 180 in a 1280x720
     * window); the inputs below its fold come after the window's pictures, before anyone can scroll to them (issue 62).
     */
    private void addArguments() {
        ArgumentsForm form = new ArgumentsForm(vm);
        Node socketLine = form.socketLine();
        getChildren().addAll(socketLine, inputs);
        Deque<Supplier<Node>> waiting = new ArrayDeque<>(form.inputs());
        double room = roomForInputs(socketLine);
        while (!waiting.isEmpty()) {
            inputs.getChildren().add(waiting.removeFirst().get());
            if (room == Double.POSITIVE_INFINITY) continue;
            inputs.applyCss(); // styled now, as it would be in this pulse anyway, to know how high the inputs are
            if (inputs.prefHeight(inputsWidth()) >= room) break; // this one reaches the fold
        }
        if (waiting.isEmpty()) argumentsComplete();
        else AfterFirstFrame.run(this, AfterFirstFrame.Part.OUT_OF_VIEW, () -> {
            while (!waiting.isEmpty()) inputs.getChildren().add(waiting.removeFirst().get());
            argumentsComplete();
        });
    }

    private void argumentsComplete() {
        argumentsShown = true;
        argumentsArrived.forEach(Runnable::run);
        argumentsArrived.clear();
    }

    /** The scroll pane this pane lives in, or null. */
    private @Nullable ScrollPane enclosingScrollPane() {
        Node n = getParent();
        while (n != null && !(n instanceof ScrollPane)) n = n.getParent();
        return (ScrollPane) n;
    }

    /** The width the inputs flow in: the pane's, within its insets. */
    private double inputsWidth() {
        return Math.max(1, getWidth() - snappedLeftInset() - snappedRightInset());
    }

    /**
     * How many px of the inputs the scroll pane around this pane shows, below {@code socketLine} (just added, not laid
     * out): everything when the pane is in no scroll pane or not laid out yet.
     */
    private double roomForInputs(Node socketLine) {
        ScrollPane scroll = enclosingScrollPane();
        if (scroll == null || getWidth() <= 0 || scroll.getHeight() <= 0) return Double.POSITIVE_INFINITY;
        double viewBottom = sceneToLocal(scroll.localToScene(scroll.getLayoutBounds())).getMaxY();
        socketLine.applyCss();
        double above = 0;
        for (Node c : getChildren()) {
            if (c == socketLine) break;
            if (c.isManaged()) above = Math.max(above, c.getBoundsInParent().getMaxY());
        }
        return viewBottom - above - 2 * getSpacing() - socketLine.prefHeight(inputsWidth());
    }

    /** Room between two call buttons, in px. */
    private static final double CALL_GAP = 4;
    private final CallGrid calls = new CallGrid(CALL_GAP, longestCallLabels());
    private final FlowPane inputs = new FlowPane(14, 8);

    {
        inputs.getStyleClass().add("endpoint-inputs");
        inputs.setPrefWrapLength(260); // only its preferred size: it wraps at whatever width the pane gets
    }

    /** Width of the pane with two call buttons a row and its widest input whole; before the pane is styled, an estimate for {@code fontSize}. */
    public double comfortableWidth(double fontSize) {
        double tile = calls.cellWidth();
        if (getScene() == null || tile <= 0) return estimatedWidth(fontSize);
        double widestInput = 0; // an input with its label, which never wraps inside itself
        for (Node g : inputs.getChildren()) widestInput = Math.max(widestInput, g.minWidth(-1));
        return Math.max(2 * tile + calls.getHgap(), widestInput) + snappedLeftInset() + snappedRightInset() + 4
                + fontSize; // the scroll bar
    }

    /**
     * The least width before the pane scrolls sideways: its widest input with its label (the calls flow in as many rows
     * as they need), its insets and the scroll bar.
     */
    public double leastWidth(double fontSize) {
        if (getScene() == null || inputs.getChildren().isEmpty()) return estimatedWidth(fontSize);
        double widestInput = 0;
        for (Node g : inputs.getChildren()) widestInput = Math.max(widestInput, g.minWidth(-1));
        return widestInput + snappedLeftInset() + snappedRightInset() + 4 + fontSize;
    }

    /** Height from the top of the pane to the bottom of its calls, with a line of message, when the pane is {@code width} wide. */
    public double comfortableHeight(double fontSize, double width) {
        if (getScene() == null || calls.getLayoutY() <= 0) return estimatedHeight(fontSize);
        double inner = width - snappedLeftInset() - snappedRightInset() - fontSize;
        return calls.getLayoutY() + flowHeight(inner) + snappedBottomInset() + fontSize * 2.5;
    }

    /** How high the calls are when they flow in {@code width} px: the rows as the flow pane will make them. */
    private double flowHeight(double width) {
        double x = 0, rowHeight = 0, height = 0;
        for (Node n : calls.getChildren()) {
            double w = n instanceof Button b ? Math.max(b.prefWidth(-1), calls.slotWidth(b)) : n.prefWidth(-1);
            double h = n.prefHeight(-1);
            if (x > 0 && x + w > width) { // a new row
                height += rowHeight + calls.getVgap();
                x = 0;
                rowHeight = 0;
            }
            x += w + calls.getHgap();
            rowHeight = Math.max(rowHeight, h);
        }
        return height + rowHeight;
    }

    /** accept()'s button can name a listening socket of up to three digits: its slot is that wide from the start. */
    private static Map<String, List<String>> longestCallLabels() {
        return Map.of(SocketCall.ACCEPT.cName(),
                List.of(SocketCall.ACCEPT.cName(), SocketCall.ACCEPT.cName() + "(999)"));
    }

    /** Two buttons of "getsockname" in the mono font, with padding, as a first guess before CSS is applied. */
    public static double estimatedWidth(double fontSize) {
        return 2 * (11 * 0.61 * fontSize + 1.8 * fontSize) + 6 + 32 + fontSize;
    }

    /** About six rows of calls flowing in a pane two "getsockname" wide, as a first guess before CSS is applied. */
    public static double estimatedHeight(double fontSize) {
        return fontSize * 2.6 + 6 * (fontSize * 2 + CALL_GAP) + fontSize * 2;
    }

    public EndpointViewModel viewModel() {
        return vm;
    }

    private Button callButton(String id, SocketCall call) {
        Button b = new Button(call.cName()); // the grid says these are calls; no "()" keeps two a row in a narrow pane
        b.textProperty().bind(vm.buttonText(call));
        b.setId(id + "-" + call.cName());
        b.getStyleClass().add("call-button");
        b.setMinWidth(Region.USE_PREF_SIZE); // never cut to "..."
        // The C prototype first, then what the call does, in the current language.
        LazyTooltip.install(b,
                () -> InputControls.tooltip(Bindings.concat(call.signature(), "\n\n", texts.text(call.docKey()),
                        "\n\n", call.shortcutText(vm.name().equals("server")))));
        b.setOnAction(e -> vm.run(call));
        return b;
    }
}
