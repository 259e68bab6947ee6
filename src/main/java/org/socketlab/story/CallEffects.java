package org.socketlab.story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.syscall.SysCall;

/**
 * A traced program's call returns after the segments it made (issue 26 §5: a program's {@code connect() = 0} was told
 * above its own SYN). Its two moments come from strace's stamps, the segments' from tcpdump's, and strace's come early:
 * it stamps a call when the program stops at the call's entry, and on a busy machine the program then waits for a core
 * before the kernel does the call's work, so the work (and its segments) can follow the stamped return by a scheduler
 * slice. Measured as root on 2 cores: 0.6 ms idle; 5 ms with both cores busy (strace and tcpdump run side by side,
 * wall-clock stamps compared directly); 7 and 11 ms in one TracedStoryTest run while Maven compiled. The next call's
 * entry stamp is always after the real return (the program stops there only once it runs again), so that is the real
 * bound. The lab's own calls are timed on the journal's clock and need no help.
 *
 * <p>What a call makes is known (RFC 9293 §3.10): {@code connect} sends the SYN and, blocking, returns only after the
 * SYN-ACK and its ACK; {@code send}, {@code sendto}, {@code sendmsg} and {@code write} send data; {@code close} and
 * {@code shutdown} send the FIN (or an RST). Such a segment of the call's own connection, sent after the call entered
 * and before the endpoint's next call entered, lying a little after the return told, moves the return just below it.
 *
 * <p>A receive returns only once its bytes have arrived (issue 42 item 2: a blocking {@code recvfrom()} was told above
 * the segment that carried its data). Counting the bytes each read of a TCP socket returned, from the peer's SYN on,
 * names the very segment that carried the last byte of each read: when it lies after the return told and before the
 * endpoint's next call entered, the return moves just below it. No offset is added to any stamp: only what the wire
 * and the byte counts say.
 */
final class CallEffects {
    /**
     * How late the real work may follow strace's stamped return; a segment later than this is not the call's (data held
     * back by a closed window leaves after a window probe, 200 ms or more later).
     */
    static final long SLACK_NS = 50_000_000;

    private CallEffects() {
    }

    static void place(List<PlacedMoment> items, List<PlacedMoment> wire) {
        // The entries of each traced endpoint's calls, in time order: a call's effects end where the next one starts.
        Map<String, List<Long>> entries = new HashMap<>();
        for (PlacedMoment i : items)
            if (traced(i.event.endpoint()) && i.event.payload() instanceof Payload.Call c && c.entryKnown()
                    && i.moment != Beat.Moment.ENTRY)
                entries.computeIfAbsent(i.event.endpoint(), k -> new ArrayList<>()).add(c.enteredNs());
        entries.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        for (PlacedMoment ret : items) {
            String me = ret.event.endpoint();
            if (!traced(me) || ret.moment == Beat.Moment.ENTRY || !(ret.event.payload() instanceof Payload.Call c)
                    || !c.entryKnown() || c.failed())
                continue;
            long entered = c.enteredNs(), until = next(entries.get(me), entered);
            PlacedMoment last = null;
            boolean synSent = false;
            for (PlacedMoment w : wire) {
                if (w.time <= entered) continue;
                if (w.time >= until || w.time > ret.time + SLACK_NS) break;
                Payload.Segment s = (Payload.Segment) w.event.payload();
                if (!ofConnection(s, me, ret.conn)) continue;
                boolean sent = s.from().equals(me), syn = s.has(TcpFlag.SYN), ack = s.has(TcpFlag.ACK);
                boolean made = switch (c.sysCall()) {
                    case CONNECT -> {
                        if (sent && syn && !ack) synSent = true;
                        // its SYN, the SYN-ACK that answers it, and the ACK of that: the handshake is inside connect
                        yield synSent && (sent && syn || !sent && syn && ack || sent && !syn && s.len() == 0
                                && last != null && !((Payload.Segment) last.event.payload()).from().equals(me));
                    }
                    case SysCall sending when sending.sendsData() -> sent && s.len() > 0;
                    case CLOSE, SHUTDOWN -> sent && (s.has(TcpFlag.FIN) || s.has(TcpFlag.RST));
                    case null, default -> false;
                };
                if (made) last = w;
            }
            if (last != null && last.time >= ret.time) {
                ret.time = last.time;
                ret.sub = 1;
            }
        }
        placeReceives(items, wire, entries);
    }

    /** The calls that take bytes out of a TCP socket's receive queue (a peek leaves them there). */
    private static boolean reads(Payload.Call c) {
        return switch (c.sysCall()) {
            case SysCall receiving when receiving.receivesData() -> !c.failed() && c.result() > 0
                    && !String.valueOf(c.arg(CallArg.FLAGS)).contains("MSG_PEEK");
            case null, default -> false;
        };
    }

    /** Each read of a traced endpoint's TCP socket returns below the segment that carried its last byte. */
    private static void placeReceives(List<PlacedMoment> items, List<PlacedMoment> wire,
            Map<String, List<Long>> entries) {
        List<PlacedMoment> reads = new ArrayList<>();
        for (PlacedMoment i : items)
            if (traced(i.event.endpoint()) && i.moment != Beat.Moment.ENTRY && i.conn != null
                    && i.conn.peer != null && i.event.payload() instanceof Payload.Call c && c.entryKnown()
                    && reads(c))
                reads.add(i);
        reads.sort(Comparator.comparingLong(i -> ((Payload.Call) i.event.payload()).enteredNs()));
        Map<SocketConnection, Long> readSoFar = new HashMap<>();
        for (PlacedMoment ret : reads) {
            Payload.Call c = (Payload.Call) ret.event.payload();
            String me = ret.event.endpoint();
            long upTo = readSoFar.merge(ret.conn, c.result(), Long::sum);
            Long isn = null;
            for (PlacedMoment w : wire) {
                Payload.Segment s = (Payload.Segment) w.event.payload();
                if (!s.to().equals(me) || !ofConnection(s, me, ret.conn) || s.seqNo() == null || s.lost()) continue;
                if (s.has(TcpFlag.SYN)) {
                    isn = s.seqNo();
                    continue;
                }
                if (isn == null || s.len() == 0) continue;
                long end = Integer.toUnsignedLong((int) (s.seqNo() - isn - 1)) + s.len();
                if (end < upTo) continue;
                // The segment that carried the read's last byte: the read cannot have returned before it arrived.
                if (w.time >= ret.time && w.time < next(entries.get(me), c.enteredNs())) {
                    ret.time = w.time;
                    ret.sub = 1;
                }
                break;
            }
        }
    }

    /**
     * A traced program's datagrams (issue 58 item 3): a {@code sendto()} returns below the datagram it sent, and a
     * {@code recvfrom()} below the datagram it got, seen on the wire: strace's stamps of two processes are not in the
     * wire's order (a client's {@code recvfrom} was told 8 ms before the server's {@code sendto} entered). Each
     * datagram is matched by its addresses and length; the datagrams to one address are taken in the order they
     * arrived, as a socket's receive queue gives them. Never earlier than told, only as late as the call's next entry.
     */
    static void placeDatagrams(List<PlacedMoment> items, List<PlacedMoment> datagrams) {
        if (datagrams.isEmpty()) return;
        Map<String, List<Long>> entries = new HashMap<>();
        List<PlacedMoment> calls = new ArrayList<>();
        for (PlacedMoment i : items)
            if (traced(i.event.endpoint()) && i.event.payload() instanceof Payload.Call c && c.entryKnown()
                    && i.moment != Beat.Moment.ENTRY) {
                        entries.computeIfAbsent(i.event.endpoint(), k -> new ArrayList<>()).add(c.enteredNs());
                        if (!c.failed() && c.result() > 0 && (c.is(SysCall.SENDTO) || c.is(SysCall.RECVFROM)))
                            calls.add(i);
                    }
        entries.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        calls.sort(Comparator.comparingLong(i -> ((Payload.Call) i.event.payload()).enteredNs()));
        // A datagram is one sender's and one receiver's: each side takes it once.
        Set<PlacedMoment> sent = new HashSet<>(), received = new HashSet<>();
        for (PlacedMoment ret : calls) {
            Payload.Call c = (Payload.Call) ret.event.payload();
            String me = ret.event.endpoint();
            boolean sends = c.is(SysCall.SENDTO);
            String other = c.arg(sends ? CallArg.ADDR : CallArg.FROM);
            if (other == null || other.equals("NULL")) continue; // a stream socket's: its segments are TCP's
            long until = next(entries.get(me), c.enteredNs());
            Set<PlacedMoment> taken = sends ? sent : received;
            for (PlacedMoment w : datagrams) {
                Payload.Segment d = (Payload.Segment) w.event.payload();
                if (taken.contains(w) || d.lost()) continue;
                boolean mine = sends
                        ? d.from().equals(me) && other.equals(d.dst()) && d.len() == c.result()
                        : d.to().equals(me) && other.equals(d.src()) && d.len() >= c.result();
                if (!mine) continue;
                if (sends && w.time <= c.enteredNs()) continue; // an older datagram of the same size
                if (w.time >= until) break;
                taken.add(w);
                if (w.time >= ret.time && (!sends || w.time <= ret.time + SLACK_NS)) {
                    ret.time = w.time;
                    ret.sub = sends ? 1 : 2; // a receive after the send that the same datagram ends
                }
                break;
            }
        }
    }

    /** A traced program's endpoint: {@code program}, or {@code program-PID} for another of its processes. */
    static boolean traced(String endpoint) {
        return endpoint.equals("program") || endpoint.startsWith("program-");
    }

    private static long next(@Nullable List<Long> entries, long entered) {
        if (entries != null) for (long e : entries) if (e > entered) return e;
        return Long.MAX_VALUE;
    }

    /** The segment is between this endpoint and its socket's peer (any, when the journal never told the peer). */
    private static boolean ofConnection(Payload.Segment s, String me, @Nullable SocketConnection conn) {
        if (!s.from().equals(me) && !s.to().equals(me)) return false;
        if (conn == null || conn.peer == null || s.src() == null || s.dst() == null) return true;
        return conn.peer.equals(s.from().equals(me) ? s.dst() : s.src());
    }
}
