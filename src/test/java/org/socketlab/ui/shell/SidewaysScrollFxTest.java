package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.Request;
import org.socketlab.ui.diagram.DiagramText;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.diagram.SequenceDiagram;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57 (review 2026-11-26, pictures 06 and 07): at 1024x768 a long call's row was cut at the diagram's right
 * edge, with no way to read its end. A real sigaction() made by the server's process is wider than the diagram there:
 * the diagram scrolls sideways to the label's end with Shift and the wheel, with Shift+Right, and shows a sideways bar.
 */
@ExtendWith(ApplicationExtension.class)
class SidewaysScrollFxTest {
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
    void aLongRealCallScrollsSidewaysAt1024x768(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        fx(() -> {
            shell.diagram().playback().instantProperty().set(true);
            return null;
        });
        robot.clickOn("#server-socket");
        // The process is there once its first call returned: a disposition is refused before it.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> label(shell).startsWith("socket(")));
        fx(() -> {
            shell.viewModel().server().signal("SIGALRM", Request.Signal.Handler.ON_SIGNAL_RESTART);
            return null;
        });
        SequenceDiagram diagram = fx(() -> shell.diagram().diagram());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> longest(shell) >= 0
                && diagram.shownRows() > longest(shell) && label(shell).startsWith("sigaction(")));
        WaitForAsyncUtils.waitForFxEvents();
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) diagram.getSkin());
        int row = fx(() -> longest(shell));
        String label = fx(() -> label(shell));
        assertTrue(fx(skin::labelsPastTheEdge).contains(label),
                () -> "the test needs a call wider than the diagram at 1024x768: " + label + " in "
                        + fx(diagram::getWidth) + " px");

        Node bar = fx(skin::sidewaysBar);
        assertTrue(fx(bar::isVisible), "a sideways scroll bar under the diagram when a row is wider than it");
        fx(() -> {
            skin.sidewaysBar().setValue(0);
            return null;
        });
        assertTrue(fx(() -> startInView(skin, row)), () -> label + ": its start is not in view at the left");
        // A long label reaches further right; it does not spread the lifelines out of the view (the server's were
        // off to the right at 1024x768 until scrolled).
        double[] lifelines = fx(skin::lifelinesInView);
        double viewWidth = fx(() -> skin.labelInView(row)[2]);
        assertTrue(Arrays.stream(lifelines).allMatch(x -> x >= 0 && x <= viewWidth),
                () -> "every lifeline in view before scrolling: " + Arrays.toString(lifelines) + " in " + viewWidth
                        + " px");
        assertFalse(fx(() -> endInView(skin, row)), () -> label + ": its end is in view at the left already");

        // The mouse: Shift and the wheel (as a wheel's notches; GTK may also send them as a sideways delta).
        Node canvas = fx(() -> diagram.getChildrenUnmodifiable().getFirst()); // the skin's canvas
        for (int notch = 0; notch < 40 && !fx(() -> endInView(skin, row)); notch++)
            fx(() -> {
                Event.fireEvent(canvas, shiftWheelDown());
                return null;
            });
        assertTrue(fx(() -> endInView(skin, row)),
                () -> label + " not at its end after Shift+wheel, scrolled to "
                        + fx(() -> skin.sidewaysBar().getValue())
                        + " of " + fx(() -> skin.sidewaysBar().getMax()) + ": "
                        + Arrays.toString(fx(() -> skin.labelInView(row))));

        // The keyboard: back to the left edge, then Shift+Right on the focused diagram.
        fx(() -> {
            skin.sidewaysBar().setValue(0);
            diagram.requestFocus();
            return null;
        });
        for (int press = 0; press < 60 && !fx(() -> endInView(skin, row)); press++)
            robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
        assertTrue(fx(() -> endInView(skin, row)), () -> label + " not at its end after Shift+Right");
        inThePresenterTheTypeStaysForALabelThatScrolls(robot, shell, row, label);
    }

    /**
     * In presenter mode the same call is wider than the diagram too: the diagram scrolls sideways to it and keeps its
     * type. Its type went down to fit the one long label (every label of the step smaller on the projector).
     */
    private static void inThePresenterTheTypeStaysForALabelThatScrolls(FxRobot robot, Shell shell, int row,
            String label) throws Exception {
        robot.clickOn("#server-title");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        Stage presenter = fx(() -> shell.presenter().stage());
        assertNotNull(presenter, "F5 opens presenter mode");
        SequenceDiagram big = fx(() -> (SequenceDiagram) presenter.getScene().lookup("#presenter-diagram"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> big.shownRows() > row));
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            fx(() -> {
                presenter.getScene().getRoot().applyCss();
                presenter.getScene().getRoot().layout();
                return null;
            });
        }
        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) big.getSkin());
        double type = Math.max(PresenterMode.MIN_FONT_PX, fx(() -> shell.viewModel().fontSizeProperty().get()) * 1.6)
                * PresenterViews.DIAGRAM_EM;
        assertEquals(type, fx(big::fontSize), 0.5, "the presenter's diagram keeps its type");
        assertTrue(fx(skin::labelsPastTheEdge).contains(label),
                () -> "the test needs the call wider than the presenter's diagram: " + label + " in "
                        + fx(big::getWidth) + " px at " + fx(big::fontSize) + " px");
        assertTrue(fx(() -> skin.sidewaysBar().isVisible()), "and scrolls sideways to the long call");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean startInView(SequenceDiagramSkin skin, int row) {
        double[] at = skin.labelInView(row);
        return at[0] >= -0.5 && at[0] < at[2];
    }

    private static boolean endInView(SequenceDiagramSkin skin, int row) {
        double[] at = skin.labelInView(row);
        return at[1] > 0 && at[1] <= at[2] + 0.5;
    }

    /** A wheel turned one notch towards the user with Shift held, over the diagram. */
    private static ScrollEvent shiftWheelDown() {
        return new ScrollEvent(ScrollEvent.SCROLL, 10, 10, 10, 10, true, false, false, false, false, false, 0, -40, 0,
                -40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0,
                null);
    }

    /** The diagram's call row with the widest label, or -1. */
    private static int longest(Shell shell) {
        var messages = shell.diagram().diagram().getMessages();
        return shell.diagram().model().rows().stream().filter(r -> r instanceof Row.CallRow)
                .max(Comparator.comparingInt(r -> DiagramText.label(r, messages).length())).map(Row::index)
                .orElse(-1);
    }

    private static String label(Shell shell) {
        int i = longest(shell);
        return i < 0 ? "" : DiagramText.label(shell.diagram().model().row(i), shell.diagram().diagram().getMessages());
    }
}
