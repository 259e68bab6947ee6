package org.socketlab.ui.diagram;

import org.socketlab.i18n.Messages;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Payload;

import java.util.Locale;

/** The words drawn on the diagram, in the given language. No toolkit: the skin and the tests share them. */
public final class DiagramText {
    private DiagramText() {
    }

    /** The main label of a row. */
    public static String label(Row row, Messages m) {
        return switch (row) {
            case Row.CallRow c -> CallFormat.line(c.call());
            case Row.BlockedRow b -> m.get("ui.diagram.blocked", b.blocked().call(), String.valueOf(b.blocked().fd()));
            case Row.CancelledRow c -> m.get("ui.diagram.cancelled", c.cancelled().call(), String.valueOf(c.cancelled().fd()),
                    String.valueOf(c.cancelled().waitedNs() / 1_000_000));
            case Row.StateMark s -> state(s.state(), m);
            case Row.QueueMark q when q.listener() -> m.get("ui.diagram.queue.listener", String.valueOf(q.queue().fd()),
                    String.valueOf(q.queue().recvQ()), String.valueOf(q.queue().sendQ()));
            case Row.QueueMark q -> m.get("ui.diagram.queue", String.valueOf(q.queue().fd()), String.valueOf(q.queue().recvQ()),
                    String.valueOf(q.queue().sendQ()));
            case Row.SegmentArrow s -> segment(s, m);
            case Row.NoteRow n -> note(n.note(), m);
        };
    }

    /** {@code fd 4 ESTABLISHED}, or {@code fd 4 TIME_WAIT 59 s} with the time the kernel still keeps it. */
    public static String state(Payload.State s, Messages m) {
        String to = s.timeWaitMs() == null ? org.socketlab.i18n.Names.state(s.to(), m) : m.get("ui.diagram.state.timeWait", s.to(), String.valueOf(Math.round(s.timeWaitMs() / 1000.0)));
        return m.get("ui.diagram.state", String.valueOf(s.fd()), to);
    }

    /**
     * {@code [SYN, ACK] seq 0 ack 1 len 0} when captured; {@code [SYN] seq ? len 0 (inferred)} when deduced: an
     * inferred segment never pretends to know its numbers.
     */
    public static String segment(Row.SegmentArrow row, Messages m) {
        Payload.Segment s = row.segment();
        StringBuilder sb = new StringBuilder();
        if (!s.proto().equals("tcp")) sb.append(s.proto().toUpperCase(Locale.ROOT)).append(' ');
        if (!s.flags().isEmpty()) sb.append('[').append(String.join(", ", s.flags())).append("] ");
        if (s.proto().equals("tcp")) {
            if (row.captured() && row.relSeq() != null) {
                sb.append("seq ").append(row.relSeq()).append(' ');
                if (row.relAck() != null && s.flags().contains("ACK")) sb.append("ack ").append(row.relAck()).append(' ');
            } else {
                sb.append("seq ? ");
            }
        }
        if (!s.proto().equals("icmp")) sb.append("len ").append(s.len());
        String text = sb.toString().strip();
        return row.captured() ? text : text + " " + m.get("ui.diagram.inferred");
    }

    public static String note(Payload.Note n, Messages m) {
        return n.text().getOrDefault(m.lang().code(), n.text().values().stream().findFirst().orElse(""));
    }

    /** The errno of a failed call in plain words, or null when the row is no error. */
    public static String errorExplanation(Row row, Messages m) {
        if (row instanceof Row.CallRow c && c.error()) return c.call().errnoName() + ": " + CallFormat.explain(c.call().errnoName(), m);
        return null;
    }

    /** The endpoint's name in the language ({@code Servidor}), or its id ({@code client-2}). */
    public static String endpointName(String endpoint, Messages m) {
        return org.socketlab.i18n.Names.endpoint(endpoint, m);
    }

    public static String roleName(Lifeline.Role role, Messages m) {
        return m.get(role == Lifeline.Role.PROGRAM ? "ui.diagram.program" : "ui.diagram.kernel");
    }
}
