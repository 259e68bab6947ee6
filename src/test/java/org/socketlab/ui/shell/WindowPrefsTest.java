package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.ui.common.UserHome;

class WindowPrefsTest {
    private static final List<Rectangle2D> LAPTOP = List.of(new Rectangle2D(0, 0, 1280, 720));

    @TempDir
    Path dir;

    @Test
    void whatIsSavedIsLoadedBack() {
        Path file = dir.resolve("socketlab").resolve("window.properties");
        var saved = new WindowPrefs(10, 20, 1600, 1000, true, new double[]{0.25, 0.75, 0.5, 0.6}, "TABLES", Lang.ES,
                Theme.HIGH_CONTRAST, 150);
        saved.save(file);
        assertTrue(Files.isRegularFile(file), "the folder is made on first save");
        WindowPrefs loaded = WindowPrefs.load(file, Lang.EN);
        assertEquals(1600, loaded.width());
        assertEquals(1000, loaded.height());
        assertEquals(Lang.ES, loaded.lang());
        assertEquals(150, loaded.zoom());
        assertEquals(Theme.HIGH_CONTRAST, loaded.theme());
        assertEquals("TABLES", loaded.hiddenPanes());
        assertArrayEquals(new double[]{0.25, 0.75, 0.5, 0.6}, loaded.dividers(), 1e-4);
        assertTrue(loaded.maximized());
    }

    @Test
    void nothingSavedOrGarbageGivesDefaults() throws Exception {
        WindowPrefs fresh = WindowPrefs.load(dir.resolve("none.properties"), Lang.EN);
        assertFalse(fresh.hasSize(), "no size: the window takes the screen");
        assertTrue(fresh.maximized());
        assertEquals(Lang.EN, fresh.lang());
        Path odd = dir.resolve("odd.properties");
        Files.writeString(odd, "columnDividers=0.3,abc,7,-1\nzoom=5000\nwidth=abc\ntheme=purple\n");
        WindowPrefs loaded = WindowPrefs.load(odd, Lang.EN);
        assertArrayEquals(new double[]{0.3}, loaded.dividers(), 1e-9);
        // The rows layout's dividers (before issue 57's columns) meant other panes: not read.
        Path rows = dir.resolve("rows.properties");
        Files.writeString(rows, "dividers=0.2,0.8,0.5,0.72\n");
        assertEquals(0, WindowPrefs.load(rows, Lang.EN).dividers().length);
        assertEquals(ShellViewModel.MAX_ZOOM, loaded.zoom());
        assertFalse(loaded.hasSize());
        assertEquals(Theme.LIGHT, loaded.theme());
    }

    @Test
    void aLayoutWiderThanTheScreenIsDiscarded() {
        // Saved on a 1920x1080 monitor, opened on a 1280x720 laptop.
        var big = new WindowPrefs(0, 0, 1805, 994, false, new double[]{0.3, 0.7, 0.5, 0.55}, "EXPLAIN", Lang.ES,
                Theme.DARK, 125);
        WindowPrefs fitted = big.fittedTo(LAPTOP);
        assertFalse(fitted.hasSize(), "the size is dropped: the window takes the screen");
        assertTrue(fitted.maximized());
        assertEquals(0, fitted.dividers().length, "the dividers go with it");
        assertEquals("", fitted.hiddenPanes());
        assertEquals(Lang.ES, fitted.lang(), "language, theme and zoom are not layout: kept");
        assertEquals(Theme.DARK, fitted.theme());
        assertEquals(125, fitted.zoom());
        // Off the screen (a second monitor that is gone) is as bad as too big.
        var elsewhere = new WindowPrefs(1900, 0, 1000, 700, false, new double[0], "", Lang.EN, Theme.LIGHT, 100);
        assertFalse(elsewhere.fittedTo(LAPTOP).hasSize());
        // What fits stays as it was.
        var fits = new WindowPrefs(10, 10, 1200, 700, false, new double[]{0.3, 0.7, 0.5, 0.55}, "", Lang.EN,
                Theme.LIGHT, 100);
        assertEquals(fits, fits.fittedTo(LAPTOP));
    }

    @Test
    void dividersThatSqueezeAPaneToNothingAreDiscarded() {
        var squeezed = new WindowPrefs(0, 0, 1200, 700, false, new double[]{0.01, 0.99, 0.5, 0.55}, "", Lang.EN,
                Theme.LIGHT, 100);
        WindowPrefs fitted = squeezed.fittedTo(LAPTOP);
        assertEquals(0, fitted.dividers().length);
        assertEquals(1200, fitted.width(), "the window size itself was fine");
    }

    @Test
    void preferencesLiveInTheUsersOwnConfigurationFolder() {
        Path home = Path.of("/home/ana");
        assertEquals(Path.of("/home/ana/.config/socketlab"), WindowPrefs.configDir(Map.of(), "Linux", home));
        assertEquals(Path.of("/xdg/socketlab"),
                WindowPrefs.configDir(Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", home));
        assertEquals(Path.of("/home/ana/.config/socketlab"),
                WindowPrefs.configDir(Map.of("XDG_CONFIG_HOME", "relative"), "Linux", home),
                "a relative XDG_CONFIG_HOME is ignored, as the spec says");
        assertEquals(Path.of("/home/ana/Library/Application Support/SocketLab"),
                WindowPrefs.configDir(Map.of(), "Mac OS X", home));
        assertTrue(WindowPrefs.userFile().startsWith(UserHome.ofThisProcess())
                || System.getenv("XDG_CONFIG_HOME") != null,
                "under $HOME, where the launcher reads the network choice");
    }
}
