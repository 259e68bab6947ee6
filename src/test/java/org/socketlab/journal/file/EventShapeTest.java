package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The one table of a journal line's shape covers every event the journal has but the two that nest (process, note),
 * and what the writer writes, the reader reads and the quick check takes are that table's fields, in its order.
 */
class EventShapeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> COMMON = List.of("seq", "at_ns", "type", "endpoint");

    @Test
    void everyFlatEventHasAShapeAndEveryShapeItsRecord() throws Exception {
        Set<Class<?>> shaped = new HashSet<>();
        for (EventShape<?> shape : EventShape.BY_TYPE.values()) {
            assertTrue(shaped.add(shape.record()), shape.type());
            assertEquals(shape.type(), typeOf(shape));
        }
        for (Class<?> record : Payload.class.getPermittedSubclasses())
            assertEquals(record != Payload.Process.class && record != Payload.Note.class, shaped.contains(record),
                    record.getSimpleName());
    }

    /** The type a shape's record says of itself, from one line of that type the writer made. */
    private static String typeOf(EventShape<?> shape) throws Exception {
        for (String line : JournalLineCheckTest.writersLines()) {
            Event event = JournalJsonl.parseLine(line);
            if (shape.record().isInstance(event.payload())) return event.payload().type();
        }
        throw new AssertionError("no writer's line of " + shape.type());
    }

    @Test
    void theWrittenFieldsAreTheShapesInItsOrderAndReadBackEqual() throws Exception {
        int checked = 0;
        for (String line : JournalLineCheckTest.writersLines()) {
            Event event = JournalJsonl.parseLine(line);
            EventShape<?> shape = EventShape.of(event.type());
            if (shape == null) continue;
            List<String> written = new ArrayList<>();
            JsonNode o = MAPPER.readTree(line);
            o.fieldNames().forEachRemaining(written::add);
            written.remove("format");
            assertEquals(COMMON, written.subList(0, 4), line);
            List<String> order = keys(shape);
            int at = -1;
            for (String key : written.subList(4, written.size())) {
                int next = order.indexOf(key);
                assertTrue(next > at, key + " is not the shape's next field in " + line);
                at = next;
            }
            for (EventShape.Field<?> field : shape.fields())
                if (required(field.kind()))
                    assertTrue(written.contains(field.key().key), field.key().key + " missing in " + line);
            String again = o.has("format") ? JournalJsonl.firstLine(event) : JournalJsonl.line(event);
            assertEquals(line, again.strip(), "written again the same");
            assertEquals(event, JournalJsonl.parseLine(again), "read back the same");
            checked++;
        }
        assertTrue(checked >= 14, "lines checked: " + checked);
    }

    private static List<String> keys(EventShape<?> shape) {
        List<String> keys = new ArrayList<>();
        for (EventShape.Field<?> field : shape.fields())
            switch (field.kind()) {
            case ELIDED -> keys.addAll(List.of("data_len", "data_sha256"));
            case PASSAGE ->
                keys.addAll(List.of("link_fate", "link_departed_ns", "link_arrived_ns", "link_wire_late_ns"));
            default -> keys.add(field.key().key);
            }
        return keys;
    }

    private static boolean required(EventShape.Kind kind) {
        return switch (kind) {
            case STRING, NAME, INT, LONG, STRING_LIST, STRING_MAP, NULLABLE_INT, NULLABLE_LONG, NULLABLE_STRING -> true;
            default -> false;
        };
    }
}
