package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.ViewSubscriptions;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.endpoint.SocketCall;
import org.socketlab.ui.predict.PredictPane;

/**
 * The lecture hall: presenter mode fills the screen with the sequence diagram and the narration in large type, with
 * the calls of both sides in one strip, and takes a clicker's keys whatever has focus (PageDown, Right, Space: next
 * step; PageUp, Left: previous; B: black screen; M: the TCP state machine beside the diagram; Esc: leave). The pop-out is the diagram alone in a window of its
 * own, for a second screen. Both are more views of the same journal: they follow the same playback cursor and
 * selection as the main window, and never move a node out of it, so leaving puts nothing back.
 */
public final class PresenterMode {
    /** Text in presenter mode is never smaller than this, in px: readable at 10 m on a 1024x768 projector. */
    public static final int MIN_FONT_PX = 24;
    /** The calls' text in presenter mode is never smaller than this, in px. */
    public static final int CALL_FONT_PX = 20;
    /** The calls' buttons are at least this high, in px: a target the presenter hits without looking. */
    public static final int CALL_TARGET_PX = 44;
    static final List<SocketCall> CLIENT_CALLS = List.of(SocketCall.SOCKET, SocketCall.CONNECT, SocketCall.SEND,
            SocketCall.RECV,
            SocketCall.SENDTO, SocketCall.RECVFROM, SocketCall.SHUTDOWN, SocketCall.CLOSE);
    static final List<SocketCall> SERVER_CALLS = List.of(SocketCall.SOCKET, SocketCall.BIND, SocketCall.LISTEN,
            SocketCall.ACCEPT,
            SocketCall.SEND, SocketCall.RECV, SocketCall.RECVFROM, SocketCall.SENDTO, SocketCall.CLOSE);

    private final Shell shell;
    private Stage presenter;
    private Stage popOut;
    private final Region black = new Region();
    /** Whether the window's playback followed the journal live when presenter mode opened: leaving puts it back. */
    private boolean wasLive;
    /** The TCP state machine beside the diagram (key M, or the strip's toggle); kept from one entry to the next. */
    private final BooleanProperty machineShown = new SimpleBooleanProperty(this, "machineShown", false);

    PresenterMode(Shell shell) {
        this.shell = shell;
        black.setId("presenter-black");
        black.setStyle("-fx-background-color: black;");
        black.setVisible(false);
    }

    /** F5 and F11 open (and close) presenter mode from the main window, whatever has focus there. */
    void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if ((e.getCode() == KeyCode.F5 || e.getCode() == KeyCode.F11) && !e.isShortcutDown() && !e.isAltDown()) {
                toggle();
                e.consume();
            }
        });
    }

    public boolean active() {
        return presenter != null;
    }

    public void toggle() {
        if (active()) leave();
        else enter();
    }

    /** Opens presenter mode full screen on the screen the main window is on. FX thread. */
    public void enter() {
        if (active()) return;
        wasLive = shell.diagram().playback().liveProperty().get();
        Stage stage = new Stage(StageStyle.UNDECORATED);
        stage.titleProperty().bind(shell.viewModel().texts().text("ui.toolbar.present"));
        BorderPane content = new BorderPane();
        content.setId("presenter");
        content.getStyleClass().addAll("main-window", "presenter");
        content.getStylesheets()
                .add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());
        content.styleProperty().bind(Bindings.createStringBinding(
                () -> "-fx-font-size: " + Math.max(MIN_FONT_PX, shell.viewModel().fontSizeProperty().get() * 1.6)
                        + "px;",
                shell.viewModel().fontSizeProperty()));
        // The words and the diagram in the middle; the state machine, when shown, beside them from the top of the
        // screen to the calls (its state names need the height).
        BorderPane talk = new BorderPane(withQuestions(diagram("presenter-diagram")));
        Node lessonBar = new LessonTalk(shell.viewModel(), shell.diagram()).bar("presenter-lesson");
        VBox slide = slide();
        Label narration = narration("presenter-narration");
        Node slideText = slide.getChildren().get(1);
        // The narration is the instructor's text: always whole, also beside the state machine (M), where it wraps to
        // twice the lines. Above the share WORDS_SHARE the slide's sentence gives way first (its title stays), then the
        // diagram, down to DIAGRAM_LEAST_PX (it scrolls); beside the machine, then the machine's width.
        DoubleBinding narrationRoom = Bindings.createDoubleBinding(
                () -> talk.getHeight() - DIAGRAM_LEAST_PX
                        - (slide.isManaged() ? slide.prefHeight(talk.getWidth()) : 0)
                        - (lessonBar.isManaged() ? lessonBar.prefHeight(talk.getWidth()) : 0), // hidden: not laid out
                talk.heightProperty(), talk.widthProperty(), slide.managedProperty(), slideText.managedProperty(),
                lessonBar.managedProperty(), shell.diagram().slideTitle(), shell.diagram().slideText());
        slideText.managedProperty().bind(Bindings.createBooleanBinding(
                () -> words(talk, lessonBar, slide, narration, true) <= talk.getHeight() * WORDS_SHARE,
                talk.heightProperty(), talk.widthProperty(), lessonBar.managedProperty(), narration.textProperty(),
                shell.diagram().slideTitle(), shell.diagram().slideText()));
        slideText.visibleProperty().bind(slideText.managedProperty());
        // When even the slide's title and the narration together leave the diagram less than its share, the title goes.
        slide.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !shell.diagram().slideTitle().get().isEmpty()
                        && words(talk, lessonBar, slide, narration, false) <= talk.getHeight() * (1 - DIAGRAM_SHARE),
                talk.heightProperty(), talk.widthProperty(), lessonBar.managedProperty(), narration.textProperty(),
                shell.diagram().slideTitle()));
        PresenterWords words = new PresenterWords(narration, narrationRoom);
        talk.setTop(new VBox(lessonBar, slide, words));
        talk.setMinWidth(0);
        content.setCenter(talk);
        content.setBottom(callStrip());
        StackPane root = new StackPane(content, black);
        root.setAlignment(Pos.TOP_LEFT);
        black.setVisible(false);
        Themes.style(shell.viewModel().themeProperty().get(), root);
        ViewSubscriptions.listen(root, shell.viewModel().themeProperty(), (obs, was, is) -> Themes.style(is, root));
        Rectangle2D bounds = screenOfMainWindow().getBounds();
        Scene scene = new Scene(root, bounds.getWidth(), bounds.getHeight());
        PresenterMachineColumn column = new PresenterMachineColumn(shell.stateMachine().viewModel(), machineShown);
        column.place(content, scene);
        column.yieldTo(talk, words, narration, scene, DIAGRAM_LEAST_PX);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        stage.setScene(scene);
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH); // Esc is ours: it leaves presenter mode
        stage.setFullScreenExitHint("");
        stage.setFullScreen(true);
        stage.setOnHidden(e -> presenter = null);
        presenter = stage;
        stage.show();
        talk.getCenter().requestFocus();
    }

    /** Back to the main window, as it was. */
    public void leave() {
        if (presenter == null) return;
        Stage s = presenter;
        presenter = null;
        black.setVisible(false);
        s.close();
        ViewSubscriptions.releaseAll(s.getScene().getRoot()); // its views on the long-lived view-models, let go
        // The clicker's keys pause the playback to show one step at a time; back in the window, Live is as it was.
        if (wasLive && !shell.diagram().playback().liveProperty().get()) shell.diagram().playback().setLive(true);
    }

    /** The clicker's keys, before any control sees them. */
    void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        PredictPane.onKey(e, shell.viewModel().predict()); // 1-4 answer predict mode's question
        if (e.isConsumed()) return;
        LessonTalk steps = new LessonTalk(shell.viewModel(), shell.diagram()); // this session's
        switch (e.getCode()) {
            case PAGE_DOWN, RIGHT, SPACE, DOWN -> steps.next();
            case PAGE_UP, LEFT, UP -> steps.previous();
            case HOME -> steps.home();
            case B, PERIOD -> black.setVisible(!black.isVisible()); // clickers send B or . for "black screen"
            case M -> machineShown.set(!machineShown.get());
            case ESCAPE, F5, F11 -> leave();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The playback back at the end of the journal and following it, so the next event is drawn in the next frame. */
    private void followLive() {
        var playback = shell.diagram().playback();
        if (playback.liveProperty().get()) return;
        playback.jumpToEnd();
        playback.setLive(true);
    }

    /** The presenter window, or null when presenter mode is off. */
    public Stage stage() {
        return presenter;
    }

    /** Whether the TCP state machine sits beside the diagram (M toggles it). */
    public BooleanProperty machineShownProperty() {
        return machineShown;
    }

    public boolean blackScreen() {
        return black.isVisible();
    }

    /** The diagram alone, in a window of its own (for a second screen), at the same cursor. FX thread. */
    public void popOutDiagram() {
        if (popOut != null) {
            popOut.toFront();
            return;
        }
        Stage stage = new Stage();
        stage.titleProperty().bind(Bindings.concat(shell.viewModel().texts().text("app.title"), " — ",
                shell.viewModel().texts().text("ui.diagram.title")));
        BorderPane content = new BorderPane(diagram("pop-out-diagram"));
        content.setTop(narration("pop-out-narration"));
        content.getStyleClass().add("main-window");
        content.getStylesheets()
                .add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());
        content.styleProperty().bind(shell.zoomStyle());
        Themes.style(shell.viewModel().themeProperty().get(), content);
        ViewSubscriptions.listen(content, shell.viewModel().themeProperty(),
                (obs, was, is) -> Themes.style(is, content));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(content, Math.min(1200, screen.getWidth()), Math.min(800, screen.getHeight())));
        PlaybackKeys.install(stage.getScene(), shell.diagram().playback());
        stage.setOnHidden(e -> {
            popOut = null;
            ViewSubscriptions.releaseAll(content); // the session's diagram in it is let go with the window
        });
        popOut = stage;
        stage.show();
    }

    public Stage popOutStage() {
        return popOut;
    }

    /** Closes the extra windows (when the program closes). */
    void close() {
        leave();
        if (popOut != null) popOut.close();
    }

    private Screen screenOfMainWindow() {
        Stage main = shell.stage();
        if (main == null) return Screen.getPrimary();
        return Screen
                .getScreensForRectangle(main.getX(), main.getY(), Math.max(1, main.getWidth()),
                        Math.max(1, main.getHeight()))
                .stream().findFirst().orElse(Screen.getPrimary());
    }

    private SequenceDiagram diagram(String id) {
        SequenceDiagram d = new SequenceDiagram(shell.diagram().model());
        d.setId(id);
        d.positionProperty().bind(shell.diagram().playback().positionProperty());
        d.messagesProperty().bind(shell.viewModel().texts().messagesProperty());
        d.selectedRowProperty().bindBidirectional(shell.diagram().details().selectedProperty());
        d.stepNarrationProperty().bind(shell.diagram().stepNarrationProperty()); // a step's story in view together
        d.setMinHeight(DIAGRAM_LEAST_PX); // it scrolls: it gives up height to the narration and the calls
        d.setMinWidth(0); // its canvas's last width is no minimum: once the machine gave width, it came back over it
        return d;
    }

    /**
     * The diagram with predict mode's question and verdict beside it, not above it: above, in large type, they left the
     * diagram about 220 px on a projector. The pane takes {@value #QUESTION_SHARE} of the width, the question on top,
     * scrolls if it must (back to the top for each new question), and takes no room while there is nothing to say.
     */
    private Node withQuestions(SequenceDiagram diagram) {
        PredictPane predict = new PredictPane(shell.viewModel().predict(), shell.viewModel().texts(),
                "presenter-predict", true);
        ScrollPane side = new ScrollPane(predict);
        side.setId("presenter-predict-side");
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.visibleProperty().bind(predict.visibleProperty());
        side.managedProperty().bind(side.visibleProperty());
        BorderPane centre = new BorderPane(diagram);
        side.prefWidthProperty().bind(centre.widthProperty().multiply(QUESTION_SHARE));
        centre.setRight(side);
        // Each new question is shown from the top (listened to on the pane's own label: nothing outlives the window).
        ((Label) predict.lookup("#presenter-predict-prompt")).textProperty()
                .addListener((obs, was, is) -> side.setVvalue(0));
        return centre;
    }

    /**
     * The share of the talk's height (all but the call strip) the lesson bar, slide and narration take before the
     * slide's sentence gives way.
     */
    static final double WORDS_SHARE = 0.5;

    /** The share of the talk's height the diagram keeps before the slide's title gives way to the narration. */
    static final double DIAGRAM_SHARE = 0.3;

    /** The diagram's least height, in px, when the narration above it needs the rest. */
    static final double DIAGRAM_LEAST_PX = 44;

    /** The share of the presenter's width predict mode's pane takes beside the diagram. */
    static final double QUESTION_SHARE = 0.4;

    private Label narration(String id) {
        Label narration = new Label();
        narration.setId(id);
        narration.getStyleClass().add("diagram-narration");
        narration.getStylesheets().add(
                Objects.requireNonNull(SequenceDiagram.class.getResource("sequence-diagram.css")).toExternalForm());
        narration.setWrapText(true);
        narration.setMaxWidth(Double.MAX_VALUE);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        narration.textProperty().bind(shell.diagram().narration());
        narration.visibleProperty().bind(narration.textProperty().isNotEmpty());
        narration.managedProperty().bind(narration.visibleProperty());
        return narration;
    }

    /**
     * The current step's slide, when its lesson gives one: the short title very large, its one sentence large, above
     * the narration. Hidden (and taking no room) for steps without a slide.
     */
    private VBox slide() {
        Label title = new Label();
        title.setId("presenter-slide-title");
        title.getStyleClass().add("presenter-slide-title");
        title.setStyle("-fx-font-size: 1.6em; -fx-font-weight: bold;");
        title.setWrapText(true);
        title.textProperty().bind(shell.diagram().slideTitle());
        Label text = new Label();
        text.setId("presenter-slide-text");
        text.getStyleClass().add("presenter-slide-text");
        text.setStyle("-fx-font-size: 1.15em;");
        text.setWrapText(true);
        text.textProperty().bind(shell.diagram().slideText());
        VBox box = new VBox(4, title, text);
        box.setId("presenter-slide");
        box.getStyleClass().add("presenter-slide");
        box.setPadding(new Insets(10, 16, 6, 16));
        box.setMinHeight(Region.USE_PREF_SIZE);
        box.managedProperty().bind(box.visibleProperty()); // shown while the step has a slide and there is room for it
        return box;
    }

    /**
     * The height the words above the diagram take at the talk's width: the lesson bar, the slide (its title; and its
     * sentence when {@code withText}) and the whole narration. 0 before the first layout.
     */
    private static double words(BorderPane talk, Node lessonBar, VBox slide, Label narration, boolean withText) {
        double width = talk.getWidth();
        if (width <= 0) return 0;
        return (lessonBar.isManaged() ? lessonBar.prefHeight(width) : 0) + slide.getPadding().getTop()
                + slide.getPadding().getBottom() + slide.getChildren().getFirst().prefHeight(width)
                + (withText ? slide.getChildren().get(1).prefHeight(width) : 0)
                + (narration.isManaged() ? narration.prefHeight(width) : 0);
    }

    /** The client's and the server's calls in one wrapping strip; presses make the real calls, as in the panes. */
    private Node callStrip() {
        VBox strip = new VBox(6);
        strip.setId("presenter-calls");
        strip.getStyleClass().add("presenter-calls");
        strip.setPadding(new Insets(6, 10, 6, 10));
        // Big enough to hit on a projector and to read from the room: text of CALL_FONT_PX at least, targets of
        // CALL_TARGET_PX.
        strip.styleProperty().bind(Bindings.createStringBinding(
                () -> "-fx-font-size: " + Math.max(CALL_FONT_PX, shell.viewModel().fontSizeProperty().get() * 1.3)
                        + "px;",
                shell.viewModel().fontSizeProperty()));
        EndpointViewModel client = shell.viewModel().activeClientProperty().get();
        EndpointViewModel server = shell.viewModel().server();
        strip.getChildren().add(side("ui.endpoint.client", "client", CLIENT_CALLS, client));
        strip.getChildren().add(side("ui.endpoint.server", "server", SERVER_CALLS, server));
        ((FlowPane) strip.getChildren().getLast()).getChildren().add(PresenterMachineColumn.toggle(
                shell.viewModel().texts(), machineShown, CALL_TARGET_PX));
        return new VBox(message(client, server), networkLine(), strip);
    }

    /**
     * The panes' messages (a press refused, an invalid input, "answer the question first"), which the main window
     * shows in panes the presenter window covers: one line above the calls, each with its side's name.
     */
    private Label message(EndpointViewModel client, EndpointViewModel server) {
        var texts = shell.viewModel().texts();
        Label line = new Label(null,
                new FontIcon(Feather.ALERT_CIRCLE));
        line.setId("presenter-message");
        line.getStyleClass().add("presenter-message");
        line.setWrapText(true);
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            List<String> said = new ArrayList<>();
            if (!client.messageProperty().get().isEmpty())
                said.add(texts.messages().get("ui.endpoint.client") + ": " + client.messageProperty().get());
            if (!server.messageProperty().get().isEmpty())
                said.add(texts.messages().get("ui.endpoint.server") + ": " + server.messageProperty().get());
            return String.join("   ", said);
        }, client.messageProperty(), server.messageProperty(), texts.messagesProperty()));
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /** What the Network control has in force (a loss armed), for the audience; there only while one is. */
    private Label networkLine() {
        var network = shell.viewModel().network();
        Label line = new Label(null,
                new FontIcon(Feather.WIFI_OFF));
        line.setId("presenter-network");
        line.getStyleClass().add("presenter-message");
        line.setWrapText(true);
        line.textProperty().bind(network.statusProperty());
        line.visibleProperty().bind(network.armedProperty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private FlowPane side(String titleKey, String id, List<SocketCall> calls, EndpointViewModel endpoint) {
        Label title = new Label();
        title.textProperty().bind(shell.viewModel().texts().text(titleKey));
        title.getStyleClass().add("endpoint-" + id);
        title.setStyle("-fx-font-weight: bold;");
        title.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane box = new FlowPane(6, 6, title); // a side wraps its calls rather than cut them on a 1024-px projector
        box.setAlignment(Pos.CENTER_LEFT);
        for (SocketCall call : calls) {
            Button b = new Button(call.cName());
            b.setId("presenter-" + id + "-" + call.cName());
            b.getStyleClass().add("call-button");
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setMinHeight(CALL_TARGET_PX);
            b.setFocusTraversable(false); // Space is "next step", never a press
            b.setOnAction(e -> {
                followLive(); // a live demo: what the press does is drawn now, whatever step the clicker showed
                endpoint.run(call);
            });
            box.getChildren().add(b);
        }
        return box;
    }
}
