package org.socketlab.lesson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;

/**
 * When TCP will send again what the link lost, read from the journal (issue 76 item 4): each captured TCP segment that
 * never arrived (lost or dropped on the wire, or by a rule of the lab network) is a retry the kernel owes, due one of
 * its timers after the loss. A SYN's timer is counted from its sends ({@link TcpTimers#synTimeout}); a SYN-ACK's from
 * the request's timer (1 s, then doubling, from the first SYN-ACK: a SYN-ACK sent again for a SYN sent again leaves it
 * as it was); a lost last ACK of a handshake is recovered by that same SYN-ACK timer; data and FIN by the sender's
 * retransmission timeout as its last tcp_info read says it (doubled when that reading is older than a retransmission).
 */
final class TcpRetries {
    /** What was lost. */
    enum What {
        SYN, SYN_ACK, HANDSHAKE_ACK, DATA, FIN, ACK
    }

    /**
     * One retry TCP owes: the lost segment's journal place ({@code lostSeq}), what it was, who sent it and to whom,
     * its bytes of data, when it left and when the kernel will send again ({@code retryAtNs}, {@code timeout} after the
     * moment the timer counts from), and how many times it was sent already ({@code sends}, 1 for a first send).
     */
    record Retry(long lostSeq, What what, String from, String to, int len, long lostAtNs, long retryAtNs,
            Duration timeout, int sends) {
        /** Why the step waits, in both languages. */
        Text said() {
            return new Text(said(Messages.of(Lang.ES)), said(Messages.of(Lang.EN)));
        }

        String said(Messages m) {
            String after = seconds(timeout, m);
            return switch (what) {
                case SYN -> sends <= 1
                        ? m.get("lesson.wait.syn", after)
                        : m.get("lesson.wait.synAgain", after, String.valueOf(sends));
                case SYN_ACK -> m.get("lesson.wait.synAck", after);
                case HANDSHAKE_ACK -> m.get("lesson.wait.handshakeAck", after);
                case DATA -> m.get("lesson.wait.data", String.valueOf(len), Names.endpoint(from, m),
                        Names.endpoint(to, m), after);
                case FIN -> m.get("lesson.wait.fin", Names.endpoint(from, m), after);
                case ACK -> m.get("lesson.wait.ack", Names.endpoint(from, m), Names.endpoint(to, m), after);
            };
        }
    }

    private TcpRetries() {
    }

    /** A time as the sentences say it: whole seconds as "1 s", under a second in ms ("216 ms"), else "3.0 s". */
    static String seconds(Duration d, Messages m) {
        if (d.toMillisPart() == 0 && d.toSeconds() > 0)
            return m.get("lesson.wait.seconds", String.valueOf(d.toSeconds()));
        if (d.toSeconds() == 0) return m.get("lesson.wait.millis", String.valueOf(Math.max(1, d.toMillis())));
        return m.get("lesson.wait.seconds", String.format(m.lang().locale(), "%.1f", d.toMillis() / 1000.0));
    }

    /** Every retry the journal's lost TCP segments owe, in the order they were lost. */
    static List<Retry> owed(List<Event> events, TcpTimers timers) {
        List<Retry> owed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i).payload() instanceof Payload.Segment s) || !lostTcp(s)) continue;
            Retry r = retry(events, i, s, timers);
            if (r != null) owed.add(r);
        }
        return owed;
    }

    /**
     * The retry due last among those owed, or null when nothing was lost. A step waits until it, and the step's own
     * timeout beyond.
     */
    static @Nullable Retry latest(List<Event> events, TcpTimers timers) {
        Retry latest = null;
        for (Retry r : owed(events, timers)) if (latest == null || r.retryAtNs() >= latest.retryAtNs()) latest = r;
        return latest;
    }

    private static boolean lostTcp(Payload.Segment s) {
        return s.captured() && "tcp".equalsIgnoreCase(s.proto()) && s.neverArrived() && s.departureNs() != null
                && !s.has(TcpFlag.RST);
    }

    private static @Nullable Retry retry(List<Event> events, int at, Payload.Segment lost, TcpTimers timers) {
        long seq = events.get(at).seq(), leftNs = Objects.requireNonNull(lost.departureNs());
        boolean syn = lost.has(TcpFlag.SYN), ack = lost.has(TcpFlag.ACK);
        if (syn && !ack) {
            int sent = sendsBefore(events, at, lost, true);
            Duration t = timers.synTimeout(sent);
            return new Retry(seq, What.SYN, lost.from(), lost.to(), 0, leftNs, leftNs + t.toNanos(), t, sent + 1);
        }
        if (syn || ack && lost.len() == 0 && !lost.has(TcpFlag.FIN) && handshakeAck(events, at, lost)) {
            // Sent by the listener's side (SYN-ACK) or answering it (last ACK): the request's timer recovers both.
            String server = syn ? lost.from() : lost.to();
            SynackTimer timer = synackTimer(events, at, server, syn ? lost.to() : lost.from());
            if (timer == null) return null;
            Duration t = timers.synackTimeout(timer.fired());
            return new Retry(seq, syn ? What.SYN_ACK : What.HANDSHAKE_ACK, lost.from(), lost.to(), 0, leftNs,
                    timer.setAtNs() + t.toNanos(), t, 1);
        }
        // Data and FIN: the sender's retransmission timeout; a lost ACK: its peer's, for the data it leaves unacked.
        boolean pureAck = lost.len() == 0 && !lost.has(TcpFlag.FIN);
        String sender = pureAck ? lost.to() : lost.from();
        int sent = pureAck ? 0 : sendsBefore(events, at, lost, false);
        Duration t = rto(events, at, sender, sent);
        What what = pureAck ? What.ACK : lost.len() > 0 ? What.DATA : What.FIN;
        return new Retry(seq, what, lost.from(), lost.to(), lost.len(), leftNs, leftNs + t.toNanos(), t, sent + 1);
    }

    /** How many times the same segment (same sender, sequence number and kind) was captured before {@code at}. */
    private static int sendsBefore(List<Event> events, int at, Payload.Segment lost, boolean synOnly) {
        int n = 0;
        for (int i = 0; i < at; i++)
            if (events.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals(lost.from())
                    && s.to().equals(lost.to()) && Objects.equals(s.seqNo(), lost.seqNo())
                    && s.has(TcpFlag.SYN) == synOnly && (synOnly || s.len() == lost.len() && s.len() + fin(s) > 0))
                n++;
        return n;
    }

    private static int fin(Payload.Segment s) {
        return s.has(TcpFlag.FIN) ? 1 : 0;
    }

    /** Whether a lost pure ACK answered a SYN-ACK of its peer: the handshake's last ACK (its ack number one past). */
    private static boolean handshakeAck(List<Event> events, int at, Payload.Segment lost) {
        for (int i = at - 1; i >= 0; i--)
            if (events.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals(lost.to())
                    && s.to().equals(lost.from()) && s.has(TcpFlag.SYN) && s.has(TcpFlag.ACK))
                return s.seqNo() != null && lost.ackNo() != null && ((s.seqNo() + 1) & 0xFFFF_FFFFL) == lost.ackNo();
        return false;
    }

    /** The request's SYN-ACK timer: when it was last set and how many times it had fired then. */
    private record SynackTimer(long setAtNs, int fired) {
    }

    /**
     * The SYN-ACK timer as the captures before {@code at} (and the lost one itself, when it is a SYN-ACK) show it: set
     * at the first SYN-ACK; a SYN-ACK sent more than half a second after the client's latest SYN was the timer firing
     * (one sent for a SYN sent again follows that SYN within a round trip, and leaves the timer as it was).
     */
    private static @Nullable SynackTimer synackTimer(List<Event> events, int at, String server, String client) {
        Long setAt = null;
        int fired = 0;
        long lastSynNs = Long.MIN_VALUE;
        for (int i = 0; i <= at; i++) {
            if (!(events.get(i).payload() instanceof Payload.Segment s) || !s.captured() || s.departureNs() == null
                    || !s.has(TcpFlag.SYN))
                continue;
            if (!s.has(TcpFlag.ACK) && s.from().equals(client) && s.to().equals(server)) {
                lastSynNs = s.departureNs();
            } else if (s.has(TcpFlag.ACK) && s.from().equals(server) && s.to().equals(client)) {
                if (setAt == null) {
                    setAt = s.departureNs();
                } else if (s.departureNs() - lastSynNs > SYN_ANSWER_NS) {
                    setAt = s.departureNs();
                    fired++;
                }
            }
        }
        return setAt == null ? null : new SynackTimer(setAt, fired);
    }

    /** How soon after a SYN a SYN-ACK answering it leaves (a round trip on the lab's links, with room for load). */
    private static final long SYN_ANSWER_NS = 500_000_000L;

    /**
     * The sender's retransmission timeout, from its latest tcp_info before {@code at} (or just after it: the reading
     * follows a captured segment), doubled once when the lost segment was itself sent again after that reading; 1 s
     * (TCP_TIMEOUT_INIT) when no reading exists.
     */
    private static Duration rto(List<Event> events, int at, String sender, int sentBefore) {
        Payload.TcpInfo info = null;
        boolean before = true;
        long lostAt = events.get(at).atNs();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (i > at && e.atNs() - lostAt > TCP_INFO_AFTER_NS) break;
            if (e.endpoint().equals(sender) && e.payload() instanceof Payload.TcpInfo t && t.rtoUs() > 0) {
                info = t;
                before = i < at;
            }
        }
        if (info == null) return TcpTimers.INITIAL;
        Duration rto = Duration.ofNanos(info.rtoUs() * 1000);
        if (before && sentBefore > 0) rto = TcpTimers.capped(rto, 1);
        return rto.compareTo(TcpTimers.MIN_RTO) < 0 ? TcpTimers.MIN_RTO : TcpTimers.capped(rto, 0);
    }

    /** How long after a captured segment its sender's tcp_info reading is taken as that segment's (read just after it). */
    private static final long TCP_INFO_AFTER_NS = 100_000_000L;
}
