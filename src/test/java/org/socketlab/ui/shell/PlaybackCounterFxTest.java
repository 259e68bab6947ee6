package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.ui.Truncation;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57: at the projector's 1024x768 during a lesson, the playback bar's event counter read "#110 de #88..." in
 * Spanish: the bar gave every control less than it asked for, the counter too, down to its 9em floor. The counter is
 * never cut: the scrubber gives way. On a real lesson whose event numbers have three digits (a second run of it, as a
 * class that repeats a lesson sees), at its end and at its start, in both languages.
 */
@ExtendWith(ApplicationExtension.class)
class PlaybackCounterFxTest {
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
    void theEventCounterIsWholeAt1024DuringALessonInBothLanguages() throws Exception {
        window = TestWindow.open(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        // A session numbers its own moments from #1 (issue 79): a lesson of more than 99 moments is run.
        for (String lesson : List.of("iterative-server", "eintr", "bind-address")) {
            if (fx(() -> shell.diagram().eventNumbers().last()) >= 100) break;
            fx(() -> {
                shell.viewModel().runLesson(LessonLoader.load(lesson));
                shell.viewModel().lessonToEnd();
                return null;
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
            fx(() -> shell.bridge().drain());
            fx(() -> shell.bridge().drain());
        }
        Parent root = fx(() -> window.stage().getScene().getRoot());
        for (String lang : List.of("es", "en"))
            for (boolean atEnd : List.of(true, false)) {
                fx(() -> {
                    shell.viewModel().setLang(Lang.of(lang));
                    if (atEnd) shell.diagram().playback().jumpToEnd();
                    else shell.diagram().playback().jumpToStart();
                    return null;
                });
                PresenterMachineFxTest.layout(window.stage().getScene());
                Labeled counter = fx(() -> (Labeled) root.lookup("#playback-position"));
                String text = fx(counter::getText),
                        where = "at 1024x768 " + lang + (atEnd ? " at the end" : " at the start");
                assertTrue(text.matches(".*\\b\\d{3}\\b.*"), () -> "three-digit numbers " + where + ": " + text);
                assertTrue(fx(() -> visible(counter)), () -> "the counter is shown " + where);
                Node bar = fx(() -> root.lookup(".playback-bar"));
                List<String> cut = fx(() -> Truncation.under((Parent) bar));
                assertTrue(cut.isEmpty(), () -> "cut in the playback bar " + where + ": " + cut + "; bar "
                        + fx(bar::getLayoutBounds).getWidth() + " px");
            }
    }

    private static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }
}
