package org.socketlab.trace;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.LocalizedException;

/**
 * A command line typed in the window (File → Watch a program…) split into the program and its arguments, as a POSIX
 * shell would split it but without ever running one: nothing is expanded ({@code $HOME}, {@code *}, {@code ~} stay as
 * typed), no pipes or redirections. Words are separated by blanks; {@code 'single quotes'} keep everything literally;
 * {@code "double quotes"} keep blanks, and a backslash in them escapes only {@code "} and {@code \}; outside quotes a
 * backslash makes the next character literal. {@code ''} or {@code ""} is an empty argument.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /**
     * The words of {@code line}; empty for a blank line. A quote left open or a backslash at the very end is refused
     * ({@code trace.commandLine.unclosed}, {@code trace.commandLine.trailingBackslash}) with the column, 1-based.
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0, n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) throw new LocalizedException("trace.commandLine.unclosed", "'", String.valueOf(i + 1));
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                int open = i++;
                while (true) {
                    if (i >= n)
                        throw new LocalizedException("trace.commandLine.unclosed", "\"", String.valueOf(open + 1));
                    char d = line.charAt(i);
                    if (d == '"') break;
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\'))
                        d = line.charAt(++i);
                    word.append(d);
                    i++;
                }
                inWord = true;
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n)
                    throw new LocalizedException("trace.commandLine.trailingBackslash", String.valueOf(i + 1));
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return List.copyOf(words);
    }

    /** The words written back as one line that {@link #split} reads as the same words (for titles and the dialog). */
    public static String join(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) quoted.add(quote(w));
        return String.join(" ", quoted);
    }

    private static String quote(String word) {
        if (word.isEmpty()) return "''";
        if (word.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\".indexOf(c) >= 0)) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
