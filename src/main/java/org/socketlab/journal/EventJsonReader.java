package org.socketlab.journal;

import static org.socketlab.journal.JsonFields.flag;
import static org.socketlab.journal.JsonFields.integer;
import static org.socketlab.journal.JsonFields.longList;
import static org.socketlab.journal.JsonFields.number;
import static org.socketlab.journal.JsonFields.optionalBytes;
import static org.socketlab.journal.JsonFields.optionalInt;
import static org.socketlab.journal.JsonFields.optionalLong;
import static org.socketlab.journal.JsonFields.optionalString;
import static org.socketlab.journal.JsonFields.required;
import static org.socketlab.journal.JsonFields.string;
import static org.socketlab.journal.JsonFields.stringList;
import static org.socketlab.journal.JsonFields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.lab.SafeName;

/**
 * A journal line's JSON object back into the event it was written from: the format it says, the fields its type needs
 * and their kinds; what a line lacks or has wrong is a {@link LocalizedException} naming the field.
 */
final class EventJsonReader {

    private EventJsonReader() {
    }

    /** A journal line's JSON object back into an event, checked field by field. */
    static Event event(JsonNode o) {
        if (o.has("format")) {
            JsonNode format = o.get("format");
            if (!format.isIntegralNumber() || format.asLong() < 1)
                throw new LocalizedException("cli.journal.badValue", "format", format.toString());
            if (!format.canConvertToInt() || format.asInt() > JournalJsonl.FORMAT)
                throw new LocalizedException("cli.journal.newer", format.toString(),
                        String.valueOf(JournalJsonl.FORMAT));
        }
        String type = string(o, "type");
        Payload payload = switch (type) {
            case "call" -> new Payload.Call(string(o, "call"), optionalInt(o, "fd"), stringMap(o, "args"),
                    number(o, "result"), optionalInt(o, "errno"), optionalString(o, "errno_name"),
                    optionalBytes(o, "data_b64"), number(o, "blocked_ns"), elided(o),
                    // Journals written before calls carried their entry time read as "entry not recorded".
                    o.has("entered_ns") ? number(o, "entered_ns") : 0,
                    // Journals written before calls named their sockets' inodes: readers fall back to endpoint and fd.
                    optionalLong(o, "inode"), o.has("made_inodes") ? longList(o, "made_inodes") : List.of(),
                    // Journals written before every endpoint was a process of its own (issue 38) have no pid.
                    optionalInt(o, "pid"));
            case "blocked" -> new Payload.Blocked(string(o, "call"), integer(o, "fd"));
            case "cancelled" -> new Payload.Cancelled(string(o, "call"), integer(o, "fd"), number(o, "waited_ns"),
                    optionalString(o, "errno_name"), flag(o, "process_ended"));
            case "process" -> ProcessEventJson.read(o);
            case "state" -> new Payload.State(integer(o, "fd"), string(o, "from"), string(o, "to"), string(o, "source"),
                    optionalLong(o, "time_wait_ms"), optionalLong(o, "inode"));
            case "queue" ->
                new Payload.Queue(integer(o, "fd"), number(o, "recv_q"), number(o, "send_q"), optionalLong(o, "inode"));
            case "segment" -> new Payload.Segment(name(o, "from", "from"), name(o, "to", "to"), string(o, "proto"),
                    stringList(o, "flags"), optionalLong(o, "seq_no"), optionalLong(o, "ack_no"), integer(o, "len"),
                    string(o, "origin"), optionalInt(o, "window"), optionalString(o, "src"), optionalString(o, "dst"),
                    optionalLong(o, "wire_ns"), packet(o), optionalLong(o, "wall_ns"), lost(o));
            case "capture" ->
                new Payload.Capture(string(o, "status"), optionalString(o, "reason"), optionalString(o, "reason_code"),
                        o.has("reason_args") ? stringList(o, "reason_args") : List.of());
            case "note" -> new Payload.Note(stringMap(o, "text"),
                    o.has("slide") ? stringMap(o.get("slide"), "title") : Map.of(),
                    o.has("slide") ? stringMap(o.get("slide"), "text") : Map.of(),
                    o.has("quiz") ? quiz(required(o, "quiz")) : null);
            default -> throw new LocalizedException("cli.journal.unknownType", type);
        };
        long seq = number(o, "seq");
        if (seq < 1) throw new LocalizedException("cli.journal.badValue", "seq", String.valueOf(seq));
        return new Event(seq, number(o, "at_ns"), name(o, "endpoint", "endpoint"), payload);
    }

    /**
     * A name the journal's readers and writers may use as a file name or in a program (an endpoint, a segment's end, a
     * quiz's lesson): one safe segment ({@link SafeName}), else the line is refused saying so.
     */
    private static String name(JsonNode o, String field, String said) {
        return SafeName.check(said, string(o, field));
    }

    /** A captured segment's {@code lost} (absent: it arrived, or the journal is older than lost segments). */
    private static boolean lost(JsonNode o) {
        return flag(o, "lost");
    }

    private static Payload.Quiz quiz(JsonNode q) {
        if (!q.isObject()) throw new LocalizedException("cli.journal.badValue", "quiz", q.toString());
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
    private static byte[] packet(JsonNode o) {
        byte[] packet = optionalBytes(o, "packet_b64");
        if (packet != null && (packet.length == 0 || packet.length > Payload.Segment.MAX_PACKET))
            throw new LocalizedException("cli.journal.badValue", "packet_b64", packet.length + " bytes");
        return packet;
    }

    /** The whole payload's length and digest when data_b64 is only its first bytes, else null. */
    private static Payload.Elided elided(JsonNode o) {
        Long length = optionalLong(o, "data_len");
        String sha256 = optionalString(o, "data_sha256");
        if (length == null && sha256 == null) return null;
        if (length == null || length < 0) throw new LocalizedException("cli.journal.missingField", "data_len");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}"))
            throw new LocalizedException("cli.journal.badValue", "data_sha256", String.valueOf(sha256));
        return new Payload.Elided(length, sha256);
    }
}
