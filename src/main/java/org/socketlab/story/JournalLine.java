package org.socketlab.story;

import java.util.List;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;

/**
 * One moment of the story as a line of text, in the style of strace, and what kind of line it is (for colour): the
 * window's journal pane, and any terminal. The words are the story's ({@link StoryText#told}), the ones the diagram,
 * the SVG and the transcript print. No toolkit.
 *
 * @param number the moment's number in its story ({@link Story#number}): what the line shows, as the diagram and the
 *               exports do
 * @param seq    the journal event it tells (a call's entry and return tell the same one)
 */
public record JournalLine(long number, long seq, String endpoint, String who, Kind kind, String text) {

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
     * ({@code connect(5, 127.0.0.1:5000) …}), its return as strace writes the whole call, a failed one with its errno
     * explained in parentheses; every other moment as the story tells it. Numbered by its event alone (a line told on
     * its own, with no story around it).
     */
    public static JournalLine of(Beat beat, Messages m) {
        return of(beat, beat.event().seq(), m);
    }

    /** The same, numbered {@code number}: its place in its story ({@link Story#number}). */
    public static JournalLine of(Beat beat, long number, Messages m) {
        Kind kind = switch (beat) {
            case Beat.Call c when c.moment() == Beat.Moment.ENTRY -> Kind.ENTRY;
            case Beat.Call c -> c.call().failed() ? Kind.ERROR : Kind.CALL;
            case Beat.Blocked b -> Kind.BLOCKED;
            case Beat.Cancelled c -> Kind.CANCELLED;
            case Beat.Note n -> Kind.NOTE;
            default -> Kind.KERNEL;
        };
        String text = switch (beat) {
            case Beat.Call c when c.moment() == Beat.Moment.ENTRY -> StoryText.call(c);
            case Beat.Call c -> CallFormat.lineExplained(c.call(), m);
            case Beat.Note n -> StoryText.note(n.note(), m);
            default -> StoryText.told(beat, m);
        };
        return new JournalLine(number, beat.event().seq(), beat.endpoint(),
                StoryText.endpointName(beat.endpoint(), m), kind, text);
    }

    /** The same line at another place of its story (a late event told before it moved it down). */
    public JournalLine numbered(long at) {
        return at == number ? this : new JournalLine(at, seq, endpoint, who, kind, text);
    }

    /** One event told on its own (a terminal printing as events come): the story of that one event. */
    public static JournalLine of(Event event, Messages m) {
        List<Beat> beats = Story.of(List.of(event)).beats();
        return of(beats.getLast(), m);
    }
}
