package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57, review window-2026-11-26 picture 18: a row clicked near the bottom of the diagram opens Details, which
 * narrow or lower the diagram; the clicked row stays in view (it was scrolled away).
 */
@ExtendWith(ApplicationExtension.class)
class DetailsKeepRowFxTest {
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

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1920, 1080"})
    void theClickedRowStaysInViewWhenDetailsOpen(int width, int height, FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(width, height, config.resolve("window.properties"));
        Shell shell = window.shell();
        int calls = 24; // more rows than the view holds: it scrolls
        for (int i = 0; i < calls; i++) {
            robot.clickOn("#client-socket");
            int made = i + 1;
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                    () -> fx(() -> shell.diagram().model().rowCount()) >= made);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.diagram().playback().position() >= shell.diagram().model().rowCount();
        }));
        WaitForAsyncUtils.waitForFxEvents();
        SequenceDiagram d = fx(() -> shell.diagram().diagram());
        // Scrolled back to the start, the lowest row wholly in view, as a student's click near the bottom of the
        // diagram: an older row, not the newest, which the diagram keeps in view on any resize by itself (so the test
        // was green without the fix).
        int clicked = fx(() -> {
            SequenceDiagramSkin skin = (SequenceDiagramSkin) d.getSkin();
            skin.scrollBar().setValue(0);
            int lowest = -1;
            for (int i = 0; i < d.shownRows(); i++) if (skin.wholeInView(i)) lowest = i;
            d.select(shell.diagram().model().row(lowest));
            return lowest;
        });
        assertTrue(clicked >= 0, "a row in view");
        // Details open (the condition), then the layout passes their opening queued have run: no sleep hoping so.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> fx(() -> window.stage().getScene().lookup("#details-view") != null
                        || shell.diagram().details().selectedProperty().get() != null));
        for (int pass = 0; pass < 4; pass++) WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> ((SequenceDiagramSkin) d.getSkin()).wholeInView(clicked)),
                () -> "row " + clicked + " scrolled away when Details opened at " + width + "x" + height);
    }
}
