package org.socketlab.ui.shell;
import java.util.Locale;

/** The window's look: light, dark, or high contrast for washed-out projectors. */
public enum Theme {
    /** AtlantaFX Primer light. */
    LIGHT,
    /** AtlantaFX Primer dark. */
    DARK,
    /** Black on white with heavy lines: WCAG AAA contrast (7:1 and more) for text and arrows on a projector. */
    HIGH_CONTRAST;

    /** The stored id: {@code light}, {@code dark}, {@code high-contrast}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The last part of its text's key: {@code light}, {@code dark}, {@code highContrast}. */
    public String textKey() {
        return this == HIGH_CONTRAST ? "highContrast" : id();
    }

    /** The theme stored as {@code id}; anything unknown is light. */
    public static Theme of(String id) {
        for (Theme t : values()) if (t.id().equals(id)) return t;
        return LIGHT;
    }
}
