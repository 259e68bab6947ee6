package org.socketlab.export;

/**
 * Text put into Markdown so that it stays text: what a program sent (a journal line quotes its bytes), a name from a
 * journal. Every Markdown that SocketLab writes goes through here, so a program's {@code ``<img onerror>``} never
 * closes a code span nor becomes HTML, a link or emphasis (the audit of 2026-11-28, R4).
 */
public final class Markdown {
    private Markdown() {
    }

    /**
     * {@code text} as one inline code span, read back exactly as {@code text} by every CommonMark reader: fenced with a
     * backtick run one longer than the longest run inside (a code span ends only at a run of its own length), padded
     * with a space on each side when the text begins or ends with a backtick or with a space on both sides (the reader
     * takes one space off each side). A line break, which could start a new block, is a space (as the reader makes it
     * anyway); empty text is no span at all.
     */
    public static String code(String text) {
        String flat = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        if (flat.isEmpty()) return "";
        int longest = 0, run = 0;
        for (int i = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = flat.startsWith("`") || flat.endsWith("`")
                || flat.startsWith(" ") && flat.endsWith(" ") && !flat.isBlank();
        String space = pad ? " " : "";
        return fence + space + flat + space + fence;
    }

    /**
     * {@code text} as plain words on one line of a paragraph or a list item: line breaks become spaces, and what could
     * start markup is escaped with a backslash: a backslash itself, a backtick, {@code <} (HTML, an autolink), {@code &}
     * (an entity), {@code *}, an {@code _} that is not inside a word ({@code sock_diag} stays as it is: no emphasis
     * starts there) and the {@code (} of {@code ](} (a link or an image: {@code [x](javascript:...)}; brackets alone
     * link nothing, as the transcript defines no reference). The reader shows the text as it was.
     */
    public static String text(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> {
                    if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') b.append(' ');
                }
                case '\n' -> b.append(' ');
                case '\\', '`', '<', '&', '*' -> b.append('\\').append(c);
                case '_' -> b.append(inWord(text, i) ? "_" : "\\_");
                case '(' -> b.append(i > 0 && text.charAt(i - 1) == ']' ? "\\(" : "(");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Whether the character at {@code i} has a letter or digit on each side. */
    private static boolean inWord(String text, int i) {
        return i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
                && Character.isLetterOrDigit(text.charAt(i + 1));
    }
}
