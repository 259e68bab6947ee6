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
        Payload payload = switch (type) {
            case "call" -> new Payload.Call(string(o, CALL.key), optionalInt(o, FD.key), stringMap(o, ARGS.key),
                    number(o, RESULT.key), optionalInt(o, ERRNO.key), optionalString(o, ERRNO_NAME.key),
                    optionalBytes(o, DATA_B64.key), number(o, BLOCKED_NS.key), elided(o),
                    // Journals written before calls carried their entry time read as "entry not recorded".
                    o.has(ENTERED_NS.key) ? number(o, ENTERED_NS.key) : 0,
                    // Journals written before calls named their sockets' inodes: readers fall back to endpoint and fd.
                    optionalLong(o, INODE.key), o.has(MADE_INODES.key) ? longList(o, MADE_INODES.key) : List.of(),
                    // Journals written before every endpoint was a process of its own (issue 38) have no pid.
                    optionalInt(o, PID.key));
            case "blocked" -> new Payload.Blocked(string(o, CALL.key), integer(o, FD.key));
            case "cancelled" -> new Payload.Cancelled(string(o, CALL.key), integer(o, FD.key), number(o, WAITED_NS.key),
                    optionalString(o, ERRNO_NAME.key), flag(o, PROCESS_ENDED.key));
            case "process" -> ProcessEventJson.read(o);
            case "state" ->
                new Payload.State(integer(o, FD.key), string(o, FROM.key), string(o, TO.key), string(o, SOURCE.key),
                        optionalLong(o, TIME_WAIT_MS.key), optionalLong(o, INODE.key));
            case "queue" ->
                new Payload.Queue(integer(o, FD.key), number(o, RECV_Q.key), number(o, SEND_Q.key),
                        optionalLong(o, INODE.key));
            case "tcp_info" -> new Payload.TcpInfo(integer(o, FD.key), optionalLong(o, INODE.key),
                    number(o, RTT_US.key), number(o, RTTVAR_US.key), number(o, RTO_US.key), number(o, SND_CWND.key),
                    optionalLong(o, SND_SSTHRESH.key), number(o, SND_MSS.key), number(o, IN_FLIGHT.key),
                    number(o, UNACKED.key), optionalLong(o, PEER_WINDOW.key), string(o, PEER_WINDOW_FROM.key),
                    number(o, RETRANSMITTED.key));
            case "segment" ->
                new Payload.Segment(name(o, FROM.key, FROM.key), name(o, TO.key, TO.key), string(o, PROTO.key),
                        stringList(o, FLAGS.key), optionalLong(o, SEQ_NO.key), optionalLong(o, ACK_NO.key),
                        integer(o, LEN.key),
                        string(o, ORIGIN.key), optionalInt(o, WINDOW.key), optionalString(o, SRC.key),
                        optionalString(o, DST.key),
                        optionalLong(o, WIRE_NS.key), packet(o), optionalLong(o, WALL_NS.key), lost(o),
                        optionalLong(o, ARRIVED_NS.key), passage(o));
            case "capture" ->
                new Payload.Capture(string(o, STATUS.key), optionalString(o, REASON.key),
                        optionalString(o, REASON_CODE.key),
                        o.has(REASON_ARGS.key) ? stringList(o, REASON_ARGS.key) : List.of());
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

    /**
     * A name the journal's readers and writers may use as a file name or in a program (an endpoint, a segment's end, a
     * quiz's lesson): one safe segment ({@link SafeName}), else the line is refused saying so.
     */
    private static String name(JsonNode o, String field, String said) {
        return SafeName.check(said, string(o, field));
    }

    /** A captured segment's {@code lost} (absent: it arrived, or the journal is older than lost segments). */
    private static boolean lost(JsonNode o) {
        return flag(o, LOST.key);
    }

    /** A captured segment's passage over the wire between two hosts (absent: none, or an older journal). */
    private static Payload.@Nullable Passage passage(JsonNode o) {
        String fate = optionalString(o, LINK_FATE.key);
        if (fate == null) return null;
        return new Payload.Passage(fate, number(o, LINK_DEPARTED_NS.key),
                o.has(LINK_ARRIVED_NS.key) ? longList(o, LINK_ARRIVED_NS.key) : List.of());
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
