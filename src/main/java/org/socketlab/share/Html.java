package org.socketlab.share;

/** HTML text escaped: what a journal holds (a program's bytes, a lesson's words) is only ever text in the page. */
final class Html {
    private Html() {
    }

    /** Markup characters as entities; characters a page cannot hold (controls, lone surrogates) left out. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp < 0x7F)
                            || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
                    if (allowed) sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }
}
