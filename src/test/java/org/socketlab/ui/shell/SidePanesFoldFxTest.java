package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.ui.UiTestSupport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57 item 5, clicked through: the side panes fold away from the diagram's title row (mouse) and with F7/F8
 * (keyboard), and the diagram takes the window's whole width; folded, each button says its pane's name, so the way
 * back is found by a word; the folds stay through Reset all (a new session) and are remembered by the next window.
 */
@ExtendWith(ApplicationExtension.class)
class SidePanesFoldFxTest {
    private static final int WAIT_S = 30;
    private TestWindow window;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1024, 768, es", "1280, 720, en"})
    void theDiagramTakesTheWholeWidthAndTheFoldsAreKept(int width, int height, String lang, FxRobot robot)
            throws Exception {
        Path prefs = config.resolve("window.properties");
        window = TestWindow.openWithoutCapture(width, height, prefs);
        Lang language = Lang.of(lang);
        Messages words = Messages.of(language);
        fx(() -> {
            window.shell().viewModel().setLang(language);
            return null;
        });
        double opened = diagramWidth();
        assertTrue(opened < 0.8 * width, () -> "both side panes shown at first: the diagram " + opened + " px wide");

        robot.clickOn("#client-socket"); // a row to look at in Details later
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> window.shell().diagram().model().rowCount() > 0));
        robot.clickOn("#side-toggle-clients"); // the mouse folds the clients' pane
        awaitShown(MainWindow.Pane.CLIENTS, false);
        assertEquals(words.get("ui.pane.clients"), toggleText("#side-toggle-clients"), "folded, it says its name");
        robot.type(KeyCode.F8); // the keyboard folds the server's
        awaitShown(MainWindow.Pane.SERVER, false);
        assertEquals(words.get("ui.pane.server"), toggleText("#side-toggle-server"));
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> diagramWidth() > 0.97 * width);
        assertNull(fx(() -> window.stage().getScene().lookup("#pane-server")),
                "the server's pane is out of the window");

        // Details beside the whole-width diagram keep a readable column (they were a 60 px sliver).
        fx(() -> {
            var diagram = window.shell().diagram();
            diagram.details().selectedProperty().set(diagram.model().row(diagram.model().rowCount() - 1));
            return null;
        });
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> window.stage().getScene().lookup("#diagram-details") != null));
        UiTestSupport.settle(window.stage(), () -> window.shell().view().dividers());
        double details = fx(() -> {
            Node d = window.stage().getScene().lookup("#diagram-details");
            return d.localToScene(d.getLayoutBounds()).getWidth();
        });
        assertTrue(details >= 0.18 * width, () -> "the details beside the diagram are " + details + " px wide");
        robot.type(KeyCode.ESCAPE);

        // Reset all starts a new session in a new window root: the folds stay.
        robot.clickOn("#reset-all");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> window.shell().view().getScene() != null && window.shell().view().getScene()
                        .lookup("#side-toggle-server") != null));
        UiTestSupport.settle(window.stage(), () -> window.shell().view().dividers());
        assertFalse(fx(() -> window.shell().view().hiddenPanes().isEmpty()), "folded after Reset all");
        assertTrue(diagramWidth() > 0.97 * width, "the diagram still the whole width after Reset all");

        // The next window opens as this one was left.
        window.close();
        window = TestWindow.openWithoutCapture(width, height, prefs);
        assertEquals("CLIENTS,SERVER", fx(() -> window.shell().view().hiddenPanes()));

        // And both come back: F7, then the server's button by its word.
        robot.type(KeyCode.F7);
        awaitShown(MainWindow.Pane.CLIENTS, true);
        robot.clickOn("#side-toggle-server");
        awaitShown(MainWindow.Pane.SERVER, true);
        assertEquals("", toggleText("#side-toggle-server"), "shown, the button is a chevron only");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> diagramWidth() < 0.8 * width);
    }

    private void awaitShown(MainWindow.Pane pane, boolean shown) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> window.shell().view().hiddenPanes().contains(pane.name()) != shown));
        UiTestSupport.settle(window.stage(), () -> window.shell().view().dividers());
    }

    private String toggleText(String id) {
        return fx(() -> ((Button) window.stage().getScene().lookup(id)).getText());
    }

    private double diagramWidth() {
        return fx(() -> {
            Node diagram = window.stage().getScene().lookup("#pane-diagram");
            Bounds at = diagram.localToScene(diagram.getLayoutBounds());
            return at.getWidth();
        });
    }
}
