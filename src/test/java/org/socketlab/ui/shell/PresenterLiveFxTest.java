package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.ui.Truncation;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A live demo in presenter mode: the presses in its call strip are drawn there, in view, and Live survives leaving. */
@ExtendWith(ApplicationExtension.class)
class PresenterLiveFxTest {
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

    @Test
    void pressesInThePresenterCallStripAreDrawnThereWithTheNewestRowInView(FxRobot robot) throws Exception {
        window = TestWindow.open(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        assertTrue(fx(() -> shell.diagram().playback().liveProperty().get()), "the window starts live");
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        Stage presenter = fx(() -> shell.presenter().stage());
        assertNotNull(presenter, "F5 opens presenter mode");
        SequenceDiagram big = fx(() -> (SequenceDiagram) presenter.getScene().lookup("#presenter-diagram"));
        // The calls are big enough to hit and to read from the room, and all on screen.
        for (Node n : fx(() -> presenter.getScene().getRoot().lookupAll(".call-button"))) {
            Button b = (Button) n;
            assertTrue(fx(() -> b.getFont().getSize()) >= PresenterMode.CALL_FONT_PX, b.getId() + " text");
            assertTrue(fx(b::getHeight) >= PresenterMode.CALL_TARGET_PX - 0.5,
                    b.getId() + " height " + fx(b::getHeight));
            Bounds on = fx(() -> b.localToScene(b.getLayoutBounds()));
            assertTrue(on.getMinX() >= 0 && on.getMaxX() <= 1024 && on.getMinY() >= 0 && on.getMaxY() <= 768,
                    b.getId() + " on screen: " + on);
        }
        List<String> cut = fx(() -> Truncation.under(presenter.getScene().getRoot()));
        assertTrue(cut.isEmpty(), () -> "cut in presenter mode: " + cut);
        // A clicker's key first (it pauses the playback to show one step), then a live demo.
        robot.type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitForFxEvents();
        // The server's side of a connection, then the client's, pressed in the presenter's own strip.
        String[] presses = {"#presenter-server-socket", "#presenter-server-bind", "#presenter-server-listen",
                "#presenter-client-socket", "#presenter-client-connect", "#presenter-server-accept",
                "#presenter-client-send", "#presenter-server-recv", "#presenter-client-close",
                "#presenter-server-recv", "#presenter-server-close", "#presenter-server-close"};
        int calls = 0;
        for (String press : presses) {
            robot.clickOn(press);
            calls++;
            int wanted = calls;
            // The call's row arrives through the journal; once it is in the model, the presenter draws it within a
            // frame or two (the catch-up of live mode), and scrolled so that the newest row is in view.
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> callRows(shell) >= wanted));
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> {
                int rows = shell.diagram().model().rowCount();
                return big.shownRows() == rows && newestInView(big, rows - 1);
            }));
        }
        assertTrue(fx(() -> shell.diagram().playback().liveProperty().get()), "still live in presenter mode");
        // Out and in again: presenter mode opens at the current step, the newest row in view.
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        SequenceDiagram again = fx(() -> (SequenceDiagram) shell.presenter().stage().getScene()
                .lookup("#presenter-diagram"));
        assertTrue(fx(() -> newestInView(again, shell.diagram().model().rowCount() - 1)),
                "presenter mode opens at the current step");
        assertTrue(fx(() -> ((SequenceDiagramSkin) again.getSkin()).scrollBar().getValue()) > 0,
                "the rows run past the presenter's height: scrolled to the newest");
        robot.type(KeyCode.PAGE_UP); // paused on a step...
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> !shell.diagram().playback().liveProperty().get()), "the clicker paused the playback");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, fx(() -> shell.presenter().stage()), "Esc leaves");
        assertTrue(fx(() -> shell.diagram().playback().liveProperty().get()), "leaving presenter mode keeps Live on");
        robot.clickOn("#client-socket");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> callRows(shell) >= presses.length + 1));
        SequenceDiagram small = fx(() -> (SequenceDiagram) window.stage().getScene().lookup("#sequence-diagram"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> fx(() -> small.shownRows() == shell.diagram().model().rowCount()));
    }

    private static int callRows(Shell shell) {
        return (int) shell.diagram().model().rows().stream().filter(r -> r instanceof Row.CallRow).count();
    }

    /**
     * Whether the diagram shows the step the cursor is in (issue 43 item 3): from the step's first new row down to the
     * newest when they fit, else that first row at the top; the newest row outside a lesson.
     */
    static boolean stepInView(SequenceDiagram d) {
        d.applyCss();
        d.layout();
        return ((SequenceDiagramSkin) d.getSkin()).stepInView();
    }

    /** Whether row {@code i}'s middle is inside the diagram's visible height. */
    static boolean newestInView(SequenceDiagram d, int i) {
        d.applyCss();
        d.layout();
        double y = ((SequenceDiagramSkin) d.getSkin()).rowCenterY(i);
        return y > 0 && y < d.getHeight();
    }
}
