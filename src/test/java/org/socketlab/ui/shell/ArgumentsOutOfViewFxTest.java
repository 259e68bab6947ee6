package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.endpoint.EndpointPane;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 62: when the window is usable, each endpoint pane has built the argument inputs its scroll pane shows, down
 * to the fold and no fewer; the inputs below the fold come before the window is complete.
 */
@ExtendWith(ApplicationExtension.class)
class ArgumentsOutOfViewFxTest {
    private TestWindow window;
    @TempDir
    Path config;

    @Start
    void start(Stage primary) {
        // The window is opened by the test, after the headless screen has its size.
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    /** One pane's inputs when seen: how many, and whether they reach the bottom of what its scroll pane shows. */
    private record Inputs(String pane, int built, boolean reachTheFold) {
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 768", "1280, 720"})
    void thePanesShowTheirInputsDownToTheFoldWhenUsableAndAllOfThemWhenComplete(int width, int height)
            throws Exception {
        CompletableFuture<List<Inputs>> usable = new CompletableFuture<>(), complete = new CompletableFuture<>();
        window = TestWindow.openWatching(width, height, config.resolve("window.properties"), scene -> {
            AfterFirstFrame.whenUsable(scene, () -> usable.complete(inputs(scene)));
            AfterFirstFrame.whenBuilt(scene, () -> complete.complete(inputs(scene)));
        });
        List<Inputs> atUsable = usable.get(60, TimeUnit.SECONDS), atComplete = complete.get(60, TimeUnit.SECONDS);

        assertEquals(2, atUsable.size(), atUsable::toString);
        for (Inputs pane : atUsable)
            assertTrue(pane.built() > 0 && pane.reachTheFold(),
                    "what the scroll pane shows is filled when the window is usable: " + atUsable);
        for (Inputs pane : atComplete) assertTrue(pane.reachTheFold(), atComplete::toString);
        int all = atComplete.getFirst().built();
        assertTrue(atComplete.stream().allMatch(p -> p.built() == all) && all >= 16, atComplete::toString);
        assertTrue(atUsable.stream().allMatch(p -> p.built() < all),
                "the inputs below the fold come after the window is usable: " + atUsable + " of " + all);
        assertTrue(fx(() -> window.stage().getScene().getRoot().lookupAll(".endpoint-pane").stream()
                .allMatch(p -> ((EndpointPane) p).argumentsShown())));
    }

    private static List<Inputs> inputs(Scene scene) {
        return scene.getRoot().lookupAll(".endpoint-inputs").stream().map(n -> {
            Parent inputs = (Parent) n;
            Node scroll = inputs;
            while (scroll != null && !(scroll instanceof ScrollPane)) scroll = scroll.getParent();
            Bounds mine = inputs.localToScene(inputs.getLayoutBounds());
            boolean reach = scroll == null || mine.getMaxY() >= scroll.localToScene(scroll.getLayoutBounds()).getMaxY();
            Node pane = inputs.getParent();
            return new Inputs(pane.getStyleClass().toString(), inputs.getChildrenUnmodifiable().size(), reach);
        }).toList();
    }
}
