package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
import org.socketlab.ui.endpoint.SocketCall;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57, seen in the packaged window at 1024x768 in Spanish: when recv() blocked, the sentence saying why the calls
 * went grey was cut at the bottom of the server's pane until the student scrolled. Clicked through on a real
 * connection: the whole explanation is inside the pane's view as soon as the call waits.
 */
@ExtendWith(ApplicationExtension.class)
class WaitingInViewFxTest {
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
    @CsvSource({"1024, 768, es", "1280, 720, en", "1920, 1080, es"})
    void theBlockedCallsExplanationIsWholeInViewWithoutScrolling(int width, int height, String lang, FxRobot robot)
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
        String[] presses = {"#server-socket", "#server-bind", "#server-listen", "#client-socket", "#client-connect",
                "#server-accept"};
        for (int i = 0; i < presses.length; i++) {
            robot.clickOn(presses[i]);
            int calls = i + 1;
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> calls(window) >= calls);
        }
        robot.clickOn("#server-recv"); // nothing was sent: it waits
        Stage stage = window.stage();
        assertWhyInView(stage, language, width + "x" + height + " " + lang + ", recv pressed");
        // Again, with the pane scrolled down to its arguments and recv chosen from the keyboard (Alt+Shift+R), as the
        // packaged window showed: the explanation, laid out as large as the first time, was left above the view.
        robot.clickOn("#client-send");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> !stage.getScene().lookup("#server-calls").isDisabled()));
        fx(() -> {
            Node n = stage.getScene().lookup("#server-calls");
            while (!(n instanceof ScrollPane)) n = n.getParent();
            ((ScrollPane) n).setVvalue(1);
            window.shell().viewModel().server().run(SocketCall.RECV);
            return null;
        });
        assertWhyInView(stage, language, width + "x" + height + " " + lang + ", pane scrolled down");
    }

    /** The server's pane, once its call waits, shows the whole explanation inside its scroll pane's view. */
    private static void assertWhyInView(Stage stage, Lang language, String when) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS,
                () -> fx(() -> stage.getScene().lookup("#server-calls").isDisabled()));
        settle();
        String text = fx(() -> ((Label) stage.getScene().lookup("#server-waiting")).getText());
        assertTrue(text.contains(Messages.of(language).get("ui.endpoint.waiting.oneCall")), text);
        String where = fx(() -> {
            Node waiting = stage.getScene().lookup("#server-waiting");
            Node n = waiting;
            while (!(n instanceof ScrollPane)) n = n.getParent();
            Bounds view = n.localToScene(n.getLayoutBounds()), at = waiting.localToScene(waiting.getLayoutBounds());
            boolean whole = waiting.isVisible() && at.getHeight() > 0 && at.getMinY() >= view.getMinY() - 0.5
                    && at.getMaxY() <= view.getMaxY() + 0.5;
            return whole
                    ? ""
                    : "the explanation at y " + Math.round(at.getMinY()) + ".." + Math.round(at.getMaxY())
                            + ", the pane's view " + Math.round(view.getMinY()) + ".." + Math.round(view.getMaxY());
        });
        assertTrue(where.isEmpty(), () -> when + ": " + where);
    }

    /** Five pulses counted, not slept through: the pane and its scroll pane settle after the call went grey. */
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

    private static long calls(TestWindow window) {
        return window.lab().journal().snapshot().stream().map(Event::payload).filter(p -> p instanceof Payload.Call)
                .count();
    }
}
