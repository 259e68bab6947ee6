package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Question;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Predict mode clicked through in the real window, on real loopback sockets: toggle, lesson, answers, verdicts, score. */
@ExtendWith(ApplicationExtension.class)
class PredictFxTest {
    /** What the kernel does in each asked step of connection-refused, as the options' claims write it. */
    private static final Map<Integer, String> KERNEL = Map.of(
            2, "-1 ECONNREFUSED", 3, "none", 5, "0", 7, "-1 ECONNREFUSED", 8, "none", 9, "0", 11, "0", 12, "FIN", 13,
            "RST");
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};

    private Lab lab;
    private Shell shell;
    private Stage stage;
    private TestWindow window;

    @Start
    void start(Stage primary) {
        // The test opens its own window on a projector-sized screen.
    }

    /** The window preferences of this test alone, not the user's saved layout (which may not fit this screen). */
    @TempDir
    Path config;

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    /** The option of the question on screen that claims what the kernel will do. */
    private static int rightOption(Question q) {
        for (int i = 0; i < q.options().size(); i++)
            if (q.options().get(i).claim().text().equals(KERNEL.get(q.step()))) return i + 1;
        throw new AssertionError("no option claims " + KERNEL.get(q.step()) + ": " + q);
    }

    @Test
    void aLessonInPredictModeAsksBeforeEachStepAndEndsWithTheScore(FxRobot robot) throws Exception {
        // A tall headless screen: the Lessons menu (32 lessons and its commands) opens as a popup taller than 1080 px,
        // and the headless platform answers a window painted past its frame buffer with an IndexOutOfBoundsException
        // in blit (a real screen clips the popup and scrolls it). The test checks predict mode, not the menu's height.
        window = TestWindow.open(1920, 2000, config.resolve("window.properties"));
        lab = window.lab();
        shell = window.shell();
        stage = window.stage();
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#lessons-menu");
        robot.clickOn("Predict before each step");
        assertTrue(fx(() -> shell.viewModel().predict().enabledProperty().get()),
                "the Lessons menu's toggle turns predict mode on");
        MenuButton menu = fx(() -> (MenuButton) stage.getScene().lookup("#lessons-menu"));
        if (!fx(menu::isShowing)) robot.clickOn("#lessons-menu");
        robot.clickOn("Errors: the kernel says no"); // the topic's submenu
        robot.clickOn("Connection refused: ECONNREFUSED");

        int answered = 0;
        boolean presenterChecked = false;
        while (true) {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> fx(() -> shell.viewModel().predict().questionProperty().get() != null
                            || shell.viewModel().predict().resultIsScore()));
            Question q = fx(() -> shell.viewModel().predict().questionProperty().get());
            if (q == null) break;
            int right = rightOption(q);
            if (!presenterChecked) {
                // The first question in presenter mode: large type, answered with a key as a clicker-holding lecturer would.
                // The question's bar comes with the next frame (on a loaded machine, a while after the question).
                String prompt = "Predict: connect() is called now. What happens?";
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(
                        () -> stage.getScene().lookup("#predict-prompt") instanceof Label l
                                && prompt.equals(l.getText())));
                robot.type(KeyCode.F5);
                WaitForAsyncUtils.waitForFxEvents();
                Stage presenter = fx(() -> shell.presenter().stage());
                assertNotNull(presenter);
                Label big = fx(() -> (Label) presenter.getScene().lookup("#presenter-predict-prompt"));
                assertTrue(fx(() -> big.getFont().getSize()) >= PresenterMode.MIN_FONT_PX,
                        "readable at 10 m: " + fx(() -> big.getFont().getSize()));
                robot.type(DIGITS[right - 1]);
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                        () -> fx(() -> shell.viewModel().predict().result().get().startsWith("Step 2:")));
                assertTrue(fx(() -> ((Label) presenter.getScene().lookup("#presenter-predict-result")).getText())
                        .startsWith("Step 2: Right! The kernel: It returns -1 ECONNREFUSED."));
                robot.type(KeyCode.ESCAPE);
                presenterChecked = true;
            } else if (answered % 2 == 0) {
                robot.clickOn("#predict-option-" + right);
            } else {
                robot.clickOn("#predict-prompt"); // the main window has the focus, not a text field
                robot.type(DIGITS[right - 1]);
            }
            answered++;
            final int step = q.step();
            try {
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                        () -> fx(() -> shell.viewModel().predict().result().get().startsWith("Step " + step + ":")
                                || shell.viewModel().predict().resultIsScore()));
            } catch (TimeoutException e) {
                throw new AssertionError("no verdict for step " + step + " (answer " + answered + "); the pane says "
                        + fx(() -> shell.viewModel().predict().result().get()) + " / question "
                        + fx(() -> shell.viewModel().predict().questionProperty().get()), e);
            }
            String said = fx(() -> shell.viewModel().predict().result().get());
            assertTrue(said.startsWith("Step " + step + ": Right!") || said.endsWith("9 of 9 right."),
                    () -> "the kernel agreed with the scripted answer: " + shell.viewModel().predict().result().get());
        }
        assertEquals(KERNEL.size(), answered);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
        Label score = fx(() -> (Label) stage.getScene().lookup("#predict-result"));
        assertEquals("Predict mode, Connection refused: ECONNREFUSED: 9 of 9 right.", fx(score::getText));
        assertTrue(fx(score::isVisible));
        assertTrue(lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Note n
                && n.quiz() instanceof Payload.Quiz.Score s && s.right() == 9 && s.complete()),
                "the score is in the journal");
        robot.clickOn("#predict-dismiss");
        assertTrue(fx(() -> !shell.viewModel().predict().showingProperty().get()), "Hide takes the score away");
    }
}
