package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import com.sun.javafx.tk.RenderJob;
import com.sun.javafx.tk.Toolkit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.ui.common.AfterFirstFrame.Part;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 62: what the window builds after its first frame comes after that frame is drawn, the call buttons in a pulse
 * before the details, and the window says when it is complete (the start-up trace and the tests wait for that).
 */
@ExtendWith(ApplicationExtension.class)
class AfterFirstFrameFxTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new VBox(), 200, 100));
        stage.show();
    }

    /** The layouts a new scene has made, counted by a listener placed before any part's. */
    private final AtomicInteger layouts = new AtomicInteger();
    private final List<String> built = new CopyOnWriteArrayList<>();

    @Test
    void thePartsComeAfterTheFirstFrameCallsFirstEachKindInAPulseOfItsOwnThenTheWindowIsComplete() throws Exception {
        CompletableFuture<Integer> complete = new CompletableFuture<>();
        Label pane = new Label("pane"), tab = new Label("tab");
        int waitingAtStart = fx(() -> {
            Scene scene = new Scene(new VBox(pane, tab), 200, 100);
            scene.addPostLayoutPulseListener(layouts::incrementAndGet);
            AfterFirstFrame.run(tab, Part.DETAILS, () -> built.add("details of tab after layout " + layouts.get()));
            AfterFirstFrame.run(pane, Part.CALLS, () -> built.add("calls of pane after layout " + layouts.get()));
            AfterFirstFrame.run(tab, Part.CALLS, () -> built.add("calls of tab after layout " + layouts.get()));
            AfterFirstFrame.whenBuilt(scene, () -> complete.complete(layouts.get()));
            stage.setScene(scene);
            return AfterFirstFrame.pending(scene);
        });
        assertEquals(3, waitingAtStart);
        assertEquals(List.of(), built, "nothing built before the first frame");
        int completeAfter = complete.get(10, TimeUnit.SECONDS);

        assertEquals(3, built.size(), built.toString());
        int calls = layoutOf(built.get(0));
        assertTrue(built.get(0).startsWith("calls of pane") && built.get(1).startsWith("calls of tab"),
                "the calls first, in the order asked: " + built);
        assertTrue(calls >= 2, "not before the first frame was laid out and drawn: " + built);
        assertEquals(calls, layoutOf(built.get(1)), "one kind in one pulse: " + built);
        int details = layoutOf(built.get(2));
        assertTrue(details > calls, "the details in a later pulse: " + built);
        assertTrue(completeAfter > details, "complete once the last part is laid out, at " + completeAfter);
        assertEquals(0, (int) fx(() -> AfterFirstFrame.pending(stage.getScene())));
    }

    @Test
    void theWindowIsUsableOnceItsControlsAreLaidOutAndCompleteOnceItsPicturesAreToo() throws Exception {
        CompletableFuture<Integer> usable = new CompletableFuture<>(), complete = new CompletableFuture<>();
        Label pane = new Label("pane"), picture = new Label("picture");
        fx(() -> {
            Scene scene = new Scene(new VBox(pane, picture), 200, 100);
            scene.addPostLayoutPulseListener(layouts::incrementAndGet);
            AfterFirstFrame.run(picture, Part.PICTURES, () -> built.add("picture after layout " + layouts.get()));
            AfterFirstFrame.run(pane, Part.DETAILS, () -> built.add("details after layout " + layouts.get()));
            AfterFirstFrame.run(pane, Part.CALLS, () -> built.add("calls after layout " + layouts.get()));
            AfterFirstFrame.whenUsable(scene, () -> usable.complete(layouts.get()));
            AfterFirstFrame.whenBuilt(scene, () -> complete.complete(layouts.get()));
            stage.setScene(scene);
            return null;
        });
        int usableAfter = usable.get(10, TimeUnit.SECONDS), completeAfter = complete.get(10, TimeUnit.SECONDS);
        assertEquals(3, built.size(), built.toString());
        assertTrue(built.get(0).startsWith("calls") && built.get(1).startsWith("details")
                && built.get(2).startsWith("picture"), "controls first, the picture last: " + built);
        int details = layoutOf(built.get(1)), pictureAt = layoutOf(built.get(2));
        assertTrue(details < usableAfter && usableAfter <= pictureAt,
                "usable once the details are laid out, before the picture is built: usable at " + usableAfter + ", "
                        + built);
        assertTrue(completeAfter > pictureAt, "complete once the picture is laid out, at " + completeAfter);
        assertTrue(fx(() -> {
            boolean[] atOnce = {false};
            AfterFirstFrame.whenUsable(stage.getScene(), () -> atOnce[0] = true);
            return atOnce[0];
        }), "usable already: told at once");
    }

    @Test
    void theFirstPartWaitsForTheFirstFrameToBeDrawnHoweverLongTheRenderThreadTakes() throws Exception {
        // Without a GPU the first frame's pixels reach the window from the FX thread once the render thread has drawn
        // them: a part built before that held the first picture back (issue 62). A render thread held from the first
        // frame's layout on must hold the part back with it for as many pulses as pass meanwhile (the old code built
        // it in the third), and the part comes once the render thread is let go. A pulse with something to draw (the
        // window's focus arriving late on a loaded machine) waits for the held render thread itself: then fewer pulses
        // pass, and none of them may build the part either.
        CountDownLatch renderThreadHeld = new CountDownLatch(1);
        CompletableFuture<Void> fourPulses = new CompletableFuture<>(), complete = new CompletableFuture<>();
        AtomicLong partBuilt = new AtomicLong();
        Label pane = new Label("pane");
        fx(() -> {
            Scene scene = new Scene(new VBox(pane), 200, 100);
            scene.addPostLayoutPulseListener(new Runnable() {
                private int pulses;

                @Override
                public void run() {
                    if (++pulses == 1) Toolkit.getToolkit().addRenderJob(new RenderJob(() -> {
                        try {
                            renderThreadHeld.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                    if (pulses < 4) Platform.requestNextPulse(); // empty pulses: none waits for the render thread
                    else if (pulses == 4) fourPulses.complete(null);
                }
            });
            AfterFirstFrame.run(pane, Part.CALLS, () -> partBuilt.set(System.nanoTime()));
            AfterFirstFrame.whenBuilt(scene, () -> complete.complete(null));
            stage.setScene(scene);
            return null;
        });
        try {
            fourPulses.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException aPulseWaitsForTheRenderThread) {
            // the FX thread is held with the render thread: what matters is that no part was built meanwhile
        }
        assertEquals(0, partBuilt.get(), "the part was built while the render thread was busy with the first frame");
        long released = System.nanoTime();
        renderThreadHeld.countDown();
        complete.get(10, TimeUnit.SECONDS);
        assertTrue(partBuilt.get() > released, "the part comes once the render thread is free");
    }

    @Test
    void aWindowAlreadyCompleteSaysSoAtOnceAndAPartAskedLaterStillComes() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        Label pane = new Label("pane");
        fx(() -> {
            Scene scene = new Scene(new VBox(pane), 200, 100);
            AfterFirstFrame.run(pane, Part.CALLS, () -> built.add("first"));
            AfterFirstFrame.whenBuilt(scene, () -> first.complete(null));
            stage.setScene(scene);
            return null;
        });
        first.get(10, TimeUnit.SECONDS);
        assertTrue(fx(() -> {
            boolean[] atOnce = {false};
            AfterFirstFrame.whenBuilt(stage.getScene(), () -> atOnce[0] = true);
            return atOnce[0];
        }), "complete already: told at once");

        // A part of a node added later (a new client's pane) is built in a pulse after it joins, then complete again.
        CompletableFuture<Void> again = new CompletableFuture<>();
        List<String> whenAsked = fx(() -> {
            Label added = new Label("added");
            ((VBox) stage.getScene().getRoot()).getChildren().add(added);
            AfterFirstFrame.run(added, Part.DETAILS, () -> built.add("added"));
            AfterFirstFrame.whenBuilt(stage.getScene(), () -> again.complete(null));
            return List.copyOf(built);
        });
        assertEquals(List.of("first"), whenAsked, "not in the moment it is asked for");
        again.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first", "added"), built);
    }

    private static int layoutOf(String line) {
        return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }
}
