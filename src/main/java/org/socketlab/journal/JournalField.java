package org.socketlab.journal;

import java.nio.charset.StandardCharsets;

/**
 * The top-level fields of a journal line, by their JSON names (docs/architecture.md, the journal's events): the table
 * {@link JournalLineCheck} reads a line's fields into, one slot a field.
 */
enum JournalField {
    FORMAT("format"), SEQ("seq"), AT_NS("at_ns"), TYPE("type"), ENDPOINT("endpoint"), CALL("call"), FD("fd"), ARGS(
            "args"), RESULT("result"), ERRNO("errno"), ERRNO_NAME("errno_name"), DATA_B64("data_b64"), DATA_LEN(
                    "data_len"), DATA_SHA256("data_sha256"), BLOCKED_NS("blocked_ns"), ENTERED_NS(
                            "entered_ns"), WAITED_NS("waited_ns"), FROM("from"), TO("to"), SOURCE(
                                    "source"), TIME_WAIT_MS("time_wait_ms"), INODE("inode"), RECV_Q("recv_q"), SEND_Q(
                                            "send_q"), PROTO("proto"), FLAGS("flags"), SEQ_NO("seq_no"), ACK_NO(
                                                    "ack_no"), LEN("len"), ORIGIN("origin"), WINDOW("window"), SRC(
                                                            "src"), DST("dst"), WIRE_NS("wire_ns"), PACKET_B64(
                                                                    "packet_b64"), WALL_NS("wall_ns"), LOST(
                                                                            "lost"), STATUS("status"), REASON(
                                                                                    "reason"), REASON_CODE(
                                                                                            "reason_code"), REASON_ARGS(
                                                                                                    "reason_args"), TEXT(
                                                                                                            "text"), SLIDE(
                                                                                                                    "slide"), QUIZ(
                                                                                                                            "quiz"), MADE_INODES(
                                                                                                                                    "made_inodes"), PID(
                                                                                                                                            "pid"), PROCESS_ENDED(
                                                                                                                                                    "process_ended");

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
