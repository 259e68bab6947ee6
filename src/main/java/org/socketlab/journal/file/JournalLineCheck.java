package org.socketlab.journal.file;

import static org.socketlab.journal.file.JournalField.*;
import static org.socketlab.journal.file.JsonBytes.ABSENT;
import static org.socketlab.journal.file.JsonBytes.ARRAY;
import static org.socketlab.journal.file.JsonBytes.BOOLEAN;
import static org.socketlab.journal.file.JsonBytes.INT;
import static org.socketlab.journal.file.JsonBytes.NULL;
import static org.socketlab.journal.file.JsonBytes.OBJECT;
import static org.socketlab.journal.file.JsonBytes.STRING;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SafeName;

/**
 * A quick yes to a journal line: reads the line's UTF-8 bytes once, without building a JSON tree or an event, and says
 * its seq when it is sure {@link JournalJsonl#parseLine} accepts the line (valid UTF-8 and JSON, a format this
 * SocketLab reads, every field its event type needs, of the right kind, names safe, base64 and digests well formed), else
 * {@link #UNSURE}. It never refuses a line: an unsure line is parsed whole, which says what is wrong with it in the
 * user's language, so every message, line number included, stays the parser's own. Opening a 1 GiB journal parsed
 * whole took 14–52 s here on the launcher's C1-only JVM (docs/performance.md); this check goes several times faster,
 * and its yes is checked against the parser's on mutated lines ({@code JournalLineCheckTest}). One instance per
 * reading thread.
 */
final class JournalLineCheck {
    /** Not sure: parse the line to know. */
    static final long UNSURE = -1;

    private final JsonLineScan line = new JsonLineScan();
    private boolean capture;

    /** Whether the line checked last (with a yes) was a capture status. */
    boolean capture() {
        return capture;
    }

    /** The seq of the line in {@code bytes[from, to)} when the parser surely accepts it, else {@link #UNSURE}. */
    long seqOf(byte[] bytes, int from, int to) {
        try {
            line.scan(bytes, from, to);
            return checked();
        } catch (RuntimeException | StackOverflowError e) {
            return UNSURE; // GIVE_UP, or an index past the line's end on a line cut short
        }
    }

    private long checked() {
        if (line.kind(FORMAT) != ABSENT
                && (line.kind(FORMAT) != INT || line.number(FORMAT) < 1 || line.number(FORMAT) > JournalJsonl.FORMAT))
            return UNSURE;
        if (line.kind(TYPE) != STRING || !line.plain(TYPE)) return UNSURE;
        String type = new String(line.bytes(), line.start(TYPE), line.end(TYPE) - line.start(TYPE),
                StandardCharsets.US_ASCII);
        EventShape<?> shape = EventShape.of(type);
        capture = type.equals("capture");
        boolean ok = shape != null
                ? fits(shape)
                : type.equals("note")
                        && stringMap(TEXT)
                        && (line.kind(SLIDE) == ABSENT || line.kind(SLIDE) == OBJECT && line.slideMaps())
                        && line.kind(QUIZ) == ABSENT; // a quiz, a process event and an unknown type are left to the parser
        if (!ok || !integer(AT_NS) || !safeName(ENDPOINT) || line.kind(SEQ) != INT || line.number(SEQ) < 1)
            return UNSURE;
        return line.number(SEQ);
    }

    /** Every field of the line's type of the kind {@link EventShape} states. */
    private boolean fits(EventShape<?> shape) {
        for (EventShape.Field<?> field : shape.fields())
            if (!fits(field.key(), field.kind())) return false;
        return true;
    }

    private boolean fits(JournalField f, EventShape.Kind kind) {
        return switch (kind) {
            case STRING -> string(f);
            case NAME -> safeName(f);
            case INT -> intField(f);
            case LONG -> integer(f);
            case STRING_LIST -> stringList(f);
            case STRING_MAP -> stringMap(f);
            case NULLABLE_INT, OPTIONAL_INT -> optionalInt(f);
            case NULLABLE_LONG, OPTIONAL_LONG -> optionalLong(f);
            case NULLABLE_STRING, OPTIONAL_STRING -> optionalString(f);
            case OPTIONAL_ZERO_LONG -> line.kind(f) == ABSENT || integer(f);
            case OPTIONAL_FLAG -> line.kind(f) == ABSENT || line.kind(f) == BOOLEAN;
            case OPTIONAL_STRING_LIST -> line.kind(f) == ABSENT || stringList(f);
            case OPTIONAL_LONG_LIST -> line.kind(f) == ABSENT || line.kind(f) == ARRAY && line.allInts(f);
            case OPTIONAL_BYTES -> optionalBytes(f, Integer.MAX_VALUE);
            case OPTIONAL_PACKET -> optionalBytes(f, Payload.Segment.MAX_PACKET);
            case ELIDED -> elided();
            case PASSAGE -> line.kind(LINK_FATE) == ABSENT
                    ? line.kind(LINK_DEPARTED_NS) == ABSENT && line.kind(LINK_ARRIVED_NS) == ABSENT
                    : string(LINK_FATE) && integer(LINK_DEPARTED_NS) && line.kind(LINK_ARRIVED_NS) == ARRAY
                            && line.allInts(LINK_ARRIVED_NS)
                            && (line.kind(LINK_WIRE_LATE_NS) == ABSENT || integer(LINK_WIRE_LATE_NS));
        };
    }

    private boolean string(JournalField f) {
        return line.kind(f) == STRING;
    }

    /** A name the parser takes ({@link SafeName}): a string without escapes, of the safe alphabet. */
    private boolean safeName(JournalField f) {
        return line.kind(f) == STRING && line.plain(f) && SafeName.isSafe(line.bytes(), line.start(f), line.end(f));
    }

    private boolean optionalString(JournalField f) {
        return line.kind(f) == ABSENT || line.kind(f) == NULL || line.kind(f) == STRING;
    }

    private boolean integer(JournalField f) {
        return line.kind(f) == INT;
    }

    private boolean intField(JournalField f) {
        return line.kind(f) == INT && line.number(f) == (int) line.number(f);
    }

    private boolean optionalInt(JournalField f) {
        return line.kind(f) == ABSENT || line.kind(f) == NULL || intField(f);
    }

    private boolean optionalLong(JournalField f) {
        return line.kind(f) == ABSENT || line.kind(f) == NULL || line.kind(f) == INT;
    }

    private boolean stringMap(JournalField f) {
        return line.kind(f) == OBJECT && line.allStrings(f);
    }

    private boolean stringList(JournalField f) {
        return line.kind(f) == ARRAY && line.allStrings(f);
    }

    /** Absent, null, or base64 the JDK's decoder takes, decoding to 1..{@code max} bytes when {@code max} is a bound. */
    private boolean optionalBytes(JournalField f, int max) {
        if (line.kind(f) == ABSENT || line.kind(f) == NULL) return true;
        if (line.kind(f) != STRING || !line.plain(f)) return false;
        try {
            int length = Base64.getDecoder()
                    .decode(ByteBuffer.wrap(line.bytes(), line.start(f), line.end(f) - line.start(f))).remaining();
            return max == Integer.MAX_VALUE || length > 0 && length <= max;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A call's data_len and data_sha256: both absent (or null), or a length ≥ 0 and 64 lowercase hex digits. */
    private boolean elided() {
        boolean noLength = line.kind(DATA_LEN) == ABSENT || line.kind(DATA_LEN) == NULL;
        boolean noDigest = line.kind(DATA_SHA256) == ABSENT || line.kind(DATA_SHA256) == NULL;
        if (noLength && noDigest) return true;
        if (line.kind(DATA_LEN) != INT || line.number(DATA_LEN) < 0) return false;
        if (line.kind(DATA_SHA256) != STRING || !line.plain(DATA_SHA256)
                || line.end(DATA_SHA256) - line.start(DATA_SHA256) != 64)
            return false;
        byte[] b = line.bytes();
        for (int i = line.start(DATA_SHA256); i < line.end(DATA_SHA256); i++)
            if (!(b[i] >= '0' && b[i] <= '9' || b[i] >= 'a' && b[i] <= 'f')) return false;
        return true;
    }
}
