package org.socketlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.net.URL;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Parent;

/** Puts a {@link Theme} on the program: the AtlantaFX user-agent stylesheet, plus our high-contrast overrides on a window's root. */
public final class Themes {
    private static final String HIGH_CONTRAST = Objects.requireNonNull(Themes.class.getResource("high-contrast.css"))
            .toExternalForm();

    private Themes() {
    }

    /**
     * Sets the theme for the whole program and styles {@code roots} (each window's root) for it. FX thread; with no
     * roots, any thread (JavaFX then reads the stylesheet on the FX thread, before what is queued after this call).
     */
    public static void apply(Theme theme, Parent... roots) {
        Application.setUserAgentStylesheet(theme == Theme.DARK
                ? sheet("primer-dark", () -> new PrimerDark().getUserAgentStylesheet())
                : sheet("primer-light", () -> new PrimerLight().getUserAgentStylesheet()));
        for (Parent root : roots) style(theme, root);
    }

    /**
     * AtlantaFX's theme without the rules of controls the program never makes, as the build writes it
     * (packaging/ThemeSheets.java): 616 rules of 1,072 to parse at start and match against every node (issue 62). The
     * whole theme where the build step did not run (a class path put together by hand).
     */
    static String sheet(String name, Supplier<String> whole) {
        URL trimmed = Themes.class.getResource("theme/" + name + ".bss");
        return trimmed != null ? trimmed.toExternalForm() : whole.get();
    }

    /** The high-contrast overrides on one window's root (a pop-out or presenter window too). */
    public static void style(Theme theme, Parent root) {
        root.getStylesheets().remove(HIGH_CONTRAST);
        root.getStyleClass().remove("high-contrast");
        if (theme == Theme.HIGH_CONTRAST) {
            root.getStylesheets().add(HIGH_CONTRAST);
            root.getStyleClass().add("high-contrast");
        }
    }
}
