package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Payload;
import org.socketlab.ui.BadgeBounds;
import org.socketlab.ui.Truncation;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.statemachine.StateMachineDiagram;
import org.socketlab.ui.statemachine.StateMachineView;
import org.socketlab.ui.statemachine.TcpDiagram;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The state machine read in its column, without F6 (issue 57, the lead's decision on issue 43's promise): at 1024x768,
 * 1280x720 and 1920x1080, in Spanish and English, after every click of a real TCP lifecycle, the column's state names
 * are at least {@value WindowSizesFxTest#LEAST_STATE_NAME_PX} px on screen at 100 %, the state of the socket the calls
 * move is in view with every state it can go to next, and no badge is cut or past its box (three sockets of two
 * endpoints: the listener, the accepted one, the client's). Until then the column drew the whole machine fitted to
 * ~300 px: names of 8-9 px at 1280 and 1024.
 */
@ExtendWith(ApplicationExtension.class)
class StateMachineColumnFxTest {
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

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 768", "1280, 720", "1920, 1080"})
    void theMachineReadsInItsColumnAndFollowsTheSocketTheCallsMove(int width, int height, FxRobot robot)
            throws Exception {
        window = TestWindow.openWithoutCapture(width, height, config.resolve("window.properties"));
        Shell shell = window.shell();
        fx(() -> {
            shell.diagram().playback().instantProperty().set(true); // the machine follows the playback's cursor
            return null;
        });
        String port = String.valueOf(freePort());
        robot.interact(() -> {
            robot.lookup("#server-port").queryAs(TextField.class).setText(port);
            robot.lookup("#client-port").queryAs(TextField.class).setText(port);
        });
        String[] presses = {"#server-socket", "#server-bind", "#server-listen", "#client-socket", "#client-connect",
                "#server-accept", "#client-send", "#server-recv", "#client-close", "#server-close", "#server-close"};
        List<String> focused = new ArrayList<>();
        for (int i = 0; i < presses.length; i++) {
            robot.clickOn(presses[i]);
            int calls = i + 1;
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> callCount() >= calls); // margin for a loaded box
            for (String lang : List.of("es", "en")) {
                String where = width + "x" + height + " " + lang + " after " + presses[i];
                List<String> wrong = check(lang);
                assertTrue(wrong.isEmpty(), () -> "the state machine in its column at " + where + ": " + wrong);
                focused.add(fx(() -> shell.stateMachine().viewModel().picture().focus()));
            }
            if (presses[i].equals("#client-connect") || presses[i].equals("#client-close"))
                screenshot("machine-column-" + width + "-" + presses[i].substring(1));
        }
        // Every socket closed but the client's connection, waiting in TIME_WAIT: that is what the column shows.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> "TIME_WAIT".equals(fx(() -> shell.stateMachine().viewModel().picture().focus())));
        List<String> atTheEnd = check("es");
        assertTrue(atTheEnd.isEmpty(), () -> "at the end: " + atTheEnd);
        screenshot("machine-column-" + width + "-time-wait");
        // The view followed the calls: the client's connect, the accepted socket, the closes.
        assertTrue(focused.contains("ESTABLISHED")
                && focused.stream().anyMatch(s -> s != null && s.startsWith("FIN_WAIT")), focused::toString);
    }

    /** In {@code lang}, what keeps the column's drawing from reading: small names, the focus out of view, a cut badge. */
    private List<String> check(String lang) throws Exception {
        Shell shell = window.shell();
        Stage stage = window.stage();
        fx(() -> {
            shell.viewModel().setLang(Lang.of(lang));
            return null;
        });
        UiTestSupport.settle(stage, () -> shell.view().dividers());
        return fx(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout(); // the drawing scrolled to the newest picture
            List<String> out = new ArrayList<>();
            assertEquals(null, shell.view().front(), "the machine is in its column, not in front");
            StateMachineDiagram drawing = ((StateMachineView) shell.stateMachine().view()).diagram();
            Node pane = stage.getScene().lookup("#pane-explain");
            Bounds room = pane.localToScene(pane.getLayoutBounds());
            Node viewport = drawing.lookup(".state-machine-scroll").lookup(".viewport");
            Bounds seen = viewport.localToScene(viewport.getLayoutBounds());
            if (!drawing.isVisible() || seen.getHeight() < 40 || seen.getMinY() < room.getMinY() - 0.5
                    || seen.getMaxY() > room.getMaxY() + 0.5 || seen.getMinX() < room.getMinX() - 0.5
                    || seen.getMaxX() > room.getMaxX() + 0.5)
                out.add("the drawing's view " + seen + " in the pane " + room);
            for (Node n : drawing.lookupAll(".state-name")) {
                double px = ((Labeled) n).getFont().getSize() * n.localToScene(n.getLayoutBounds()).getHeight()
                        / n.getLayoutBounds().getHeight();
                if (px < WindowSizesFxTest.LEAST_STATE_NAME_PX)
                    out.add(((Labeled) n).getText() + " drawn at " + Math.round(px * 10) / 10.0 + " px");
            }
            String focus = shell.stateMachine().viewModel().picture().focus();
            List<String> mustSee = new ArrayList<>();
            if (focus != null) mustSee.add(focus);
            if (focus != null) mustSee.addAll(TcpDiagram.next(focus));
            for (String id : mustSee) {
                Node box = drawing.lookup("#state-" + id);
                Bounds at = box.localToScene(box.getLayoutBounds());
                if (at.getMinX() < seen.getMinX() - 0.5 || at.getMaxX() > seen.getMaxX() + 0.5
                        || at.getMinY() < seen.getMinY() - 0.5 || at.getMaxY() > seen.getMaxY() + 0.5)
                    out.add(id + (id.equals(focus) ? " (the focus)" : "") + " at " + at
                            + " not in the view " + seen);
            }
            out.addAll(Truncation.under((Parent) drawing));
            // Every badge inside its box: the wide drawing at 1920 let "Servidor · fd 4" run past CLOSE_WAIT's edge.
            out.addAll(BadgeBounds.pastTheirBoxes(drawing));
            return out;
        });
    }

    private long callCount() {
        return window.lab().journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Call).count();
    }

    private void screenshot(String name) throws Exception {
        var image = fx(() -> window.stage().getScene().snapshot(null));
        Path out = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }
}
