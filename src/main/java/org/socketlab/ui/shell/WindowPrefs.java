package org.socketlab.ui.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import org.socketlab.i18n.Lang;
import org.socketlab.ui.common.UserHome;

/**
 * What the window remembers between runs: its size and place, the dividers of its panes, which panes are hidden,
 * the language, the theme, the zoom and the folder files were last chosen in ({@code ""}: none yet). Kept in a small properties file in the user's own configuration folder
 * ({@link #userFile()}); a layout that does not fit the screen it opens on is dropped ({@link #fittedTo}).
 */
public record WindowPrefs(double x, double y, double width, double height, boolean maximized,
        double[] dividers, String hiddenPanes, Lang lang, Theme theme, int zoom, String lastFolder) {

    public static final double NO_POSITION = Double.NaN;
    /** A window edge may stick out this much (window decorations, rounding) and still count as on screen. */
    private static final double SLACK = 16;

    public WindowPrefs {
        dividers = dividers.clone();
        lastFolder = lastFolder == null ? "" : lastFolder;
    }

    /** A layout with no folder remembered. */
    public WindowPrefs(double x, double y, double width, double height, boolean maximized,
            double[] dividers, String hiddenPanes, Lang lang, Theme theme, int zoom) {
        this(x, y, width, height, maximized, dividers, hiddenPanes, lang, theme, zoom, "");
    }

    @Override
    public double[] dividers() {
        return dividers.clone();
    }

    /** First run: no place, the whole screen, maximized, default dividers. */
    public static WindowPrefs defaults(Lang lang) {
        return new WindowPrefs(NO_POSITION, NO_POSITION, NO_POSITION, NO_POSITION, true, new double[0], "", lang,
                Theme.LIGHT,
                ShellViewModel.DEFAULT_ZOOM);
    }

    /** Whether a size was remembered (else the window takes the screen). */
    public boolean hasSize() {
        return !Double.isNaN(width) && !Double.isNaN(height);
    }

    /**
     * This layout if it fits one of {@code screens} (their visual bounds), else the defaults for geometry and
     * dividers with the same language, theme and zoom: a layout saved on a bigger monitor or a projector is not
     * forced onto a laptop. Dividers that would squeeze a pane to nothing are dropped the same way.
     */
    public WindowPrefs fittedTo(List<Rectangle2D> screens) {
        boolean fits = !hasSize() || screens.stream().anyMatch(this::fitsOn);
        boolean dividersOk = dividersSane(dividers);
        if (fits && dividersOk) return this;
        WindowPrefs d = defaults(lang);
        return new WindowPrefs(fits ? x : d.x, fits ? y : d.y, fits ? width : d.width, fits ? height : d.height,
                fits ? maximized : d.maximized, fits && dividersOk ? dividers : new double[0],
                fits ? hiddenPanes : "", lang, theme, zoom, lastFolder);
    }

    private boolean fitsOn(Rectangle2D s) {
        if (width > s.getWidth() + SLACK || height > s.getHeight() + SLACK || width < 200 || height < 150) return false;
        if (Double.isNaN(x) || Double.isNaN(y)) return true;
        return x >= s.getMinX() - SLACK && y >= s.getMinY() - SLACK
                && x + width <= s.getMaxX() + SLACK && y + height <= s.getMaxY() + SLACK;
    }

    /**
     * Four positions (clients|diagram, diagram|server, clients over tables, server over explanations), each pane
     * keeping a real share.
     */
    static boolean dividersSane(double[] d) {
        if (d.length == 0) return true;
        if (d.length != 4) return false;
        return d[0] >= 0.08 && d[1] - d[0] >= 0.15 && d[1] <= 0.92
                && d[2] >= 0.2 && d[2] <= 0.9 && d[3] >= 0.2 && d[3] <= 0.9;
    }

    /**
     * The key of the dividers: the rows layout before the columns (issue 57) stored its four under "dividers", which
     * mean other panes now, so they are not read.
     */
    static final String DIVIDERS_KEY = "columnDividers";

    /** Reads what was saved; anything missing or unreadable falls back to the default. */
    public static WindowPrefs from(Properties p, Lang systemLang) {
        WindowPrefs d = defaults(systemLang);
        double[] dividers = Arrays.stream(p.getProperty(DIVIDERS_KEY, "").split(","))
                .filter(s -> !s.isBlank()).mapToDouble(WindowPrefs::parseFraction).filter(v -> v >= 0).toArray();
        int zoom = Math.clamp(parseInt(p.getProperty("zoom"), d.zoom()), ShellViewModel.MIN_ZOOM,
                ShellViewModel.MAX_ZOOM);
        return new WindowPrefs(parseDouble(p.getProperty("x"), d.x()), parseDouble(p.getProperty("y"), d.y()),
                parseDouble(p.getProperty("width"), d.width()), parseDouble(p.getProperty("height"), d.height()),
                Boolean.parseBoolean(p.getProperty("maximized", String.valueOf(d.maximized()))), dividers,
                p.getProperty("hiddenPanes", ""), Lang.of(p.getProperty("lang", systemLang.code())),
                Theme.of(p.getProperty("theme", Theme.LIGHT.id())), zoom, p.getProperty("lastFolder", ""));
    }

    public Properties toProperties() {
        Properties p = new Properties();
        if (!Double.isNaN(x)) p.setProperty("x", number(x));
        if (!Double.isNaN(y)) p.setProperty("y", number(y));
        if (hasSize()) {
            p.setProperty("width", number(width));
            p.setProperty("height", number(height));
        }
        p.setProperty("maximized", String.valueOf(maximized));
        p.setProperty(DIVIDERS_KEY, String.join(",",
                Arrays.stream(dividers).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).toList()));
        p.setProperty("hiddenPanes", hiddenPanes);
        p.setProperty("lang", lang.code());
        p.setProperty("theme", theme.id());
        p.setProperty("zoom", String.valueOf(zoom));
        if (!lastFolder.isEmpty()) p.setProperty("lastFolder", lastFolder);
        return p;
    }

    /** The saved file, or the defaults when there is none or it cannot be read. */
    public static WindowPrefs load(Path file, Lang systemLang) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                p.clear(); // a damaged file is as good as none
            }
        }
        return from(p, systemLang);
    }

    /** Writes the file whole or not at all (a temporary file moved into place). Not remembering is not worth an error. */
    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                toProperties().store(out, "SocketLab window layout; delete this file to start afresh");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.getLogger(WindowPrefs.class.getName()).log(System.Logger.Level.DEBUG, "layout not saved", e);
        }
    }

    /** {@code window.properties} in the user's own configuration folder, see {@link #configDir}. */
    public static Path userFile() {
        return configDir(System.getenv(), System.getProperty("os.name", ""), UserHome.ofThisProcess())
                .resolve("window.properties");
    }

    /**
     * SocketLab's folder among the user's settings: {@code $XDG_CONFIG_HOME/socketlab} (else {@code ~/.config/socketlab})
     * on Linux and other Unixes, {@code %APPDATA%\SocketLab} on Windows, {@code ~/Library/Application Support/SocketLab}
     * on macOS. Never a place shared by every user of the machine.
     */
    static Path configDir(Map<String, String> env, String osName, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return (appData != null && !appData.isBlank()
                    ? Path.of(appData)
                    : home.resolve("AppData").resolve("Roaming")).resolve("SocketLab");
        }
        if (os.startsWith("mac")) return home.resolve("Library").resolve("Application Support").resolve("SocketLab");
        String xdg = env.get("XDG_CONFIG_HOME");
        // The XDG spec: a relative path is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("socketlab");
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double parseDouble(String s, double otherwise) {
        try {
            double v = s == null ? otherwise : Double.parseDouble(s.strip());
            return Double.isFinite(v) ? v : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static int parseInt(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
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
