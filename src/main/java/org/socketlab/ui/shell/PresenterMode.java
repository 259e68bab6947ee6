package org.socketlab.ui.shell;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.ViewSubscriptions;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.endpoint.SocketCall;
import org.socketlab.ui.predict.PredictPane;
import org.socketlab.ui.share.RoomPanel;
import org.socketlab.ui.share.ShareDialog;

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
    /** The calls' text in presenter mode is never smaller than this, in px ({@link PresenterCallStrip}). */
    public static final int CALL_FONT_PX = PresenterCallStrip.CALL_FONT_PX;
    /** The calls' buttons are at least this high, in px: a target the presenter hits without looking. */
    public static final int CALL_TARGET_PX = PresenterCallStrip.CALL_TARGET_PX;
    static final List<SocketCall> CLIENT_CALLS = PresenterCallStrip.CLIENT_CALLS;
    static final List<SocketCall> SERVER_CALLS = PresenterCallStrip.SERVER_CALLS;

    private final ShellViewModel vm;
    /** The session on screen: presenter mode shows its diagram and state machine. */
    private final Supplier<SessionViews> session;
    /** The main window's stage once shown (null before): presenter mode opens on its screen. */
    private final Supplier<Stage> mainStage;
    private Stage presenter;
    private Stage popOut;
    private final Region black = new Region();
    /** Whether the window's playback followed the journal live when presenter mode opened: leaving puts it back. */
    private boolean wasLive;
    /** The TCP state machine beside the diagram (key M, or the strip's toggle); kept from one entry to the next. */
    private final BooleanProperty machineShown = new SimpleBooleanProperty(this, "machineShown", false);
    /** F9, D and the strip's button held drop the link: the same holds as the main window's (one mechanism). */
    private final HoldToDrop dropKeys;

    PresenterMode(ShellViewModel vm, Supplier<SessionViews> session, Supplier<Stage> mainStage) {
        this.vm = vm;
        this.session = session;
        this.mainStage = mainStage;
        this.dropKeys = new HoldToDrop(vm.machines());
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

    /** The presenter's gesture that drops the link while held, in this window and the main one. */
    HoldToDrop dropKeys() {
        return dropKeys;
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
        DiagramFeature diagram = session.get().diagram();
        PresenterViews views = new PresenterViews(vm, diagram);
        wasLive = diagram.playback().liveProperty().get();
        Stage stage = new Stage(StageStyle.UNDECORATED);
        stage.titleProperty().bind(vm.texts().text("ui.toolbar.present"));
        BorderPane content = new BorderPane();
        content.setId("presenter");
        content.getStyleClass().addAll("main-window", "presenter");
        content.getStylesheets()
                .add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());
        content.styleProperty().bind(Bindings.createStringBinding(
                () -> "-fx-font-size: " + Math.max(MIN_FONT_PX, vm.fontSizeProperty().get() * 1.6)
                        + "px;",
                vm.fontSizeProperty()));
        // The words and the diagram in the middle; the state machine, when shown, beside them from the top of the
        // screen to the calls (its state names need the height). The diagram's heads are one compact band: the
        // drawing under them keeps its half of the screen.
        SequenceDiagram shown = views.diagram("presenter-diagram");
        shown.headerScaleProperty().set(PresenterRoom.HEADER_SCALE);
        BorderPane talk = new BorderPane(views.withQuestions(shown));
        Node lessonBar = new LessonTalk(vm, diagram).bar("presenter-lesson");
        Label linkLine = linkLine();
        PresenterWords words = words(views, talk, shown, lessonBar, linkLine);
        VBox slide = words.slide();
        talk.setTop(new VBox(linkLine, lessonBar, slide, words));
        talk.setMinWidth(0);
        content.setCenter(talk);
        content.setBottom(new PresenterCallStrip(vm, diagram.playback(), machineShown, dropKeys,
                () -> shareWithTheRoom(presenter)).build());
        // Sharing with the room: the URL, its QR code and the join code, the room's count and histogram, on the left
        // (the state machine takes the right); no room taken while nothing is shared.
        RoomPanel room = new RoomPanel(vm.room(), vm.texts(), () -> presenter);
        content.setLeft(roomSide(room));
        StackPane root = new StackPane(content, black);
        root.setAlignment(Pos.TOP_LEFT);
        black.setVisible(false);
        Themes.style(vm.themeProperty().get(), root);
        ViewSubscriptions.listen(root, vm.themeProperty(), (obs, was, is) -> Themes.style(is, root));
        Rectangle2D bounds = screenOfMainWindow().getBounds();
        Scene scene = new Scene(root, bounds.getWidth(), bounds.getHeight());
        room.fitTo(scene.widthProperty());
        PresenterMachineColumn column = new PresenterMachineColumn(session.get().stateMachine().viewModel(),
                machineShown);
        column.place(content, scene);
        column.yieldTo(talk, words, words.narration(), scene,
                () -> PresenterRoom.diagramKeeps(scene.getHeight(), shown.headerHeight()));
        dropKeys.install(scene); // before the clicker's keys: D and F9 held are the drop, here as in the window
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.getAccelerators().putAll(Shortcuts.zoom(vm)); // the back row asks for it here, not in the window
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

    /**
     * The words above the diagram: the lesson bar and the link's line (small type: the presenter's), then the slide's
     * sentence gives way, then its title, and the narration, the instructor's text, scrolls in what is left, folded
     * to smaller type (down to {@link #MIN_FONT_PX}) where two of its lines would not fit (issue 78: at 200 % on
     * 1280x720 the narration took the screen, then beside the machine showed one line).
     */
    private PresenterWords words(PresenterViews views, BorderPane talk, SequenceDiagram shown, Node lessonBar,
            Label linkLine) {
        DiagramFeature diagram = session.get().diagram();
        VBox slide = views.slide();
        Label narration = views.narration("presenter-narration");
        Node slideText = slide.getChildren().get(1);
        lessonBar.setStyle(PresenterRoom.style(PresenterRoom.BAR_FONT_PX));
        DoubleBinding wordsRoom = Bindings.createDoubleBinding(
                () -> PresenterRoom.wordsRoom(talk.getHeight(), talk.getScene() == null
                        ? 0
                        : talk.getScene().getHeight(), shown.headerHeight())
                        - (linkLine.isManaged() ? linkLine.prefHeight(talk.getWidth()) : 0),
                talk.heightProperty(), talk.widthProperty(), talk.sceneProperty(), linkLine.managedProperty(),
                linkLine.textProperty(), shown.fontSizeValue(), shown.headerScaleProperty());
        DoubleBinding narrationRoom = Bindings.createDoubleBinding(
                () -> wordsRoom.get()
                        - (slide.isManaged() ? slide.prefHeight(talk.getWidth()) : 0)
                        - (lessonBar.isManaged() ? lessonBar.prefHeight(talk.getWidth()) : 0), // hidden: not laid out
                wordsRoom, slide.managedProperty(), slideText.managedProperty(),
                lessonBar.managedProperty(), diagram.slideTitle(), diagram.slideText());
        // Neither the slide's sentence nor its title takes the room of the narration's two lines in its least type.
        slideText.managedProperty().bind(Bindings.createBooleanBinding(
                () -> PresenterViews.words(talk, lessonBar, slide, narration, true) <= wordsRoom.get()
                        && PresenterViews.words(talk, lessonBar, slide, null, true)
                                + PresenterWords.leastRoom(narration) <= wordsRoom.get(),
                wordsRoom, lessonBar.managedProperty(), narration.textProperty(),
                diagram.slideTitle(), diagram.slideText()));
        slideText.visibleProperty().bind(slideText.managedProperty());
        // When even the slide's title and the whole narration do not fit above the diagram's half, the title goes.
        slide.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !diagram.slideTitle().get().isEmpty()
                        && PresenterViews.words(talk, lessonBar, slide, narration, false) <= wordsRoom.get()
                        && PresenterViews.words(talk, lessonBar, slide, null, false)
                                + PresenterWords.leastRoom(narration) <= wordsRoom.get(),
                wordsRoom, lessonBar.managedProperty(), narration.textProperty(), diagram.slideTitle()));
        PresenterWords words = new PresenterWords(narration, narrationRoom, slide);
        words.foldType(Bindings.createDoubleBinding(
                () -> Math.max(MIN_FONT_PX, vm.fontSizeProperty().get() * 1.6) * PresenterWords.NARRATION_EM,
                vm.fontSizeProperty()));
        return words;
    }

    /** Back to the main window, as it was. */
    public void leave() {
        if (presenter == null) return;
        Stage s = presenter;
        presenter = null;
        black.setVisible(false);
        dropKeys.releaseAll(); // a key held while leaving: its release goes to no window of ours
        s.close();
        ViewSubscriptions.releaseAll(s.getScene().getRoot()); // its views on the long-lived view-models, let go
        // The clicker's keys pause the playback to show one step at a time; back in the window, Live is as it was.
        var playback = session.get().diagram().playback();
        if (wasLive && !playback.liveProperty().get()) playback.setLive(true);
    }

    /** The clicker's keys, before any control sees them. */
    void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        PredictPane.onKey(e, vm.predict()); // 1-4 answer predict mode's question
        if (e.isConsumed()) return;
        LessonTalk steps = new LessonTalk(vm, session.get().diagram()); // this session's
        switch (e.getCode()) {
            case PAGE_DOWN, RIGHT, SPACE, DOWN -> steps.next();
            case PAGE_UP, LEFT, UP -> steps.previous();
            case HOME -> steps.home();
            case B, PERIOD -> black.setVisible(!black.isVisible()); // clickers send B or . for "black screen"
            case M -> machineShown.set(!machineShown.get());
            case R -> { // the room discusses, then answers the same question again (a step's second round)
                if (!vm.room().discuss()) return;
            }
            case ESCAPE, F5, F11 -> leave();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /**
     * The link's conditions at the head of the presenter's screen, as the window's diagram says them ("link: 50 ms each
     * way, 2 % loss"), updated as they change; while the drop is held, that every packet is dropped. Not there without
     * SocketLab's wire between two machines.
     */
    private Label linkLine() {
        var machines = vm.machines();
        Label line = new Label(null, new FontIcon(Feather.ACTIVITY));
        line.setId("presenter-link");
        line.getStyleClass().add("presenter-link");
        line.setWrapText(true);
        line.setMaxWidth(Double.MAX_VALUE);
        line.setMinHeight(Region.USE_PREF_SIZE);
        line.textProperty().bind(machines.linkLineProperty());
        String style = PresenterRoom.style(PresenterRoom.BAR_FONT_PX) + " -fx-padding: 2 10 2 10;";
        line.styleProperty().bind(Bindings.when(machines.droppingProperty())
                .then(style + " -fx-background-color: -color-danger-emphasis; -fx-text-fill: -color-fg-emphasis;")
                .otherwise(style));
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /** The room's panel at the projector's left; on a short screen it scrolls, never over the calls. */
    private static ScrollPane roomSide(RoomPanel room) {
        ScrollPane side = new ScrollPane(room);
        side.setId("share-side");
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.setFocusTraversable(false);
        side.visibleProperty().bind(room.visibleProperty());
        side.managedProperty().bind(side.visibleProperty());
        return side;
    }

    /**
     * "Share with the room" (View menu, presenter's strip): while sharing, Stop; else the dialog choosing the address,
     * and once started, presenter mode, where the projector shows how to join. FX thread.
     */
    void shareWithTheRoom(Window owner) {
        var room = vm.room();
        if (room.sharingProperty().get()) {
            room.stop();
            return;
        }
        ShareDialog dialog = new ShareDialog(room, vm.texts(), owner);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() != null && dialog.getResult().getButtonData() == ButtonBar.ButtonData.OK_DONE
                    && !active())
                enter();
        });
        dialog.show();
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
        stage.titleProperty().bind(Bindings.concat(vm.texts().text("app.title"), " — ",
                vm.texts().text("ui.diagram.title")));
        DiagramFeature diagram = session.get().diagram();
        PresenterViews views = new PresenterViews(vm, diagram);
        BorderPane content = new BorderPane(views.diagram("pop-out-diagram"));
        content.setTop(views.narration("pop-out-narration"));
        content.getStyleClass().add("main-window");
        content.getStylesheets()
                .add(Objects.requireNonNull(MainWindow.class.getResource("shell.css")).toExternalForm());
        content.styleProperty().bind(vm.zoomStyle());
        Themes.style(vm.themeProperty().get(), content);
        ViewSubscriptions.listen(content, vm.themeProperty(),
                (obs, was, is) -> Themes.style(is, content));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(content, Math.min(1200, screen.getWidth()), Math.min(800, screen.getHeight())));
        PlaybackKeys.install(stage.getScene(), diagram.playback());
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
        Stage main = mainStage.get();
        if (main == null) return Screen.getPrimary();
        return Screen
                .getScreensForRectangle(main.getX(), main.getY(), Math.max(1, main.getWidth()),
                        Math.max(1, main.getHeight()))
                .stream().findFirst().orElse(Screen.getPrimary());
    }

    /** The diagram's least height, in px, when the narration above it needs the rest ({@link PresenterViews}). */
    static final double DIAGRAM_LEAST_PX = PresenterViews.DIAGRAM_LEAST_PX;
}
