package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.ui.UiTestSupport;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 62: the window's first frame shows its toolbar alone, and its panes come with their calls in the pulse after
 * it; a new session's window, which replaces one already shown, has its panes in its first frame.
 */
@ExtendWith(ApplicationExtension.class)
class PanesAfterFirstFrameFxTest {
    private Lab lab;
    private Shell shell;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (shell != null) WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        if (lab != null) lab.close();
    }

    /** What the window's frame laid out in its next pulse holds: the toolbar, the diagram's pane, the call buttons. */
    private static CompletableFuture<List<Boolean>> nextFrame(Scene scene) {
        CompletableFuture<List<Boolean>> seen = new CompletableFuture<>();
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                seen.complete(List.of(scene.lookup(".app-toolbar") != null, scene.lookup("#pane-diagram") != null,
                        scene.lookup("#server-socket") != null));
            }
        });
        return seen;
    }

    @Test
    void theFirstFrameIsTheToolbarAndANewSessionKeepsItsPanes() throws Exception {
        CompletableFuture<List<Boolean>> first = fx(() -> {
            lab = Lab.onThisMachine();
            shell = new Shell(lab, "Linux", Lang.EN);
            shell.show(stage);
            return nextFrame(stage.getScene());
        });
        assertEquals(List.of(true, false, false), first.get(20, TimeUnit.SECONDS),
                "the first frame: the toolbar, no pane yet");
        UiTestSupport.awaitWindowBuilt(stage);
        assertNotNull(fx(() -> stage.getScene().lookup("#pane-diagram")), "the panes, once the window is complete");
        assertNotNull(fx(() -> stage.getScene().lookup("#server-socket")));

        // A new session: a new window in the same stage, its panes in place when it is put there.
        CompletableFuture<Boolean> panesWhenShown = new CompletableFuture<>();
        fx(() -> {
            stage.getScene().rootProperty().addListener((obs, old, now) -> panesWhenShown
                    .complete(now instanceof MainWindow window && window.getCenter() != null));
            shell.viewModel().resetAll();
            return null;
        });
        assertTrue(panesWhenShown.get(20, TimeUnit.SECONDS), "a new session's window has its panes when shown");
    }
}
