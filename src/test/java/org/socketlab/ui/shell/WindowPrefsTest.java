package org.socketlab.ui.shell;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;

import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowPrefsTest {
    private final Preferences node = Preferences.userRoot().node("org/socketlab/test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void whatIsSavedIsLoadedBack() {
        var saved = new WindowPrefs(10, 20, 1600, 1000, true, new double[] {0.25, 0.75, 0.6}, "code,statemachine", Lang.ES, true, 19);
        saved.save(node);
        WindowPrefs loaded = WindowPrefs.load(node, Lang.EN);
        assertEquals(1600, loaded.width());
        assertEquals(1000, loaded.height());
        assertEquals(Lang.ES, loaded.lang());
        assertEquals(19, loaded.fontSize());
        assertEquals("code,statemachine", loaded.hiddenPanes());
        assertArrayEquals(new double[] {0.25, 0.75, 0.6}, loaded.dividers(), 1e-4);
        assertEquals(true, loaded.dark() && loaded.maximized());
    }

    @Test
    void nothingSavedOrGarbageGivesDefaults() {
        WindowPrefs fresh = WindowPrefs.load(node, Lang.EN);
        assertEquals(WindowPrefs.defaults(Lang.EN).width(), fresh.width());
        assertEquals(Lang.EN, fresh.lang());
        node.put("dividers", "0.3,abc,7,-1");
        node.putInt("fontSize", 500);
        node.putDouble("width", 10);
        WindowPrefs odd = WindowPrefs.load(node, Lang.EN);
        assertArrayEquals(new double[] {0.3}, odd.dividers(), 1e-9);
        assertEquals(ShellViewModel.MAX_FONT_SIZE, odd.fontSize());
        assertEquals(600, odd.width());
    }
}
