package org.socketlab.export.story;

import java.util.List;
import java.util.Locale;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Payload;

/** The words of the story, in a language: the one naming of endpoints, and the labels every painter draws. */
public final class StoryText {
    private StoryText() {
    }

    /**
     * The endpoint as people read it: {@code Client}, {@code Client 2}, {@code Server}, {@code Other kernel}, in the
     * language; an id the program does not know stays as it is.
     */
    public static String endpointName(String endpoint, Messages m) {
        return org.socketlab.i18n.Names.endpoint(endpoint, m);
    }

    /** A call's label at its moment: {@code connect(5, 127.0.0.1:5000) …} as it enters, the strace line once it returned. */
    public static String call(Beat.Call c) {
        return call(c.call(), c.moment());
    }

    public static String call(Payload.Call call, Beat.Moment moment) {
        return moment == Beat.Moment.ENTRY ? CallFormat.entry(call) + " …" : CallFormat.line(call);
    }

    /**
     * {@code [SYN, ACK] seq 0 ack 1 len 0} when captured; {@code [SYN] seq ? len 0 (inferred)} when deduced: an
     * inferred segment never pretends to know its numbers.
     */
    public static String segment(Beat.Segment beat, Messages m) {
        return segment(beat.segment(), beat.relSeq(), beat.relAck(), beat.retold(), m);
    }

    /**
     * As {@link #segment(Payload.Segment, Long, Long, Messages)}, then what the story tells of it: lost (dropped by the
     * lab network, never arrived), a retransmission and the time waited since the first copy, a duplicate ACK, its SACK
     * blocks.
     */
    public static String segment(Payload.Segment s, Long relSeq, Long relAck, Beat.Retold retold, Messages m) {
        String told = retold(s, retold, m);
        return segment(s, relSeq, relAck, m) + (told.isEmpty() ? "" : " " + told);
    }

    /** Only what the story tells besides the header ({@code SACK 4-7 — duplicate ACK}); empty when nothing. */
    public static String retold(Payload.Segment s, Beat.Retold retold, Messages m) {
        List<String> parts = new java.util.ArrayList<>();
        if (!retold.sack().isEmpty()) parts.add("SACK " + String.join(", ", retold.sack()));
        if (retold.sentAgainAfterNs() != null)
            parts.add(m.get("story.retransmission", millis(retold.sentAgainAfterNs())));
        if (retold.duplicateAck()) parts.add(m.get("story.duplicateAck"));
        if (s.lost()) parts.add(m.get("story.lost"));
        return String.join(" — ", parts);
    }

    /** Milliseconds, one decimal under 10 ms (a fast retransmission), whole above. */
    static String millis(long ns) {
        double ms = ns / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.valueOf(Math.round(ms));
    }

    public static String segment(Payload.Segment s, Long relSeq, Long relAck, Messages m) {
        StringBuilder sb = new StringBuilder();
        if (!s.proto().equals("tcp")) sb.append(s.proto().toUpperCase(Locale.ROOT)).append(' ');
        if (!s.flags().isEmpty()) sb.append('[').append(String.join(", ", s.flags())).append("] ");
        if (s.proto().equals("tcp")) {
            if (s.captured() && relSeq != null) {
                sb.append("seq ").append(relSeq).append(' ');
                if (relAck != null && s.flags().contains("ACK")) sb.append("ack ").append(relAck).append(' ');
            } else {
                sb.append("seq ? ");
            }
        }
        if (!s.proto().equals("icmp")) sb.append("len ").append(s.len());
        String text = sb.toString().strip();
        return s.captured() ? text : text + " " + m.get("story.inferred");
    }

    /** {@code fd 4 ESTABLISHED}, or {@code fd 4 TIME_WAIT 59 s} with the time the kernel still keeps it. */
    public static String state(Payload.State s, Messages m) {
        String to = s.timeWaitMs() == null
                ? org.socketlab.i18n.Names.state(s.to(), s.from(), m)
                : m.get("story.state.timeWait", s.to(), String.valueOf(Math.round(s.timeWaitMs() / 1000.0)));
        return m.get("story.state", String.valueOf(s.fd()), to);
    }

    /** A listener's accept queue, or a connection's byte queues. */
    public static String queue(Payload.Queue q, boolean listener, Messages m) {
        return m.get(listener ? "story.queue.listener" : "story.queue", String.valueOf(q.fd()),
                String.valueOf(q.recvQ()),
                String.valueOf(q.sendQ()));
    }

    /** Whether the wire is captured, and why not. */
    public static String capture(Payload.Capture c, Messages m) {
        return m.get(switch (c.status()) {
            case Payload.Capture.STARTED -> "cli.transcript.capture.started";
            case Payload.Capture.STOPPED -> "cli.transcript.capture.stopped";
            default -> "cli.transcript.capture.unavailable";
        }, c.reasonText(m));
    }

    /** Narration in the language, else in any language it has. */
    public static String note(Payload.Note n, Messages m) {
        return n.text().getOrDefault(m.lang().code(), n.text().values().stream().findFirst().orElse(""));
    }
}
