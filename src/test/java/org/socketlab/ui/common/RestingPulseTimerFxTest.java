package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import com.sun.glass.ui.Timer;
import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.testing.Await;
import org.socketlab.ui.LeftoverAnimations;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 23: the pulse timer that replaces JavaFX's GTK timer parks its thread while JavaFX has it paused, and ticks
 * again at once when anything wants a pulse. Tried here in place of the headless platform's timer (the tests have no
 * GTK), which is put back afterwards.
 */
@ExtendWith(ApplicationExtension.class)
class RestingPulseTimerFxTest {
    private final AtomicInteger pulses = new AtomicInteger();
    private final AtomicInteger rests = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final RestingPulseTimer.Activity activity = new RestingPulseTimer.Activity() {
        @Override
        public void rested() {
            rests.incrementAndGet();
        }

        @Override
        public void busy() {
            busy.incrementAndGet();
        }
    };
    private Label label;
    private Timer original;
    private RestingPulseTimer resting;

    @Start
    void start(Stage stage) {
        label = new Label("0");
        stage.setScene(new Scene(new StackPane(label), 200, 100));
        stage.getScene().addPreLayoutPulseListener(pulses::incrementAndGet);
        stage.show();
    }

    @BeforeEach
    void replaceTheToolkitsTimer() throws Exception {
        List<String> stopped = stopLeftoverAnimations();
        if (!stopped.isEmpty())
            System.out.println("RestingPulseTimerFxTest: stopped what earlier tests left running: "
                    + stopped);
        original = (Timer) timerField().get(Toolkit.getToolkit());
        assertTrue(fx(() -> RestingPulseTimer.installInPlaceOf(original.getClass().getName(), activity)),
                "installed in place of " + original.getClass().getName());
        resting = (RestingPulseTimer) timerField().get(Toolkit.getToolkit());
    }

    @AfterEach
    void putTheToolkitsTimerBack() throws Exception {
        Toolkit toolkit = Toolkit.getToolkit();
        Field period = toolkit.getClass().getDeclaredField("PULSE_INTERVAL");
        period.setAccessible(true);
        synchronized (toolkit) {
            original.start(period.getInt(toolkit));
            timerField().set(toolkit, original);
            resting.stop();
        }
        resting.thread().join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(resting.thread().isAlive(), "the replaced timer's thread ends when it is stopped");
    }

    @Test
    void restsWhileNothingChangesAndAChangeIsDrawnAtOnce() throws Exception {
        await(this::resting, "the timer's thread parks once JavaFX pauses it (250 ms without a wanted pulse)");
        int before = pulses.get();
        Thread.sleep(500);
        assertEquals(before, pulses.get(), "no pulse while nothing changes");
        assertTrue(resting(), "still parked: no tick while nothing changes");

        fx(() -> {
            label.setText("1");
            return null;
        });
        await(() -> pulses.get() > before, "a change wakes the timer and is laid out in a pulse");
        await(this::resting, "and the timer rests again afterwards");
    }

    @Test
    void aRestAfterDrawingIsToldOnceAndAnIdleWindowIsNotWokenForIt() throws Exception {
        await(this::resting, "resting (parked without a deadline) once the first rest was told");
        int before = rests.get();
        fx(() -> {
            label.setText("2");
            return null;
        });
        await(() -> rests.get() == before + 1, "the rest after the change is told when JavaFX pauses the timer");
        await(this::resting, "then the timer parks without a deadline");
        assertEquals(before + 1, rests.get(), "told once a rest, not again while nothing changes");
    }

    @Test
    void aLongAnimationIsToldBusyWithoutARest() throws Exception {
        await(this::resting, "resting before the animation");
        int restsBefore = rests.get(), busyBefore = busy.get();
        AnimationTimer animation = new AnimationTimer() {
            @Override
            public void handle(long now) {
            }
        };
        fx(() -> {
            animation.start();
            return null;
        });
        await(() -> busy.get() > busyBefore, "busy told after ticking a while without a rest");
        assertEquals(restsBefore, rests.get(), "no rest while the animation runs");
        fx(() -> {
            animation.stop();
            return null;
        });
        await(() -> rests.get() == restsBefore + 1, "the rest after it is told");
    }

    @Test
    void ticksAtTheToolkitsPeriodWhileAnAnimationRuns() throws Exception {
        await(this::resting, "resting before the animation");
        AtomicInteger frames = new AtomicInteger();
        AnimationTimer animation = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames.incrementAndGet();
            }
        };
        fx(() -> {
            animation.start();
            return null;
        });
        Thread.sleep(1000);
        int counted = frames.get();
        assertFalse(resting(), "not parked while an animation runs");
        fx(() -> {
            animation.stop();
            return null;
        });
        // 60 a second; a loaded two-core machine may lose some, a timer that never resumed gives 0 or 1.
        assertTrue(counted >= 15, "an animation gets its frames: " + counted + " in 1 s");
        // JavaFX resumes its timer in every frame of an animation: that is no pulse wanted between ticks to hurry for.
        assertTrue(counted <= 75, "an animation's frames keep the period, 60 a second: " + counted + " in 1 s");
        await(this::resting, "the timer rests again once the animation stops");
    }

    @Test
    void manyRequestsBetweenTwoTicksWakeTheTimersThreadOnce() throws Exception {
        await(this::resting, "resting before the requests");
        long before = resting.wakes();
        // Building a window asks for a pulse at every layout request: thousands before the first frame.
        fx(() -> {
            for (int i = 0; i < 1000; i++) Platform.requestNextPulse();
            return null;
        });
        long woken = resting.wakes() - before;
        // One wake to leave the pause; a tick that ran between two requests may take one more each.
        assertTrue(woken >= 1, "the first request wakes the resting timer");
        assertTrue(woken <= 10, "1,000 requests in one go woke the timer's thread " + woken + " times");
        await(() -> pulses.get() > 0, "and the requested pulse runs");
    }

    /** Parked without a deadline: JavaFX has paused the timer and no tick is due. */
    private boolean resting() {
        Thread t = resting.thread();
        return t != null && t.getState() == Thread.State.WAITING;
    }

    private static Field timerField() throws NoSuchFieldException {
        Field f = Toolkit.getToolkit().getClass().getDeclaredField("pulseTimer");
        f.setAccessible(true);
        return f;
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(Duration.ofSeconds(15), condition, () -> what + "; " + wantingPulses());
    }

    /**
     * Stops the animations that earlier tests in this JVM left running, and says which: a text field that kept the
     * focus in a scene since replaced on TestFX's one primary stage keeps its caret blinking for ever (a Timeline), and
     * JavaFX never pauses its timer while an animation runs. Tried here is the timer's rest, so the toolkit must be idle.
     */
    private static List<String> stopLeftoverAnimations() {
        return fx(() -> {
            List<String> stopped = new ArrayList<>();
            for (Animation a : LeftoverAnimations.running()) {
                stopped.add(a + (a instanceof Timeline t
                        ? " " + t.getKeyFrames().stream().map(k -> String.valueOf(k.getOnFinished())).toList()
                        : ""));
                a.stop();
            }
            return stopped;
        });
    }

    /** What may keep JavaFX pulsing, for a failure's message: the windows shown and the animations running. */
    private static String wantingPulses() {
        return fx(() -> {
            StringBuilder out = new StringBuilder("windows shown:");
            for (Window w : Window.getWindows())
                out.append(' ').append(w.getScene() == null ? "no scene" : w.getScene().getRoot().getClass().getName());
            out.append("; animations running: ").append(LeftoverAnimations.running());
            return out.toString();
        });
    }
}
