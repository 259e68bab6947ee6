package org.socketlab.journal.file;

import static java.util.Objects.requireNonNull;
import static org.socketlab.journal.file.JournalField.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** An event as its journal line's JSON object (docs/architecture/journal.md): snake_case keys, absent optional fields left out. */
final class EventJsonWriter {

    private EventJsonWriter() {
    }

    /** The event's JSON object, its fields in the order every journal writes them ({@link EventShape}). */
    static ObjectNode toJson(Event event) {
        ObjectNode o = JsonNodeFactory.instance.objectNode(); // what an ObjectMapper's createObjectNode() gives
        o.put(SEQ.key, event.seq());
        o.put(AT_NS.key, event.atNs());
        o.put(TYPE.key, event.type());
        o.put(ENDPOINT.key, event.endpoint());
        switch (event.payload()) {
            case Payload.Process p -> ProcessEventJson.write(p, o);
            case Payload.Note n -> note(n, o);
            case Payload flat -> write(shapeOf(flat), flat, o);
        }
        return o;
    }

    private static EventShape<?> shapeOf(Payload payload) {
        EventShape<?> shape = EventShape.of(payload.type());
        if (shape == null) throw new IllegalStateException(payload.type()); // a type added to Payload without a row in EventShape
        return shape;
    }

    private static <P extends Payload> void write(EventShape<P> shape, Payload payload, ObjectNode o) {
        P record = shape.record().cast(payload);
        for (EventShape.Field<P> field : shape.fields()) write(field, field.value().apply(record), o);
    }

    /** One field as its kind writes it: a value left out or written as null, as {@link EventShape.Kind} says. */
    private static void write(EventShape.Field<?> field, @Nullable Object value, ObjectNode o) {
        String key = field.key().key;
        switch (field.kind()) {
            case STRING, NAME, NULLABLE_STRING -> o.put(key, (String) value);
            case INT, NULLABLE_INT -> o.put(key, (Integer) value);
            case LONG, NULLABLE_LONG -> o.put(key, (Long) value);
            case STRING_LIST -> strings(o.putArray(key), value);
            case STRING_MAP -> {
                ObjectNode map = o.putObject(key);
                ((Map<?, ?>) requireNonNull(value)).forEach((k, v) -> map.put((String) k, (String) v));
            }
            case OPTIONAL_INT -> {
                if (value != null) o.put(key, (Integer) value);
            }
            case OPTIONAL_LONG, OPTIONAL_ZERO_LONG -> {
                if (value != null) o.put(key, (Long) value);
            }
            case OPTIONAL_STRING -> {
                if (value != null) o.put(key, (String) value);
            }
            case OPTIONAL_FLAG -> {
                if (Boolean.TRUE.equals(value)) o.put(key, true);
            }
            case OPTIONAL_STRING_LIST -> {
                if (value != null) strings(o.putArray(key), value);
            }
            case OPTIONAL_LONG_LIST -> {
                if (value != null) longs(o.putArray(key), value);
            }
            case OPTIONAL_BYTES, OPTIONAL_PACKET -> {
                if (value != null) o.put(key, Base64.getEncoder().encodeToString((byte[]) value));
            }
            case ELIDED -> { // a bounded journal's preview: data_b64 holds the first bytes only
                if (value instanceof Payload.Elided e) o.put(DATA_LEN.key, e.length()).put(DATA_SHA256.key, e.sha256());
            }
            case PASSAGE -> {
                if (value instanceof Payload.Passage link) {
                    o.put(LINK_FATE.key, link.fate()).put(LINK_DEPARTED_NS.key, link.departedNs());
                    longs(o.putArray(LINK_ARRIVED_NS.key), link.arrivedNs());
                    if (link.wireLateNs() > 0) o.put(LINK_WIRE_LATE_NS.key, link.wireLateNs());
                }
            }
        }
    }

    private static void strings(ArrayNode array, @Nullable Object list) {
        ((List<?>) requireNonNull(list)).forEach(item -> array.add((String) item));
    }

    private static void longs(ArrayNode array, @Nullable Object list) {
        ((List<?>) requireNonNull(list)).forEach(item -> array.add((Long) item));
    }

    /** A note: its text (es before en), its slide and its quiz. */
    private static void note(Payload.Note n, ObjectNode o) {
        ObjectNode text = o.putObject(TEXT.key);
        // es before en, whatever order Map.copyOf chose, so files diff cleanly.
        n.text().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                .forEach(e -> text.put(e.getKey(), e.getValue()));
        if (n.hasSlide()) {
            ObjectNode slide = o.putObject(SLIDE.key);
            ObjectNode title = slide.putObject("title"), line = slide.putObject("text");
            n.slideTitle().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                    .forEach(e -> title.put(e.getKey(), e.getValue()));
            n.slideText().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                    .forEach(e -> line.put(e.getKey(), e.getValue()));
        }
        if (n.quiz() != null) quiz(n.quiz(), o.putObject(QUIZ.key));
    }

    /** A predict-mode note's {@code quiz} object (docs/architecture/journal.md). */
    private static void quiz(Payload.Quiz quiz, ObjectNode q) {
        switch (quiz) {
            case Payload.Quiz.Answer a -> {
                q.put("kind", "answer").put("lesson", a.lesson()).put("step", a.step()).put("topic", a.topic())
                        .put("chosen", a.chosen());
                ArrayNode right = q.putArray("right");
                a.right().forEach(right::add);
                q.put("kernel", a.kernel()).put("expected", a.expected()).put("verdict", a.verdict());
            }
            case Payload.Quiz.Asked a -> q.put("kind", "question").put("lesson", a.lesson()).put("step", a.step())
                    .put("index", a.index()).put("topic", a.topic());
            case Payload.Quiz.Score s -> q.put("kind", "score").put("lesson", s.lesson()).put("right", s.right())
                    .put("asked", s.asked()).put("complete", s.complete());
        }
    }
}
