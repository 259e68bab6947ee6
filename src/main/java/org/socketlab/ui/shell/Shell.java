package org.socketlab.ui.shell;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Os;

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
    private final MainWindow view;

    /** {@code lab} null means this system cannot make real calls. */
    public Shell(Lab lab, String osName, Lang lang) {
        this.lab = lab;
        this.viewModel = new ShellViewModel(lab, osName, lang);
        this.bridge = new JournalBridge(lab != null ? lab.journal() : new Journal());
        bridge.addSink(viewModel::onEvents);
        this.view = new MainWindow(viewModel);
    }

    /** The window on this machine's real calls, or with a banner and no calls where the OS is not supported. */
    public static Shell onThisMachine(Lang lang) {
        return new Shell(Os.current().supported() ? Lab.onThisMachine() : null, System.getProperty("os.name"), lang);
    }

    public ShellViewModel viewModel() {
        return viewModel;
    }

    public MainWindow view() {
        return view;
    }

    public JournalBridge bridge() {
        return bridge;
    }

    /** Puts the window on the stage and starts the per-frame bridge. FX thread. */
    public void show(Stage stage) {
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        Shortcuts.install(scene, viewModel);
        // One base size scales every text that is sized in em (AtlantaFX's are): readable from the back of a room.
        view.styleProperty().bind(javafx.beans.binding.Bindings.concat("-fx-font-size: ", viewModel.fontSizeProperty(), "px;"));
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.texts().text("app.title"));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        bridge.start();
    }

    /** Stops the bridge. FX thread. */
    public void detach() {
        bridge.close();
    }

    /** Closes every socket and stops the workers; waits for them, so never on the FX thread. */
    public void closeLab() {
        if (lab != null) lab.close();
    }
}
