package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;
import org.socketlab.ui.common.AfterFirstFrame;
import org.socketlab.ui.endpoint.EndpointPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Shortcuts for UI tests: run on the FX thread and wait, wait for the journal without sleeping, find a free port. */
public final class UiTestSupport {
    /** A loaded 2-core CI box builds, styles and snapshots a whole window slowly; the first window loads every stylesheet. */
    private static final long FX_LIMIT_S = 60;

    private UiTestSupport() {
    }

    /** Runs {@code work} on the FX thread and returns what it gave; what it threw is thrown here, as it was. */
    public static <T> T fx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(FX_LIMIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error error) throw error;
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the FX thread did not answer within " + FX_LIMIT_S + " s", e);
        }
    }

    /**
     * A real click by the robot on the middle of the node {@code selector} finds in {@code window}'s scene, found and
     * measured on the FX thread. TestFX's {@code clickOn("#id")} walks the scene graph from the test's thread, and a
     * window whose lists and diagram change meanwhile made that walk fail (IndexOutOfBoundsException in
     * Parent.lookupAll, a lane at load 6).
     */
    public static void click(FxRobot robot, Window window, String selector) {
        Point2D middle = fx(() -> {
            Node node = window.getScene().lookup(selector);
            if (node == null) throw new AssertionError("no " + selector + " in the window");
            Bounds b = node.localToScreen(node.getLayoutBounds());
            return new Point2D(b.getCenterX(), b.getCenterY());
        });
        robot.clickOn(middle);
    }

    /**
     * A real double-click on {@code node} by the robot, as JavaFX read it: the robot clicks until JavaFX delivers one
     * click with an even click count (SocketLab reads every second click of a quick run as a double-click). On a loaded
     * machine the robot's two clicks can come further apart than the multi-click time, and JavaFX rightly reads two
     * single clicks; a user would click again too. Clicks that did not toggle anything are not counted as done.
     */
    public static void doubleClick(FxRobot robot, Node node) {
        AtomicInteger doubles = new AtomicInteger();
        EventHandler<MouseEvent> count = e -> {
            if (e.getClickCount() % 2 == 0) doubles.incrementAndGet();
        };
        Scene scene = fx(node::getScene);
        fx(() -> {
            scene.addEventFilter(MouseEvent.MOUSE_CLICKED, count);
            return null;
        });
        try {
            for (int click = 0; doubles.get() == 0; click++) {
                if (click == 8) throw new AssertionError("8 clicks on " + node + " and JavaFX read no double-click");
                robot.clickOn(node);
                WaitForAsyncUtils.waitForFxEvents();
            }
        } finally {
            fx(() -> {
                scene.removeEventFilter(MouseEvent.MOUSE_CLICKED, count);
                return null;
            });
        }
    }

    /**
     * Lays {@code stage}'s scene out, then waits until {@code still} (the window's dividers) reads the same twice in a
     * row: a split pane places its dividers again in a later pulse, later still on a loaded machine. 10 s at most.
     */
    public static void settle(Stage stage, Callable<double[]> still) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double[] before = null;
        while (true) {
            WaitForAsyncUtils.waitForFxEvents();
            double[] now = fx(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                return still.call();
            });
            if (Arrays.equals(before, now)) return;
            if (System.nanoTime() > deadline)
                throw new AssertionError("the layout never held still: " + Arrays.toString(now));
            before = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * Waits (on the test thread) until {@code window} is complete: every part it builds after its first frame
     * ({@link AfterFirstFrame}: the endpoint panes' calls and arguments, the front tabs' content) built and laid out.
     */
    public static void awaitWindowBuilt(Window window) {
        CompletableFuture<Void> built = new CompletableFuture<>();
        fx(() -> {
            AfterFirstFrame.whenBuilt(window.getScene(), () -> built.complete(null));
            return null;
        });
        try {
            built.get(FX_LIMIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the window never built what comes after its first frame ("
                    + fx(() -> AfterFirstFrame.pending(window.getScene())) + " parts left)", e);
        }
        assertTrue(fx(() -> window.getScene().getRoot().lookupAll(".endpoint-pane").stream()
                .allMatch(p -> ((EndpointPane) p).argumentsShown())), "an endpoint pane without its arguments");
    }

    /** Waits (on the test thread, never the FX thread) until the journal holds at least {@code size} events. */
    public static void awaitJournalSize(Journal journal, int size) {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        try (Subscription s = journal.subscribe(e -> {
            if (e.seq() >= size) reached.complete(null);
        })) {
            if (journal.size() >= size) return;
            reached.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "journal did not reach " + size + " events; it has " + journal.size() + ": " + journal.snapshot(),
                    e);
        }
    }

    /** Waits until the journal holds an event that matches; returns it. */
    public static Event awaitJournal(Journal journal,
            Predicate<Event> matches) {
        CompletableFuture<Event> seen = new CompletableFuture<>();
        try (Subscription s = journal.subscribe(e -> {
            if (matches.test(e)) seen.complete(e);
        })) {
            journal.snapshot().stream().filter(matches).findFirst().ifPresent(seen::complete);
            return seen.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("journal never showed the expected event: " + journal.snapshot(), e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
