package org.socketlab.journal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/** An event as its journal line's JSON object (docs/architecture.md): snake_case keys, absent optional fields left out. */
final class EventJsonWriter {

    private EventJsonWriter() {
    }

    /** The event's JSON object, its fields in the order every journal writes them. */
    static ObjectNode toJson(Event event) {
        ObjectNode o = JournalJsonl.MAPPER.createObjectNode();
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
}
