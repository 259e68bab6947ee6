package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.MenuButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Lessons button is where a student starts: at 1280x720 it keeps its word in both languages (issue 57; in Spanish
 * it showed only its book icon, "Lecciones" being longer than "Lessons", while Present kept "Presentar").
 */
@ExtendWith(ApplicationExtension.class)
class LessonsWordFxTest {
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
    void theLessonsButtonKeepsItsWordAt1280InEnglishAndSpanish() {
        window = TestWindow.openWithoutCapture(1280, 720, config.resolve("window.properties"));
        MenuButton lessons = fx(() -> (MenuButton) window.stage().getScene().lookup("#lessons-menu"));
        for (Lang lang : List.of(Lang.EN, Lang.ES)) {
            fx(() -> {
                window.shell().viewModel().setLang(lang);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            fx(() -> {
                window.stage().getScene().getRoot().applyCss();
                window.stage().getScene().getRoot().layout();
                return null;
            });
            assertEquals(Messages.of(lang).get("ui.toolbar.lessons"), fx(lessons::getText));
            assertNotEquals(ContentDisplay.GRAPHIC_ONLY, fx(lessons::getContentDisplay),
                    () -> "Lessons shows only its icon in " + lang + " at 1280x720");
        }
    }
}
