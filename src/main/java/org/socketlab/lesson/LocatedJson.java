package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.file.JsonProblem;

/**
 * A JSON tree read token by token, remembering where in the text each object and array starts and where each field's
 * name is, so a problem found in the tree can name its line and column. Jackson's own {@code readTree} keeps no
 * locations. Objects and arrays are fresh instances here, so they key the maps by identity; a field is found through
 * its object (small numbers and booleans are shared instances and cannot key anything). Also read by check files
 * ({@code org.socketlab.check}), so their messages name line and column the same way.
 */
public final class LocatedJson {
    /** A place in the text: 1-based line and column. */
    public record Position(int line, int column) {
        static Position of(JsonLocation l) {
            return new Position(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }
    }

    /** Where the text stopped being JSON and why, and the step the reader was in then (0 when outside the steps). */
    public static final class Broken extends Exception {
        public final LocalizedException detail;
        public final Position at;
        final int step;
        final @Nullable JsonNode partialStep;

        Broken(LocalizedException detail, Position at, int step, @Nullable JsonNode partialStep) {
            super(detail.getMessage(), detail, false, false);
            this.detail = detail;
            this.at = at;
            this.step = step;
            this.partialStep = partialStep;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Position START = new Position(1, 1);

    private final @Nullable JsonNode root;
    private final Map<JsonNode, Position> containers = new IdentityHashMap<>();
    private final Map<JsonNode, Map<String, Position>> fieldNames = new IdentityHashMap<>();
    /** While reading: the 1-based step being read, and what of it was read so far (for messages about broken JSON). */
    private int step;
    private @Nullable JsonNode stepSoFar;

    private LocatedJson(JsonFactory factory, String json) throws Broken {
        try (JsonParser p = factory.createParser(json)) {
            try {
                JsonToken first = p.nextToken();
                root = first == null ? null : value(p, first, "");
                if (p.nextToken() != null)
                    throw new Broken(new LocalizedException("lesson.error.trailing"),
                            Position.of(p.currentTokenLocation()), 0, null);
            } catch (JsonProcessingException e) {
                JsonLocation l = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw new Broken(new LocalizedException("lesson.error.json", JsonProblem.of(e)), Position.of(l),
                        step, stepSoFar);
            }
        } catch (IOException e) {
            // A String source cannot fail to read; only JsonProcessingException (caught above) comes from the text.
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code json} with {@code factory}'s features (duplicate keys, nesting limits...). */
    public static LocatedJson read(JsonFactory factory, String json) throws Broken {
        return new LocatedJson(factory, json);
    }

    /** The text's value; null when the text holds none (only white space). */
    public @Nullable JsonNode root() {
        return root;
    }

    /** Where an object or array read here starts; the start of the text for anything else. */
    public Position of(JsonNode node) {
        return node == null ? START : containers.getOrDefault(node, START);
    }

    /** Where {@code field}'s name is in {@code object}; where the object starts when it has no such field. */
    public Position field(JsonNode object, String field) {
        Map<String, Position> names = fieldNames.get(object);
        Position p = names == null ? null : names.get(field);
        return p != null ? p : of(object);
    }

    private JsonNode value(JsonParser p, JsonToken t, String path) throws IOException {
        Position at = Position.of(p.currentTokenLocation());
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                containers.put(o, at);
                if (path.startsWith("/steps/") && path.indexOf('/', 7) < 0) stepSoFar = o;
                Map<String, Position> names = new HashMap<>();
                fieldNames.put(o, names);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    names.put(name, Position.of(p.currentTokenLocation()));
                    o.set(name, value(p, p.nextToken(), path + "/" + name));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                containers.put(a, at);
                boolean steps = path.equals("/steps");
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (steps) {
                        step = a.size() + 1;
                        stepSoFar = null;
                    }
                    a.add(value(p, next, path + "/" + a.size()));
                }
                if (steps) {
                    step = 0;
                    stepSoFar = null;
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected " + t);
        };
    }
}
