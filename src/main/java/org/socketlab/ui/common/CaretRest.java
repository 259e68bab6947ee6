package org.socketlab.ui.common;

import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.skin.TextInputControlSkin;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * A text field's caret stops blinking {@link #AFTER} after the last key, click or change, and stays shown, as GTK's own
 * do ({@code gtk-cursor-blink-timeout}). A blinking caret is an animation, and JavaFX pulses every frame while one
 * plays: a field left focused (a call sent with Enter) would keep an idle window drawing 60 frames a second.
 */
public final class CaretRest {
    /** GTK's default blink timeout. */
    public static final Duration AFTER = Duration.seconds(10);

    /** Whether {@link #installInEveryWindow} has run (FX thread only). */
    private static boolean everyWindow;

    private CaretRest() {
    }

    /**
     * For every text field of every window the program opens, now and later (the main window, Watch, Check, the
     * presenter window, alerts): a hidden dialog whose field kept its focus would otherwise pulse on. FX thread.
     */
    public static void installInEveryWindow() {
        if (everyWindow) return;
        everyWindow = true;
        for (Window window : Window.getWindows()) installIn(window);
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) for (Window window : change.getAddedSubList()) installIn(window);
        });
    }

    private static void installIn(Window window) {
        if (window.getScene() != null) install(window.getScene());
        window.sceneProperty().addListener((obs, was, is) -> {
            if (is != null) install(is);
        });
    }

    /** For every text field of {@code scene}'s window; once per scene. FX thread. */
    public static void install(Scene scene) {
        if (scene.getProperties().putIfAbsent(CaretRest.class, Boolean.TRUE) != null) return;
        PauseTransition rest = new PauseTransition(AFTER);
        rest.setOnFinished(e -> {
            if (scene.getFocusOwner() instanceof TextInputControl field
                    && field.getSkin() instanceof TextInputControlSkin<?> skin)
                skin.setCaretAnimating(false); // the caret stays shown, still
        });
        Runnable restart = () -> {
            if (scene.getFocusOwner() instanceof TextInputControl) rest.playFromStart();
            else rest.stop();
        };
        InvalidationListener changed = obs -> restart.run();
        scene.focusOwnerProperty().addListener((obs, was, is) -> {
            if (was instanceof TextInputControl old) {
                old.caretPositionProperty().removeListener(changed);
                old.textProperty().removeListener(changed);
            }
            if (is instanceof TextInputControl field) {
                field.caretPositionProperty().addListener(changed);
                field.textProperty().addListener(changed);
            }
            restart.run();
        });
        Node focused = scene.getFocusOwner();
        if (focused instanceof TextInputControl field) {
            field.caretPositionProperty().addListener(changed);
            field.textProperty().addListener(changed);
        }
        // Before the field's own handlers, which start the blinking again on a key or a click.
        scene.addEventFilter(KeyEvent.ANY, e -> restart.run());
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> restart.run());
        scene.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> restart.run());
        restart.run();
    }
}
