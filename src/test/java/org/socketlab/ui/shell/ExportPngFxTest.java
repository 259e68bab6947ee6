package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.cli.Cli;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** {@code --png} from the command line: the window's diagram drawn headless, at the zoom and theme asked for. */
@ExtendWith(ApplicationExtension.class)
class ExportPngFxTest {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
    }

    private static int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new HeadlessDiagramPicture());
        assertEquals(0, exit, out + "\n" + err);
        return exit;
    }

    /** Width and height from a PNG's header. */
    private static int[] size(byte[] png) {
        assertTrue(Arrays.equals(Arrays.copyOf(png, 8), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
                "a PNG file");
        ByteBuffer b = ByteBuffer.wrap(png, 16, 8);
        return new int[]{b.getInt(), b.getInt()};
    }

    @Test
    void aRunAndAnExportDrawTheDiagramAtTheZoomAndThemeAsked() throws Exception {
        Path journal = dir.resolve("s.jsonl"), light = dir.resolve("light.png");
        run("run", "tcp-basics", "--journal", journal.toString(), "--png", light.toString(), "--lang", "en");
        Path dark = dir.resolve("dark.png"), big = dir.resolve("big.png"), part = dir.resolve("part.png");
        run("export", journal.toString(), "--png", dark.toString(), "--theme", "dark", "--lang", "en");
        run("export", journal.toString(), "--png", big.toString(), "--zoom", "200", "--lang", "en");
        run("export", journal.toString(), "--png", part.toString(), "--from", "3", "--to", "12", "--lang", "en");
        byte[] l = Files.readAllBytes(light), d = Files.readAllBytes(dark), z = Files.readAllBytes(big),
                p = Files.readAllBytes(part);
        int[] ls = size(l), ds = size(d), zs = size(z), ps = size(p);
        assertTrue(ls[0] > 1000 && ls[1] > 1000, "the whole session: " + ls[0] + "x" + ls[1]);
        assertEquals(ls[0], ds[0]);
        assertEquals(ls[1], ds[1], "a theme changes colours, not the layout");
        assertFalse(Arrays.equals(l, d), "dark is drawn in other colours");
        assertTrue(zs[0] > ls[0] * 1.8 && zs[1] > ls[1] * 1.5, "200 % is twice as big: " + zs[0] + "x" + zs[1]);
        assertTrue(ps[1] < ls[1] / 2, "a range is a part of it: " + ps[1] + " of " + ls[1]);
    }
}
