package org.socketlab.share;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RoomView} as the JSON the student's page reads. Every string is escaped so that nothing in it can end the
 * JSON or be read as markup if the text is ever put in a page: quotes, backslashes and control characters as JSON
 * requires, and also {@code < > & '}, U+2028/U+2029 and every surrogate as {@code \}{@code uXXXX} (a journal's
 * payload is whatever a program sent).
 */
final class RoomJson {
    private final StringBuilder out = new StringBuilder(4096);
    private boolean first = true;

    private RoomJson() {
    }

    /** The view's JSON, UTF-8. */
    static byte[] of(RoomView v) {
        RoomJson j = new RoomJson();
        j.out.append('{');
        j.number("version", v.version()).number("step", v.step()).number("steps", v.steps());
        j.string("lang", v.lang()).string("title", v.title()).string("diagramSvg", v.diagramSvg());
        j.string("narrationHtml", v.narrationHtml()).string("stateMachineSvg", v.stateMachineSvg());
        j.string("socketTableHtml", v.socketTableHtml()).strings("rowTexts", v.rowTexts());
        j.question(v.question());
        j.out.append('}');
        return j.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private RoomJson key(String name) {
        if (!first) out.append(',');
        first = false;
        quoted(out, name);
        out.append(':');
        return this;
    }

    private RoomJson number(String name, long value) {
        key(name).out.append(value);
        return this;
    }

    private RoomJson string(String name, String value) {
        quoted(key(name).out, value);
        return this;
    }

    private RoomJson strings(String name, List<String> values) {
        key(name).out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            quoted(out, values.get(i));
        }
        out.append(']');
        return this;
    }

    private void question(@Nullable RoomQuestion q) {
        key("question");
        if (q == null) {
            out.append("null");
            return;
        }
        out.append('{');
        first = true;
        number("step", q.step()).number("round", q.round()).string("prompt", q.prompt()).strings("options",
                q.options());
        out.append('}');
    }

    /** {@code s} as a JSON string, escaped as this class says. */
    static void quoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\'', '\u2028', '\u2029' -> unicode(out, c);
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) unicode(out, c);
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }
}
