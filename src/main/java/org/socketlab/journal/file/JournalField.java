package org.socketlab.journal.file;

import java.nio.charset.StandardCharsets;

/**
 * The top-level fields of a journal line, by their JSON names (docs/architecture/journal.md, the journal's events): the one
 * table of keys; {@link EventShape} says which of them each event type has, of which kind, in which order, and
 * {@link EventJsonWriter}, {@link EventJsonReader} and {@link JournalLineCheck} follow it (a line's fields read into one
 * slot a field). A process event's own fields are {@link ProcessEventJson}'s (no quick
 * check reads them), and a quiz's or a slide's inner fields their writer's and reader's.
 */
enum JournalField {
    // every line: the file's format (first line only), then the event's
    FORMAT("format"), SEQ("seq"), AT_NS("at_ns"), TYPE("type"), ENDPOINT("endpoint"),
    // call, blocked, cancelled
    CALL("call"), FD("fd"), ARGS("args"), RESULT("result"), ERRNO("errno"), ERRNO_NAME("errno_name"),
    // a call's data (a bounded journal's preview: its whole length and digest)
    DATA_B64("data_b64"), DATA_LEN("data_len"), DATA_SHA256("data_sha256"),
    // how long a call waited, when it entered the kernel
    BLOCKED_NS("blocked_ns"), ENTERED_NS("entered_ns"), WAITED_NS("waited_ns"),
    // state (from and to are a segment's ends too)
    FROM("from"), TO("to"), SOURCE("source"), TIME_WAIT_MS("time_wait_ms"), INODE("inode"),
    // queue
    RECV_Q("recv_q"), SEND_Q("send_q"),
    // segment
    PROTO("proto"), FLAGS("flags"), SEQ_NO("seq_no"), ACK_NO("ack_no"), LEN("len"), ORIGIN("origin"),
    // a segment's window, addresses and capture
    WINDOW("window"), SRC("src"), DST("dst"), WIRE_NS("wire_ns"), PACKET_B64("packet_b64"),
    // when the capture saw it, whether it was lost
    WALL_NS("wall_ns"), LOST("lost"), ARRIVED_NS("arrived_ns"),
    // tcp_info (issue 60)
    RTT_US("rtt_us"), RTTVAR_US("rttvar_us"), RTO_US("rto_us"), SND_CWND("snd_cwnd"), SND_SSTHRESH(
            "snd_ssthresh"), SND_MSS("snd_mss"), IN_FLIGHT("in_flight"), UNACKED("unacked"), PEER_WINDOW(
                    "peer_window"), PEER_WINDOW_FROM("peer_window_from"), RETRANSMITTED("retransmitted"),
    // capture
    STATUS("status"), REASON("reason"), REASON_CODE("reason_code"), REASON_ARGS("reason_args"),
    // note
    TEXT("text"), SLIDE("slide"), QUIZ("quiz"),
    // added later: a call's sockets and process, a cancelled call's process end
    MADE_INODES("made_inodes"), PID("pid"), PROCESS_ENDED("process_ended"),
    // a captured segment's passage over SocketLab's wire between two hosts
    LINK_FATE("link_fate"), LINK_DEPARTED_NS("link_departed_ns"), LINK_ARRIVED_NS("link_arrived_ns"), LINK_WIRE_LATE_NS(
            "link_wire_late_ns"),
    // tcp_info's congestion control (issue 76)
    CONGESTION("congestion");

    /** Every field, in declaration order: {@link #ordinal()} is its slot. */
    static final JournalField[] ALL = values();

    /** The field's JSON name. */
    final String key;
    /** The name's bytes, matched against a line's bytes. */
    final byte[] ascii;

    JournalField(String key) {
        this.key = key;
        this.ascii = key.getBytes(StandardCharsets.US_ASCII);
    }
}
