package org.socketlab.ui.journal;

import org.socketlab.export.story.Beat;
import org.socketlab.export.story.StoryText;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.lab.CallFormat;
import org.socketlab.lab.Event;
import org.socketlab.lab.Payload;

/** One journal event as a line of text, in the style of strace, and what kind of line it is (for colour). */
public record JournalLine(long seq, String endpoint, String who, Kind kind, String text) {

    /** How a line looks: the view maps each kind to a style class. */
    public enum Kind {
        /** A call that succeeded. */
        CALL,
        /** A call entered the kernel; the kernel's doings follow, then the call's own line when it returns. */
        ENTRY,
        /** A call that returned -1: shown in a distinct, calm colour, because errors are the lesson. */
        ERROR,
        /** A call is waiting in its endpoint's worker thread. */
        BLOCKED,
        /** A waiting call was given up by a reset. */
        CANCELLED,
        /** A kernel observation: state change, queue sizes, a segment. */
        KERNEL,
        /** Lesson narration. */
        NOTE
    }

    /**
     * One moment of the story as a line: a call's entry is written as strace writes an unfinished call
     * ({@code connect(5, 127.0.0.1:5000) …}), its return as the whole call with its result.
     */
    public static JournalLine of(Beat beat, Messages m) {
        if (beat instanceof Beat.Call c && c.moment() == Beat.Moment.ENTRY)
            return new JournalLine(beat.event().seq(), beat.endpoint(), who(beat.endpoint(), m), Kind.ENTRY,
                    StoryText.call(c));
        JournalLine line = of(beat.event(), m);
        if (beat instanceof Beat.Segment seg) { // lost, sent again, a duplicate ACK, SACK: what the story tells of it
            String told = StoryText.retold(seg.segment(), seg.retold(), m);
            if (!told.isEmpty())
                return new JournalLine(line.seq(), line.endpoint(), line.who(), line.kind(),
                        line.text() + " — " + told);
        }
        return line;
    }

    public static JournalLine of(Event event, Messages m) {
        return switch (event.payload()) {
            case Payload.Call c -> new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m),
                    c.failed() ? Kind.ERROR : Kind.CALL,
                    CallFormat.lineExplained(c, m));
            case Payload.Blocked b ->
                new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.BLOCKED,
                        m.get("ui.journal.blocked", b.call(), String.valueOf(b.fd()),
                                m.get(CallFormat.waitsForKey(b.call()))));
            case Payload.Cancelled c ->
                new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.CANCELLED,
                        m.get("ui.journal.cancelled", c.call(), String.valueOf(c.fd()),
                                String.valueOf(c.waitedNs() / 1_000_000)));
            case Payload.State s ->
                new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.KERNEL,
                        m.get("ui.journal.state", String.valueOf(s.fd()), Names.state(s.from(), s.to(), m),
                                Names.state(s.to(), s.from(), m), s.source()));
            case Payload.Queue q ->
                new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.KERNEL,
                        m.get("ui.journal.queue", String.valueOf(q.fd()), String.valueOf(q.recvQ()),
                                String.valueOf(q.sendQ())));
            case Payload.Segment s -> new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m),
                    Kind.KERNEL,
                    m.get("ui.journal.segment", Names.endpoint(s.from(), m), Names.endpoint(s.to(), m),
                            s.proto().toUpperCase(java.util.Locale.ROOT),
                            String.join(", ", s.flags()), orDash(s.seqNo()), orDash(s.ackNo()), String.valueOf(s.len()),
                            m.get("ui.journal.segment." + s.origin())));
            case Payload.Capture c ->
                new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.KERNEL,
                        m.get("ui.journal.capture." + c.status(), c.reasonText(m)));
            case Payload.Note n -> new JournalLine(event.seq(), event.endpoint(), who(event.endpoint(), m), Kind.NOTE,
                    n.text().getOrDefault(m.lang().code(), n.text().values().stream().findFirst().orElse("")));
        };
    }

    /** The endpoint's name in the language ({@code Servidor}, {@code Cliente 2}). */
    private static String who(String endpoint, Messages m) {
        return StoryText.endpointName(endpoint, m);
    }

    private static String orDash(Long n) {
        return n == null ? "-" : String.valueOf(n);
    }
}
