package org.socketlab.ui.diagram;

import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;

/** One row of the diagram: exactly one moment of the story ({@link org.socketlab.story.Story}), drawn the way its kind is drawn. */
public sealed interface Row {
    /** Position in the diagram, from 0. */
    int index();

    Event event();

    default String endpoint() {
        return event().endpoint();
    }

    /**
     * A call: the arrow program -> kernel at its {@link Beat.Moment#ENTRY}, the arrow back with the result at its
     * {@link Beat.Moment#RETURN}, both on one row when nothing happened in between ({@link Beat.Moment#WHOLE}).
     * {@link #error()} when it returned -1. {@code library}: a call a traced program's C library made on its own in a
     * name lookup (story/LibraryCalls).
     */
    record CallRow(int index, Event event, Payload.Call call, Beat.Moment moment, boolean library) implements Row {
        public CallRow(int index, Event event, Payload.Call call, Beat.Moment moment) {
            this(index, event, call, moment, false);
        }

        public boolean error() {
            return call.failed() && moment != Beat.Moment.ENTRY;
        }

        public boolean entersKernel() {
            return moment != Beat.Moment.RETURN && !Story.inLibrary(call);
        }

        public boolean returns() {
            return moment != Beat.Moment.ENTRY;
        }

        /** An arrow comes back from the kernel: not for a library function (getaddrinfo), which glibc answers. */
        public boolean returnsFromKernel() {
            return returns() && !Story.inLibrary(call);
        }
    }

    /** A call started waiting: it opens a bar on the program lifeline. */
    record BlockedRow(int index, Event event, Payload.Blocked blocked) implements Row {
    }

    /** A waiting call was given up: it closes the bar. */
    record CancelledRow(int index, Event event, Payload.Cancelled cancelled) implements Row {
    }

    /**
     * A state change marked on the endpoint's kernel lifeline; {@code passage} says whether it was read or deduced (a
     * state passed too quickly to be read, drawn dashed) and what the story adds to it.
     */
    record StateMark(int index, Event event, Payload.State state, Beat.Passage passage) implements Row {
        public StateMark(int index, Event event, Payload.State state) {
            this(index, event, state, Beat.Passage.NONE);
        }

        public boolean deduced() {
            return passage.deducedBy() != null;
        }
    }

    /**
     * Queue sizes marked on the endpoint's kernel lifeline. For a {@code listener} the kernel reports the accept
     * queue (connections finished but not yet accepted) and its limit, the backlog. {@code named}: the mark says
     * whose it is ({@link org.socketlab.story.StoryText#marksNamed}).
     */
    record QueueMark(int index, Event event, Payload.Queue queue, boolean listener, Beat.SendQueue sendQueue,
            boolean named, boolean formerFd) implements Row {
    }

    /**
     * A segment kernel -> kernel. {@code relSeq}/{@code relAck} count from each side's initial sequence number when
     * the segment was captured with numbers; null when unknown (always for inferred segments).
     */
    record SegmentArrow(int index, Event event, Payload.Segment segment, Long relSeq, Long relAck,
            Beat.Retold retold) implements Row {
        public SegmentArrow(int index, Event event, Payload.Segment segment, Long relSeq, Long relAck) {
            this(index, event, segment, relSeq, relAck, Beat.Retold.NOTHING);
        }
        public boolean captured() {
            return segment.captured();
        }
        /** The endpoint whose kernel lifeline it leaves ({@link Beat.Segment#drawnFrom}). */
        public String drawnFrom() {
            return retold.drawnAt(segment.from());
        }
        /** The endpoint whose kernel lifeline it reaches. */
        public String drawnTo() {
            return retold.drawnAt(segment.to());
        }
    }

    /** Lesson narration across the whole width. */
    record NoteRow(int index, Event event, Payload.Note note) implements Row {
    }

    /**
     * An endpoint's process started, was sent a signal, or ended: marked on its program lifeline; an end is drawn as
     * the lifeline's end (a bar across it) with how it ended ({@code exited (code 0)}, {@code killed by SIGKILL}).
     */
    record ProcessRow(int index, Event event, Payload.Process process) implements Row {
        public boolean ended() {
            return Payload.Process.EXITED.equals(process.event())
                    || Payload.Process.THREAD_ENDED.equals(process.event()); // a thread's lane ends too (issue 79)
        }
    }

    /** What TCP is doing on a connection (tcp_info), beside the endpoint's kernel lifeline; {@code named}: always. */
    record TcpInfoMark(int index, Event event, Payload.TcpInfo info, boolean named) implements Row {
    }

    /** Capture of the wire started, stopped or is unavailable: a quiet line across the width. */
    record CaptureRow(int index, Event event, Payload.Capture capture) implements Row {
    }

    /**
     * The first row of a long session's diagram: {@code count} older events are no longer drawn (the window keeps
     * the newest; the journal file has them all). {@code event} is the oldest event still drawn, below this row.
     */
    record OlderRow(int index, Event event, long count) implements Row {
    }

    /** The row of a story moment at {@code index}, its kernel marks {@code named} with their endpoint or not. */
    static Row of(int index, Beat beat, boolean named) {
        return switch (beat) {
            case Beat.Call c -> new CallRow(index, c.event(), c.call(), c.moment(), c.library());
            case Beat.Blocked b -> new BlockedRow(index, b.event(), b.blocked());
            case Beat.Cancelled c -> new CancelledRow(index, c.event(), c.cancelled());
            case Beat.State s -> new StateMark(index, s.event(), s.state(), s.passage());
            case Beat.Queue q ->
                new QueueMark(index, q.event(), q.queue(), q.listener(), q.sendQueue(), named, q.formerFd());
            // Always whose: a reading is drawn between the two kernels, so "fd 3: rtt…" named neither socket even with
            // two processes (issue 78); the socket table says the endpoint beside the fd.
            case Beat.TcpInfo t -> new TcpInfoMark(index, t.event(), t.info(), true);
            case Beat.Segment s -> new SegmentArrow(index, s.event(), s.segment(), s.relSeq(), s.relAck(), s.retold());
            case Beat.Note n -> new NoteRow(index, n.event(), n.note());
            case Beat.Capture c -> new CaptureRow(index, c.event(), c.capture());
            case Beat.Process p -> new ProcessRow(index, p.event(), p.process());
        };
    }
}
