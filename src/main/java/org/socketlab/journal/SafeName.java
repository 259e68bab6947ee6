package org.socketlab.journal;

import org.socketlab.i18n.LocalizedException;

/**
 * A name read from a file (a journal's endpoints, a lesson's id, endpoints and socket names, a check's id) is one
 * segment of a safe alphabet: 1 to {@value #MAX_LENGTH} ASCII letters, digits, {@code -} and {@code _}, the first a
 * letter or digit. Every reader checks its names with {@link #check} where it reads them, and refuses the file
 * otherwise, so whatever writes a name later (the {@code server.c} that {@code socketlab code} writes, a program's
 * comment, its {@code cc -o server server.c} line, an export) gets one that can neither leave its folder ({@code /},
 * {@code ..}), end a comment (a line break), nor be read as an option ({@code -rf}). Every name the program makes
 * passes: {@code client}, {@code client-2}, {@code server}, {@code server-1}, {@code external}, {@code lab},
 * {@code program}, {@code program-4194304}, {@code tcp-basics}, {@code conn_2}.
 */
public final class SafeName {
    /** The longest name: room for any endpoint the program makes ({@code program-4194304}, {@code server-100000}). */
    public static final int MAX_LENGTH = 64;
    /** How much of a refused name its message shows. */
    private static final int SHOWN = 40;

    private SafeName() {
    }

    /** Whether {@code name} is one safe segment. */
    public static boolean isSafe(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !leading(name.charAt(0))) return false;
        for (int i = 1; i < name.length(); i++)
            if (!allowed(name.charAt(i))) return false;
        return true;
    }

    /** Whether the bytes {@code [from, to)} (ASCII, as a journal line holds them) are one safe segment. */
    public static boolean isSafe(byte[] bytes, int from, int to) {
        if (to - from < 1 || to - from > MAX_LENGTH || !leading(bytes[from])) return false;
        for (int i = from + 1; i < to; i++)
            if (!allowed(bytes[i])) return false;
        return true;
    }

    /**
     * {@code name} when it is safe, else a {@link LocalizedException} {@code name.unsafe} saying which field ({@code what}),
     * the name as it can be shown ({@link #shown}) and what a name may be.
     */
    public static String check(String what, String name) {
        if (!isSafe(name)) throw new LocalizedException("name.unsafe", what, shown(name), MAX_LENGTH);
        return name;
    }

    /**
     * {@code text} as a message can show it on one line: line breaks, tabs and other control characters as escapes
     * ({@code \n}, or a backslash, u and four hex digits), cut after {@value #SHOWN} characters with an ellipsis.
     */
    public static String shown(String text) {
        if (text == null) return "null";
        StringBuilder b = new StringBuilder();
        int end = Math.min(text.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c))
                        b.append(String.format("\\u%04x", (int) c));
                    else
                        b.append(c);
                }
            }
        }
        if (text.length() > SHOWN) b.append("… (").append(text.length()).append(')');
        return b.toString();
    }

    private static boolean leading(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean allowed(int c) {
        return leading(c) || c == '-' || c == '_';
    }
}
