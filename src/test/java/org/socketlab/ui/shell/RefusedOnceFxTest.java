package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 57 (seen 2026-11-26 at 1280x720 in English): a stray click on getsockopt with no socket selected said "No
 * socket selected" twice on screen, in the pane's message under the calls and in the toast beside the press. The
 * toast is for a message below the fold; with the message in view, it is said once.
 */
@ExtendWith(ApplicationExtension.class)
class RefusedOnceFxTest {
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
    void noSocketSelectedIsSaidOnceAt1280x720(FxRobot robot) {
        window = TestWindow.openWithoutCapture(1280, 720, config.resolve("window.properties"));
        robot.clickOn("#client-getsockopt");
        WaitForAsyncUtils.waitForFxEvents();
        String said = Messages.of(Lang.EN).get("ui.endpoint.noSocket");
        List<String> seen = fx(() -> seen(window.stage().getScene().getRoot(), said));
        assertEquals(1, seen.size(), () -> "\"" + said + "\" on screen: " + seen);
    }

    /** The labels showing {@code text} inside the part of every scroll pane around them that is in view. */
    static List<String> seen(Parent root, String text) {
        List<String> out = new ArrayList<>();
        collect(root, text, out);
        return out;
    }

    private static void collect(Node node, String text, List<String> out) {
        if (!node.isVisible()) return;
        if (node instanceof Labeled l && text.equals(l.getText()) && inView(l)) out.add(l.getId());
        if (node instanceof Parent p) for (Node child : p.getChildrenUnmodifiable()) collect(child, text, out);
    }

    private static boolean inView(Node node) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        if (b.getWidth() <= 0 || b.getHeight() <= 0) return false;
        for (Parent p = node.getParent(); p != null; p = p.getParent())
            if (p instanceof ScrollPane s && !s.localToScene(s.getLayoutBounds()).intersects(b)) return false;
        return true;
    }
}
