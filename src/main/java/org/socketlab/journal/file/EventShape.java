package org.socketlab.journal.file;

import static org.socketlab.journal.file.EventShape.Kind.*;
import static org.socketlab.journal.file.JournalField.*;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;

/**
 * One event type's fields in the order a journal line writes them, each with its kind: the one statement of a line's
 * shape (docs/architecture/journal.md) that {@link EventJsonWriter} writes by, {@link EventJsonReader} reads and checks
 * by and {@link JournalLineCheck} gives its quick yes by. A new field is one row here and one argument of its record's
 * constructor. The {@code process} and {@code note} events, whose fields nest, keep their own code
 * ({@link ProcessEventJson}, the writer's and reader's note methods).
 *
 * @param type   the line's {@code type}
 * @param record the payload record of that type
 * @param make   the record made from the line's fields, read by their kinds
 * @param fields the line's fields after the common ones (seq, at_ns, type, endpoint), in written order
 */
record EventShape<P extends Payload>(String type, Class<P> record, Function<Values, P> make, List<Field<P>> fields) {

    /** How a field is written, read back and checked. */
    enum Kind {
        /** A string, always there. */
        STRING,
        /** A string, always there, that is a {@link org.socketlab.journal.SafeName} (it may become a file name). */
        NAME,
        /** An integer that fits an int, always there. */
        INT,
        /** An integer, always there. */
        LONG,
        /** A list of strings, always there. */
        STRING_LIST,
        /** An object of strings, always there, its order kept. */
        STRING_MAP,
        /** Written even when null (as null); absent or null reads as null. */
        NULLABLE_INT, NULLABLE_LONG, NULLABLE_STRING,
        /** Left out when null; absent or null reads as null. */
        OPTIONAL_INT, OPTIONAL_LONG, OPTIONAL_STRING,
        /** An integer left out when null; absent reads as 0 (a call's entry time in journals before it). */
        OPTIONAL_ZERO_LONG,
        /** Written only when true; absent reads as false. */
        OPTIONAL_FLAG,
        /** Left out when null; absent reads as an empty list. */
        OPTIONAL_STRING_LIST, OPTIONAL_LONG_LIST,
        /** Base64 of any bytes, left out when null. */
        OPTIONAL_BYTES,
        /** Base64 of 1 to {@link Payload.Segment#MAX_PACKET} bytes (a captured packet), left out when null. */
        OPTIONAL_PACKET,
        /** A call's preview: {@code data_len} and {@code data_sha256} together ({@link Payload.Elided}), or neither. */
        ELIDED,
        /** A segment's passage: {@code link_fate}, {@code link_departed_ns}, {@code link_arrived_ns} ({@link Payload.Passage}). */
        PASSAGE
    }

    /**
     * One field: its JSON name (for {@link Kind#ELIDED} and {@link Kind#PASSAGE}, the first of theirs), its kind and
     * the record's value for it (null: left out or written as null, as the kind says).
     */
    record Field<P>(JournalField key, Kind kind, Function<P, @Nullable Object> value) {
    }

    /** Every event type this table states, by its {@code type}. */
    static final Map<String, EventShape<?>> BY_TYPE = List.of(
            shape("call", Payload.Call.class,
                    v -> new Payload.Call(v.string(CALL), v.optionalInt(FD), v.map(ARGS), v.number(RESULT),
                            v.optionalInt(ERRNO), v.optionalString(ERRNO_NAME), v.bytes(DATA_B64),
                            v.number(BLOCKED_NS), v.elided(), v.number(ENTERED_NS), v.optionalLong(INODE),
                            v.longs(MADE_INODES), v.optionalInt(PID)),
                    field(CALL, STRING, Payload.Call::call), field(FD, OPTIONAL_INT, Payload.Call::fd),
                    field(ARGS, STRING_MAP, Payload.Call::args), field(RESULT, LONG, Payload.Call::result),
                    field(ERRNO, NULLABLE_INT, Payload.Call::errno),
                    field(ERRNO_NAME, NULLABLE_STRING, Payload.Call::errnoName),
                    field(DATA_B64, OPTIONAL_BYTES, Payload.Call::data), field(DATA_LEN, ELIDED, Payload.Call::elided),
                    field(BLOCKED_NS, LONG, Payload.Call::blockedNs),
                    field(ENTERED_NS, OPTIONAL_ZERO_LONG, c -> c.entryKnown() ? c.enteredNs() : null),
                    field(INODE, OPTIONAL_LONG, Payload.Call::inode), field(PID, OPTIONAL_INT, Payload.Call::pid),
                    field(MADE_INODES, OPTIONAL_LONG_LIST, c -> c.madeInodes().isEmpty() ? null : c.madeInodes())),
            shape("blocked", Payload.Blocked.class, v -> new Payload.Blocked(v.string(CALL), v.integer(FD)),
                    field(CALL, STRING, Payload.Blocked::call), field(FD, INT, Payload.Blocked::fd)),
            shape("cancelled", Payload.Cancelled.class,
                    v -> new Payload.Cancelled(v.string(CALL), v.integer(FD), v.number(WAITED_NS),
                            v.optionalString(ERRNO_NAME), v.flag(PROCESS_ENDED)),
                    field(CALL, STRING, Payload.Cancelled::call), field(FD, INT, Payload.Cancelled::fd),
                    field(WAITED_NS, LONG, Payload.Cancelled::waitedNs),
                    field(ERRNO_NAME, OPTIONAL_STRING, Payload.Cancelled::errnoName),
                    field(PROCESS_ENDED, OPTIONAL_FLAG, Payload.Cancelled::processEnded)),
            shape("state", Payload.State.class,
                    v -> new Payload.State(v.integer(FD), v.string(FROM), v.string(TO), v.string(SOURCE),
                            v.optionalLong(TIME_WAIT_MS), v.optionalLong(INODE)),
                    field(FD, INT, Payload.State::fd), field(FROM, STRING, Payload.State::from),
                    field(TO, STRING, Payload.State::to),
                    field(SOURCE, STRING, Payload.State::source),
                    field(TIME_WAIT_MS, OPTIONAL_LONG, Payload.State::timeWaitMs),
                    field(INODE, OPTIONAL_LONG, Payload.State::inode)),
            shape("queue", Payload.Queue.class,
                    v -> new Payload.Queue(v.integer(FD), v.number(RECV_Q), v.number(SEND_Q), v.optionalLong(INODE)),
                    field(FD, INT, Payload.Queue::fd), field(RECV_Q, LONG, Payload.Queue::recvQ),
                    field(SEND_Q, LONG, Payload.Queue::sendQ),
                    field(INODE, OPTIONAL_LONG, Payload.Queue::inode)),
            shape("tcp_info", Payload.TcpInfo.class,
                    v -> new Payload.TcpInfo(v.integer(FD), v.optionalLong(INODE), v.number(RTT_US),
                            v.number(RTTVAR_US),
                            v.number(RTO_US), v.number(SND_CWND), v.optionalLong(SND_SSTHRESH), v.number(SND_MSS),
                            v.number(IN_FLIGHT), v.number(UNACKED), v.optionalLong(PEER_WINDOW),
                            v.string(PEER_WINDOW_FROM), v.number(RETRANSMITTED), v.optionalString(CONGESTION)),
                    field(FD, INT, Payload.TcpInfo::fd), field(INODE, OPTIONAL_LONG, Payload.TcpInfo::inode),
                    field(RTT_US, LONG, Payload.TcpInfo::rttUs), field(RTTVAR_US, LONG, Payload.TcpInfo::rttVarUs),
                    field(RTO_US, LONG, Payload.TcpInfo::rtoUs), field(SND_CWND, LONG, Payload.TcpInfo::sndCwnd),
                    field(SND_SSTHRESH, OPTIONAL_LONG, Payload.TcpInfo::sndSsthresh),
                    field(SND_MSS, LONG, Payload.TcpInfo::sndMss),
                    field(IN_FLIGHT, LONG, Payload.TcpInfo::inFlight), field(UNACKED, LONG, Payload.TcpInfo::unacked),
                    field(PEER_WINDOW, OPTIONAL_LONG, Payload.TcpInfo::peerWindow),
                    field(PEER_WINDOW_FROM, STRING, Payload.TcpInfo::peerWindowFrom),
                    field(RETRANSMITTED, LONG, Payload.TcpInfo::retransmitted),
                    field(CONGESTION, OPTIONAL_STRING, Payload.TcpInfo::congestion)),
            shape("segment", Payload.Segment.class,
                    v -> new Payload.Segment(v.string(FROM), v.string(TO), v.string(PROTO), v.strings(FLAGS),
                            v.optionalLong(SEQ_NO), v.optionalLong(ACK_NO), v.integer(LEN), v.string(ORIGIN),
                            v.optionalInt(WINDOW), v.optionalString(SRC), v.optionalString(DST),
                            v.optionalLong(WIRE_NS), v.bytes(PACKET_B64), v.optionalLong(WALL_NS), v.flag(LOST),
                            v.optionalLong(ARRIVED_NS), v.passage()),
                    field(FROM, NAME, Payload.Segment::from), field(TO, NAME, Payload.Segment::to),
                    field(PROTO, STRING, Payload.Segment::proto), field(FLAGS, STRING_LIST, Payload.Segment::flags),
                    field(SEQ_NO, NULLABLE_LONG, Payload.Segment::seqNo),
                    field(ACK_NO, NULLABLE_LONG, Payload.Segment::ackNo),
                    field(LEN, INT, Payload.Segment::len), field(ORIGIN, STRING, Payload.Segment::origin),
                    field(WINDOW, OPTIONAL_INT, Payload.Segment::window),
                    field(SRC, OPTIONAL_STRING, Payload.Segment::src),
                    field(DST, OPTIONAL_STRING, Payload.Segment::dst),
                    field(WIRE_NS, OPTIONAL_LONG, Payload.Segment::wireNs),
                    field(PACKET_B64, OPTIONAL_PACKET, Payload.Segment::packet),
                    field(WALL_NS, OPTIONAL_LONG, Payload.Segment::wallNs),
                    field(LOST, OPTIONAL_FLAG, Payload.Segment::lost),
                    field(ARRIVED_NS, OPTIONAL_LONG, Payload.Segment::arrivedNs),
                    field(LINK_FATE, PASSAGE, Payload.Segment::link)),
            shape("capture", Payload.Capture.class,
                    v -> new Payload.Capture(v.string(STATUS), v.optionalString(REASON), v.optionalString(REASON_CODE),
                            v.strings(REASON_ARGS)),
                    field(STATUS, STRING, Payload.Capture::status),
                    field(REASON, NULLABLE_STRING, Payload.Capture::reason),
                    field(REASON_CODE, OPTIONAL_STRING, Payload.Capture::reasonCode),
                    // the arguments of a reason's message, written with its code only
                    field(REASON_ARGS, OPTIONAL_STRING_LIST, c -> c.reasonCode() == null ? null : c.reasonArgs())))
            .stream().collect(Collectors.toUnmodifiableMap(EventShape::type, s -> s));

    /** The shape of a payload's type, or null for the types that keep their own code (process, note). */
    static @Nullable EventShape<?> of(String type) {
        return BY_TYPE.get(type);
    }

    @SafeVarargs
    private static <P extends Payload> EventShape<P> shape(String type, Class<P> record, Function<Values, P> make,
            Field<P>... fields) {
        return new EventShape<>(type, record, make, List.of(fields));
    }

    private static <P> Field<P> field(JournalField key, Kind kind, Function<P, @Nullable Object> value) {
        return new Field<>(key, kind, value);
    }

    /**
     * A line's fields read by their kinds, for the record's constructor: each getter takes the value its kind read
     * (a getter asked for a field its shape does not state fails at once, in every test that reads that type).
     */
    static final class Values {
        private final @Nullable Object[] slots = new Object[JournalField.ALL.length];

        void put(JournalField key, @Nullable Object value) {
            slots[key.ordinal()] = value;
        }

        private Object required(JournalField key) {
            Object v = slots[key.ordinal()];
            if (v == null) throw new IllegalStateException(key.key); // a getter for a field its shape does not state
            return v;
        }

        String string(JournalField key) {
            return (String) required(key);
        }

        int integer(JournalField key) {
            return (Integer) required(key);
        }

        long number(JournalField key) {
            return (Long) required(key);
        }

        boolean flag(JournalField key) {
            return (Boolean) required(key);
        }

        @Nullable
        String optionalString(JournalField key) {
            return (String) slots[key.ordinal()];
        }

        @Nullable
        Integer optionalInt(JournalField key) {
            return (Integer) slots[key.ordinal()];
        }

        @Nullable
        Long optionalLong(JournalField key) {
            return (Long) slots[key.ordinal()];
        }

        byte @Nullable [] bytes(JournalField key) {
            return (byte[]) slots[key.ordinal()];
        }

        @SuppressWarnings("unchecked")
        List<String> strings(JournalField key) {
            return (List<String>) required(key);
        }

        @SuppressWarnings("unchecked")
        List<Long> longs(JournalField key) {
            return (List<Long>) required(key);
        }

        @SuppressWarnings("unchecked")
        Map<String, String> map(JournalField key) {
            return (Map<String, String>) required(key);
        }

        Payload.@Nullable Elided elided() {
            return (Payload.Elided) slots[DATA_LEN.ordinal()];
        }

        Payload.@Nullable Passage passage() {
            return (Payload.Passage) slots[LINK_FATE.ordinal()];
        }
    }
}
