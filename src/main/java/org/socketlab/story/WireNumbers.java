package org.socketlab.story;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.kernel.TcpOptions;

/**
 * The numbers the story tells of captured TCP segments: sequence and acknowledgement numbers relative to each side's
 * first (its SYN's), retransmissions, duplicate ACKs and SACK blocks, from the segments before each one in story order.
 */
final class WireNumbers {
    private WireNumbers() {
    }

    /** A segment's beat with its numbers relative to each side's initial sequence number, and what it retells. */
    static Beat.Segment segment(Event e, Payload.Segment s, long atNs, Map<String, Long> isn) {
        if (!s.captured() || s.seqNo() == null) return new Beat.Segment(e, s, null, null, atNs);
        String dir = origin(s, isn), back = direction(s, true);
        Long relSeq = s.seqNo() - Objects.requireNonNull(isn.get(dir)); // origin() has just set it
        Long relAck = s.ackNo() == null ? null : isn.containsKey(back) ? s.ackNo() - isn.get(back) : s.ackNo();
        return new Beat.Segment(e, s, relSeq, relAck, atNs, retell(s, dir, isn.get(back), isn));
    }

    /**
     * Sets the origin of a captured segment's direction when it is the first seen that way or a SYN (a new
     * connection); returns the direction's key. Segments without numbers leave the origins alone.
     */
    static String origin(Payload.Segment s, Map<String, Long> isn) {
        String dir = direction(s, false);
        if (s.captured() && s.seqNo() != null && (s.has(TcpFlag.SYN) || !isn.containsKey(dir)))
            isn.put(dir, s.seqNo());
        return dir;
    }

    /**
     * The key of a segment's direction (or of the way back): its addresses when the capture gave them, else its
     * endpoints. One watched program holding both ends of a connection is one endpoint, so by endpoints alone its two
     * directions were one, and each side's numbers were told from the other side's origin (negative seqs).
     */
    private static String direction(Payload.Segment s, boolean back) {
        boolean addressed = s.src() != null && s.dst() != null;
        String from = addressed ? s.src() : s.from(), to = addressed ? s.dst() : s.to();
        return back ? to + ">" + from : from + ">" + to;
    }

    /**
     * What a captured TCP segment is besides itself (see {@link Beat.Retold}); {@code isn} also keeps, under keys of
     * its own, when each segment with data, SYN or FIN first left, and each side's last acknowledgement number.
     */
    private static Beat.Retold retell(Payload.Segment s, String dir, @Nullable Long peerIsn, Map<String, Long> isn) {
        if (!"tcp".equals(s.proto()) || s.wireNs() == null || s.seqNo() == null) return Beat.Retold.NOTHING;
        boolean syn = s.has(TcpFlag.SYN), fin = s.has(TcpFlag.FIN);
        Long sentAgainAfter = null;
        if (s.len() > 0 || syn || fin) {
            String first = "sent " + dir + " " + s.seqNo() + " " + s.len() + (syn ? " S" : "") + (fin ? " F" : "");
            Long firstNs = isn.putIfAbsent(first, s.wireNs());
            if (firstNs != null) sentAgainAfter = s.wireNs() - firstNs;
        }
        String acked = "ack " + dir, sentEnd = "end " + dir;
        isn.merge(sentEnd, s.seqNo() + s.len() + (syn || fin ? 1 : 0), Math::max);
        Long previousAck = s.ackNo() == null ? null : isn.put(acked, s.ackNo());
        // A duplicate ACK acknowledges again what it did before while the peer has sent more (a keepalive's answer
        // acknowledges again too, but nothing is outstanding then).
        Long peerEnd = isn.get("end " + direction(s, true));
        boolean duplicate = s.len() == 0 && s.tcpFlags().equals(Set.of(TcpFlag.ACK)) && s.ackNo() != null
                && s.ackNo().equals(previousAck) && peerEnd != null && peerEnd > s.ackNo();
        List<String> sack = new ArrayList<>();
        for (long[] block : sackBlocks(s.packet()))
            sack.add(peerIsn == null ? block[0] + "-" + block[1] : (block[0] - peerIsn) + "-" + (block[1] - peerIsn));
        return sentAgainAfter == null && !duplicate && sack.isEmpty()
                ? Beat.Retold.NOTHING
                : new Beat.Retold(sentAgainAfter, duplicate, sack);
    }

    /** The SACK blocks among a captured TCP segment's options (RFC 2018: kind 5), as left and right edges. */
    static List<long[]> sackBlocks(byte @Nullable [] ip) {
        return TcpOptions.of(ip).sackBlocks();
    }

}
