package org.socketlab.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;
import org.socketlab.lab.SafeName;

/**
 * The journal as JSON Lines (docs/architecture.md): one UTF-8 object per event, snake_case keys. Reading it back gives
 * events equal to the ones written. Uses Jackson's tree model only, so no reflection into our records is needed.
 */
public final class JournalJsonl {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The journal format this SocketLab writes and reads. A file says it on its first line ({@code "format": 1});
     * lines without it are format 1 (journals written before it was said). A reader refuses a larger number, naming
     * the line, rather than misread a file written by a newer SocketLab. Format 2 (issue 38) adds {@code process}
     * events (an endpoint's process started, was sent a signal, exited) and a {@code cancelled} call's
     * {@code process_ended}; every format-1 file is a format-2 file, so both are read.
     */
    public static final int FORMAT = 2;

    private JournalJsonl() {
    }

    public static void write(List<Event> events, Writer out) throws IOException {
        boolean first = true;
        for (Event event : events) {
            out.write(first ? firstLine(event) : line(event));
            out.write('\n');
            first = false;
        }
        out.flush();
    }

    public static void write(List<Event> events, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(events, out);
        }
    }

    /** One event as one JSON line (no newline). */
    public static String line(Event event) {
        try {
            return MAPPER.writeValueAsString(toJson(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
    }

    /** The first line of a file: the event, preceded by the file's {@code format}. */
    public static String firstLine(Event event) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.setAll(toJson(event));
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode toJson(Event event) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("seq", event.seq());
        o.put("at_ns", event.atNs());
        o.put("type", event.type());
        o.put("endpoint", event.endpoint());
        switch (event.payload()) {
            case Payload.Call c -> {
                o.put("call", c.call());
                if (c.fd() != null) o.put("fd", c.fd());
                ObjectNode args = o.putObject("args");
                c.args().forEach(args::put);
                o.put("result", c.result());
                o.put("errno", c.errno());
                o.put("errno_name", c.errnoName());
                byte[] data = c.data();
                if (data != null) o.put("data_b64", Base64.getEncoder().encodeToString(data));
                if (c.elided() != null) { // a bounded journal's preview: data_b64 holds the first bytes only
                    o.put("data_len", c.elided().length());
                    o.put("data_sha256", c.elided().sha256());
                }
                o.put("blocked_ns", c.blockedNs());
                if (c.entryKnown()) o.put("entered_ns", c.enteredNs());
                if (c.inode() != null) o.put("inode", c.inode());
                if (c.pid() != null) o.put("pid", c.pid());
                if (!c.madeInodes().isEmpty()) {
                    ArrayNode made = o.putArray("made_inodes");
                    c.madeInodes().forEach(made::add);
                }
            }
            case Payload.Blocked b -> {
                o.put("call", b.call());
                o.put("fd", b.fd());
            }
            case Payload.Cancelled c -> {
                o.put("call", c.call());
                o.put("fd", c.fd());
                o.put("waited_ns", c.waitedNs());
                if (c.errnoName() != null) o.put("errno_name", c.errnoName());
                if (c.processEnded()) o.put("process_ended", true);
            }
            case Payload.Process p -> ProcessEventJson.write(p, o);
            case Payload.State s -> {
                o.put("fd", s.fd());
                o.put("from", s.from());
                o.put("to", s.to());
                o.put("source", s.source());
                if (s.timeWaitMs() != null) o.put("time_wait_ms", s.timeWaitMs());
                if (s.inode() != null) o.put("inode", s.inode());
            }
            case Payload.Queue q -> {
                o.put("fd", q.fd());
                o.put("recv_q", q.recvQ());
                o.put("send_q", q.sendQ());
                if (q.inode() != null) o.put("inode", q.inode());
            }
            case Payload.Segment s -> {
                o.put("from", s.from());
                o.put("to", s.to());
                o.put("proto", s.proto());
                ArrayNode flags = o.putArray("flags");
                s.flags().forEach(flags::add);
                o.put("seq_no", s.seqNo());
                o.put("ack_no", s.ackNo());
                o.put("len", s.len());
                o.put("origin", s.origin());
                if (s.window() != null) o.put("window", s.window());
                if (s.src() != null) o.put("src", s.src());
                if (s.dst() != null) o.put("dst", s.dst());
                if (s.wireNs() != null) o.put("wire_ns", s.wireNs());
                byte[] packet = s.packet();
                if (packet != null) o.put("packet_b64", Base64.getEncoder().encodeToString(packet));
                if (s.wallNs() != null) o.put("wall_ns", s.wallNs());
                if (s.lost()) o.put("lost", true);
            }
            case Payload.Capture c -> {
                o.put("status", c.status());
                o.put("reason", c.reason());
                if (c.reasonCode() != null) {
                    o.put("reason_code", c.reasonCode());
                    ArrayNode args = o.putArray("reason_args");
                    c.reasonArgs().forEach(args::add);
                }
            }
            case Payload.Note n -> {
                ObjectNode text = o.putObject("text");
                // es before en, whatever order Map.copyOf chose, so files diff cleanly.
                n.text().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                        .forEach(e -> text.put(e.getKey(), e.getValue()));
                if (n.hasSlide()) {
                    ObjectNode slide = o.putObject("slide");
                    ObjectNode title = slide.putObject("title"), line = slide.putObject("text");
                    n.slideTitle().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                            .forEach(e -> title.put(e.getKey(), e.getValue()));
                    n.slideText().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                            .forEach(e -> line.put(e.getKey(), e.getValue()));
                }
                if (n.quiz() != null) quiz(n.quiz(), o.putObject("quiz"));
            }
        }
        return o;
    }

    public static List<Event> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /**
     * Reads every event; blank lines are skipped. A line that is not a valid event fails with a
     * {@link LocalizedException} naming the line number.
     */
    public static List<Event> read(Reader in) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Event> events = new ArrayList<>();
        String text;
        int number = 0;
        long lastSeq = 0;
        while ((text = lines.readLine()) != null) {
            number++;
            if (text.isBlank()) continue;
            Event event = checkedLine(text, number, lastSeq);
            lastSeq = event.seq();
            events.add(event);
        }
        return events;
    }

    /**
     * Line {@code number} of a file back into an event, checked as every reader checks it: a valid event, of a format
     * this SocketLab reads, after event {@code lastSeq}; else a {@link LocalizedException} naming the line.
     */
    static Event checkedLine(String text, int number, long lastSeq) {
        try {
            Event event = parseLine(text);
            // A journal is one ordered list: lines out of order or repeated are a damaged or spliced file.
            if (event.seq() <= lastSeq)
                throw new LocalizedException("cli.journal.seqOrder", String.valueOf(event.seq()),
                        String.valueOf(lastSeq));
            return event;
        } catch (LocalizedException detail) {
            if (detail.key().equals("cli.journal.newer")) // not a bad line: a line this SocketLab is too old for
                throw new LocalizedException("cli.journal.newerLine", String.valueOf(number), detail.args()[0],
                        detail.args()[1]);
            throw new LocalizedException("cli.journal.badLine", String.valueOf(number), detail);
        }
    }

    /** One JSON line back into an event. */
    public static Event parseLine(String text) {
        JsonNode o;
        try {
            o = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LocalizedException("cli.journal.notJson", JsonProblem.of(e));
        }
        if (o == null || !o.isObject()) throw new LocalizedException("cli.journal.notObject");
        if (o.has("format")) {
            JsonNode format = o.get("format");
            if (!format.isIntegralNumber() || format.asLong() < 1)
                throw new LocalizedException("cli.journal.badValue", "format", format.toString());
            if (!format.canConvertToInt() || format.asInt() > FORMAT)
                throw new LocalizedException("cli.journal.newer", format.toString(), String.valueOf(FORMAT));
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

    /** An optional boolean field, false when absent. */
    private static boolean flag(JsonNode o, String field) {
        if (!o.has(field)) return false;
        JsonNode v = o.get(field);
        if (!v.isBoolean()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asBoolean();
    }

    /** A predict-mode note's {@code quiz} object (docs/architecture.md). */
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

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new LocalizedException("cli.journal.missingField", field);
        return v;
    }

    static String string(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isTextual()) throw new LocalizedException("cli.journal.badValue", field, v.toString());
        return v.asText();
    }

    static String optionalString(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : string(o, field);
    }

    private static long number(JsonNode o, String field) {
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

    static Integer optionalInt(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : integer(o, field);
    }

    private static Long optionalLong(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : number(o, field);
    }

    private static byte[] optionalBytes(JsonNode o, String field) {
        String b64 = optionalString(o, field);
        if (b64 == null) return null;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new LocalizedException("cli.journal.badValue", field, b64);
        }
    }

    private static List<Long> longList(JsonNode o, String field) {
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

    private static Map<String, String> stringMap(JsonNode o, String field) {
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

    private static List<String> stringList(JsonNode o, String field) {
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
