package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Question;
import org.socketlab.ui.UiTestSupport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Predict mode in the free lab clicked through in the real window: a connect() to a closed port, predicted first. */
@ExtendWith(ApplicationExtension.class)
class FreeLabPredictFxTest {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};

    private Lab lab;
    private Shell shell;
    private Stage stage;
    private TestWindow window;

    @Start
    void start(Stage primary) {
        // The test opens its own window.
    }

    @TempDir
    Path config;

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    private static int option(Question q, String claim) {
        for (int i = 0; i < q.options().size(); i++) if (q.options().get(i).claim().text().equals(claim)) return i + 1;
        throw new AssertionError("no option claims " + claim + ": " + q.options());
    }

    private long calls(String name) {
        return lab.journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals(name)).count();
    }

    @Test
    void aConnectToAClosedPortIsPredictedWithAKeyThenMadeAndJudged(FxRobot robot) throws Exception {
        // the Lessons menu lists topics now: it fits a common screen
        window = TestWindow.open(1920, 1080, config.resolve("window.properties"));
        lab = window.lab();
        shell = window.shell();
        stage = window.stage();
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#lessons-menu");
        robot.clickOn("Predict before each call (free lab)");
        assertTrue(fx(() -> shell.viewModel().predict().freeLabEnabledProperty().get()));
        robot.clickOn("#client-socket"); // socket() asks nothing
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> calls("socket") == 1);
        int closed = UiTestSupport.freePort();
        robot.interact(() -> robot.lookup("#client-port").queryAs(TextField.class).setText(String.valueOf(closed)));

        robot.clickOn("#client-connect");
        WaitForAsyncUtils.waitForFxEvents();
        Question q = fx(() -> shell.viewModel().predict().questionProperty().get());
        assertNotNull(q, "the press asks first");
        // The question's bar comes with the next frame (on a loaded machine, a while after the question).
        String prompt = "Predict: connect() is called now. What happens?";
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(
                () -> stage.getScene().lookup("#predict-prompt") instanceof Label l && prompt.equals(l.getText())));
        assertTrue(fx(() -> stage.getScene().lookup("#predict-cancel").isVisible()));
        assertEquals(0, calls("connect"), "no call before the answer");

        // Escape is Cancel: no call made, the question goes.
        robot.clickOn("#predict-prompt");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, fx(() -> shell.viewModel().predict().questionProperty().get()));
        assertEquals(0, calls("connect"));

        // Again, answered with a key: the obvious "it waits for accept()".
        robot.clickOn("#client-connect");
        WaitForAsyncUtils.waitForFxEvents();
        Question again = fx(() -> shell.viewModel().predict().questionProperty().get());
        robot.clickOn("#predict-prompt"); // the focus leaves the port field: digits answer, not type
        robot.type(DIGITS[option(again, "blocked") - 1]);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> !fx(() -> ((Label) stage.getScene().lookup("#predict-result")).getText()).isEmpty());
        String verdict = fx(() -> ((Label) stage.getScene().lookup("#predict-result")).getText());
        assertTrue(verdict.startsWith(
                "Prediction 1: Not this time. You said \"It waits: connect() does not return yet\"; the kernel: It returns -1 ECONNREFUSED."),
                verdict);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> fx(() -> ((Label) stage.getScene().lookup("#predict-result")).getText())
                        .endsWith("Predict mode, free lab: 0 of 1 right."));
        assertEquals(1, calls("connect"), "the real call was made once, after the answer");
        assertFalse(fx(() -> stage.getScene().lookup("#predict-cancel").isVisible()));
    }
}
