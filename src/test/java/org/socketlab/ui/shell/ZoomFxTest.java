package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.journal.Payload;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.endpoint.SocketCall;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One zoom that holds still and comes back (issues 25 and 26): the zoom buttons stay under the pointer press after
 * press, the toolbar icons grow with the zoom, and 100 → 300 → 100 % gives back the same layout with every call in
 * sight.
 */
@ExtendWith(ApplicationExtension.class)
class ZoomFxTest {
    private TestWindow window;
    private Stage stage;
    private Shell shell;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
        // Each test opens its own window on a screen of the size it needs.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    private void open(int width, int height) throws Exception {
        window = TestWindow.open(width, height, config.resolve("window.properties"));
        stage = window.stage();
        shell = window.shell();
        settle();
    }

    private void settle() {
        UiTestSupport.settle(stage, () -> shell.view().dividers());
    }

    private int zoom() {
        return fx(() -> shell.viewModel().zoomProperty().get());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 768", "1280, 720", "1920, 1080"})
    void plusFourTimesAtTheSamePointGives200PercentAndMinusComesBack(int width, int height, FxRobot robot)
            throws Exception {
        open(width, height);
        screenshot("target/screenshots/zoom-" + width + "x" + height + "-100.png");
        assertEquals(100, zoom());
        double icon100 = fx(() -> ((FontIcon) ((Button) stage.getScene().lookup("#zoom-in"))
                .getGraphic()).getIconSize());
        // The pointer goes to + once; then four presses where it is, without moving it.
        robot.moveTo("#zoom-in");
        for (int i = 0; i < 4; i++) {
            robot.clickOn(MouseButton.PRIMARY);
            settle();
        }
        assertEquals(200, zoom(), "four presses of + at the same point");
        double icon200 = fx(() -> ((FontIcon) ((Button) stage.getScene().lookup("#zoom-in"))
                .getGraphic()).getIconSize());
        assertEquals(2.0, icon200 / icon100, 0.1, "the toolbar icons grow with the zoom: " + icon100 + " → " + icon200);
        robot.moveTo("#zoom-out");
        for (int i = 0; i < 4; i++) {
            robot.clickOn(MouseButton.PRIMARY);
            settle();
        }
        assertEquals(100, zoom(), "four presses of - at the same point");
    }

    @Test
    void aDoubleClickOnTheStateMachineShowsItWholeLargeAndAgainBringsTheLayoutBack(FxRobot robot) throws Exception {
        open(1280, 720);
        double[] before = fx(() -> shell.view().dividers());
        UiTestSupport.doubleClick(robot, robot.lookup("#tcp-state-diagram").query());
        settle();
        assertTrue(fx(() -> shell.view().filling()), "the state machine's pane fills the window");
        double shown = fx(() -> stage.getScene().lookup("#tcp-state-diagram").getLayoutBounds().getHeight());
        assertTrue(shown > 500, "the machine gets the window's height: " + shown);
        screenshot("target/screenshots/statemachine-filled-1280x720.png");
        UiTestSupport.doubleClick(robot, robot.lookup("#tcp-state-diagram").query());
        settle();
        assertTrue(!fx(() -> shell.view().filling()), "back");
        assertArrayEquals(before, fx(() -> shell.view().dividers()), 0.002, "the layout as it was");
    }

    /**
     * Issue 43 item 6: at the largest zoom a 1024x768 screen allows, a long narration (a lesson's verdict, seen as
     * nobody) took the diagram's pane whole: no diagram left. It scrolls instead, the diagram keeps its least height.
     */
    @Test
    void atTheLargestZoomALongNarrationLeavesTheDiagramItsLeastHeight(FxRobot robot) throws Exception {
        open(1024, 768);
        String words = "The lesson «A lost FIN and a lost last ACK» is over: its 13 steps did what the lesson expected,"
                + " each call returned what it said and the kernel's states passed as the narration told them.";
        fx(() -> window.lab().journal().append("lab", new Payload.Note(Map.of("en", words, "es", words))));
        // The narration's label is made with the first narration (BuiltWhenShown), a pulse after the note.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> window.stage().getScene()
                .lookup("#diagram-narration") instanceof Label shown && shown.getText().equals(words)));
        Label narration = robot.lookup("#diagram-narration").queryAs(Label.class);
        Button bigger = robot.lookup("#zoom-in").queryButton();
        robot.moveTo(bigger);
        for (int i = 0; i < 10 && !fx(bigger::isDisabled); i++) {
            robot.clickOn(MouseButton.PRIMARY);
            settle();
        }
        assertTrue(fx(bigger::isDisabled), "the largest zoom this screen shows: " + zoom() + " %");
        settle();
        Node diagram = robot.lookup("#sequence-diagram").query();
        screenshot("target/screenshots/zoom-1024x768-largest-long-narration.png");
        // Its lifelines' heads and (but for the narration's one line) a row of arrows, in the diagram's font at this
        // zoom (3.2 and 3.1 times its size).
        double least = fx(() -> ((SequenceDiagram) diagram).fontSize() * (3.2 + 3.1 * 0.9));
        assertTrue(fx(() -> diagram.getLayoutBounds().getHeight()) >= least - 1,
                "the diagram keeps its heads and a row at " + zoom() + " %: "
                        + fx(() -> diagram.getLayoutBounds().getHeight()) + " px of " + least);
        assertTrue(fx(() -> narration.getHeight() > narration.getParent().getLayoutBounds().getHeight() - 1
                || narration.getHeight() >= narration.prefHeight(narration.getWidth()) - 1), "its words all there");
    }

    /** Every call button of the client and server panes that is not wholly inside its pane's visible part. */
    private List<String> callButtonsOutOfSight() {
        List<String> out = new ArrayList<>();
        Bounds window = new BoundingBox(0, 0, stage.getScene().getWidth(),
                stage.getScene().getHeight());
        for (String side : List.of("client", "server")) {
            for (SocketCall call : SocketCall.values()) {
                Node b = stage.getScene().lookup("#" + side + "-" + call.cName());
                if (b == null) {
                    out.add(side + " " + call.cName() + " missing");
                    continue;
                }
                Bounds at = b.localToScene(b.getLayoutBounds());
                ScrollPane viewport = null;
                for (Node p = b.getParent(); p != null && viewport == null; p = p.getParent())
                    if (p instanceof ScrollPane s) viewport = s;
                Bounds visible = viewport == null ? window : viewport.localToScene(viewport.getLayoutBounds());
                if (!b.isVisible() || !window.contains(at) || !visible.contains(at))
                    out.add(side + "-" + call.cName() + " at " + at);
            }
        }
        return out;
    }

    private void screenshot(String path) throws Exception {
        var image = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of(path);
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
