package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57, clicked through at the two small screens: the server's pane stays at its top while accept() waits (its
 * Process menu, Reset and why the calls are grey in view) and its call buttons are in view after it returns (the
 * pressed button went off, the scene handed the focus to the socket list under "Arguments" and the pane scrolled its
 * calls out of view), and the process menu says its name, not an icon alone.
 */
@ExtendWith(ApplicationExtension.class)
class ServerPaneInViewFxTest {
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

    @ParameterizedTest(name = "{0}x{1} in {2}")
    @CsvSource({"1024, 768, es", "1280, 720, en"})
    void theCallsStayInViewWhileAcceptWaitsAndAfter(int width, int height, String lang, FxRobot robot)
            throws Exception {
        window = TestWindow.openWithoutCapture(width, height, config.resolve("window.properties"));
        Lang language = Lang.of(lang);
        fx(() -> {
            window.shell().viewModel().setLang(language);
            window.shell().diagram().playback().instantProperty().set(true);
            return null;
        });
        String port = String.valueOf(freePort());
        robot.interact(() -> {
            robot.lookup("#server-port").queryAs(TextField.class).setText(port);
            robot.lookup("#client-port").queryAs(TextField.class).setText(port);
        });
        Stage stage = window.stage();
        MenuButton process = fx(() -> (MenuButton) stage.getScene().lookup("#server-process"));
        String name = Messages.of(language).get("ui.endpoint.processMenu");
        assertEquals(name, fx(process::getAccessibleText), "a screen reader says the menu's name");

        String[] presses = {"#server-socket", "#server-bind", "#server-listen"};
        for (int i = 0; i < presses.length; i++) {
            robot.clickOn(presses[i]);
            int calls = i + 1;
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> calls(window) >= calls);
        }
        robot.clickOn("#server-accept"); // it waits: no call in the journal until it returns
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> stage.getScene().lookup("#server-calls").isDisabled()));
        settle();
        // While it waits the calls are grey: what the student can use (Process, Reset) and why the calls are grey are
        // in view; the explanation sits above the calls, so at 1024x768 the last grey ones may be under the fold.
        assertInView(stage, "while accept() waits", "#server-process", "#server-reset", "#server-waiting");
        assertNotEquals(ContentDisplay.GRAPHIC_ONLY, fx(process::getContentDisplay),
                () -> "the process menu shows its word \"" + name + "\" at " + width + "x" + height);

        robot.clickOn("#client-socket");
        robot.clickOn("#client-connect");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> !stage.getScene().lookup("#server-calls").isDisabled()));
        settle();
        assertCallsInView(stage, "after accept() returned");
        // The chooser went to the new connection; accept says it takes the listener (issue 57).
        int listener = fx(() -> window.shell().viewModel().server().acceptArgumentProperty().get());
        assertEquals("accept(" + listener + ")",
                fx(() -> ((Button) stage.getScene().lookup("#server-accept")).getText()));
        assertNotEquals(listener, fx(() -> window.shell().viewModel().server().selectedSocketProperty().get().fd()));
    }

    /**
     * Five pulses counted, not slept through: the scene moves a focus that went off at its next pulse, and the scroll
     * pane follows at the one after; a loaded machine only makes the pulses come later.
     */
    private static void settle() throws InterruptedException {
        CountDownLatch pulses = new CountDownLatch(5);
        AnimationTimer counter = fx(() -> {
            AnimationTimer t = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    pulses.countDown();
                }
            };
            t.start();
            return t;
        });
        try {
            assertTrue(pulses.await(WAIT_S, TimeUnit.SECONDS), "five pulses of the FX thread");
        } finally {
            fx(() -> {
                counter.stop();
                return null;
            });
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Each of {@code ids} lies whole inside the scroll pane that holds it. */
    private static void assertInView(Stage stage, String when, String... ids) {
        List<String> outside = fx(() -> {
            List<String> out = new ArrayList<>();
            for (String id : ids) {
                Node node = stage.getScene().lookup(id), n = node;
                while (!(n instanceof ScrollPane)) n = n.getParent();
                Bounds view = n.localToScene(n.getLayoutBounds()), at = node.localToScene(node.getLayoutBounds());
                if (!node.isVisible() || at.getMinY() < view.getMinY() - 0.5 || at.getMaxY() > view.getMaxY() + 0.5)
                    out.add(id + " at y " + Math.round(at.getMinY()) + ".." + Math.round(at.getMaxY()) + " (view "
                            + Math.round(view.getMinY()) + ".." + Math.round(view.getMaxY()) + ")");
            }
            return out;
        });
        assertTrue(outside.isEmpty(), () -> when + ", out of view: " + outside);
    }

    /** Every call button of the server lies inside the scroll pane that holds the server's pane. */
    private static void assertCallsInView(Stage stage, String when) {
        List<String> outside = fx(() -> {
            Parent calls = (Parent) stage.getScene().lookup("#server-calls");
            Node n = calls;
            while (!(n instanceof ScrollPane)) n = n.getParent();
            Bounds view = n.localToScene(n.getLayoutBounds());
            List<String> out = new ArrayList<>();
            for (Node b : calls.getChildrenUnmodifiable()) {
                Bounds at = b.localToScene(b.getLayoutBounds());
                if (at.getMinY() < view.getMinY() - 0.5 || at.getMaxY() > view.getMaxY() + 0.5)
                    out.add(b.getId() + " at y " + Math.round(at.getMinY()) + ".." + Math.round(at.getMaxY())
                            + " (view " + Math.round(view.getMinY()) + ".." + Math.round(view.getMaxY()) + ")");
            }
            return out;
        });
        assertTrue(outside.isEmpty(), () -> when + ", call buttons out of view: " + outside);
    }

    private static long calls(TestWindow window) {
        return window.lab().journal().snapshot().stream().map(Event::payload).filter(p -> p instanceof Payload.Call)
                .count();
    }
}
