package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.cli.CliLessonFileTest;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.ui.diagram.Row;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Lessons -> Open lesson file... and Save session as lesson... in the real window: a lesson written outside the program
 * plays; a broken one gets one dialog in the user's language and changes nothing; calls made with the buttons are
 * saved as a lesson file that loads again. (The file chooser itself is the platform's; these drive what it hands over.)
 */
@ExtendWith(ApplicationExtension.class)
class LessonFilesFxTest {
    private Lab lab;
    private Shell shell;
    private Stage stage;
    private TestWindow window;
    @TempDir
    Path dir;

    @Start
    void start(Stage primary) {
        // Each test opens its own window.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    private void open() throws Exception {
        window = TestWindow.open(1280, 720, dir.resolve("window.properties"));
        lab = window.lab();
        shell = window.shell();
        stage = window.stage();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theLessonsMenuOffersOpenAndSave() throws Exception {
        open();
        List<String> ids = fx(() -> ((MenuButton) stage.getScene().lookup("#lessons-menu")).getItems().stream()
                .map(MenuItem::getId).toList());
        assertTrue(ids.contains("open-lesson-file") && ids.contains("save-session-lesson"), ids::toString);
        MenuItem open = fx(() -> ((MenuButton) stage.getScene().lookup("#lessons-menu")).getItems().stream()
                .filter(i -> "open-lesson-file".equals(i.getId())).findFirst().orElseThrow());
        assertEquals("Open lesson file…", fx(open::getText));
        fx(() -> {
            shell.viewModel().setLang(Lang.ES);
            return null;
        });
        assertEquals("Abrir fichero de lección…", fx(open::getText));
    }

    @Test
    void aLessonFileWrittenOutsideTheProgramPlaysInTheWindow() throws Exception {
        open();
        Path file = dir.resolve("lessons").resolve("own.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, CliLessonFileTest.OWN, StandardCharsets.UTF_8);
        fx(() -> {
            shell.openLessonFile(file);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> {
            shell.viewModel().lessonToEnd(); // started from the window it waits for each step: the whole of it, here
            shell.bridge().drain();
            return shell.diagram().model().rows().stream().anyMatch(r -> r instanceof Row.NoteRow n
                    && n.note().text().getOrDefault("en", "").startsWith("Lesson “My echo” done"));
        }));
        assertNull(fx(shell::lastProblem), "no problem to show");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !shell.viewModel().lessonRunning());
        assertTrue(fx(() -> shell.diagram().model().rows().stream()
                .anyMatch(r -> r instanceof Row.CallRow c && c.call().call().equals("recv"))));
        assertEquals(file.getParent().toString(), fx(() -> shell.viewModel().lastFolderProperty().get()),
                "the folder is remembered");
        fx(() -> {
            shell.detach();
            return null;
        });
        assertEquals(file.getParent().toString(),
                WindowPrefs.load(dir.resolve("window.properties"), Lang.EN).lastFolder(),
                "and kept with the window's layout");
    }

    @Test
    void aBrokenLessonFileGetsOneDialogInTheUsersLanguageAndNothingElseChanges(FxRobot robot) throws Exception {
        open();
        fx(() -> {
            shell.viewModel().setLang(Lang.ES);
            return null;
        });
        robot.clickOn("#server-socket");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.diagram().model().rowCount() >= 1;
        }));
        Path file = dir.resolve("broken.json");
        Files.writeString(file, CliLessonFileTest.OWN.replace("\"call\": \"listen\"", "\"call\": \"listne\""),
                StandardCharsets.UTF_8);
        int eventsBefore = lab.journal().size();
        int socketsBefore = lab.server().sockets().size();
        fx(() -> {
            shell.openLessonFile(file);
            return null;
        }); // read on a thread of its own, told on a later frame
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.lastProblem() != null;
        }));
        Alert problem = fx(shell::lastProblem);
        assertTrue(fx(problem::isShowing), "the problem is shown in a dialog");
        String text = fx(problem::getContentText);
        assertTrue(text.startsWith("Fichero de lección " + file + ", línea 10, columna "), text);
        assertTrue(text.contains(", paso 3 (server listne): llamada desconocida"), text);
        assertEquals("No se puede reproducir el fichero de lección", fx(problem::getTitle));
        assertFalse(shell.viewModel().lessonRunning(), "no lesson started");
        assertEquals(socketsBefore, lab.server().sockets().size(), "the window's sockets are as they were");
        assertEquals(eventsBefore, lab.journal().size(), "no call was made");
    }

    @Test
    void callsMadeWithTheButtonsAreSavedAsALessonThatLoadsAgain(FxRobot robot) throws Exception {
        open();
        Path empty = dir.resolve("empty.json");
        fx(() -> {
            shell.saveSessionAsLesson(empty);
            return null;
        });
        assertTrue(
                fx(() -> shell.lastProblem().getContentText()).startsWith("This session has no calls to record yet"));
        assertFalse(Files.exists(empty), "no file is left when there is nothing to save");
        fx(() -> {
            shell.lastProblem().close();
            return null;
        });

        robot.clickOn("#server-socket");
        robot.clickOn("#client-socket");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.diagram().model().rows().stream().filter(r -> r instanceof Row.CallRow).count() >= 2;
        }));
        Path saved = dir.resolve("mine.json");
        fx(() -> {
            shell.saveSessionAsLesson(saved);
            return null;
        }); // written on a thread of its own, then said
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> {
            shell.bridge().drain();
            return shell.viewModel().fileNoticeProperty().get() != null;
        }));
        assertEquals("Saved this session as a lesson to " + saved,
                fx(() -> shell.viewModel().texts().messages().text(shell.viewModel().fileNoticeProperty().get())));
        Lesson lesson = LessonLoader.loadFile(saved);
        assertEquals(List.of("server socket", "client socket"), lesson.steps().stream().map(s -> s.label()).toList());
        assertTrue(Files.readString(saved).contains("\"recorded\" : true"), Files.readString(saved));
        assertEquals(dir.toString(), fx(() -> shell.viewModel().lastFolderProperty().get()));
        assertTrue(lab.journal().snapshot().stream().noneMatch(e -> e.payload() instanceof Payload.Note),
                "saving makes no call and no note");
    }
}
