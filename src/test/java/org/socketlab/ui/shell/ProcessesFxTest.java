package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.ui.Truncation;
import org.socketlab.ui.UiTestSupport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Processes tab clicked through (issue 39 item 5): a connection accepted with the mouse, the server's Kill menu's
 * fork(), then the tab beside the socket table shows the server and its child (under it) each with the same two
 * sockets by inode, each shared socket naming the other process, nothing cut, at 1024x768 and 1280x720 in both
 * languages; the language switched, the view speaks the other one.
 */
@ExtendWith(ApplicationExtension.class)
class ProcessesFxTest {
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

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1024, 768, es", "1280, 720, en"})
    void afterForkTheTwoProcessesShowTheSameSockets(int width, int height, String lang, FxRobot robot)
            throws Exception {
        window = TestWindow.openWithoutCapture(width, height, config.resolve("window.properties"));
        Shell shell = window.shell();
        Stage stage = window.stage();
        fx(() -> {
            shell.viewModel().setLang(Lang.of(lang));
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
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> calls(window) >= calls);
        }
        robot.clickOn("#tab-ui-processes-tab");
        robot.clickOn("#server-process");
        robot.clickOn("fork()");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> forked(window) != null);
        Payload.Process child = forked(window);
        // The view follows the playback: the fork's row drawn, its block is there.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> fx(() -> stage.getScene().lookup("#process-server-2-" + child.pid()) != null));
        UiTestSupport.settle(stage, () -> shell.view().dividers());

        List<String> shared = fx(() -> texts(stage, ".descriptor.shared .col-shared"));
        String parent = lang.equals("es")
                ? "\u21c4 también el fd %d de Servidor (pid %d)"
                : "\u21c4 also Server's fd %d (pid %d)";
        String ofChild = lang.equals("es")
                ? "\u21c4 también el fd %d de Servidor 2 (pid %d)"
                : "\u21c4 also Server 2's fd %d (pid %d)";
        for (int fd : child.inherited().keySet()) {
            assertTrue(shared.contains(String.format(ofChild, fd, child.pid())), () -> fd + " in " + shared);
            assertTrue(shared.contains(String.format(parent, fd, child.parentPid())), () -> fd + " in " + shared);
        }
        assertEquals(2 * child.inherited().size(), shared.size(), () -> "" + shared);
        List<String> sockets = fx(() -> texts(stage, ".descriptor.shared .col-socket"));
        for (long inode : child.inherited().values())
            assertEquals(2, sockets.stream().filter(("socket:[" + inode + "]")::equals).count(), () -> "" + sockets);
        // The child is drawn under its parent, indented.
        double parentX = fx(() -> x(stage, "#process-server-" + child.parentPid()));
        double childX = fx(() -> x(stage, "#process-server-2-" + child.pid()));
        assertTrue(childX > parentX + 10, () -> "child at " + childX + ", parent at " + parentX);
        List<String> cut = fx(() -> Truncation.under(stage.getScene().getRoot()));
        assertTrue(cut.isEmpty(), () -> "cut texts at " + width + "x" + height + " " + lang + ": " + cut);
        screenshot(stage, "processes-" + width + "x" + height + "-" + lang);

        String other = lang.equals("es") ? "en" : "es";
        fx(() -> {
            shell.viewModel().setLang(Lang.of(other));
            return null;
        });
        UiTestSupport.settle(stage, () -> shell.view().dividers());
        String running = other.equals("es") ? "en ejecución" : "running";
        assertTrue(fx(() -> stage.getScene().getRoot().lookupAll(".process-status").stream()
                .anyMatch(n -> running.equals(((Text) n).getText()))), "the view speaks " + other);
        List<String> cutOther = fx(() -> Truncation.under(stage.getScene().getRoot()));
        assertTrue(cutOther.isEmpty(), () -> "cut texts in " + other + ": " + cutOther);
    }

    private static long calls(TestWindow window) {
        return window.lab().journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Call).count();
    }

    private static Payload.Process forked(TestWindow window) {
        for (Event e : window.lab().journal().snapshot())
            if (e.payload() instanceof Payload.Process p && Payload.Process.FORKED.equals(p.event())) return p;
        return null;
    }

    private static List<String> texts(Stage stage, String selector) {
        return stage.getScene().getRoot().lookupAll(selector).stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).toList();
    }

    private static double x(Stage stage, String id) {
        Node n = stage.getScene().lookup(id);
        return n.localToScene(n.getLayoutBounds()).getMinX();
    }

    private static void screenshot(Stage stage, String name) throws Exception {
        var image = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
