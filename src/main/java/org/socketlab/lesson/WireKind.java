package org.socketlab.lesson;

import java.util.List;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;

/**
 * What crossed the wire during a step, in one word a student can predict: the segments are sorted into the
 * categories the classic misconceptions are about (does close() send RST? does connect() wait for accept()?).
 */
public enum WireKind {
    /** No segment at all (a close of a socket that never connected, a bind, a listen). */
    NOTHING,
    /** SYN, SYN-ACK, ACK. */
    HANDSHAKE,
    /** A SYN answered by an RST: nobody listens there. */
    SYN_RST,
    /** A FIN and no RST: an orderly close. */
    FIN,
    /** An RST: an abortive close (unread data, SO_LINGER 0, a queued connection nobody accepted). */
    RST,
    /** Segments carrying data (and their ACKs). */
    DATA,
    /** Only bare ACKs (a window update). */
    ACK;

    /** Sorts one step's segments (already chosen: captured ones while capture runs, else the inferred ones). */
    public static WireKind of(List<Payload.Segment> segments) {
        if (segments.isEmpty()) return NOTHING;
        boolean syn = has(segments, TcpFlag.SYN), rst = has(segments, TcpFlag.RST), fin = has(segments, TcpFlag.FIN);
        if (syn) return rst ? SYN_RST : HANDSHAKE;
        if (rst) return RST;
        if (fin) return FIN;
        if (segments.stream().anyMatch(s -> s.len() > 0)) return DATA;
        return ACK;
    }

    private static boolean has(List<Payload.Segment> segments, TcpFlag flag) {
        return segments.stream().anyMatch(s -> s.has(flag));
    }

    /** How the journal's {@code quiz.kernel} writes it: the flags in order ({@code SYN RST}), or {@code none}. */
    public String text() {
        return switch (this) {
            case NOTHING -> "none";
            case HANDSHAKE -> "SYN SYN-ACK ACK";
            case SYN_RST -> "SYN RST";
            case FIN -> "FIN";
            case RST -> "RST";
            case DATA -> "data";
            case ACK -> "ACK";
        };
    }
}
