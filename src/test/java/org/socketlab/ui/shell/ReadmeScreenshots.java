package org.socketlab.ui.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * The screenshots the README and the user guide show (docs/*.png). Tests write only under target/: a test run leaves
 * the work tree as it was (CI checks {@code git status}). The tracked pictures change only when asked for, with
 * {@value #REFRESH_COMMAND} (docs/contributing.md).
 */
final class ReadmeScreenshots {
    static final String REFRESH_PROPERTY = "socketlab.screenshots.refresh";
    static final String REFRESH_COMMAND = "mvn -B test -Dtest='WindowSizesFxTest,LayoutAndPresenterFxTest,PresenterMachineFxTest' -D"
            + REFRESH_PROPERTY + "=true";
    static final Path TARGET = Path.of("target", "screenshots", "docs");
    static final Path DOCS = Path.of("docs");

    private ReadmeScreenshots() {
    }

    /**
     * Writes {@code image} as target/screenshots/docs/{@code name}, and as docs/{@code name} too when
     * {@value #REFRESH_PROPERTY} is true. Returns the file under target/.
     */
    static Path write(WritableImage image, String name) throws Exception {
        Path out = TARGET.resolve(name);
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
        if (Boolean.getBoolean(REFRESH_PROPERTY))
            Files.copy(out, DOCS.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        return out;
    }
}
