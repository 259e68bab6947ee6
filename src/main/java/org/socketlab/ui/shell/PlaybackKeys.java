package org.socketlab.ui.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.socketlab.ui.playback.PlaybackModel;

/** Playback from the keyboard, with Alt so text fields keep their keys: P play/pause, arrows step, Home/End jump. */
public final class PlaybackKeys {
    private PlaybackKeys() {
    }

    public static Map<KeyCombination, Runnable> of(PlaybackModel playback) {
        Map<KeyCombination, Runnable> keys = new LinkedHashMap<>();
        keys.put(new KeyCodeCombination(KeyCode.SPACE, KeyCombination.ALT_DOWN), playback::togglePlay);
        keys.put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), playback::stepForward);
        keys.put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), playback::stepBack);
        keys.put(new KeyCodeCombination(KeyCode.HOME, KeyCombination.ALT_DOWN), playback::jumpToStart);
        keys.put(new KeyCodeCombination(KeyCode.END, KeyCombination.ALT_DOWN), playback::jumpToEnd);
        keys.put(new KeyCodeCombination(KeyCode.UP, KeyCombination.ALT_DOWN),
                () -> playback.setSpeed(Math.min(PlaybackModel.MAX_SPEED, playback.speedProperty().get() * 2)));
        keys.put(new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN),
                () -> playback.setSpeed(Math.max(PlaybackModel.MIN_SPEED, playback.speedProperty().get() / 2)));
        return keys;
    }

    public static void install(Scene scene, PlaybackModel playback) {
        scene.getAccelerators().putAll(of(playback));
    }
}
