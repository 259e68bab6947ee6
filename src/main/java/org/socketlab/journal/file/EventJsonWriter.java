package org.socketlab.journal.file;

import static org.socketlab.journal.file.JournalField.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** An event as its journal line's JSON object (docs/architecture/journal.md): snake_case keys, absent optional fields left out. */
final class EventJsonWriter {

    private EventJsonWriter() {
    }

    /** The event's JSON object, its fields in the order every journal writes them. */
    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    static ObjectNode toJson(Event event) {
        ObjectNode o = JsonNodeFactory.instance.objectNode(); // what an ObjectMapper's createObjectNode() gives
        o.put(SEQ.key, event.seq());
        o.put(AT_NS.key, event.atNs());
        o.put(TYPE.key, event.type());
        o.put(ENDPOINT.key, event.endpoint());
        switch (event.payload()) {
            case Payload.Call c -> {
                o.put(CALL.key, c.call());
                if (c.fd() != null) o.put(FD.key, c.fd());
                ObjectNode args = o.putObject(ARGS.key);
                c.args().forEach(args::put);
                o.put(RESULT.key, c.result());
                o.put(ERRNO.key, c.errno());
                o.put(ERRNO_NAME.key, c.errnoName());
                byte[] data = c.data();
                if (data != null) o.put(DATA_B64.key, Base64.getEncoder().encodeToString(data));
                if (c.elided() != null) { // a bounded journal's preview: data_b64 holds the first bytes only
                    o.put(DATA_LEN.key, c.elided().length());
                    o.put(DATA_SHA256.key, c.elided().sha256());
                }
                o.put(BLOCKED_NS.key, c.blockedNs());
                if (c.entryKnown()) o.put(ENTERED_NS.key, c.enteredNs());
                if (c.inode() != null) o.put(INODE.key, c.inode());
                if (c.pid() != null) o.put(PID.key, c.pid());
                if (!c.madeInodes().isEmpty()) {
                    ArrayNode made = o.putArray(MADE_INODES.key);
                    c.madeInodes().forEach(made::add);
                }
            }
            case Payload.Blocked b -> {
                o.put(CALL.key, b.call());
                o.put(FD.key, b.fd());
            }
            case Payload.Cancelled c -> {
                o.put(CALL.key, c.call());
                o.put(FD.key, c.fd());
                o.put(WAITED_NS.key, c.waitedNs());
                if (c.errnoName() != null) o.put(ERRNO_NAME.key, c.errnoName());
                if (c.processEnded()) o.put(PROCESS_ENDED.key, true);
            }
            case Payload.Process p -> ProcessEventJson.write(p, o);
            case Payload.State s -> {
                o.put(FD.key, s.fd());
                o.put(FROM.key, s.from());
                o.put(TO.key, s.to());
                o.put(SOURCE.key, s.source());
                if (s.timeWaitMs() != null) o.put(TIME_WAIT_MS.key, s.timeWaitMs());
                if (s.inode() != null) o.put(INODE.key, s.inode());
            }
            case Payload.Queue q -> {
                o.put(FD.key, q.fd());
                o.put(RECV_Q.key, q.recvQ());
                o.put(SEND_Q.key, q.sendQ());
                if (q.inode() != null) o.put(INODE.key, q.inode());
            }
            case Payload.TcpInfo t -> {
                o.put(FD.key, t.fd());
                if (t.inode() != null) o.put(INODE.key, t.inode());
                o.put(RTT_US.key, t.rttUs());
                o.put(RTTVAR_US.key, t.rttVarUs());
                o.put(RTO_US.key, t.rtoUs());
                o.put(SND_CWND.key, t.sndCwnd());
                if (t.sndSsthresh() != null) o.put(SND_SSTHRESH.key, t.sndSsthresh());
                o.put(SND_MSS.key, t.sndMss());
                o.put(IN_FLIGHT.key, t.inFlight());
                o.put(UNACKED.key, t.unacked());
                if (t.peerWindow() != null) o.put(PEER_WINDOW.key, t.peerWindow());
                o.put(PEER_WINDOW_FROM.key, t.peerWindowFrom());
                o.put(RETRANSMITTED.key, t.retransmitted());
            }
            case Payload.Segment s -> {
                o.put(FROM.key, s.from());
                o.put(TO.key, s.to());
                o.put(PROTO.key, s.proto());
                ArrayNode flags = o.putArray(FLAGS.key);
                s.flags().forEach(flags::add);
                o.put(SEQ_NO.key, s.seqNo());
                o.put(ACK_NO.key, s.ackNo());
                o.put(LEN.key, s.len());
                o.put(ORIGIN.key, s.origin());
                if (s.window() != null) o.put(WINDOW.key, s.window());
                if (s.src() != null) o.put(SRC.key, s.src());
                if (s.dst() != null) o.put(DST.key, s.dst());
                if (s.wireNs() != null) o.put(WIRE_NS.key, s.wireNs());
                byte[] packet = s.packet();
                if (packet != null) o.put(PACKET_B64.key, Base64.getEncoder().encodeToString(packet));
                if (s.wallNs() != null) o.put(WALL_NS.key, s.wallNs());
                if (s.lost()) o.put(LOST.key, true);
                if (s.arrivedNs() != null) o.put(ARRIVED_NS.key, s.arrivedNs());
                if (s.link() != null) {
                    o.put(LINK_FATE.key, s.link().fate());
                    o.put(LINK_DEPARTED_NS.key, s.link().departedNs());
                    ArrayNode arrived = o.putArray(LINK_ARRIVED_NS.key);
                    s.link().arrivedNs().forEach(arrived::add);
                }
            }
            case Payload.Capture c -> {
                o.put(STATUS.key, c.status());
                o.put(REASON.key, c.reason());
                if (c.reasonCode() != null) {
                    o.put(REASON_CODE.key, c.reasonCode());
                    ArrayNode args = o.putArray(REASON_ARGS.key);
                    c.reasonArgs().forEach(args::add);
                }
            }
            case Payload.Note n -> {
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
        }
        return o;
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
