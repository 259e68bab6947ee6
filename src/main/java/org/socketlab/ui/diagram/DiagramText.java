package org.socketlab.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.StoryText;

/**
 * The words drawn on the diagram's rows, in the given language: the story's words ({@link StoryText}), the ones every
 * painter prints; only the older-events row is the window's own. No toolkit.
 */
public final class DiagramText {
    private DiagramText() {
    }

    /** The main label of a row. */
    public static String label(Row row, Messages m) {
        return switch (row) {
            case Row.CallRow c -> StoryText.call(new Beat.Call(c.event(), c.call(), c.moment(), 0, c.library()));
            case Row.BlockedRow b -> StoryText.blocked(b.blocked(), m);
            case Row.CancelledRow c -> StoryText.cancelled(c.cancelled(), m);
            case Row.StateMark s -> StoryText.state(s.state(), s.passage(), m);
            case Row.QueueMark q ->
                StoryText.whose(q.endpoint(), StoryText.queue(q.queue(), q.listener(), q.sendQueue(), q.formerFd(), m),
                        q.named(), m);
            case Row.TcpInfoMark t -> StoryText.whose(t.endpoint(), StoryText.tcpInfo(t.info(), m), t.named(), m);
            case Row.SegmentArrow s -> segment(s, m);
            // Predict mode's question has its own pane: the row marks where it was asked (its details say it whole).
            case Row.NoteRow n when n.note().quiz() instanceof Payload.Quiz.Asked a ->
                m.get("ui.diagram.question", String.valueOf(a.step()));
            case Row.NoteRow n -> note(n.note(), m);
            case Row.CaptureRow c -> StoryText.capture(c.capture(), m);
            // A fork's label beside its lifeline is short (its inherited descriptors made it run past the diagram's
            // edge at 1024 px); the details pane says it whole.
            case Row.ProcessRow p when Payload.Process.FORKED.equals(p.process().event()) -> m.get(
                    "ui.diagram.process.forked", String.valueOf(p.process().pid()),
                    String.valueOf(p.process().parentPid()));
            case Row.ProcessRow p -> StoryText.process(p.process(), m);
            case Row.OlderRow o -> m.get("ui.diagram.older", String.valueOf(o.count()));
        };
    }

    /** {@code fd 4 ESTABLISHED}, or {@code fd 4 TIME_WAIT 59 s} with the time the kernel still keeps it. */
    public static String state(Payload.State s, Messages m) {
        return StoryText.state(s, m);
    }

    /** The segment's flags, relative numbers and length; an inferred one says so and never shows numbers. */
    public static String segment(Row.SegmentArrow row, Messages m) {
        return StoryText.segment(row.segment(), row.relSeq(), row.relAck(), row.retold(), m);
    }

    public static String note(Payload.Note n, Messages m) {
        return StoryText.note(n, m);
    }

    /** The errno of a failed call in plain words, or null when the row is no error. */
    public static String errorExplanation(Row row, Messages m) {
        return row instanceof Row.CallRow c && c.error() ? StoryText.errno(c.call(), m) : null;
    }

    /** The endpoint's name in the language ({@code Servidor}, {@code Cliente 2}). */
    public static String endpointName(String endpoint, Messages m) {
        return StoryText.endpointName(endpoint, m);
    }

    /** Under the lifeline of the kernel where the lab has no socket: what it did at that port ({@link StoryText}). */
    public static String externalNote(List<Row> rows, Messages m) {
        List<Beat> segments = new ArrayList<>();
        for (Row r : rows)
            if (r instanceof Row.SegmentArrow s)
                segments.add(new Beat.Segment(s.event(), s.segment(), s.relSeq(), s.relAck(), 0, s.retold()));
        return StoryText.externalNote(segments, m);
    }

    public static String roleName(Lifeline.Role role, Messages m) {
        return StoryText.role(role, m);
    }
}
