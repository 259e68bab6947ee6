package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** {@link UiTestSupport#doubleClick}: a real double-click as JavaFX read it, also when the machine split the pair. */
@ExtendWith(ApplicationExtension.class)
class DoubleClickFxTest {
    /** JavaFX's headless platform reads two clicks 500 ms apart or more as two single clicks. */
    private static final long LONGER_THAN_MULTI_CLICK_MS = 800;
    private final List<Integer> counts = new CopyOnWriteArrayList<>();
    private Label target;
    private boolean stallOnce;

    @Start
    void start(Stage stage) {
        target = new Label("double-click me");
        target.setOnMouseClicked(e -> {
            counts.add(e.getClickCount());
            // A loaded machine: the FX thread is busy just after the first click, so the robot's second comes late.
            if (stallOnce) {
                stallOnce = false;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LONGER_THAN_MULTI_CLICK_MS));
            }
        });
        stage.setScene(new Scene(new StackPane(target), 300, 200));
        stage.show();
    }

    @Test
    void aQuickPairIsOneDoubleClick(FxRobot robot) {
        UiTestSupport.doubleClick(robot, target);
        assertSinglesThenADouble(1);
    }

    /**
     * What the helper promises whatever the machine's load: single clicks (at least {@code split} of them, where a
     * pair was split), then the one JavaFX reads as a double-click, and nothing after it. A loaded machine may split
     * a pair again, so how many singles came is not fixed.
     */
    private void assertSinglesThenADouble(int split) {
        List<Integer> seen = List.copyOf(counts);
        assertTrue(seen.size() >= split + 1 && seen.getLast() == 2, "ends with a double-click: " + seen);
        assertTrue(seen.subList(0, seen.size() - 1).stream().allMatch(c -> c == 1), "singles before it: " + seen);
    }

    @Test
    void aPairTheMachineSplitIsFollowedByOneMoreClickThatJavaFxReadsAsTheSecond(FxRobot robot) {
        fx(() -> stallOnce = true);
        UiTestSupport.doubleClick(robot, target);
        // Two single clicks (the split pair), then the click that makes a double-click.
        assertSinglesThenADouble(2);
    }

    @Test
    void aDoubleClickRightAfterAnotherContinuesItsRun(FxRobot robot) {
        UiTestSupport.doubleClick(robot, target);
        UiTestSupport.doubleClick(robot, target);
        assertEquals(List.of(1, 2, 3, 4), counts, "every second click of a quick run is a double-click");
    }
}
