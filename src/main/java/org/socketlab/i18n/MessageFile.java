package org.socketlab.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A messages file read as {@link java.util.Properties#load(java.io.Reader)} reads it, UTF-8, but a line at a time
 * instead of a character at a time: the window's first text waits for it, and at start-up it runs interpreted
 * ({@code ResourceBundle} took about 24 ms of the FX thread's start for the two languages).
 */
final class MessageFile {
    private MessageFile() {
    }

    /** The texts of the resource {@code name} beside this class. */
    static Map<String, String> read(String name) {
        try (InputStream in = MessageFile.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no messages file " + name);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys and values as {@code Properties.load} would find them in {@code text}, its corner cases included. */
    static Map<String, String> parse(String text) {
        // Properties reads past a continued line's \r\n as one break: at the very end that changes what is kept.
        boolean endsInCrLf = text.endsWith("\r\n");
        if (text.indexOf('\r') >= 0) text = text.replace("\r\n", "\n").replace('\r', '\n');
        Map<String, String> texts = new HashMap<>(4096);
        StringBuilder logical = new StringBuilder();
        int pos = 0, length = text.length();
        while (pos < length) {
            int end = text.indexOf('\n', pos);
            if (end < 0) end = length;
            int start = skipBlanks(text, pos, end);
            pos = end + 1;
            // A line that begins a logical line (or follows a continuation that added nothing) may be a comment.
            if (logical.isEmpty() && start < end && (text.charAt(start) == '#' || text.charAt(start) == '!')) continue;
            logical.append(text, start, end);
            boolean continued = endsInEscape(text, start, end);
            if (end == length || pos >= length) { // the text ends here
                if (logical.isEmpty()) break;
                if (continued) logical.setLength(logical.length() - 1); // a last backslash is dropped
                boolean readPastCrLf = endsInCrLf && end < length && continued;
                if (!(readPastCrLf && logical.isEmpty())) put(texts, logical.toString());
                break;
            }
            if (logical.isEmpty()) continue;
            if (continued) logical.setLength(logical.length() - 1);
            else {
                put(texts, logical.toString());
                logical.setLength(0);
            }
        }
        return texts;
    }

    private static void put(Map<String, String> texts, String line) {
        int keyEnd = 0, length = line.length();
        while (keyEnd < length) {
            char c = line.charAt(keyEnd);
            if (c == '\\') keyEnd += 2;
            else if (c == '=' || c == ':' || isBlank(c)) break;
            else keyEnd++;
        }
        keyEnd = Math.min(keyEnd, length);
        int value = skipBlanks(line, keyEnd, length);
        if (value < length && (line.charAt(value) == '=' || line.charAt(value) == ':'))
            value = skipBlanks(line, value + 1, length);
        texts.put(unescape(line.substring(0, keyEnd)), unescape(line.substring(value)));
    }

    private static int skipBlanks(String text, int from, int to) {
        while (from < to && isBlank(text.charAt(from))) from++;
        return from;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /** An odd number of backslashes at the end of {@code text[from, to)}: the line goes on in the next one. */
    private static boolean endsInEscape(String text, int from, int to) {
        int slashes = 0;
        for (int i = to - 1; i >= from && text.charAt(i) == '\\'; i--) slashes++;
        return slashes % 2 == 1;
    }

    private static String unescape(String s) {
        int slash = s.indexOf('\\');
        if (slash < 0) return s;
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, slash);
        for (int i = slash; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                if (c != '\\') out.append(c);
                continue;
            }
            char escaped = s.charAt(++i);
            switch (escaped) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) throw malformed();
                    int code = 0;
                    for (int digit = 0; digit < 4; digit++) code = code << 4 | hex(s.charAt(++i));
                    out.append((char) code);
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw malformed();
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("Malformed \\uxxxx encoding.");
    }
}
