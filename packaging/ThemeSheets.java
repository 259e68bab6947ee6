import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.css.Stylesheet;

/**
 * Build step (process-resources, see pom.xml): AtlantaFX's Primer light and dark stylesheets without the rules of
 * controls SocketLab never makes, in JavaFX's binary form, where {@code ui/shell/Themes} loads them. JavaFX parses the
 * theme at every start and matches every styled node against its rules: 1,072 rules, 625 of them for controls that
 * are here (issue 62, docs/performance.md). Run with the project's class path (AtlantaFX and JavaFX):
 * {@code java -cp CLASSPATH packaging/ThemeSheets.java OUTPUT_DIR}. {@code ThemeSheetsTest} checks that the program
 * makes none of the controls whose rules are left out.
 */
public class ThemeSheets {
    /** Style classes of controls the program never makes: a selector that names one matches no node of it. */
    static final Set<String> NEVER_MADE = Set.of("date-picker", "date-picker-popup", "calendar", "color-picker",
            "color-palette", "color-palette-region", "custom-color-dialog", "pagination", "tree-view", "tree-cell",
            "tree-table-view", "tree-table-row-cell", "spinner", "accordion", "titled-pane", "split-menu-button",
            "notification", "message", "card", "tile", "tile-base", "toggle-switch", "custom-text-field", "popover",
            "modal-pane", "modal-box", "breadcrumbs", "ring-progress-indicator", "bb-code", "chart");
    /** The same for families named by a prefix or suffix: the HTML editor's buttons, the charts' parts. */
    static final Pattern NEVER_MADE_FAMILY = Pattern.compile("html-editor.*|chart-.*|.*-chart|default-color\\d+"
            + "|.*-legend-symbol");
    private static final Pattern STYLE_CLASS = Pattern.compile("\\.([A-Za-z_][\\w-]*)");

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        for (String name : List.of("primer-light", "primer-dark")) {
            String css;
            try (InputStream in = ClassLoader.getSystemResourceAsStream("atlantafx/base/theme/" + name + ".css")) {
                if (in == null)
                    throw new IllegalStateException("AtlantaFX's " + name + ".css is not on the class path");
                css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path text = Files.createTempFile(name, ".css");
            try {
                Files.writeString(text, trim(css));
                Stylesheet.convertToBinary(text.toFile(), out.resolve(name + ".bss").toFile());
            } finally {
                Files.delete(text);
            }
        }
    }

    /** The stylesheet without the selectors that name a control never made, and without rules left with none. */
    static String trim(String css) {
        String plain = css.replaceAll("(?s)/\\*.*?\\*/", "");
        StringBuilder kept = new StringBuilder();
        int at = 0;
        while (true) {
            int open = plain.indexOf('{', at);
            if (open < 0) break;
            int close = plain.indexOf('}', open);
            if (close < 0) throw new IllegalStateException("a rule without its end at " + open);
            List<String> selectors = new ArrayList<>();
            for (String selector : plain.substring(at, open).split(","))
                if (!selector.isBlank() && !namesNeverMade(selector)) selectors.add(selector.strip());
            if (!selectors.isEmpty())
                kept.append(String.join(",\n", selectors)).append(' ').append(plain, open, close + 1).append('\n');
            at = close + 1;
        }
        if (!plain.substring(at).isBlank()) throw new IllegalStateException("text after the last rule");
        return kept.toString();
    }

    private static boolean namesNeverMade(String selector) {
        Matcher m = STYLE_CLASS.matcher(selector);
        while (m.find()) {
            String styleClass = m.group(1);
            if (NEVER_MADE.contains(styleClass) || NEVER_MADE_FAMILY.matcher(styleClass).matches()) return true;
        }
        return false;
    }
}
