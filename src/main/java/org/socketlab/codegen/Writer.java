package org.socketlab.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects a program's lines, with the lines of each call and its remarks. */
final class Writer {
    private static final int WIDTH = 100;
    private final String commentPrefix;
    private final List<String> lines = new ArrayList<>();
    private final Map<Long, Program.Range> ranges = new HashMap<>();
    private final Map<Long, List<String>> notes = new HashMap<>();
    private String indent = "";
    private long openSeq = -1;
    private int openFrom;

    Writer(String commentPrefix) {
        this.commentPrefix = commentPrefix;
    }

    Writer line(String text) {
        lines.add(text.isEmpty() ? "" : indent + text);
        return this;
    }

    /** A line at the left margin whatever the indent (C preprocessor lines). */
    Writer margin(String text) {
        lines.add(text);
        return this;
    }

    Writer blank() {
        lines.add("");
        return this;
    }

    Writer indent() {
        indent += "    ";
        return this;
    }

    Writer outdent() {
        indent = indent.substring(4);
        return this;
    }

    /**
     * A comment, wrapped at about {@value #WIDTH} columns. What it says may hold the journal's data (an errno name, a
     * path, an endpoint), so it is made {@link #inert} first: no line break or other control character, which would
     * end the comment and make the rest a line of the program.
     */
    Writer comment(String text) {
        for (String l : wrap(inert(text), WIDTH - indent.length() - commentPrefix.length()))
            line(commentPrefix + (l.endsWith("\\") ? l + "." : l));
        return this;
    }

    /**
     * {@code text} as a line comment of every language can hold it: each control character (line breaks among them)
     * and each line or paragraph separator a space, and Java's unicode escape (a backslash, u and the hex digits of a
     * line break, which javac reads before it sees the comment) broken by a space after the backslash, and C's trigraphs
     * ({@code ??/} is a backslash in ISO C) by a space between the question marks. A line is then never ended inside
     * the comment; a comment line
     * ending in a backslash, which C joins with the next line, gets a full stop after it ({@link #comment}).
     */
    static String inert(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') b.append(' ');
            else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == 'u') b.append("\\ ");
            // ISO C reads "??/" as a backslash before it sees the comment: one ending a line would join the next.
            else if (c == '?' && i + 1 < text.length() && text.charAt(i + 1) == '?') b.append("? ");
            else b.append(c);
        }
        return b.toString();
    }

    /** A remark on the call being written: a comment in the program and a note beside it. */
    Writer remark(String text) {
        if (openSeq >= 0) notes.computeIfAbsent(openSeq, k -> new ArrayList<>()).add(text);
        return comment(text);
    }

    void begin(long seq) {
        openSeq = seq;
        openFrom = lines.size();
    }

    void end() {
        ranges.put(openSeq, new Program.Range(openFrom, lines.size()));
        openSeq = -1;
    }

    Program program(Language language, String endpoint, String fileName) {
        return new Program(language, endpoint, fileName, lines, ranges, notes);
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > width) {
                out.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) current.append(' ');
            current.append(word);
        }
        if (current.length() > 0) out.add(current.toString());
        return out;
    }
}
