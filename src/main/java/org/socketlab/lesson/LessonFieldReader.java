package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;

/**
 * Reads the plain fields of a lesson file (strings, numbers, names, flags, texts in both languages) and remembers
 * where the field being read is, so that a problem found in it names its line and column.
 */
final class LessonFieldReader {
    /** Where each node of the file is; null until the text has been read as JSON. */
    @Nullable
    LocatedJson located;
    /** The place of what is being checked now, which a problem names. */
    LocatedJson.Position here = new LocatedJson.Position(1, 1);

    /** From now on problems are said to be at this field of {@code node} (its name), or at the node itself. */
    void at(JsonNode node, @Nullable String field) {
        if (located != null) here = field == null ? located.of(node) : located.field(node, field);
    }

    void onlyFields(JsonNode node, Set<String> allowed, @Nullable String where) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (!allowed.contains(name)) {
                at(node, name);
                throw new LocalizedException("lesson.error.unknownField", name, where == null ? "lesson" : where,
                        String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /**
     * A text in both languages; {@code mayBeEmpty} lets a recorded lesson's narration wait to be written (both
     * keys are still needed, so a translator sees what is missing).
     */
    Text text(JsonNode node, String field, boolean mayBeEmpty) {
        return text(node, field, mayBeEmpty, false);
    }

    /**
     * A step's narration: a text in both languages that may also say, under {@code "two_hosts"}, what it says when the
     * lesson is moved to two machines.
     */
    Text narration(JsonNode node, boolean mayBeEmpty) {
        return text(node, "narration", mayBeEmpty, true);
    }

    private Text text(JsonNode node, String field, boolean mayBeEmpty, boolean mayMove) {
        at(node, field);
        JsonNode t = node.get(field);
        if (t == null || !t.isObject()) throw new LocalizedException("lesson.error.missingText", field);
        onlyFields(t, mayMove ? Set.of("es", "en", TWO_HOSTS) : Set.of("es", "en"), field);
        for (String lang : List.of("es", "en")) {
            at(t, lang);
            JsonNode v = t.get(lang);
            if (v == null || !v.isTextual() || (!mayBeEmpty && v.asText().isBlank()))
                throw new LocalizedException("lesson.error.missingLanguage", field, lang);
        }
        Text onTwoHosts = mayMove && t.has(TWO_HOSTS) ? text(t, TWO_HOSTS, mayBeEmpty, false) : null;
        return new Text(t.get("es").asText(), t.get("en").asText(), onTwoHosts);
    }

    private static final String TWO_HOSTS = "two_hosts";

    /** The step's optional slide for presenter mode: a short title and one sentence, both in es and en. */
    @Nullable
    Slide slide(JsonNode node) {
        if (!node.has("slide")) return null;
        at(node, "slide");
        JsonNode s = node.get("slide");
        if (!s.isObject()) throw new LocalizedException("lesson.error.badValue", "slide", s.toString());
        onlyFields(s, Set.of("title", "text"), "slide");
        return new Slide(text(s, "title", false), text(s, "text", false));
    }

    /** A list of socket names, {@code min} to {@code max} of them, each at most once. */
    List<String> names(JsonNode node, String field, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.size() < min || v.size() > max)
            throw new LocalizedException("lesson.error.badNames", field, String.valueOf(v), String.valueOf(min),
                    String.valueOf(max));
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || out.contains(n.asText()))
                throw new LocalizedException("lesson.error.badNames", field, v.toString(), String.valueOf(min),
                        String.valueOf(max));
            out.add(n.asText());
        }
        return out;
    }

    /** {@code "MSG_PEEK|MSG_WAITALL"}, {@code "POLLIN"}: names of one kind joined with |, at least one. */
    <E extends Enum<E>> Set<E> flagNames(JsonNode node, String field, Class<E> type) {
        String text = string(node, field);
        EnumSet<E> set = EnumSet.noneOf(type);
        try {
            for (String part : text.split("\\|")) set.add(Enum.valueOf(type, part.strip()));
        } catch (IllegalArgumentException bad) {
            throw new LocalizedException("lesson.error.badFlags", field, text,
                    String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
        return set;
    }

    String string(JsonNode node, String field) {
        at(node, field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull())
            throw new LocalizedException("lesson.error.missingField", field, node.path("call").asText("lesson"));
        if (!v.isTextual()) throw new LocalizedException("lesson.error.badValue", field, v.toString());
        return v.asText();
    }

    int integer(JsonNode node, String field, int min, int max) {
        at(node, field);
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max)
            throw new LocalizedException("lesson.error.badNumber", field, String.valueOf(v), String.valueOf(min),
                    String.valueOf(max));
        return v.asInt();
    }

    <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field) {
        String text = string(node, field);
        for (E e : type.getEnumConstants()) if (e.name().equals(text)) return e;
        throw new LocalizedException("lesson.error.badChoice", field, text,
                String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }
}
