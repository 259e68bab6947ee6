package org.socketlab.ui.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.ui.common.Texts;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 62: of the state machine panel's three drawings only the one shown is made; the other two (207 and 153 nodes
 * that every CSS pass and layout went through while hidden) are made, and styled, when the pane's shape first
 * shows them.
 */
@ExtendWith(ApplicationExtension.class)
class DrawingsMadeWhenShownFxTest {
    private Stage stage;

    @Start
    void start(Stage primary) {
        // The test shows its own stage.
    }

    @AfterEach
    void close() {
        if (stage != null) fx(() -> {
            stage.close();
            return null;
        });
    }

    @Test
    void aHiddenDrawingIsMadeWhenFirstShown() throws Exception {
        StateMachineView view = fx(() -> {
            StateMachineView v = new StateMachineView(new StateMachineViewModel(new Texts(Lang.EN)));
            stage = new Stage();
            stage.setScene(new Scene(v, 300, 700)); // a side column: the narrow drawing
            stage.show();
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, fx(() -> nodes("#tcp-state-diagram-full", view)),
                "the labelled drawing is not made while the narrow one is shown");
        assertEquals(0, fx(() -> nodes("#tcp-state-diagram-fitted", view)));
        assertTrue(fx(() -> nodes("#tcp-state-diagram-column", view)) > 50, "the narrow drawing is made");

        fx(() -> {
            stage.setWidth(990); // wide and low: the compact drawing fitted to it
            stage.setHeight(420);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> view.diagram().getId().equals("tcp-state-diagram-fitted")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> nodes("#tcp-state-diagram-fitted", view)) > 50, "made once shown");
        // Styled in the pulse that showed it: its state names have statemachine.css's monospaced font.
        Label name = fx(() -> (Label) view.diagram().lookup(".state-box .state-name"));
        assertNotNull(name, "the compact drawing names its states");
        assertTrue(fx(() -> name.getFont().getFamily().contains("Mono")), "a state name is styled: " + name.getFont());
        assertEquals(0, fx(() -> nodes("#tcp-state-diagram-full", view)), "the labelled one still is not made");
    }

    private static int nodes(String id, StateMachineView view) {
        return count((Parent) view.lookup(id)) - 1;
    }

    private static int count(Parent p) {
        int n = 1;
        for (var child : p.getChildrenUnmodifiable()) n += child instanceof Parent q ? count(q) : 1;
        return n;
    }
}
