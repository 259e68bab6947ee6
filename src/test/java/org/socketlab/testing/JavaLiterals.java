package org.socketlab.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of a Java source, as the rule tests over src/main read them (NameLiteralsTest: call and errno
 * names; UserTextSourceTest: words a user reads). Comments, character literals and text blocks are skipped; each
 * literal keeps its escapes as written and the line it is on.
 */
public final class JavaLiterals {
    private JavaLiterals() {
    }

    public record Literal(int line, String text) {
    }

    public static List<Literal> of(String source) {
        List<Literal> out = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < source.length();) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
            } else if (source.startsWith("/*", i) || source.startsWith("\"\"\"", i)) {
                String close = c == '/' ? "*/" : "\"\"\"";
                int end = source.indexOf(close, i + close.length());
                end = end < 0 ? source.length() : end + close.length();
                line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    if (source.charAt(j) == '\\') text.append(source.charAt(j++));
                    text.append(source.charAt(j++));
                }
                if (c == '"') out.add(new Literal(line, text.toString()));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
