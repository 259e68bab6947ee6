package org.socketlab.ui.common;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.util.Duration;

/**
 * Builds part of the window once its first frame has been drawn, so the window appears sooner: on a 2-core machine
 * without a GPU, styling and drawing a few hundred nodes costs a tenth of a second or more. Used for what the window
 * can show a moment later (the calls' argument forms, the content of the bottom panes' tabs), never for a control the
 * first frame needs. Tests wait for it with {@link #pending}. FX thread only.
 */
public final class AfterFirstFrame {
    /** The scene's property that counts its tasks not yet run (counted once their node is in it). */
    private static final String PENDING = "socketlab.afterFirstFrame.pending";

    private AfterFirstFrame() {
    }

    /** Runs {@code task} in the pulse after the one after {@code node}'s window first laid out its scene. */
    public static void run(Node node, Runnable task) {
        Scene now = node.getScene();
        if (now != null) {
            place(node, now, task);
            return;
        }
        node.sceneProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable obs) {
                Scene scene = node.getScene();
                if (scene == null) return;
                node.sceneProperty().removeListener(this);
                place(node, scene, task);
            }
        });
    }

    private static void place(Node node, Scene scene, Runnable task) {
        scene.getProperties().merge(PENDING, 1, (a, b) -> (Integer) a + (Integer) b);
        // A pulse waits for the previous frame to be drawn before it ends: the task runs in the pulse after the
        // second one, never beside the first frame's drawing, which it would slow down (two cores).
        scene.addPostLayoutPulseListener(new Runnable() {
            private boolean firstFrameLaidOut;
            @Override
            public void run() {
                if (!firstFrameLaidOut) {
                    firstFrameLaidOut = true;
                    Platform.requestNextPulse();
                    return;
                }
                scene.removePostLayoutPulseListener(this);
                // An animation runs at the start of the next pulse, outside the layout pass (and without
                // Platform.runLater, which the program keeps for the journal bridge).
                PauseTransition next = new PauseTransition(Duration.millis(1));
                next.setOnFinished(e -> {
                    scene.getProperties().merge(PENDING, -1, (a, b) -> (Integer) a + (Integer) b);
                    // A node that left the scene meanwhile (its window replaced by a new session's) waits until it
                    // is in one again: work done now would listen to long-lived models after its window let go.
                    if (node.getScene() == scene) task.run();
                    else AfterFirstFrame.run(node, task);
                });
                next.play();
            }
        });
    }

    /** How many tasks of nodes in {@code scene} still wait for its first frame. */
    public static int pending(Scene scene) {
        return (Integer) scene.getProperties().getOrDefault(PENDING, 0);
    }
}
