package org.socketlab.journal.file;

import static org.socketlab.journal.file.JournalField.*;
import static org.socketlab.journal.file.JsonFields.flag;
import static org.socketlab.journal.file.JsonFields.integer;
import static org.socketlab.journal.file.JsonFields.longList;
import static org.socketlab.journal.file.JsonFields.number;
import static org.socketlab.journal.file.JsonFields.optionalBytes;
import static org.socketlab.journal.file.JsonFields.optionalInt;
import static org.socketlab.journal.file.JsonFields.optionalLong;
import static org.socketlab.journal.file.JsonFields.optionalString;
import static org.socketlab.journal.file.JsonFields.required;
import static org.socketlab.journal.file.JsonFields.string;
import static org.socketlab.journal.file.JsonFields.stringList;
import static org.socketlab.journal.file.JsonFields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;

/**
 * A journal line's JSON object back into the event it was written from: the format it says, the fields its type needs
 * and their kinds; what a line lacks or has wrong is a {@link LocalizedException} naming the field.
 */
final class EventJsonReader {

    private EventJsonReader() {
    }

    /** A journal line's JSON object (of a format this SocketLab reads) back into an event, checked field by field. */
    static Event event(JsonNode o) {
        String type = string(o, TYPE.key);
        EventShape<?> shape = EventShape.of(type);
        Payload payload = shape != null ? read(shape, o) : switch (type) {
            case "process" -> ProcessEventJson.read(o);
            case "note" -> new Payload.Note(stringMap(o, TEXT.key),
                    o.has(SLIDE.key) ? stringMap(o.get(SLIDE.key), "title") : Map.of(),
                    o.has(SLIDE.key) ? stringMap(o.get(SLIDE.key), "text") : Map.of(),
                    o.has(QUIZ.key) ? quiz(required(o, QUIZ.key)) : null);
            default -> throw new LocalizedException("cli.journal.unknownType", type);
        };
        long seq = number(o, SEQ.key);
        if (seq < 1) throw new LocalizedException("cli.journal.badValue", SEQ.key, String.valueOf(seq));
        return new Event(seq, number(o, AT_NS.key), name(o, ENDPOINT.key, ENDPOINT.key), payload);
    }

    /** A line of a type {@link EventShape} states: each field read and checked by its kind, then the record made. */
    private static <P extends Payload> P read(EventShape<P> shape, JsonNode o) {
        EventShape.Values values = new EventShape.Values();
        for (EventShape.Field<P> field : shape.fields()) values.put(field.key(), read(field, o));
        return shape.make().apply(values);
    }

    /** One field as its kind reads it; what is missing or of the wrong kind is refused naming the field. */
    private static @Nullable Object read(EventShape.Field<?> field, JsonNode o) {
        String key = field.key().key;
        return switch (field.kind()) {
            case STRING -> string(o, key);
            case NAME -> name(o, key, key);
            case INT -> integer(o, key);
            case LONG -> number(o, key);
            case STRING_LIST -> stringList(o, key);
            case STRING_MAP -> stringMap(o, key);
            case NULLABLE_INT, OPTIONAL_INT -> optionalInt(o, key);
            case NULLABLE_LONG, OPTIONAL_LONG -> optionalLong(o, key);
            case NULLABLE_STRING, OPTIONAL_STRING -> optionalString(o, key);
            // Journals written before calls carried their entry time read as "entry not recorded".
            case OPTIONAL_ZERO_LONG -> o.has(key) ? number(o, key) : 0L;
            case OPTIONAL_FLAG -> flag(o, key);
            case OPTIONAL_STRING_LIST -> o.has(key) ? stringList(o, key) : List.of();
            case OPTIONAL_LONG_LIST -> o.has(key) ? longList(o, key) : List.of();
            case OPTIONAL_BYTES -> optionalBytes(o, key);
            case OPTIONAL_PACKET -> packet(o);
            case ELIDED -> elided(o);
            case PASSAGE -> passage(o);
        };
    }

    /**
     * A name the journal's readers and writers may use as a file name or in a program (an endpoint, a segment's end, a
     * quiz's lesson): one safe segment ({@link SafeName}), else the line is refused saying so.
     */
    private static String name(JsonNode o, String field, String said) {
        return SafeName.check(said, string(o, field));
    }

    /** A captured segment's passage over the wire between two hosts (absent: none, or an older journal). */
    private static Payload.@Nullable Passage passage(JsonNode o) {
        String fate = optionalString(o, LINK_FATE.key);
        if (fate == null) return null;
        return new Payload.Passage(fate, number(o, LINK_DEPARTED_NS.key),
                o.has(LINK_ARRIVED_NS.key) ? longList(o, LINK_ARRIVED_NS.key) : List.of(),
                o.has(LINK_WIRE_LATE_NS.key) ? number(o, LINK_WIRE_LATE_NS.key) : 0);
    }

    private static Payload.@Nullable Quiz quiz(JsonNode q) {
        if (!q.isObject()) throw new LocalizedException("cli.journal.badValue", QUIZ.key, q.toString());
        return switch (string(q, "kind")) {
            case "answer" -> {
                List<Integer> right = new ArrayList<>();
                JsonNode r = required(q, "right");
                if (!r.isArray()) throw new LocalizedException("cli.journal.badValue", "quiz.right", r.toString());
                for (JsonNode n : r) {
                    if (!n.isIntegralNumber() || !n.canConvertToInt())
                        throw new LocalizedException("cli.journal.badValue", "quiz.right", r.toString());
                    right.add(n.asInt());
                }
                yield new Payload.Quiz.Answer(name(q, "lesson", "quiz.lesson"), integer(q, "step"), string(q, "topic"),
                        integer(q, "chosen"),
                        right, string(q, "kernel"), string(q, "expected"));
            }
            case "question" ->
                new Payload.Quiz.Asked(name(q, "lesson", "quiz.lesson"), integer(q, "step"), integer(q, "index"),
                        string(q, "topic"));
            case "score" -> {
                JsonNode complete = required(q, "complete");
                if (!complete.isBoolean())
                    throw new LocalizedException("cli.journal.badValue", "quiz.complete", complete.toString());
                yield new Payload.Quiz.Score(name(q, "lesson", "quiz.lesson"), integer(q, "right"), integer(q, "asked"),
                        complete.asBoolean());
            }
            default -> null; // a kind from a newer SocketLab: the note still reads as narration
        };
    }

    /** A captured segment's bytes, bounded like the capture's own. */
    private static byte @Nullable [] packet(JsonNode o) {
        byte[] packet = optionalBytes(o, PACKET_B64.key);
        if (packet != null && (packet.length == 0 || packet.length > Payload.Segment.MAX_PACKET))
            throw new LocalizedException("cli.journal.badValue", PACKET_B64.key, packet.length + " bytes");
        return packet;
    }

    /** The whole payload's length and digest when data_b64 is only its first bytes, else null. */
    private static Payload.@Nullable Elided elided(JsonNode o) {
        Long length = optionalLong(o, DATA_LEN.key);
        String sha256 = optionalString(o, DATA_SHA256.key);
        if (length == null && sha256 == null) return null;
        if (length == null || length < 0) throw new LocalizedException("cli.journal.missingField", DATA_LEN.key);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}"))
            throw new LocalizedException("cli.journal.badValue", DATA_SHA256.key, String.valueOf(sha256));
        return new Payload.Elided(length, sha256);
    }
}
