package org.socketlab.story;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * One moment of the story, in causal order: what a painter draws as one row (the diagram), one line (the journal
 * pane, the transcript) or one group (the SVG). {@link #atNs()} is when it happened on the journal's clock, as far as
 * the journal knows (see {@link Story}).
 */
public sealed interface Beat {
    /** The journal event this moment comes from (a call gives two moments: its entry and its return). */
    Event event();

    long atNs();

    default String endpoint() {
        return event().endpoint();
    }

    /** Which moments of a call a beat stands for. */
    enum Moment {
        /** The call entered the kernel and returned with nothing else in between: one arrow there and back. */
        WHOLE,
        /** The call entered the kernel; what the kernel did meanwhile follows, then its {@link #RETURN}. */
        ENTRY,
        /** The call returned with its result. */
        RETURN
    }

    /** A call, or one of its two moments. */
    /**
     * {@code library}: made by a traced program's C library on its own inside a name lookup ({@link LibraryCalls}),
     * not by a line of the program.
     */
    record Call(Event event, Payload.Call call, Moment moment, long atNs, boolean library) implements Beat {
        public Call(Event event, Payload.Call call, Moment moment, long atNs) {
            this(event, call, moment, atNs, false);
        }

        public boolean error() {
            return call.failed() && moment != Moment.ENTRY;
        }
    }

    /** A call started waiting in the kernel: it opens a bar on the program lifeline. */
    record Blocked(Event event, Payload.Blocked blocked, long atNs) implements Beat {
    }

    /** A waiting call was given up: it closes the bar. */
    record Cancelled(Event event, Payload.Cancelled cancelled, long atNs) implements Beat {
    }

    /**
     * A state change of a socket, marked on the endpoint's kernel lifeline: read from the kernel, or deduced (a state
     * the socket passed between two readings, {@link Passage#deduced()}).
     */
    record State(Event event, Payload.State state, long atNs, Passage passage) implements Beat {
        public State(Event event, Payload.State state, long atNs) {
            this(event, state, atNs, Passage.NONE);
        }

        /** True when no reading saw this state: the story deduced it from the segments and RFC 9293's table. */
        public boolean deduced() {
            return passage.deducedBy() != null;
        }
    }

    /**
     * What the story knows of a state besides the reading: the states passed since the previous reading, too quickly to
     * be read ({@code via}, deduced from what the socket sent and received and RFC 9293's state diagram), passed in a
     * listener's queue before accept() returned the socket ({@code inQueue}); for a deduced state, the segment that made
     * it ({@code deducedBy}); {@code formerFd} when the descriptor named was already closed (or names another socket
     * now): the connection outlives its descriptor.
     */
    record Passage(List<String> via, boolean inQueue, @Nullable Cause deducedBy, boolean formerFd) {
        public static final Passage NONE = new Passage(List.of(), false, null, false);

        public Passage {
            via = List.copyOf(via);
        }

        /** A deduced state: made by the segment the socket {@code sent} (else received) with these flags. */
        public static Passage deduced(boolean sent, List<String> flags, boolean captured, boolean formerFd) {
            return new Passage(List.of(), false, new Cause(sent, flags, captured), formerFd);
        }

        /** The segment that made a deduced state: sent or received by the socket, its flags, seen on the wire or deduced. */
        public record Cause(boolean sent, List<String> flags, boolean captured) {
            public Cause {
                flags = List.copyOf(flags);
            }
        }
    }

    /**
     * Queue sizes marked on the endpoint's kernel lifeline. For a {@code listener} the kernel reports the accept
     * queue (connections finished but not yet accepted) and its limit, the backlog.
     */
    record Queue(Event event, Payload.Queue queue, boolean listener, long atNs, SendQueue sendQueue, boolean formerFd)
            implements
                Beat {
        public Queue(Event event, Payload.Queue queue, boolean listener, long atNs) {
            this(event, queue, listener, atNs, SendQueue.BYTES, false);
        }
        public Queue(Event event, Payload.Queue queue, boolean listener, long atNs, SendQueue sendQueue) {
            this(event, queue, listener, atNs, sendQueue, false);
        }
    }

    /**
     * What a connection's Send-Q number is: bytes waiting to be sent or acknowledged, or a number that means nothing as
     * bytes: on a socket that never connected (a refused connect() leaves the kernel's sequence bookkeeping, SIOCOUTQ
     * 3 on Linux, with no byte written), or on one whose connection is gone (CLOSED: what it holds will never leave).
     */
    enum SendQueue {
        /** Bytes. */
        BYTES,
        /** Not bytes: the socket never had a connection; its connect() failed. */
        NEVER_CONNECTED,
        /** The connection is gone (CLOSED): these bytes will never be sent. */
        CONNECTION_GONE
    }

    /**
     * A segment kernel to kernel. {@code relSeq}/{@code relAck} count from each side's initial sequence number when
     * the segment was captured with numbers; null when unknown (always for inferred segments).
     */
    record Segment(Event event, Payload.Segment segment, @Nullable Long relSeq, @Nullable Long relAck, long atNs,
            Retold retold)
            implements
                Beat {
        public Segment(Event event, Payload.Segment segment, @Nullable Long relSeq, @Nullable Long relAck, long atNs) {
            this(event, segment, relSeq, relAck, atNs, Retold.NOTHING);
        }
        public boolean captured() {
            return segment.captured();
        }

        /** The endpoint at whose kernel lifeline the segment leaves: a machine's kernel for {@code external} when known. */
        public String drawnFrom() {
            return retold.drawnAt(segment.from());
        }

        /** The endpoint at whose kernel lifeline the segment arrives ({@link #drawnFrom}'s rule). */
        public String drawnTo() {
            return retold.drawnAt(segment.to());
        }
    }

    /**
     * What the story tells of a captured TCP segment beyond its own header, from the segments before it: sent again
     * (a copy of an earlier one: same side, sequence number and length, with data, SYN or FIN), and how long after that
     * first copy left; a duplicate ACK (no data, the same acknowledgement number as that side's previous segment); its
     * SACK blocks, relative like the acknowledgement number ({@code 4-7}: bytes 4 to 6 arrived beyond a gap).
     *
     * @param sentAgainAfterNs null unless this segment is a retransmission
     * @param refused          for a segment to or from {@code external} (a port where the lab has no socket): how the
     *                         story names that end, {@link Refusal#NONE} when nothing answered for it
     */
    record Retold(@Nullable Long sentAgainAfterNs, boolean duplicateAck, List<String> sack, Refusal refused) {
        public static final Retold NOTHING = new Retold(null, false, List.of());

        public Retold {
            sack = List.copyOf(sack);
        }

        public Retold(@Nullable Long sentAgainAfterNs, boolean duplicateAck, List<String> sack) {
            this(sentAgainAfterNs, duplicateAck, sack, Refusal.NONE);
        }

        /** The endpoint at whose kernel lifeline the segment's end {@code end} is drawn: a known machine's for {@code external}. */
        public String drawnAt(String end) {
            Machine machine = refused.machine();
            return end.equals(ExternalEnds.EXTERNAL) && machine != null ? machine.endpoint() : end;
        }

        Retold refused(Refusal refusal) {
            return new Retold(sentAgainAfterNs, duplicateAck, sack, refusal);
        }
    }

    /**
     * On loopback the end the lab has no socket at is the same kernel: what it did there. {@code port} is that end's
     * port ("" when the segment does not say); {@code answered}: the kernel answered for that port with an RST or an
     * ICMP port unreachable in this story, so nothing listened there; {@code machine}: on two machines, the machine
     * whose kernel that end is (null on one machine, or when no endpoint lives at its address).
     */
    record Refusal(String port, boolean answered, boolean tcp, @Nullable Machine machine) {
        public static final Refusal NONE = new Refusal("", false, true, null);
    }

    /**
     * On two machines the end the lab has no socket at is a machine's kernel: the other host's (an RST for a port
     * where nothing listens) or this host's own (an ICMP host unreachable after ARP found nobody). {@code host} names
     * it; its segments are drawn at {@code endpoint}'s kernel lifeline, an endpoint that lives on that host.
     */
    record Machine(String host, String endpoint) {
    }

    /** What TCP is doing on a connection, read from the kernel's tcp_info: beside the endpoint's kernel lifeline. */
    record TcpInfo(Event event, Payload.TcpInfo info, long atNs) implements Beat {
    }

    /** Lesson narration. */
    record Note(Event event, Payload.Note note, long atNs) implements Beat {
    }

    /** An endpoint's process started, was sent a signal, or ended (with its exit code or the signal that killed it). */
    record Process(Event event, Payload.Process process, long atNs) implements Beat {
    }

    /** Capture of the wire started, stopped, or is unavailable. */
    record Capture(Event event, Payload.Capture capture, long atNs) implements Beat {
    }
}
