package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.binding.StringBinding;
import javafx.event.Event;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Step;
import org.socketlab.ui.diagram.DiagramFeature;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 78, "every sentence in step": paged faster than the playback draws (each PageDown as soon as a step waits), the
 * banner names the step a press made as soon as the press is handled and the journal's events before it are in the
 * window, never the step before it whose rows were still being drawn; and going forward every step is named and its
 * narration said, the ones after a step's note about its run too (the review saw round-trip's step 6 only with
 * PageUp). addrlen: five steps tell their run (6, 7, 11, 12, 15), and 7, 8, 12, 13 and 16 follow one. No timing: each
 * check waits for what it needs, or reads the window right after the press.
 */
@ExtendWith(ApplicationExtension.class)
class LessonBannerInStepFxTest {
    private TestWindow window;
    @TempDir
    Path config;
    /** The window's narration as the test follows it. */
    private StringBinding said;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    @Test
    void eachPressNamesItsStepAtOnceAndTheStepAfterARunNoteIsSaidGoingForward() throws Exception {
        window = TestWindow.open(1280, 720, config.resolve("window.properties"));
        Shell shell = window.shell();
        Lesson lesson = LessonLoader.load("addrlen");
        int n = lesson.steps().size();
        DiagramFeature before = fx(shell::diagram);
        fx(() -> {
            shell.viewModel().runLesson(lesson);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> fx(() -> shell.diagram() != before) && shell.viewModel().lessons().waiting() == 1);
        Label banner = fx(() -> (Label) window.stage().getScene().lookup("#lesson-banner-text"));
        List<String> narrations = new ArrayList<>(); // every narration the window said, in order, going forward
        fx(() -> {
            said = shell.diagram().narration(); // held: a binding nothing holds is collected with its listener
            narrations.add(said.get());
            said.addListener((o, was, now) -> narrations.add(now));
            return null;
        });
        for (Step step : lesson.steps()) {
            int k = step.number();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> shell.viewModel().lessons().waiting() == k);
            String named = fx(() -> {
                Event.fireEvent(window.stage().getScene(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "",
                        KeyCode.PAGE_DOWN, false, false, false, false));
                shell.bridge().drain(); // the events journaled before the press, as the next frame takes them
                return banner.getText();
            });
            assertEquals("Step " + k + " of " + n + " · " + lesson.title().en(), named,
                    "right after press " + k + ", the banner names the step it made");
        }
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.diagram().playback().position() >= shell.diagram().model().rowCount();
        }));
        List<String> told = fx(() -> List.copyOf(narrations));
        int runNotes = 0, from = 0;
        for (Step step : lesson.steps()) {
            String words = Payload.Note.in(step.narration().byCode(), "en");
            int at = told.subList(from, told.size()).indexOf(words);
            assertTrue(at >= 0,
                    () -> "step " + step.number() + "'s narration was said going forward, in order: " + told);
            from += at + 1;
            if (!lesson.toldAt(step.number()).said().isEmpty()) runNotes++;
        }
        assertTrue(runNotes >= 4, "addrlen's steps tell their run: " + runNotes);
    }
}
