package org.socketlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.endpoint.SocketCall;

/**
 * The lecture hall: presenter mode fills the screen with the sequence diagram and the narration in large type, with
 * the calls of both sides in one strip, and takes a clicker's keys whatever has focus (PageDown, Right, Space: next
 * step; PageUp, Left: previous; B: black screen; Esc: leave). The pop-out is the diagram alone in a window of its
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
        content.setTop(new javafx.scene.layout.VBox(
                new LessonTalk(shell.viewModel(), shell.diagram()).bar("presenter-lesson"), slide(),
                narration("presenter-narration"),
                new org.socketlab.ui.predict.PredictPane(shell.viewModel().predict(), shell.viewModel().texts(),
                        "presenter-predict")));
        content.setCenter(diagram("presenter-diagram"));
        content.setBottom(callStrip());
        StackPane root = new StackPane(content, black);
        root.setAlignment(Pos.TOP_LEFT);
        black.setVisible(false);
        Themes.style(shell.viewModel().themeProperty().get(), root);
        shell.viewModel().themeProperty().addListener((obs, was, is) -> Themes.style(is, root));
        javafx.geometry.Rectangle2D bounds = screenOfMainWindow().getBounds();
        Scene scene = new Scene(root, bounds.getWidth(), bounds.getHeight());
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
        content.getCenter().requestFocus();
    }

    /** Back to the main window, as it was. */
    public void leave() {
        if (presenter == null) return;
        Stage s = presenter;
        presenter = null;
        black.setVisible(false);
        s.close();
        // The clicker's keys pause the playback to show one step at a time; back in the window, Live is as it was.
        if (wasLive && !shell.diagram().playback().liveProperty().get()) shell.diagram().playback().setLive(true);
    }

    /** The clicker's keys, before any control sees them. */
    void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        org.socketlab.ui.predict.PredictPane.onKey(e, shell.viewModel().predict()); // 1-4 answer predict mode's question
        if (e.isConsumed()) return;
        LessonTalk steps = new LessonTalk(shell.viewModel(), shell.diagram()); // this session's
        switch (e.getCode()) {
            case PAGE_DOWN, RIGHT, SPACE, DOWN -> steps.next();
            case PAGE_UP, LEFT, UP -> steps.previous();
            case HOME -> steps.home();
            case B, PERIOD -> black.setVisible(!black.isVisible()); // clickers send B or . for "black screen"
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
        shell.viewModel().themeProperty().addListener((obs, was, is) -> Themes.style(is, content));
        javafx.geometry.Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(content, Math.min(1200, screen.getWidth()), Math.min(800, screen.getHeight())));
        PlaybackKeys.install(stage.getScene(), shell.diagram().playback());
        stage.setOnHidden(e -> popOut = null);
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
        d.setMinHeight(60); // it scrolls: it gives up height to the narration and the calls, never pushes them off screen
        return d;
    }

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
    private Node slide() {
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
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(4, title, text);
        box.setId("presenter-slide");
        box.getStyleClass().add("presenter-slide");
        box.setPadding(new Insets(10, 16, 6, 16));
        box.setMinHeight(Region.USE_PREF_SIZE);
        box.visibleProperty().bind(title.textProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** The client's and the server's calls in one wrapping strip; presses make the real calls, as in the panes. */
    private Node callStrip() {
        javafx.scene.layout.VBox strip = new javafx.scene.layout.VBox(6);
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
        return new javafx.scene.layout.VBox(message(client, server), networkLine(), strip);
    }

    /**
     * The panes' messages (a press refused, an invalid input, "answer the question first"), which the main window
     * shows in panes the presenter window covers: one line above the calls, each with its side's name.
     */
    private Label message(EndpointViewModel client, EndpointViewModel server) {
        var texts = shell.viewModel().texts();
        Label line = new Label(null,
                new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.feather.Feather.ALERT_CIRCLE));
        line.setId("presenter-message");
        line.getStyleClass().add("presenter-message");
        line.setWrapText(true);
        line.textProperty().bind(Bindings.createStringBinding(() -> {
            List<String> said = new java.util.ArrayList<>();
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
                new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.feather.Feather.WIFI_OFF));
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
