package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.ui.Truncation;
import org.socketlab.ui.UiTestSupport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57, clicked through at 1024x768 in Spanish: the server forks twice from its Proceso menu and waits in recv() (its calls off), "Reiniciar todo" ends
 * both children and their parent (no tab "Servidor 2/3" left, no pid left in /proc), and the fork-server lesson started
 * then runs to its end (it stopped at step 19, "there is already an endpoint called server-3").
 */
@ExtendWith(ApplicationExtension.class)
class ResetAfterForkFxTest {
    private static final int WAIT_S = 60;
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
    void resetAllEndsTheForkedChildrenAndTheForkServerLessonRunsToItsEnd(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1024, 768, config.resolve("window.properties"));
        Shell shell = window.shell();
        Stage stage = window.stage();
        fx(() -> {
            shell.viewModel().setLang(Lang.ES);
            shell.diagram().playback().instantProperty().set(true);
            return null;
        });
        String port = String.valueOf(freePort());
        robot.interact(() -> {
            robot.lookup("#server-port").queryAs(TextField.class).setText(port);
            robot.lookup("#client-port").queryAs(TextField.class).setText(port);
        });
        String[] presses = {"#server-socket", "#server-bind", "#server-listen", "#client-socket", "#client-connect",
                "#server-accept"};
        for (int i = 0; i < presses.length; i++) {
            robot.clickOn(presses[i]);
            int calls = i + 1;
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> calls(window) >= calls);
        }
        for (int child = 2; child <= 3; child++) {
            robot.clickOn("#server-process");
            robot.clickOn("fork()");
            String tab = "tab-server-" + child;
            try {
                WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> clientTabIds(stage).contains(tab)));
            } catch (TimeoutException e) {
                throw new AssertionError("no " + tab + ": tabs " + fx(() -> clientTabIds(stage)) + ", message "
                        + fx(() -> shell.viewModel().server().messageProperty().get()) + ", journal "
                        + window.lab().journal().snapshot().stream()
                                .skip(Math.max(0, window.lab().journal().size() - 6))
                                .toList(),
                        e);
            }
        }
        processMenusKeepTheirWord(stage, shell);
        List<Integer> pids = List.of(window.lab().server().pid(), window.lab().endpoint("server-2").pid(),
                window.lab().endpoint("server-3").pid());
        assertTrue(pids.stream().allMatch(pid -> pid > 0), pids::toString);

        // While the server waits in recv() on its connection (fd 4, selected) its calls are off, and the line says why.
        robot.clickOn("#server-recv");
        try {
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                    () -> fx(() -> stage.getScene().lookup("#server-calls").isDisabled()));
        } catch (TimeoutException e) {
            throw new AssertionError("calls on: message " + fx(() -> shell.viewModel().server().messageProperty().get())
                    + ", waiting " + fx(() -> shell.viewModel().server().waitingTextProperty().get()) + ", journal "
                    + window.lab().journal().snapshot().stream().skip(Math.max(0, window.lab().journal().size() - 5))
                            .toList(),
                    e);
        }
        assertTrue(fx(() -> ((Label) stage.getScene().lookup("#server-waiting")).getText())
                .contains(Messages.of(Lang.ES).get("ui.endpoint.waiting.oneCall")));
        assertFalse(fx(() -> stage.getScene().lookup("#server-process").isDisabled()), "Kill reaches it from outside");

        robot.clickOn("#reset-all");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> clientTabIds(stage)).equals(List.of("tab-client")));
        for (int pid : pids)
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> !Files.exists(Path.of("/proc/" + pid)));
        assertTrue(newSessionCallsOn(stage), "a new session's calls are on");

        // The fork-server lesson after the live forks: every step, to its end.
        Lesson lesson = LessonLoader.load("fork-server");
        fx(() -> {
            shell.viewModel().runLesson(lesson);
            return null;
        });
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> shell.viewModel().lessons().waiting() == 1);
        fx(() -> {
            shell.viewModel().lessonToEnd();
            return null;
        });
        WaitForAsyncUtils.waitFor(3 * WAIT_S, TimeUnit.SECONDS, () -> fx(() -> shell.viewModel().lessons()
                .endProperty().get() >= 0));
        String done = Messages.of(Lang.ES).get("lesson.play.done", lesson.title().es(), lesson.steps().size());
        List<String> notes = window.lab().journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Note).map(e -> ((Payload.Note) e.payload()).text())
                .map(t -> String.valueOf(t.get("es"))).toList();
        assertTrue(notes.stream().anyMatch(n -> n.startsWith(done)), () -> "the lesson's verdict: " + notes.getLast());
        assertEquals(0, fx(() -> stage.getScene().getRoot().lookupAll("#reset-all").stream()
                .filter(n -> n instanceof Button b && b.isDisabled()).count()));
    }

    /**
     * The Process menu says "Proceso" ("Process") in each pane at 1024x768, a forked child's too, in both languages: in
     * the child's pane it had shrunk to its icon (its title "Servidor 2" is longer), and a student looks for fork() by
     * that word. Nothing in the panes' heads is cut.
     */
    private static void processMenusKeepTheirWord(Stage stage, Shell shell) throws Exception {
        TabPane tabs = fx(() -> (TabPane) stage.getScene().lookup("#pane-clients"));
        for (Lang lang : List.of(Lang.EN, Lang.ES)) {
            fx(() -> {
                shell.viewModel().setLang(lang);
                return null;
            });
            for (String pane : List.of("server-2", "server-3", "client", "server")) {
                fx(() -> {
                    for (Tab t : tabs.getTabs())
                        if (("tab-" + pane).equals(t.getId())) tabs.getSelectionModel().select(t);
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                fx(() -> {
                    stage.getScene().getRoot().applyCss();
                    stage.getScene().getRoot().layout();
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                MenuButton process = fx(() -> (MenuButton) stage.getScene().lookup("#" + pane + "-process"));
                String where = pane + " in " + lang + " at 1024x768";
                assertTrue(fx(process::isVisible), where);
                assertNotEquals(ContentDisplay.GRAPHIC_ONLY, fx(process::getContentDisplay),
                        () -> "the Process menu shows its icon alone: " + where);
                assertEquals(Messages.of(lang).get("ui.endpoint.processMenu"), fx(process::getText), where);
                List<String> cut = fx(() -> Truncation.under(process.getParent().getParent()));
                assertTrue(cut.isEmpty(), () -> "cut in the head of " + where + ": " + cut);
                Bounds head = fx(() -> process.getParent().getParent().localToScene(
                        process.getParent().getParent().getLayoutBounds())),
                        at = fx(() -> process.localToScene(process.getLayoutBounds()));
                assertTrue(head.contains(at), () -> where + ": the menu at " + at + " outside its head " + head);
            }
        }
    }

    private static long calls(TestWindow window) {
        return window.lab().journal().snapshot().stream().map(Event::payload).filter(p -> p instanceof Payload.Call)
                .count();
    }

    private static List<String> clientTabIds(Stage stage) {
        var tabs = (TabPane) stage.getScene().lookup("#pane-clients");
        return tabs.getTabs().stream().map(Tab::getId).toList();
    }

    /** Whether the new session's call buttons are on, once its window has them (just after its first frame). */
    private static boolean newSessionCallsOn(Stage stage) {
        UiTestSupport.awaitWindowBuilt(stage);
        return !fx(() -> stage.getScene().lookup("#server-calls").isDisabled());
    }
}
