package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.css.CssParser;
import javafx.css.Rule;
import javafx.css.Selector;
import javafx.css.Stylesheet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 62: the themes the program loads are AtlantaFX's without the rules of controls it never makes (the build's
 * packaging/ThemeSheets.java). What they leave out must match nothing the program makes: no control of those kinds is
 * imported, and no style class they name is given to a node or styled by the program's own sheets.
 */
class ThemeSheetsTest {
    /** Controls whose rules the trimmed sheets leave out: the program must make none of them. */
    private static final Pattern NEVER_IMPORTED = Pattern
            .compile("import (atlantafx\\.base\\.controls\\.|javafx\\.scene"
                    + "\\.chart\\.|javafx\\.scene\\.web\\.|javafx\\.scene\\.control\\.(DatePicker|ColorPicker|Pagination|TreeView"
                    + "|TreeTableView|Spinner|Accordion|TitledPane|SplitMenuButton)\\b)");
    private static final Pattern STYLE_CLASS = Pattern.compile("\\.([A-Za-z_][\\w-]*)");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][\\w-]*)\"");

    @ParameterizedTest
    @ValueSource(strings = {"primer-light", "primer-dark"})
    void theProgramLoadsTheTrimmedThemeAndItLeavesOutOnlyWhatTheProgramNeverMakes(String name) throws IOException {
        URL trimmed = Themes.class.getResource("theme/" + name + ".bss");
        assertNotNull(trimmed, "the build writes " + name + ".bss (packaging/ThemeSheets.java, process-resources)");
        assertEquals(trimmed.toExternalForm(), Themes.sheet(name, () -> "the whole theme"));

        Stylesheet whole;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("atlantafx/base/theme/" + name + ".css")) {
            assertNotNull(in);
            whole = new CssParser().parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Stylesheet kept = Stylesheet.loadBinary(trimmed);
        assertTrue(kept.getRules().size() < whole.getRules().size() * 0.7 && kept.getRules().size() > 500,
                kept.getRules().size() + " rules of " + whole.getRules().size());
        Set<String> left = classesOf(whole);
        left.removeAll(classesOf(kept));
        assertTrue(left.containsAll(List.of("date-picker", "chart", "toggle-switch")), left::toString);
        assertTrue(!left.contains("button") && !left.contains("menu-button") && !left.contains("table-view"),
                left::toString);

        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String file = f.toString();
                if (!file.endsWith(".java") && !file.endsWith(".css")) continue;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (file.endsWith(".java") && NEVER_IMPORTED.matcher(line).find()) uses.add(f + ":" + (i + 1));
                    Matcher m = (file.endsWith(".css") ? STYLE_CLASS : LITERAL).matcher(line);
                    boolean styling = file.endsWith(".css") || line.contains("StyleClass") || line.contains("Styles.");
                    while (styling && m.find())
                        if (left.contains(m.group(1))) uses.add(f + ":" + (i + 1) + " ." + m.group(1));
                }
            }
        }
        assertEquals(List.of(), uses, "the program makes what the trimmed theme does not style");
    }

    private static Set<String> classesOf(Stylesheet sheet) {
        Set<String> classes = new TreeSet<>();
        for (Rule rule : sheet.getRules())
            for (Selector s : rule.getSelectors()) {
                Matcher m = STYLE_CLASS.matcher(s.toString());
                while (m.find()) classes.add(m.group(1));
            }
        return classes;
    }
}
