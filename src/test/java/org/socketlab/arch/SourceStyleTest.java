package org.socketlab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What neither the formatter (Spotless) nor Checkstyle (config/checkstyle.xml: unused, star and redundant imports,
 * method length), both in validate, checks: no type is named by its full name inline where an import would do (only
 * a clash with another type of the same simple name justifies it).
 */
class SourceStyleTest {
    private static final Pattern FQN = Pattern.compile(
            "(?<![\\w.\"])((?:java|javax|javafx|jdk|org|com|net|atlantafx)(?:\\.[a-z_][a-z0-9_]*)+)\\.([A-Z][A-Za-z0-9_]*)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\.(\\w+|\\*);");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

    private static List<Path> sources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java", "packaging")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all;
    }

    /** The line with comments, strings, characters and text blocks blanked out; {@code state[0]} block comment, [1] text block. */
    static String code(String line, boolean[] state) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            if (state[1]) {
                if (line.startsWith("\"\"\"", i)) {
                    state[1] = false;
                    i += 3;
                } else i++;
                out.append(' ');
                continue;
            }
            if (state[0]) {
                if (line.startsWith("*/", i)) {
                    state[0] = false;
                    i += 2;
                } else i++;
                out.append(' ');
                continue;
            }
            if (line.startsWith("//", i)) break;
            if (line.startsWith("/*", i)) {
                state[0] = true;
                i += 2;
                continue;
            }
            if (line.startsWith("\"\"\"", i)) {
                state[1] = true;
                i += 3;
                continue;
            }
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < line.length() && line.charAt(j) != c) j += line.charAt(j) == '\\' ? 2 : 1;
                out.append(" ".repeat(Math.min(j, line.length() - 1) - i + 1));
                i = j + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    @Test
    void noTypeIsWrittenInFullWhereAnImportWouldDo() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            String text = String.join("\n", lines);
            String pkg = lines.stream().filter(l -> l.startsWith("package ")).findFirst()
                    .map(l -> l.substring(8, l.indexOf(';'))).orElse("");
            Set<String> samePackage = new HashSet<>();
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                        .forEach(n -> samePackage.add(n.substring(0, n.length() - 5)));
            }
            Set<String> declared = new HashSet<>();
            Matcher d = DECLARED.matcher(text);
            while (d.find()) declared.add(d.group(1));
            Map<String, String> imported = new HashMap<>();
            boolean[] state = new boolean[2];
            List<String> codeLines = new ArrayList<>();
            for (String line : lines) {
                Matcher m = IMPORT.matcher(line);
                if (m.find()) {
                    if (m.group(1) == null && !m.group(3).equals("*"))
                        imported.put(m.group(3), m.group(2) + "." + m.group(3));
                    codeLines.add("");
                    continue;
                }
                codeLines.add(line.startsWith("package ") ? "" : code(line, state));
            }
            for (int n = 0; n < codeLines.size(); n++) {
                Matcher m = FQN.matcher(codeLines.get(n));
                while (m.find()) {
                    String full = m.group(1) + "." + m.group(2), simple = m.group(2);
                    String owner = imported.get(simple);
                    boolean clash = (owner != null && !owner.equals(full))
                            || (declared.contains(simple) && owner == null)
                            || (samePackage.contains(simple) && !(pkg + "." + simple).equals(full));
                    if (!clash)
                        problems.add(file + ":" + (n + 1) + ": write " + simple + " with an import, not " + full);
                }
            }
        }
        assertEquals(List.of(), problems, "mvn spotless:apply orders imports; these need a hand");
    }
}
