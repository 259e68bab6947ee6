package org.socketlab.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Os;
import org.socketlab.ui.code.CodeFeature;
import org.socketlab.ui.diagram.DiagramFeature;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.statemachine.StateMachineFeature;

import java.util.List;
import java.util.prefs.Preferences;

/**
 * The composition root of the window: builds the Lab (where this OS can make calls), the bridge, the
 * view-models and the views, and passes each what it needs through its constructor.
 */
public final class Shell {
    public static final double WIDTH = 1320;
    public static final double HEIGHT = 900;

    private final Lab lab;
    private final ShellViewModel viewModel;
    private final JournalBridge bridge;
    private final DiagramFeature diagram;
    private final StateMachineFeature stateMachine;
    private final CodeFeature code;
    private final MainWindow view;
    private Stage stage;
    private Preferences prefs;

    /** {@code lab} null means this system cannot make real calls. */
    public Shell(Lab lab, String osName, Lang lang) {
        this.lab = lab;
        this.viewModel = new ShellViewModel(lab, osName, lang);
        this.bridge = new JournalBridge(lab != null ? lab.journal() : new Journal());
        this.diagram = new DiagramFeature(viewModel.texts());
        this.stateMachine = new StateMachineFeature(viewModel.texts());
        this.code = new CodeFeature(viewModel.texts());
        bridge.addSink(viewModel::onEvents);
        bridge.addSink(diagram::onEvents);
        bridge.addSink(code);
        // The socket table, the state machine and the code show the moment the diagram's playback has reached.
        PlaybackFollower follower = new PlaybackFollower(diagram.model(), diagram.playback(),
                List.of(viewModel.sockets()::replay, stateMachine.viewModel()::replay, code.viewModel()::replay));
        bridge.addSink(follower::onEvents);
        // The code panel shows the call selected in the diagram, else the last one at the playback cursor.
        diagram.details().selectedProperty().addListener((obs, was, row) -> {
            if (row instanceof Row.CallRow call) code.select(call.event());
            else code.followLatest();
        });
        this.view = new MainWindow(viewModel, diagram, stateMachine, code);
    }

    /** The window on this machine's real calls, or with a banner and no calls where the OS is not supported. */
    public static Shell onThisMachine(Lang lang) {
        return new Shell(Os.current().supported() ? Lab.onThisMachine() : null, System.getProperty("os.name"), lang);
    }

    public ShellViewModel viewModel() { return viewModel; }
    public MainWindow view() { return view; }
    public JournalBridge bridge() { return bridge; }
    public DiagramFeature diagram() { return diagram; }
    public StateMachineFeature stateMachine() { return stateMachine; }
    public CodeFeature code() { return code; }

    /** Puts the window on the stage, as it was left last time when {@code prefs} is given, and starts the per-frame work. FX thread. */
    public void show(Stage stage, Preferences prefs) {
        this.stage = stage;
        this.prefs = prefs;
        WindowPrefs saved = prefs != null ? WindowPrefs.load(prefs, viewModel.langProperty().get()) : WindowPrefs.defaults(viewModel.langProperty().get());
        if (prefs != null) {
            viewModel.setLang(saved.lang());
            viewModel.darkProperty().set(saved.dark());
            viewModel.fontSizeProperty().set(saved.fontSize());
            view.hidePanes(saved.hiddenPanes());
        }
        double width = saved.width(), height = saved.height();
        if (prefs != null && prefs.get("width", null) == null) {
            // First run: most of the screen, since a lecture-hall projector wants big panes.
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            width = Math.max(900, screen.getWidth() * 0.94);
            height = Math.max(600, screen.getHeight() * 0.92);
        }
        Scene scene = new Scene(view, width, height);
        Shortcuts.install(scene, viewModel);
        PlaybackKeys.install(scene, diagram.playback());
        // One base size scales every text that is sized in em (AtlantaFX's are): readable from the back of a room.
        view.styleProperty().bind(Bindings.concat("-fx-font-size: ", viewModel.fontSizeProperty(), "px;"));
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.texts().text("app.title"));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        if (!Double.isNaN(saved.x()) && !Double.isNaN(saved.y())) {
            stage.setX(saved.x());
            stage.setY(saved.y());
        }
        stage.setMaximized(saved.maximized());
        stage.show();
        view.restoreDividers(saved.dividers());
        bridge.start();
        diagram.start();
    }

    public void show(Stage stage) {
        show(stage, null);
    }

    /** Stops the per-frame work and remembers the layout. FX thread. */
    public void detach() {
        if (prefs != null && stage != null) {
            new WindowPrefs(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                    view.dividers(), view.hiddenPanes(), viewModel.langProperty().get(), viewModel.darkProperty().get(),
                    viewModel.fontSizeProperty().get()).save(prefs);
        }
        diagram.close();
        bridge.close();
    }

    /** Closes every socket and stops the workers; waits for them, so never on the FX thread. */
    public void closeLab() {
        if (lab != null) lab.close();
    }
}
