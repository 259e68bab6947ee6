package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 62: a part hidden until something happens is made the first time it is to be shown, in its place among its
 * parent's children, and not before.
 */
@ExtendWith(ApplicationExtension.class)
class BuiltWhenShownFxTest {
    private final VBox box = new VBox();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(box, 200, 100));
        stage.show();
    }

    @Test
    void thePartIsMadeWhenFirstShownInItsPlaceAndOnlyOnce() {
        SimpleBooleanProperty shown = new SimpleBooleanProperty(false);
        AtomicInteger made = new AtomicInteger();
        Label above = new Label("above"), below = new Label("below");
        fx(() -> {
            Node standIn = BuiltWhenShown.of(shown, () -> {
                made.incrementAndGet();
                Label part = new Label("part");
                part.visibleProperty().bind(shown);
                return part;
            });
            box.getChildren().setAll(above, standIn, below);
            return null;
        });
        assertEquals(0, made.get(), "nothing made while it is hidden");
        assertFalse(fx(() -> box.getChildren().get(1).isVisible() || box.getChildren().get(1).isManaged()),
                "the stand-in takes no room and shows nothing");
        fx(() -> {
            shown.set(true);
            return null;
        });
        assertEquals(1, made.get());
        assertEquals(List.of("above", "part", "below"),
                fx(() -> box.getChildren().stream().map(n -> ((Label) n).getText()).toList()),
                "in the stand-in's place");
        Node part = fx(() -> box.getChildren().get(1));
        fx(() -> {
            shown.set(false);
            shown.set(true);
            return null;
        });
        assertEquals(1, made.get(), "made once");
        assertSame(part, fx(() -> box.getChildren().get(1)));
        assertTrue(fx(part::isVisible));
    }

    @Test
    void aPartAlreadyShownIsMadeAtOnce() {
        Label part = new Label("part");
        assertSame(part, fx(() -> BuiltWhenShown.of(new SimpleBooleanProperty(true), () -> part)));
    }
}
