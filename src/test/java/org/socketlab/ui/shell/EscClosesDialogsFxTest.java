package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57: Esc closes every dialog of the window, from the field the student is typing in, as it closes the Check
 * dialog (CheckDialogEscFxTest): Watch a program, the Export dialog (with its range on) and the problem a lesson file
 * action shows.
 */
@ExtendWith(ApplicationExtension.class)
class EscClosesDialogsFxTest {
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

    /** Whether a window other than the main one showing a node {@code id} is open. */
    private static boolean open(String id) {
        return fx(() -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup(id) != null));
    }

    private void escCloses(FxRobot robot, String name, String field, Callable<Boolean> isOpen) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, isOpen);
        if (field != null) robot.clickOn(field);
        robot.type(KeyCode.ESCAPE);
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !isOpen.call());
        } catch (TimeoutException e) {
            throw new AssertionError("Esc did not close " + name + (field == null ? "" : " from " + field), e);
        }
        assertTrue(fx(() -> window.stage().isShowing()), "the window stays");
    }

    @Test
    void escClosesEveryDialog(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1280, 720, config.resolve("window.properties"));
        for (String field : new String[]{"#watch-command", "#watch-directory"}) {
            robot.clickOn("#file-menu");
            robot.clickOn("#file-watch");
            escCloses(robot, "Watch a program", field, () -> open("#watch-command"));
        }
        for (String field : new String[]{"#export-file", "#export-to"}) {
            robot.clickOn("#file-menu");
            robot.clickOn("#file-export");
            robot.clickOn("Diagram as SVG…");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> open("#export-file"));
            if (field.equals("#export-to")) robot.clickOn("#export-range");
            escCloses(robot, "Export", field, () -> open("#export-file"));
        }
        Shell shell = window.shell();
        fx(() -> {
            shell.saveSessionAsLesson(config.resolve("empty.json")); // nothing to save: its problem is shown
            return null;
        });
        escCloses(robot, "a lesson file's problem", null,
                () -> fx(() -> shell.lastProblem() != null && shell.lastProblem().isShowing()));
    }
}
