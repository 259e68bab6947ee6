package org.socketlab.ui.shell;

import org.socketlab.i18n.Lang;

import java.util.Arrays;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the window remembers between runs: its size and place, the dividers of its panes, which panes are hidden,
 * the language, the theme and the font size. Stored with {@link Preferences} (per user, no file of ours).
 */
public record WindowPrefs(double x, double y, double width, double height, boolean maximized,
                          double[] dividers, String hiddenPanes, Lang lang, boolean dark, int fontSize) {

    public static final double NO_POSITION = Double.NaN;

    public WindowPrefs {
        dividers = dividers.clone();
    }

    @Override
    public double[] dividers() {
        return dividers.clone();
    }

    public static WindowPrefs defaults(Lang lang) {
        return new WindowPrefs(NO_POSITION, NO_POSITION, Shell.WIDTH, Shell.HEIGHT, false, new double[0], "", lang, false,
                ShellViewModel.DEFAULT_FONT_SIZE);
    }

    /** Reads what was saved; anything missing or unreadable falls back to the default. */
    public static WindowPrefs load(Preferences node, Lang systemLang) {
        WindowPrefs d = defaults(systemLang);
        double[] dividers = Arrays.stream(node.get("dividers", "").split(","))
                .filter(s -> !s.isBlank()).mapToDouble(WindowPrefs::parseFraction).filter(v -> v >= 0).toArray();
        int font = Math.clamp(node.getInt("fontSize", d.fontSize()), ShellViewModel.MIN_FONT_SIZE, ShellViewModel.MAX_FONT_SIZE);
        return new WindowPrefs(node.getDouble("x", d.x()), node.getDouble("y", d.y()),
                Math.max(600, node.getDouble("width", d.width())), Math.max(400, node.getDouble("height", d.height())),
                node.getBoolean("maximized", false), dividers, node.get("hiddenPanes", ""),
                Lang.of(node.get("lang", systemLang.code())), node.getBoolean("dark", false), font);
    }

    public void save(Preferences node) {
        node.putDouble("x", x);
        node.putDouble("y", y);
        node.putDouble("width", width);
        node.putDouble("height", height);
        node.putBoolean("maximized", maximized);
        node.put("dividers", String.join(",", Arrays.stream(dividers).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.4f", v)).toList()));
        node.put("hiddenPanes", hiddenPanes);
        node.put("lang", lang.code());
        node.putBoolean("dark", dark);
        node.putInt("fontSize", fontSize);
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Not remembering the layout is not worth bothering the user about.
        }
    }

    private static double parseFraction(String s) {
        try {
            double v = Double.parseDouble(s.strip());
            return v >= 0 && v <= 1 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
