package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.awaitJournal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.ui.endpoint.SocketCall;

/** Shortcuts without the toolkit: every call has two distinct keys, and they act on the right endpoint. */
class ShortcutsTest {
    private final Lab lab = Lab.onThisMachine();
    private final ShellViewModel vm = new ShellViewModel(lab, "Linux", Lang.EN);

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void everyCallHasAClientAndAServerShortcutAndNoTwoCollide() {
        Map<KeyCombination, Runnable> keys = Shortcuts.of(vm);
        Set<Character> letters = new HashSet<>();
        for (SocketCall call : SocketCall.values())
            assertTrue(letters.add(call.key()), "letter used twice: " + call.key());
        assertEquals(SocketCall.values().length * 2 + 10, keys.size());
    }

    @Test
    void altSOpensASocketOnTheActiveClientAndAltShiftSOnTheServer() {
        Map<KeyCombination, Runnable> keys = Shortcuts.of(vm);
        var added = vm.addClient();
        keys.get(new KeyCodeCombination(KeyCode.S, KeyCombination.ALT_DOWN)).run();
        awaitJournal(lab.journal(), e -> e.payload() instanceof Payload.Call c && c.call().equals("socket"));
        keys.get(new KeyCodeCombination(KeyCode.S, KeyCombination.ALT_DOWN, KeyCombination.SHIFT_DOWN)).run();
        awaitJournal(lab.journal(), e -> e.endpoint().equals("server") && e.payload() instanceof Payload.Call);
        var endpoints = lab.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Call)
                .map(e -> e.endpoint()).toList();
        assertEquals(List.of(added.name(), "server"), endpoints);

    }

    @Test
    void oneZoomFrom75To300PercentOnEveryUsualKey() {
        Map<KeyCombination, Runnable> keys = Shortcuts.of(vm);
        keys.get(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(125, vm.zoomProperty().get());
        // Ctrl+Shift+= is how a US keyboard types Ctrl+Plus; the keypad's + too.
        keys.get(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)).run();
        keys.get(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(175, vm.zoomProperty().get());
        assertEquals(Math.round(ShellViewModel.DEFAULT_FONT_SIZE * 1.75), vm.fontSizeProperty().get());
        for (int i = 0; i < 20; i++)
            keys.get(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(ShellViewModel.MAX_ZOOM, vm.zoomProperty().get());
        keys.get(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(100, vm.zoomProperty().get());
        for (int i = 0; i < 20; i++)
            keys.get(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(ShellViewModel.MIN_ZOOM, vm.zoomProperty().get());
        keys.get(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN)).run();
        assertEquals(ShellViewModel.DEFAULT_FONT_SIZE, vm.fontSizeProperty().get());
    }

    /** Issue 43: the zoom stops where the screen still shows the diagram; a larger zoom comes down to it. */
    @Test
    void theZoomStopsWhereTheScreenStillShowsTheDiagram() {
        assertEquals(200, ShellViewModel.maxZoomFor(1280, 720), "300 % left no diagram at 1280x720");
        assertEquals(200, ShellViewModel.maxZoomFor(1024, 768));
        assertEquals(150, ShellViewModel.maxZoomFor(960, 540), "1920x1080 at 200 %");
        assertEquals(ShellViewModel.MAX_ZOOM, ShellViewModel.maxZoomFor(1920, 1080));
        assertEquals(ShellViewModel.DEFAULT_ZOOM, ShellViewModel.maxZoomFor(400, 300), "100 % always");
        vm.zoomProperty().set(300);
        vm.fitZoomTo(1280, 720);
        assertEquals(200, vm.zoomProperty().get(), "a saved 300 % comes down to what the screen shows");
        vm.zoomIn();
        assertEquals(200, vm.zoomProperty().get(), "+ stops at the ceiling");
        vm.zoomOut();
        assertEquals(175, vm.zoomProperty().get());
    }
}
