package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Esc closes the Check dialog from its verdicts list (which kept the key) and from the fields, as every dialog does (issue 57 item 5; the window
 * review found it stayed open).
 */
@ExtendWith(ApplicationExtension.class)
class CheckDialogEscFxTest {
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

    private static boolean checkDialogOpen() {
        return fx(() -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#check-dialog") != null));
    }

    @Test
    void escClosesTheCheckDialog(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1280, 720, config.resolve("window.properties"));
        for (String field : new String[]{"#check-rules", "#check-name", "#check-command"}) {
            robot.clickOn("#file-menu");
            robot.clickOn("#file-check");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, CheckDialogEscFxTest::checkDialogOpen);
            robot.clickOn(field);
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !checkDialogOpen());
            assertTrue(fx(() -> window.stage().isShowing()), "the window stays");
        }
    }
}
