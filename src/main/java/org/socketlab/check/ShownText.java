package org.socketlab.check;

/**
 * What a submission wrote or named, made fit to show where a person or a tool reads it: a terminal (control characters
 * move the cursor, erase verdicts, set the title, write the clipboard), a line-based tool and a spreadsheet (a name
 * with a line break makes a row, one starting with {@code =} is a formula). Never trusted, never dropped: each
 * character that could act is written as what it is ({@code \x1b}, {@code \u202e}).
 */
public final class ShownText {
    private ShownText() {
    }

    /**
     * {@code text} with every control character but line breaks and tabs (the output of a program keeps its lines) and
     * every invisible character that reorders or separates lines written out as an escape.
     */
    public static String lines(String text) {
        return escaped(text, true);
    }

    /** {@code text} on one line: line breaks and tabs written out too ({@code \n}, {@code \t}). */
    public static String oneLine(String text) {
        return escaped(text, false);
    }

    /**
     * A CSV cell's text that no spreadsheet runs as a formula ({@code '} before a first {@code =}, {@code +},
     * {@code -} or {@code @}, as OWASP advises) and no line-based tool reads as two rows: {@link #oneLine}, and a
     * backslash written as {@code \\}, so that each cell reads back as one text only (a folder named {@code b\nq}
     * with a backslash is not the one named b, line break, q: the audit of 2026-11-28, R7). A first {@code '} gets
     * one more, so a name that began with it is not taken for a formula made safe ({@code '=1} and {@code =1} are two
     * cells): dropping the first {@code '} and reading the escapes gives the text back.
     */
    public static String cell(String text) {
        String one = escaped(text, false, true);
        return !one.isEmpty() && "=+-@'".indexOf(one.charAt(0)) >= 0 ? "'" + one : one;
    }

    private static String escaped(String text, boolean keepLines) {
        return escaped(text, keepLines, false);
    }

    private static String escaped(String text, boolean keepLines, boolean backslash) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String instead = null;
            if (c == '\\') instead = backslash ? "\\\\" : null;
            else if (c == '\n') instead = keepLines ? null : "\\n";
            else if (c == '\t') instead = keepLines ? null : "\\t";
            else if (c == '\r') instead = "\\r";
            else if (c < 0x20 || c == 0x7f) instead = String.format("\\x%02x", (int) c);
            else if (c >= 0x80 && c <= 0x9f) instead = String.format("\\u%04x", (int) c); // C1: CSI, OSC in one byte
            else
                if (c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069'
                        || c == '\u200e' || c == '\u200f' || c == '\u061c')
                    instead = String.format("\\u%04x", (int) c); // line separators and bidirectional overrides
            if (instead == null && b == null) continue;
            if (b == null) b = new StringBuilder(text.length() + 16).append(text, 0, i);
            b.append(instead == null ? String.valueOf(c) : instead);
        }
        return b == null ? text : b.toString();
    }
}
