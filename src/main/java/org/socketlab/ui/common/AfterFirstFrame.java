package org.socketlab.ui.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.util.Duration;

/**
 * Builds parts of the window once its first frame has been drawn, one kind of part a pulse, so the window appears
 * sooner and its FX thread answers between the parts: on a 2-core machine without a GPU, styling and drawing a few
 * hundred nodes costs a tenth of a second or more (issue 62). The first frame holds the window's frame and its toolbar;
 * the parts follow in the order of {@link Part}. When the last one is laid out the window is complete
 * ({@link #whenBuilt}); tests wait for that. Never used for a control the first frame needs. FX thread only.
 */
public final class AfterFirstFrame {
    /**
     * What a part is, in the order the parts are built, each kind in a pulse of its own: what a student presses first
     * comes first. Every pulse on a 2-core machine also waits for the previous frame to be drawn in software (40-90 ms
     * for a window the screen's size), so the kinds are few: with one pulse for each form and tab the window was
     * complete about 100 ms later than with these two.
     */
    public enum Part {
        /** The window's panes (its first session's: {@code MainWindow.panesAfterFirstFrame}), their heads and calls. */
        CALLS,
        /** The calls' argument forms and the content of the bottom panes' front tabs that are controls. */
        DETAILS,
        /**
         * What is a picture, not a control (the state machine's drawing): after the controls, so the window is usable
         * ({@link #whenUsable}) before it is complete.
         */
        PICTURES,
        /**
         * Controls a scroll pane keeps out of view at first (the argument inputs below an endpoint pane's fold): a
         * pulse after the pictures, before anyone can scroll to them.
         */
        OUT_OF_VIEW
    }

    /** The scene's property that holds its queue of parts. */
    private static final String QUEUE = "socketlab.afterFirstFrame.queue";

    private AfterFirstFrame() {
    }

    /** Builds {@code part} with {@code task} in a pulse of its own once {@code node}'s window drew its first frame. */
    public static void run(Node node, Part part, Runnable task) {
        Scene now = node.getScene();
        if (now != null) {
            queue(now).add(new Entry(node, part, task));
            return;
        }
        node.sceneProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable obs) {
                Scene scene = node.getScene();
                if (scene == null) return;
                node.sceneProperty().removeListener(this);
                queue(scene).add(new Entry(node, part, task));
            }
        });
    }

    /** How many parts of nodes in {@code scene} are still to be built. */
    public static int pending(Scene scene) {
        return scene.getProperties().get(QUEUE) instanceof Queue q ? q.waiting.size() : 0;
    }

    /** Whether {@code scene}'s first frame is drawn: a part needed from now on can be built at once. */
    public static boolean firstFrameDrawn(Scene scene) {
        return scene.getProperties().get(QUEUE) instanceof Queue q && q.firstFrameDrawn;
    }

    /**
     * Runs {@code then} once every part of {@code scene} is built and laid out: the window is complete, each of its
     * controls usable (at once if it is already). The start-up trace's "complete" and the tests wait for it.
     */
    public static void whenBuilt(Scene scene, Runnable then) {
        Queue q = queue(scene);
        if (q.firstFrameDrawn && q.waiting.isEmpty() && !q.stepping) {
            then.run();
            return;
        }
        q.whenBuilt.add(then);
        q.watchFirstFrame();
    }

    /**
     * Runs {@code then} once every part holding controls in view ({@link Part#CALLS}, {@link Part#DETAILS}) is built
     * and laid out: each control the window shows usable, its pictures and the controls below a scroll pane's fold
     * maybe still to come (at once if it is already). The start-up trace's "usable".
     */
    public static void whenUsable(Scene scene, Runnable then) {
        Queue q = queue(scene);
        if (q.firstFrameDrawn && q.controlsBuilt()) {
            then.run();
            return;
        }
        q.whenUsable.add(then);
        q.watchFirstFrame();
    }

    private static Queue queue(Scene scene) {
        return (Queue) scene.getProperties().computeIfAbsent(QUEUE, k -> new Queue(scene));
    }

    private record Entry(Node node, Part part, Runnable task, long order) {
        Entry(Node node, Part part, Runnable task) {
            this(node, part, task, 0);
        }
    }

    /** A scene's parts to build, by part then in the order they were asked for. */
    private static final class Queue {
        private final Scene scene;
        private final PriorityQueue<Entry> waiting = new PriorityQueue<>(
                Comparator.comparing(Entry::part).thenComparingLong(Entry::order));
        private final List<Runnable> whenBuilt = new ArrayList<>(), whenUsable = new ArrayList<>();
        /** A step that builds controls is planned or under way. */
        private boolean steppingControls;
        private long asked;
        private boolean watchingFirstFrame;
        private boolean firstFrameDrawn;
        /** A step is planned for the next pulse. */
        private boolean stepping;

        Queue(Scene scene) {
            this.scene = scene;
        }

        void add(Entry entry) {
            waiting.add(new Entry(entry.node(), entry.part(), entry.task(), asked++));
            if (firstFrameDrawn) {
                if (!stepping) stepNextPulse();
            } else {
                watchFirstFrame();
            }
        }

        /**
         * The first part is built in a pulse after the first frame is on the screen, never beside its drawing, which
         * it would slow down (two cores), nor before its pixels are put in the window, which waits for the FX thread
         * ({@link FramesDrawn}). Where JavaFX's internals are closed, in the pulse after the second one.
         */
        void watchFirstFrame() {
            if (watchingFirstFrame || firstFrameDrawn) return;
            watchingFirstFrame = true;
            AtomicBoolean onScreen = new AtomicBoolean();
            scene.addPostLayoutPulseListener(new Runnable() {
                private boolean firstFrameLaidOut, askedRenderer;

                @Override
                public void run() {
                    if (!firstFrameLaidOut) {
                        firstFrameLaidOut = true;
                        Platform.requestNextPulse();
                        return;
                    }
                    if (!askedRenderer) { // the first frame's drawing was asked for at the end of the first pulse
                        askedRenderer = true;
                        try {
                            FramesDrawn.then(() -> {
                                onScreen.set(true);
                                Platform.requestNextPulse(); // queued behind the frame's pixels
                            });
                        } catch (IllegalAccessError closed) {
                            onScreen.set(true);
                        }
                    }
                    if (!onScreen.get()) return;
                    scene.removePostLayoutPulseListener(this);
                    firstFrameDrawn = true;
                    stepNextPulse();
                }
            });
            Platform.requestNextPulse();
        }

        /**
         * Builds the next part at the start of the next pulse (an animation runs there, outside the layout pass, and
         * without Platform.runLater, which the program keeps for the journal bridge); that pulse styles and lays it
         * out, and its frame is drawn while the part after it is built.
         */
        private void stepNextPulse() {
            stepping = true;
            PauseTransition next = new PauseTransition(Duration.millis(1));
            next.setOnFinished(e -> step());
            next.play();
        }

        /** No part holding controls waits, nor is being built. */
        boolean controlsBuilt() {
            return !steppingControls && (waiting.isEmpty() || waiting.peek().part().compareTo(Part.PICTURES) >= 0);
        }

        /** Builds every waiting part of the first kind: each pulse styles, lays out and draws the window once. */
        private void step() {
            Part kind = waiting.isEmpty() ? null : waiting.peek().part();
            steppingControls = kind != null && kind.compareTo(Part.PICTURES) < 0;
            while (!waiting.isEmpty() && waiting.peek().part() == kind) {
                Entry entry = waiting.poll();
                // A node that left the scene meanwhile (its window replaced by a new session's) waits until it is in
                // one again: work done now would listen to long-lived models after its window let go.
                if (entry.node().getScene() == scene) entry.task().run();
                else AfterFirstFrame.run(entry.node(), entry.part(), entry.task());
            }
            steppingControls = false;
            if (controlsBuilt() && !whenUsable.isEmpty()) afterLayout(whenUsable, this::controlsBuilt);
            if (!waiting.isEmpty()) {
                stepNextPulse();
                return;
            }
            stepping = false;
            if (!whenBuilt.isEmpty()) afterLayout(whenBuilt, () -> waiting.isEmpty() && !stepping);
        }

        /**
         * Runs {@code waiters} once this pulse has laid out what was built, if {@code stillTrue} then: a part asked
         * for meanwhile tells them at its own last step.
         */
        private void afterLayout(List<Runnable> waiters, BooleanSupplier stillTrue) {
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    if (!stillTrue.getAsBoolean()) return;
                    List<Runnable> told = List.copyOf(waiters);
                    waiters.clear();
                    told.forEach(Runnable::run);
                }
            });
            Platform.requestNextPulse();
        }
    }
}
