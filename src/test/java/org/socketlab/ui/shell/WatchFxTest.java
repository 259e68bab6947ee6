package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.story.Lifeline;
import org.socketlab.trace.CommandLine;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.Row;
import org.socketlab.ui.watch.WatchDialog;
import org.socketlab.ui.watch.WatchMenu;
import org.socketlab.ui.watch.WatchViewModel;
import org.socketlab.ui.watch.WatchViewModelTest;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Watch a program… clicked through in the real window on the headless platform: the server pane made to listen
 * with its buttons, a Python client of the user's own watched against it under the real strace, its lane and its
 * connect in the diagram (joined to the server by the captured segments while capture runs), its output in the bar,
 * Stop; Reset all stops a watched program too; and once the window closes no process and no thread of it is left.
 */
@ExtendWith(ApplicationExtension.class)
class WatchFxTest {
    /** A traced Python starts slowly on a loaded 2-core CI box. */
    private static final long LIMIT_S = 120;

    @TempDir
    Path dir;
    private Lab lab;
    private Shell shell;
    private final String marker = "watched-" + System.nanoTime();

    @Start
    void start(Stage stage) {
        lab = Lab.onThisMachine();
        shell = new Shell(lab, "Linux", Lang.EN);
        this.stage = stage;
        shell.show(stage);
        stage.setWidth(990);
        stage.setHeight(960);
        shell.view().setShown(MainWindow.Pane.CLIENTS, false);
        shell.view().setShown(MainWindow.Pane.EXPLAIN, false);
    }

    private Stage stage;

    @BeforeEach
    void argumentsBuilt() {
        UiTestSupport.awaitWindowBuilt(stage);
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        // As SocketLabApp.stop: the views stop on the FX thread, the watch and the lab close on another thread.
        WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        shell.closeLab();
        assertFalse(WatchViewModelTest.running(marker), "no process of the watched program is left");
        WatchViewModelTest.awaitNoThreads();
    }

    private void await(String what, Callable<Boolean> done) {
        try {
            WaitForAsyncUtils.waitFor(LIMIT_S, TimeUnit.SECONDS, () -> fx(done));
        } catch (Exception e) {
            WatchViewModel watch = shell.viewModel().watch();
            throw new AssertionError("never " + what + ": "
                    + fx(() -> watch.statusProperty().get() + " / " + watch.outputProperty().get()), e);
        }
    }

    private WatchViewModel watch() {
        return shell.viewModel().watch();
    }

    private static Path python() {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        return python;
    }

    /** The dialog is as big as the window's zoom makes everything, and opens in the folder used last time. */
    @Test
    void theDialogFollowsTheZoomAndOpensInTheRememberedFolder() throws Exception {
        fx(() -> {
            shell.viewModel().lastFolderProperty().set(dir.toString()); // as the window's saved layout gives it
            shell.viewModel().zoomProperty().set(125); // within the headless screen: a larger window cannot be drawn there
            return null;
        });
        WatchDialog dialog = fx(
                () -> WatchMenu.open(shell.view().fileMenu(), watch()));
        try {
            WaitForAsyncUtils.waitForFxEvents();
            double size = fx(() -> ((TextField) dialog.getDialogPane().lookup("#watch-command"))
                    .getFont().getSize());
            assertEquals(19, size, 0.5, "125 % of 15 px");
            assertEquals(dir.toString(), fx(() -> ((TextField) dialog.getDialogPane()
                    .lookup("#watch-directory")).getText()), "the folder remembered with the layout");
        } finally {
            fx(() -> {
                dialog.close();
                shell.viewModel().zoomProperty().set(100);
                return null;
            });
        }
    }

    @Test
    void aWatchedPythonClientMeetsTheServerPaneInTheDiagramAndStopEndsIt(FxRobot robot) throws Exception {
        Path python = python();
        boolean captured = CiRules.capturing(lab);
        int port = freePort();
        robot.interact(() -> robot.lookup("#server-port").queryAs(TextField.class).setText(String.valueOf(port)));
        for (String call : List.of("socket", "bind", "listen", "accept")) robot.clickOn("#server-" + call);
        // Each press is a real call made by the server's own process: on a loaded machine the listen() can come after
        // the watched program's connect(), which is then refused. The program starts once the server listens.
        await("listening", () -> lab.journal().snapshot().stream()
                .anyMatch(e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Call c
                        && c.call().equals("listen") && !c.failed()));
        Path script = Files.writeString(dir.resolve("client.py"), """
                import socket, sys, time
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"hi from the student")
                print("connected", flush=True)
                time.sleep(600)
                """);

        robot.clickOn("#file-menu");
        robot.clickOn("#file-watch");
        // A one-line program as students write them: its preview takes many lines, and Start must stay in the dialog.
        robot.interact(() -> robot.lookup("#watch-command").queryAs(TextField.class)
                .setText("python3 -c \"import socket; s = socket.create_connection(('127.0.0.1', "
                        + port + ")); s.sendall(b'hola, servidor'); print(s.recv(100)); s.close()\" "
                        + "--and --a --few --more --arguments ".repeat(4)));
        WaitForAsyncUtils.waitForFxEvents();
        Node startButton = robot.lookup("#watch-start").query();
        Bounds start = fx(() -> startButton.localToScreen(startButton.getLayoutBounds()));
        Window dialog = fx(() -> startButton.getScene().getWindow());
        Rectangle2D window = fx(() -> new Rectangle2D(dialog.getX(), dialog.getY(),
                dialog.getWidth(), dialog.getHeight()));
        assertTrue(
                window.contains(start.getMinX(), start.getMinY())
                        && window.contains(start.getMaxX() - 1, start.getMaxY() - 1),
                () -> "Start " + start + " inside the dialog " + window);
        robot.interact(() -> {
            robot.lookup("#watch-command").queryAs(TextField.class).setText(
                    CommandLine.join(List.of(python.toString(), script.toString(), String.valueOf(port), marker)));
            robot.lookup("#watch-directory").queryAs(TextField.class).setText(dir.toString());
        });
        assertEquals("", fx(() -> robot.lookup("#watch-problem").queryLabeled().getText()), "the command line is fine");
        robot.clickOn("#watch-start");

        await("connected", () -> watch().outputProperty().get().contains("connected"));
        assertTrue(fx(() -> robot.lookup("#watch-bar").query().isVisible()));
        assertEquals(
                "Watching: "
                        + CommandLine.join(List.of(python.toString(), script.toString(), String.valueOf(port), marker)),
                fx(() -> robot.lookup("#watch-bar-text").queryLabeled().getText()));
        await("the program's connect in the diagram",
                () -> shell.diagram().model().rows().stream()
                        .anyMatch(r -> r instanceof Row.CallRow c && c.endpoint().equals(TraceSession.PROGRAM)
                                && c.call().call().equals("connect") && c.call().result() == 0));
        assertTrue(fx(() -> shell.diagram().model().column(TraceSession.PROGRAM, Lifeline.Role.PROGRAM) >= 0
                && shell.diagram().model().column(TraceSession.PROGRAM, Lifeline.Role.KERNEL) >= 0),
                "the program's own lifelines");
        await("the server's accept",
                () -> shell.diagram().model().rows().stream()
                        .anyMatch(r -> r instanceof Row.CallRow c && c.endpoint().equals("server")
                                && c.call().call().equals("accept") && c.call().result() >= 0));
        if (captured)
            await("the program's SYN to the server",
                    () -> shell.diagram().model().rows().stream().anyMatch(r -> r instanceof Row.SegmentArrow a
                            && a.segment().from().equals(TraceSession.PROGRAM) && a.segment().to().equals("server")
                            && a.segment().flags().equals(List.of("SYN"))));
        assertTrue(WatchViewModelTest.running(marker));

        robot.clickOn("#watch-stop");
        await("stopped", () -> watch().statusProperty().get() instanceof WatchViewModel.Status.Ended e && e.stopped());
        assertFalse(WatchViewModelTest.running(marker), "Stop ended it");
        assertTrue(
                fx(() -> robot.lookup("#watch-bar-text").queryLabeled().getText()).contains("Stopped (exit code 143)"));
        robot.clickOn("#watch-close");
        assertFalse(fx(() -> robot.lookup("#watch-bar").query().isVisible()));
    }

    @Test
    void resetAllStopsAWatchedProgramAndASecondWatchIsRefusedMeanwhile(FxRobot robot) throws Exception {
        Path python = python();
        assertEquals(null, fx(() -> watch().start(
                List.of(python.toString(), "-c", "import time; print('up', flush=True); time.sleep(600)", marker),
                dir)));
        await("up", () -> watch().outputProperty().get().contains("up"));

        robot.clickOn("#file-menu");
        robot.clickOn("#file-watch");
        robot.interact(() -> robot.lookup("#watch-command").queryAs(TextField.class).setText("/bin/true"));
        String refused = fx(() -> robot.lookup("#watch-problem").queryLabeled().getText());
        assertTrue(refused.startsWith("A program is already being watched"), refused);
        assertTrue(fx(() -> robot.lookup("#watch-start").query().isDisabled()));
        robot.clickOn("#watch-cancel");

        robot.clickOn("#reset-all");
        await("stopped by the reset",
                () -> watch().statusProperty().get() instanceof WatchViewModel.Status.Ended e && e.stopped());
        assertFalse(WatchViewModelTest.running(marker), "Reset all ended it");
    }
}
