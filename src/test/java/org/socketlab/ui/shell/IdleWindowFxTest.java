package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javafx.animation.Animation;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.ui.LeftoverAnimations;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.diagram.SequenceDiagramSkin;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 23: the real window on real sockets runs no JavaFX pulse while nothing happens, and an event that reaches the
 * bridge is drawn in the very next pulse. Pulses are counted with a listener of the window's scene.
 */
@ExtendWith(ApplicationExtension.class)
class IdleWindowFxTest {
    /** How long the window must stay without a single pulse. */
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(1);

    private Lab lab;
    private Shell shell;
    private Stage stage;
    /** Pulses of the window's scene so far (counted at the start of each, after the bridge's drain). */
    private final AtomicInteger pulses = new AtomicInteger();

    /** What JavaFX ran before this test's window was built: an earlier test's leftovers, never this window's. */
    private List<Animation> before = List.of();

    @Start
    void start(Stage stage) throws ReflectiveOperationException {
        before = LeftoverAnimations.running();
        this.stage = stage;
        lab = Lab.onThisMachine();
        shell = new Shell(lab, "Linux", Lang.EN);
        shell.show(stage);
        stage.setWidth(990);
        stage.setHeight(960);
        stage.getScene().addPreLayoutPulseListener(pulses::incrementAndGet);
    }

    @BeforeEach
    void built() {
        UiTestSupport.awaitWindowBuilt(stage);
        // An earlier test's leftover (a caret still blinking in its window) would pulse this scene too.
        if (!before.isEmpty())
            System.out.println("IdleWindowFxTest: stopped what earlier tests left running: " + before);
        fx(() -> {
            before.forEach(Animation::stop);
            return null;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        lab.close();
    }

    /**
     * Waits until the window has run no pulse for {@link #QUIET_NS} (it may still settle after its first frame); fails
     * with the pulse rate it kept when it never does.
     */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int seen = pulses.get();
        long quietSince = System.nanoTime();
        long windowStart = quietSince;
        int windowStartCount = seen;
        while (System.nanoTime() - quietSince < QUIET_NS) {
            assertTrue(System.nanoTime() < deadline,
                    () -> String.format("the idle window kept pulsing: %.1f pulses a second; running: %s", (pulses.get()
                            - windowStartCount) / ((System.nanoTime() - windowStart) / 1e9), fx(
                                    LeftoverAnimations::running)));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            int now = pulses.get();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
    }

    @Test
    void anIdleWindowRunsNoPulseAndAnEventIsDrawnInTheNextPulse() throws Exception {
        fx(() -> {
            shell.diagram().playback().instantProperty().set(true); // drawn whole in the frame it arrives
            return null;
        });
        awaitQuiet();
        int before = pulses.get();
        LockSupport.parkNanos(QUIET_NS);
        assertEquals(before, pulses.get(), "no pulse in a second of nothing happening");
        assertFalse(fx(() -> shell.diagram().framing()), "the diagram's frame timer rests");

        SequenceDiagramSkin skin = fx(() -> (SequenceDiagramSkin) shell.diagram().diagram().getSkin());
        int row = fx(() -> shell.diagram().model().rowCount()); // the row the call becomes
        int[] drawnInPulse = {-1};
        Runnable watch = () -> {
            if (drawnInPulse[0] < 0 && skin.lastDrawnRow() >= row) drawnInPulse[0] = pulses.get();
        };
        fx(() -> {
            stage.getScene().addPostLayoutPulseListener(watch);
            return null;
        });
        int beforeCall = pulses.get();
        // A real socket() on the client's worker thread: its event reaches the bridge from there.
        lab.client().call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fx(() -> drawnInPulse[0]) < 0 && System.nanoTime() < deadline)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        fx(() -> {
            stage.getScene().removePostLayoutPulseListener(watch);
            return null;
        });
        assertEquals(beforeCall + 1, fx(() -> drawnInPulse[0]),
                "the socket() call is drawn in the first pulse after it reached the bridge");

        awaitQuiet(); // and the window rests again
        assertFalse(fx(() -> shell.diagram().framing()));
    }

    @Test
    void aTextFieldLeftFocusedStopsBlinkingAndTheWindowRestsAgain() {
        TextField field = fx(() -> {
            var f = (TextField) stage.getScene().lookup("#client-address");
            f.requestFocus();
            return f;
        });
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        assertTrue(fx(field::isFocused));
        // Its caret blinks (an animation: a pulse every frame) for CaretRest.AFTER, then rests, shown.
        awaitQuiet();
        assertTrue(fx(field::isFocused), "the field keeps the focus");
    }
}
