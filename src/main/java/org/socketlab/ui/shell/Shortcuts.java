package org.socketlab.ui.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.socketlab.ui.endpoint.SocketCall;

/**
 * The window's keyboard shortcuts. Alt (not Ctrl) for calls, so text fields keep Ctrl+C, Ctrl+A... for editing:
 * Alt+letter on the active client, Alt+Shift+letter on the server; Ctrl+Plus/Minus/0 for the zoom.
 */
public final class Shortcuts {
    private Shortcuts() {
    }

    /** Every shortcut with what it does, so they can be listed (help) and tested. */
    public static Map<KeyCombination, Runnable> of(ShellViewModel vm) {
        Map<KeyCombination, Runnable> keys = new LinkedHashMap<>();
        for (SocketCall call : SocketCall.values()) {
            KeyCode code = KeyCode.getKeyCode(String.valueOf(call.key()));
            keys.put(new KeyCodeCombination(code, KeyCombination.ALT_DOWN),
                    () -> vm.activeClientProperty().get().run(call));
            keys.put(new KeyCodeCombination(code, KeyCombination.ALT_DOWN, KeyCombination.SHIFT_DOWN),
                    () -> vm.server().run(call));
        }
        keys.putAll(zoom(vm));
        return keys;
    }

    /**
     * The zoom's keys alone: the presenter's window has them too (issue 57: Ctrl+Plus did nothing there, where a lecture
     * hall needs it most), and not the calls' Alt keys, which the clicker's talk does not make.
     */
    public static Map<KeyCombination, Runnable> zoom(ShellViewModel vm) {
        Map<KeyCombination, Runnable> keys = new LinkedHashMap<>();
        // Zoom: Ctrl+Plus as typed on any layout (Ctrl+Shift+= on a US keyboard), the keypad's + - 0 too.
        for (KeyCode bigger : new KeyCode[]{KeyCode.PLUS, KeyCode.EQUALS, KeyCode.ADD}) {
            keys.put(new KeyCodeCombination(bigger, KeyCombination.SHORTCUT_DOWN), vm::zoomIn);
            keys.put(new KeyCodeCombination(bigger, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                    vm::zoomIn);
        }
        for (KeyCode smaller : new KeyCode[]{KeyCode.MINUS, KeyCode.SUBTRACT})
            keys.put(new KeyCodeCombination(smaller, KeyCombination.SHORTCUT_DOWN), vm::zoomOut);
        for (KeyCode zero : new KeyCode[]{KeyCode.DIGIT0, KeyCode.NUMPAD0})
            keys.put(new KeyCodeCombination(zero, KeyCombination.SHORTCUT_DOWN), vm::resetZoom);
        return keys;
    }

    public static void install(Scene scene, ShellViewModel vm) {
        scene.getAccelerators().putAll(of(vm));
    }
}
