package org.socketlab.ui.shell;

import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.UiTestSupport;

/**
 * The real window on a lab of its own, on a headless screen of a given size, for the window tests: opened with its
 * layout kept in a file of the test's (never the user's saved layout), and closed whole after each test.
 */
record TestWindow(Lab lab, Shell shell, Stage stage) implements AutoCloseable {

    /** Opens the window on a {@code width}x{@code height} screen and returns once its arguments' forms are built. Test thread. */
    static TestWindow open(int width, int height, Path prefs) {
        return open(width, height, prefs, Lab.onThisMachine());
    }

    /**
     * As {@link #open(int, int, Path)} on a lab that does not capture the wire (no tcpdump to start and stop): for the
     * tests that never look at segments.
     */
    static TestWindow openWithoutCapture(int width, int height, Path prefs) {
        return open(width, height, prefs, Lab.withoutCapture());
    }

    /**
     * As {@link #openWithoutCapture}, and {@code watch} is given the window's scene on the FX thread as soon as it is
     * shown, before anything built after its first frame: to see the window as it is built.
     */
    static TestWindow openWatching(int width, int height, Path prefs, Consumer<Scene> watch) {
        return open(width, height, prefs, Lab.withoutCapture(), watch);
    }

    private static TestWindow open(int width, int height, Path prefs, Lab lab) {
        return open(width, height, prefs, lab, scene -> {
        });
    }

    private static TestWindow open(int width, int height, Path prefs, Lab lab, Consumer<Scene> watch) {
        TestWindow window = fx(() -> {
            HeadlessScreen.resize(width, height);
            Shell shell = new Shell(lab, "Linux", Lang.EN);
            Stage stage = new Stage();
            shell.show(stage, prefs);
            watch.accept(stage.getScene());
            return new TestWindow(lab, shell, stage);
        });
        UiTestSupport.awaitWindowBuilt(window.stage());
        return window;
    }

    /** Closes a problem dialog left open, the window and the lab (every socket and thread), and resets the screen. */
    @Override
    public void close() {
        fx(() -> {
            shell.detach();
            stage.close();
            if (shell.lastProblem() != null) shell.lastProblem().close();
            HeadlessScreen.reset();
            return null;
        });
        lab.close();
    }
}
