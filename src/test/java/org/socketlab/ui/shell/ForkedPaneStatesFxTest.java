package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socketlab.ui.UiTestSupport.freePort;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpState;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57, seen in the packaged window after a live fork: the child's pane chose "fd 4" with no state, and its accept
 * button said plain accept, as if the child knew nothing of the listener and the connection it inherited; the states
 * had been journaled under the parent, before the child existed. A forked child's pane knows its inherited sockets'
 * states: the listener in LISTEN (accept's argument, accept(3)) and the connection ESTABLISHED.
 */
@ExtendWith(ApplicationExtension.class)
class ForkedPaneStatesFxTest {
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
    void aForkedChildsPaneKnowsTheStatesOfTheSocketsItInherited(FxRobot robot) throws Exception {
        window = TestWindow.openWithoutCapture(1280, 720, config.resolve("window.properties"));
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
        EndpointViewModel server = window.shell().viewModel().server();
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> server.stateOf(4) == TcpState.ESTABLISHED));
        robot.clickOn("#server-process");
        robot.clickOn("fork()");
        WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, () -> fx(() -> child() != null && !child().sockets()
                .isEmpty()));
        EndpointViewModel child = fx(this::child);
        assertEquals(TcpState.LISTEN, fx(() -> child.stateOf(3)), "the inherited listener");
        assertEquals(TcpState.ESTABLISHED, fx(() -> child.stateOf(4)), "the inherited connection");
        assertEquals(3, fx(() -> child.acceptArgumentProperty().get()), "accept's argument in the child");
        UiTestSupport.awaitWindowBuilt(window.stage()); // the child's pane has its calls a pulse after it joins
        assertEquals("accept(3)",
                fx(() -> ((Button) window.stage().getScene().lookup("#server-2-accept")).getText()));
    }

    private EndpointViewModel child() {
        return window.shell().viewModel().clients().stream().filter(c -> c.name().equals("server-2")).findFirst()
                .orElse(null);
    }

    private static long calls(TestWindow window) {
        return window.lab().journal().snapshot().stream().map(Event::payload).filter(p -> p instanceof Payload.Call)
                .count();
    }
}
