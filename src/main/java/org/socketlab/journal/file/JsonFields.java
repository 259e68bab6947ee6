package org.socketlab.journal.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;

/**
 * A journal line's fields read as values of their kind (a text, an int, a long, base64 bytes, a list, a map of texts):
 * a field missing or of another kind is a {@link LocalizedException} naming it, in the user's language.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** An optional boolean field, false when absent. */
    static boolean flag(JsonNode o, String field) {
        if (!o.has(field)) return false;
        JsonNode v = o.get(field);
        if (!v.isBoolean()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asBoolean();
    }

    static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new LocalizedException("cli.journal.missingField", field);
        return v;
    }

    static String string(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isTextual()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asText();
    }

    static @Nullable String optionalString(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : string(o, field);
    }

    static long number(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong())
            throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asLong();
    }

    static int integer(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isIntegralNumber() || !v.canConvertToInt())
            throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asInt();
    }

    static @Nullable Integer optionalInt(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : integer(o, field);
    }

    static @Nullable Long optionalLong(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : number(o, field);
    }

    static byte @Nullable [] optionalBytes(JsonNode o, String field) {
        String b64 = optionalString(o, field);
        if (b64 == null) return null;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new LocalizedException("cli.journal.badValue", field, b64);
        }
    }

    static List<Long> longList(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isArray()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        List<Long> list = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isIntegralNumber() || !n.canConvertToLong())
                throw new LocalizedException("cli.journal.badValue", field, v.toString());
            list.add(n.asLong());
        }
        return list;
    }

    static Map<String, String> stringMap(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (v.getNodeType() != JsonNodeType.OBJECT)
            throw new LocalizedException("cli.journal.badValue", field, v.toString());
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual())
                throw new LocalizedException("cli.journal.badValue", field + "." + e.getKey(), e.getValue().toString());
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    static List<String> stringList(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isArray()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        List<String> list = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
            list.add(item.asText());
        }
        return list;
    }
}
