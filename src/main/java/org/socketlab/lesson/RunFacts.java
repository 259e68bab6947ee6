package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.kernel.TcpFlag;
import org.socketlab.lab.AddrInfoJournal;
import org.socketlab.syscall.SysCall;

/**
 * The facts of one run of a lesson, read from its journal alone: where each step began, what its call returned, how
 * long it waited, the queues of the sockets it named, and what crossed the wire. A lesson's sentences about its own run
 * ({@code "said"}) and its {@code "check"}s are computed from these, so the same journal read again, saved or edited,
 * gives the same words. Nothing here asks the kernel or the lesson file what happened.
 */
public final class RunFacts {
    /** A fact this journal cannot tell (a step not reached, no capture of the wire, nothing retransmitted). */
    public static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false); // never shown: a sentence that cannot be told is not said
        }
    }

    /** A socket a step named ({@code as}), and the number it was made as (a new socket's queues say it). */
    private record Named(SocketIdentities.Socket socket, int fd) {
    }

    private final List<Event> events;
    /** Per step number, the index of its narration in {@link #events}; absent when the run did not reach it. */
    private final Map<Integer, Integer> starts = new HashMap<>();
    /** Per step number, the call it made or ended (a finish or reset ends a started call). */
    private final Map<Integer, Payload.Call> calls = new HashMap<>();
    /** Per step number, when its call returned (its event's moment). */
    private final Map<Integer, Long> returnedAt = new HashMap<>();
    private final Map<String, Named> named = new HashMap<>();
    /** Which socket each event of the run is about. */
    private final SocketIdentities sockets;
    private final boolean captured;

    private final Lesson lesson;

    private RunFacts(Lesson lesson, List<Event> events) {
        this.lesson = lesson;
        this.events = List.copyOf(events);
        this.sockets = SocketIdentities.of(this.events);
        boolean capture = false;
        for (Event e : events)
            if (e.payload() instanceof Payload.Capture c) capture = Payload.Capture.STARTED.equals(c.status());
        this.captured = capture;
        Map<String, Integer> started = new HashMap<>();
        int at = 0;
        for (Step step : lesson.steps()) {
            int start = noteOf(step, at);
            if (start < 0) break;
            starts.put(step.number(), start);
            at = start + 1;
            switch (step.kind()) {
                case CALL, START, FORK -> { // a fork step's call is the parent's fork(): it returned the child's pid
                    int found = callOf(step.endpoint(), step.call(), start + 1);
                    if (found >= 0) {
                        Payload.Call call = (Payload.Call) events.get(found).payload();
                        calls.put(step.number(), call);
                        returnedAt.put(step.number(), events.get(found).atNs());
                        SocketIdentities.Socket made = step.as() != null && call.result() >= 0
                                ? sockets.made(events.get(found), (int) call.result())
                                : null;
                        if (made != null) named.put(step.as(), new Named(made, (int) call.result()));
                    }
                    if (step.kind() == Step.Kind.START) started.put(step.endpoint(), step.number());
                }
                case FINISH, RESET, KILL -> {
                    // A kill the process lives through (a caught or ignored signal) leaves the call to its finish; one
                    // that ended the process leaves nothing to finish (a later start replaces it).
                    Integer from = step.kind() == Step.Kind.KILL
                            ? started.get(step.endpoint())
                            : started.remove(step.endpoint());
                    if (from != null && calls.containsKey(from)) {
                        calls.put(step.number(), calls.get(from));
                        returnedAt.put(step.number(), returnedAt.get(from));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** The facts of {@code lesson}'s run in {@code events} (the run's journal, from its first step's narration on). */
    public static RunFacts of(Lesson lesson, List<Event> events) {
        return new RunFacts(lesson, events);
    }

    /**
     * The facts as they stood when step {@code step} ended (its sentences are said then): a journal read later, with
     * the events after it, tells the same.
     */
    public RunFacts asOf(int step) {
        Integer next = starts.get(step + 1);
        if (next == null) return this;
        return new RunFacts(lesson, events.subList(0, next));
    }

    private int noteOf(Step step, int from) {
        String en = step.narration().en();
        for (int i = from; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.endpoint().equals(step.endpoint()) && e.payload() instanceof Payload.Note n
                    && en.equals(n.text().get("en")))
                return i;
        }
        return -1;
    }

    private int callOf(String endpoint, String call, int from) {
        for (int i = from; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c && c.call().equals(call)
                    && !c.has(CallArg.REASON))
                return i;
        }
        return -1;
    }

    /** Whether the journal saw the wire: without it, facts of segments cannot be told. */
    public boolean captured() {
        return captured;
    }

    /** Whether the run reached step {@code n}. */
    public boolean reached(int n) {
        return starts.containsKey(n);
    }

    /** Where step {@code n}'s events end: the next step's narration, or the end of the journal. */
    private int endOf(int n) {
        if (!starts.containsKey(n)) throw new Unknown();
        return starts.getOrDefault(n + 1, events.size());
    }

    private int startOf(int n) {
        Integer s = starts.get(n);
        if (s == null) throw new Unknown();
        return s;
    }

    private Payload.Call call(int n) {
        Payload.Call c = calls.get(n);
        if (c == null) throw new Unknown();
        return c;
    }

    /** What step {@code n}'s call returned (-1 when it failed). */
    public long result(int n) {
        return call(n).result();
    }

    /**
     * How many times the SIGCHLD handler ran as step {@code n}'s sigprocmask unblocked the signal (a signal pending then
     * is delivered as the call returns); 0 where it did not.
     */
    public long handlerRuns(int n) {
        String runs = call(n).arg(CallArg.HANDLER_RUNS);
        return runs == null ? 0 : Long.parseLong(runs);
    }

    /** How many children that handler reaped meanwhile (its waitpid calls that returned a pid). */
    public long reapedByHandler(int n) {
        String reaped = call(n).arg(CallArg.REAPED, "[]").replaceAll("[\\[\\]]", "").strip();
        return reaped.isEmpty() ? 0 : reaped.split(" ").length;
    }

    /** How many of steps {@code from} to {@code to} made a call that returned 0 or more (the run must reach them all). */
    public long returned(int from, int to) {
        long ok = 0;
        for (int n = from; n <= to; n++) if (call(n).result() >= 0) ok++;
        return ok;
    }

    /** How many addrinfo step {@code n}'s getaddrinfo returned; with a family ("AF_INET6"), how many of it. */
    public int addresses(int n, @Nullable String family) {
        return AddrInfoJournal.count(call(n), family);
    }

    /** The family of the {@code i}-th addrinfo (from 0) step {@code n}'s getaddrinfo returned (Linux's number), or 0. */
    public int familyAt(int n, int i) {
        return AddrInfoJournal.familyAt(call(n), i);
    }

    /** How long step {@code n}'s call waited before it could complete, in milliseconds. */
    public double blockedMs(int n) {
        return call(n).blockedNs() / 1e6;
    }

    private boolean about(Named n, Event e) {
        return sockets.socketOf(e) == n.socket();
    }

    private Named named(String name) {
        Named n = named.get(name);
        if (n == null) throw new Unknown();
        return n;
    }

    /** The named socket's queues as last journaled before {@code end}; a new socket's are empty. */
    private Payload.Queue queue(String name, int end) {
        Named n = named(name);
        Payload.Queue last = new Payload.Queue(n.fd(), 0, 0);
        for (int i = 0; i < end && i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Queue q && about(n, events.get(i)))
                last = q;
        return last;
    }

    /** Receive queue (a listener's: its accept queue) as last journaled by the end of step {@code step}. */
    public long recvQ(String name, int step) {
        return queue(name, endOf(step)).recvQ();
    }

    /** Send queue (bytes not yet acknowledged) as last journaled by the end of step {@code step}. */
    public long sendQ(String name, int step) {
        return queue(name, endOf(step)).sendQ();
    }

    /**
     * The largest receive (or accept) queue the journal showed for the socket in the whole run, or ({@code since} > 0)
     * from step {@code since}'s narration on.
     */
    public long maxRecvQ(String name, int since) {
        Named n = named(name);
        long max = 0;
        for (int i = since <= 0 ? 0 : startOf(since); i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Queue q && about(n, events.get(i)))
                max = Math.max(max, q.recvQ());
        return max;
    }

    /**
     * The largest send queue (bytes not yet acknowledged) the journal showed for the socket in the whole run, or
     * ({@code since} > 0) from step {@code since}'s narration on.
     */
    public long maxSendQ(String name, int since) {
        Named n = named(name);
        long max = 0;
        for (int i = since <= 0 ? 0 : startOf(since); i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Queue q && about(n, events.get(i)))
                max = Math.max(max, q.sendQ());
        return max;
    }

    /**
     * One figure of the socket's {@code tcp_info} readings (issue 60: sampled after each captured segment): the largest
     * from step {@code since}'s narration on (0: the whole run), or ({@code last}) the newest.
     */
    private long tcpInfo(String name, int since, boolean last, ToLongFunction<Payload.TcpInfo> figure) {
        Named n = named(name);
        Long found = null;
        for (int i = since <= 0 ? 0 : startOf(since); i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.TcpInfo t && about(n, events.get(i)))
                found = last || found == null ? figure.applyAsLong(t) : Math.max(found, figure.applyAsLong(t));
        if (found == null) throw new Unknown();
        return found;
    }

    /** The most bytes in flight (sent, not yet acknowledged) tcp_info showed for the socket since step {@code since}. */
    public long maxInFlight(String name, int since) {
        return tcpInfo(name, since, false, Payload.TcpInfo::inFlight);
    }

    /** The largest window the peer advertised, as tcp_info showed it for the socket since step {@code since}. */
    public long maxPeerWindow(String name, int since) {
        return tcpInfo(name, since, false, t -> t.peerWindow() == null ? 0 : t.peerWindow());
    }

    /** The largest congestion window (segments) tcp_info showed for the socket since step {@code since}. */
    public long maxCwnd(String name, int since) {
        return tcpInfo(name, since, false, Payload.TcpInfo::sndCwnd);
    }

    /** The socket's congestion window (segments): the first tcp_info reading since step {@code since}, or the newest. */
    public long cwnd(String name, int since, boolean first) {
        Named n = named(name);
        Long found = null;
        for (int i = since <= 0 ? 0 : startOf(since); i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.TcpInfo t && about(n, events.get(i))) {
                found = t.sndCwnd();
                if (first) break;
            }
        if (found == null) throw new Unknown();
        return found;
    }

    /** The socket's slow-start threshold (segments) in its newest tcp_info reading; unknown while still unset. */
    public long ssthresh(String name) {
        return tcpInfo(name, 0, true, t -> t.sndSsthresh() == null ? -1 : t.sndSsthresh());
    }

    /** The socket's smoothed round-trip time in ms, as its newest tcp_info reading gives it. */
    public double rttMs(String name) {
        return tcpInfo(name, 0, true, Payload.TcpInfo::rttUs) / 1000.0;
    }

    /**
     * The address step {@code n}'s call gave back: accept's peer, getsockname's or getpeername's address
     * ({@code 10.77.0.2:5000}), as journaled.
     */
    public String address(int n) {
        Payload.Call c = call(n);
        String address = c.arg(c.is(SysCall.ACCEPT) ? CallArg.PEER : CallArg.ADDR);
        if (address == null || c.result() < 0) throw new Unknown();
        return address;
    }

    /**
     * accept's addrlen as the kernel left it after step {@code n}'s call (issue 59): the address's real size, whatever
     * length the program gave; unchanged (-1) when the call failed on it.
     */
    public long addrlenOut(int n) {
        Matcher m = ADDRLEN.matcher(call(n).arg(CallArg.ADDRLEN, ""));
        if (!m.matches()) throw new Unknown();
        return Long.parseLong(m.group(2) != null ? m.group(2) : m.group(1));
    }

    private static final Pattern ADDRLEN = Pattern.compile("\\[(-?\\d+)(?: => (-?\\d+))?]");

    /** The bytes step {@code n}'s accept wrote into an address too short for its peer ({@code 02 00 9a 5e}). */
    public String peerBytes(int n) {
        String bytes = call(n).arg(CallArg.PEER_BYTES);
        if (bytes == null) throw new Unknown();
        return bytes;
    }

    /** How many bytes of the address step {@code n}'s accept wrote: all of the peer's, or as many as fitted. */
    public long addrWritten(int n) {
        Payload.Call c = call(n);
        if (c.result() < 0) return 0;
        String bytes = c.arg(CallArg.PEER_BYTES);
        if (bytes != null) return bytes.equals("-") ? 0 : bytes.split(" ").length;
        return addrlenOut(n);
    }

    /** The captured TCP segments from {@code from}, from step {@code since}'s narration on (since 0: the whole run). */
    private List<Payload.Segment> wire(String from, int since) {
        if (!captured) throw new Unknown();
        int start = since <= 0 ? 0 : startOf(since);
        List<Payload.Segment> out = new ArrayList<>();
        for (int i = start; i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Segment s && s.captured() && s.from().equals(from))
                out.add(s);
        return out;
    }

    /**
     * How many captured segments of one kind {@code from} sent since step {@code since}: {@code data}, {@code lost}
     * (never arrived: dropped by a rule of the lab network, or lost on the wire between the hosts), {@code reordered}
     * (the wire delivered it ahead of one sent before it), {@code duplicated} (the wire delivered it twice),
     * {@code syn}, {@code fin}, {@code rst}, {@code bare_ack}, {@code zero_window} (a TCP window of 0), {@code sack} (carrying SACK
     * blocks), {@code dup_ack} (a duplicate ACK: the same acknowledgement again, no data, while the peer has sent
     * more), {@code retransmission} (data, SYN or FIN sent again).
     */
    public long segments(String from, String kind, int since) {
        List<Payload.Segment> mine = wire(from, since);
        return switch (kind) {
            case "data" -> mine.stream().filter(s -> s.len() > 0).count();
            case "lost" -> mine.stream().filter(Payload.Segment::neverArrived).count();
            case "reordered" -> mine.stream().filter(s -> s.link() != null
                    && Payload.Passage.REORDERED.equals(s.link().fate())).count();
            case "duplicated" -> mine.stream().filter(Payload.Segment::arrivedTwice).count();
            case "syn" -> mine.stream().filter(s -> s.has(TcpFlag.SYN)).count();
            case "fin" -> mine.stream().filter(s -> s.has(TcpFlag.FIN)).count();
            case "rst" -> mine.stream().filter(s -> s.has(TcpFlag.RST)).count();
            case "bare_ack" ->
                mine.stream().filter(s -> s.len() == 0 && s.tcpFlags().equals(Set.of(TcpFlag.ACK))).count();
            case "zero_window" -> mine.stream()
                    .filter(s -> "tcp".equals(s.proto()) && s.window() != null && s.window() == 0
                            && !s.has(TcpFlag.RST) && !s.has(TcpFlag.SYN))
                    .count();
            case "sack" -> mine.stream().filter(s -> !sackBlocks(s.packet()).isEmpty()).count();
            case "dup_ack" -> duplicateAcks(from, since);
            case "retransmission" -> retransmissions(from, since).size();
            default -> throw new IllegalArgumentException(kind); // the parser checks the kinds
        };
    }

    private long duplicateAcks(String from, int since) {
        int start = since <= 0 ? 0 : startOf(since);
        long count = 0;
        Long lastAck = null, peerEnd = null;
        // In the order the segments left their hosts, not the journal's: over SocketLab's wire a segment to the server
        // is journaled when it arrived, after the duplicate ACKs a segment sent ahead of it already caused.
        record Seen(int index, Payload.Segment s, long seq) {
        }
        List<Seen> seen = new ArrayList<>();
        int index = 0;
        for (Event e : events) {
            if (e.payload() instanceof Payload.Segment s && s.captured() && s.seqNo() instanceof Long seq
                    && "tcp".equals(s.proto()))
                seen.add(new Seen(index, s, seq));
            index++;
        }
        if (seen.stream().allMatch(x -> x.s().wireNs() != null))
            seen.sort(Comparator.comparingLong(x -> Objects.requireNonNull(x.s().wireNs())));
        for (Seen x : seen) {
            Payload.Segment s = x.s();
            boolean counted = x.index() >= start;
            if (s.to().equals(from) && (s.len() > 0 || s.has(TcpFlag.SYN) || s.has(TcpFlag.FIN)))
                peerEnd = Math.max(peerEnd == null ? 0 : peerEnd, x.seq() + s.len());
            if (!s.from().equals(from) || s.ackNo() == null) continue;
            boolean dup = s.len() == 0 && s.tcpFlags().equals(Set.of(TcpFlag.ACK)) && s.ackNo().equals(lastAck)
                    && peerEnd != null && peerEnd > s.ackNo();
            if (dup && counted) count++;
            lastAck = s.ackNo();
        }
        return count;
    }

    /**
     * Each retransmission by {@code from} since step {@code since} (its first copy may be older): how long after its
     * first copy it left, in ns (by the capture's clock).
     */
    private List<Long> retransmissions(String from, int since) {
        return copiesSentAgain(from, since, false);
    }

    /**
     * Each retransmission by {@code from} since step {@code since}: how long after its first copy it left
     * ({@code sincePrevious} false) or after the copy before it (true), in ns by the capture's clock.
     */
    private List<Long> copiesSentAgain(String from, int since, boolean sincePrevious) {
        Map<String, Long> first = new HashMap<>(), previous = new HashMap<>();
        List<Long> after = new ArrayList<>();
        Set<Payload.Segment> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        counted.addAll(wire(from, since));
        for (Payload.Segment s : wire(from, 0)) {
            boolean syn = s.has(TcpFlag.SYN), fin = s.has(TcpFlag.FIN);
            if (s.seqNo() == null || s.wireNs() == null || s.len() == 0 && !syn && !fin) continue;
            String key = s.to() + " " + s.seqNo() + " " + s.len() + (syn ? "S" : "") + (fin ? "F" : "");
            Long was = first.putIfAbsent(key, s.wireNs());
            Long before = previous.put(key, s.wireNs());
            if (was != null && counted.contains(s)) after.add(s.wireNs() - (sincePrevious ? before : was));
        }
        return after;
    }

    /** How long after its first copy {@code from}'s first retransmission left, in ms: for a timeout, the RTO. */
    public double retransmitMs(String from) {
        List<Long> r = retransmissions(from, 0);
        if (r.isEmpty()) throw new Unknown();
        return r.getFirst() / 1e6;
    }

    /** How long after its first copy {@code from}'s last retransmission left, in ms (a SYN resent three times: the third). */
    public double lastRetransmitMs(String from) {
        List<Long> r = retransmissions(from, 0);
        if (r.isEmpty()) throw new Unknown();
        return r.getLast() / 1e6;
    }

    /**
     * The longest time between two copies of one segment {@code from} sent, in ms: with a retransmission timer that
     * doubles it grows with each loss; with linear timeouts (Linux's first SYN resends) it stays at the first.
     */
    public double longestGapMs(String from) {
        List<Long> r = copiesSentAgain(from, 0, true);
        if (r.isEmpty()) throw new Unknown();
        return r.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6;
    }

    /**
     * The window {@code from} last advertised (captured, scaled by the shift its SYN announced), in bytes: the room it
     * said it had for the peer's data.
     */
    public long lastWindow(String from) {
        int shift = 0;
        Long window = null;
        for (Payload.Segment s : wire(from, 0)) {
            if (!"tcp".equals(s.proto()) || s.window() == null || s.has(TcpFlag.RST)) continue;
            if (s.has(TcpFlag.SYN)) {
                shift = windowShift(s.packet());
                window = (long) s.window(); // never scaled in a SYN (RFC 7323, section 2.2)
            } else window = (long) s.window() << shift;
        }
        if (window == null) throw new Unknown();
        return window;
    }

    /**
     * The most data one captured segment from {@code from} carried (since step {@code since}, 0: the whole run): the
     * peer's MSS less the options each segment carries (TCP timestamps take 12 bytes). Unknown without data captured.
     */
    public long largestSegment(String from, int since) {
        long most = wire(from, since).stream().mapToLong(Payload.Segment::len).max().orElse(0);
        if (most == 0) throw new Unknown();
        return most;
    }

    /**
     * The maximum segment size {@code from}'s latest captured SYN offered (its MSS option, RFC 9293: kind 2): the
     * largest segment its link lets it receive (65495 on loopback, 1460 on a 1500-byte link). Unknown without one.
     */
    public long synMss(String from) {
        Long mss = null;
        for (Payload.Segment s : wire(from, 0)) {
            if (!"tcp".equals(s.proto()) || !s.has(TcpFlag.SYN)) continue;
            byte[] ip = s.packet();
            List<int[]> o = options(ip, 2);
            if (ip != null && !o.isEmpty() && o.getFirst()[1] >= 4) {
                int at = o.getFirst()[0];
                mss = (long) ((ip[at + 2] & 0xff) << 8 | (ip[at + 3] & 0xff));
            }
        }
        if (mss == null) throw new Unknown();
        return mss;
    }

    /**
     * Bytes {@code from} had sent and not yet seen acknowledged when its first segment of new data after step
     * {@code step}'s narration left (by the capture): 0 means everything before it was acknowledged. A copy sent again
     * (a tail loss probe) is not that segment: it carries nothing the step's call handed over.
     */
    public long inFlightAt(String from, int step) {
        int start = startOf(step);
        Long end = null;
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i).payload() instanceof Payload.Segment s) || !s.captured() || s.seqNo() == null
                    || !"tcp".equals(s.proto()) || !s.from().equals(from))
                continue;
            if (!captured) break;
            if (s.len() > 0 && i > start && (end == null || s.seqNo() + s.len() > end)) {
                Long acked = end == null ? null : ackedBefore(from, s);
                return end == null || acked == null ? 0 : Math.max(0, end - acked);
            }
            end = Math.max(end == null ? 0 : end,
                    s.seqNo() + s.len() + (s.has(TcpFlag.SYN) || s.has(TcpFlag.FIN) ? 1 : 0));
        }
        throw new Unknown();
    }

    /**
     * The highest acknowledgement that reached {@code from}'s host before {@code left} left it, by their moments, not
     * the journal's order: a segment to the second host over SocketLab's wire is journaled once it arrived, after
     * acknowledgements that came back while it crossed. Null when none had.
     */
    private @Nullable Long ackedBefore(String from, Payload.Segment left) {
        Long leftNs = left.departureNs(), acked = null;
        for (Event e : events)
            if (e.payload() instanceof Payload.Segment s && s.captured() && "tcp".equals(s.proto())
                    && s.to().equals(from) && !s.from().equals(from) && s.ackNo() != null && !s.neverArrived()
                    && s.arrivalNs() instanceof Long arrived && (leftNs == null || arrived <= leftNs))
                acked = Math.max(acked == null ? 0 : acked, s.ackNo());
        return acked;
    }

    /** How long step {@code n}'s call took, from when it was made to when it returned, in ms. */
    public double callMs(int n) {
        Payload.Call c = call(n);
        Long returned = returnedAt.get(n);
        if (returned == null || c.enteredNs() <= 0) throw new Unknown();
        return (returned - c.enteredNs()) / 1e6;
    }

    /** The captured segments with data (TCP bytes, or UDP datagrams) {@code from} sent since step {@code since}. */
    private List<Payload.Segment> dataSent(String from, int since) {
        return wire(from, since).stream().filter(s -> s.len() > 0 && s.wireNs() != null).toList();
    }

    /** Each crossing of the link that arrived, in ns: arrival less departure (both on the journal's clock). */
    private static long crossing(Payload.Segment s) {
        if (s.wireNs() == null || s.arrivedNs() == null || s.neverArrived()) throw new Unknown();
        return s.arrivedNs() - s.wireNs();
    }

    /**
     * How long the first captured segment of {@code kind} ({@code syn}, {@code data}, {@code fin}, {@code bare_ack})
     * from {@code from} since step {@code since} took to cross the link between the machines, in ms.
     */
    public double crossMs(String from, String kind, int since) {
        for (Payload.Segment s : wire(from, since)) {
            boolean is = switch (kind) {
                case "syn" -> s.has(TcpFlag.SYN);
                case "fin" -> s.has(TcpFlag.FIN);
                case "data" -> s.len() > 0;
                case "bare_ack" -> s.len() == 0 && s.tcpFlags().equals(Set.of(TcpFlag.ACK));
                default -> throw new IllegalArgumentException(kind); // the parser checks the kinds
            };
            if (is && !s.neverArrived() && s.arrivedNs() != null) return crossing(s) / 1e6;
        }
        throw new Unknown();
    }

    /** The shortest ({@code longest} false) or longest crossing of {@code from}'s data since step {@code since}, ms. */
    public double dataCrossMs(String from, int since, boolean longest) {
        List<Payload.Segment> arrived = dataSent(from, since).stream()
                .filter(s -> !s.neverArrived() && s.arrivedNs() != null).toList();
        if (arrived.isEmpty()) throw new Unknown();
        long[] each = arrived.stream().mapToLong(RunFacts::crossing).toArray();
        return (longest
                ? Arrays.stream(each).max().orElseThrow()
                : Arrays.stream(each).min().orElseThrow()) / 1e6;
    }

    /**
     * How long after step {@code n}'s call returned the first data {@code from} sent since that step's narration
     * reached the other machine, in ms: more than 0 when the call returned while its bytes were still on the link.
     */
    public double dataArrivedMs(String from, int n) {
        Long returned = returnedAt.get(n);
        if (returned == null) throw new Unknown();
        for (Payload.Segment s : dataSent(from, n))
            if (!s.neverArrived() && s.arrivalNs() != null) return (s.arrivalNs() - returned) / 1e6;
        throw new Unknown();
    }

    /**
     * How long after the first TCP data {@code from} sent since step {@code since} left its machine the acknowledgement
     * of its every byte reached it, in ms: a round trip, and whatever the peer waited before acknowledging.
     */
    public double ackMs(String from, int since) {
        Payload.Segment first = dataSent(from, since).stream().filter(s -> "tcp".equals(s.proto())
                && s.seqNo() != null).findFirst().orElseThrow(Unknown::new);
        Long seq = first.seqNo(), left = first.wireNs();
        if (seq == null || left == null) throw new Unknown();
        long end = seq + first.len();
        for (int i = startOf(since); i < events.size(); i++)
            if (events.get(i).payload() instanceof Payload.Segment s && s.captured() && s.to().equals(from)
                    && !s.from().equals(from) && "tcp".equals(s.proto()) && s.ackNo() != null
                    && s.arrivalNs() != null && s.arrivalNs() > left
                    && ((s.ackNo() - end) & 0xffff_ffffL) < 1L << 31) // at or past its end, modulo 2^32
                return (s.arrivalNs() - left) / 1e6;
        throw new Unknown();
    }

    /**
     * How long the peer's kernel held the first TCP data {@code from} sent since step {@code since} before it acknowledged
     * it, in ms: from the data's arrival at the peer's machine to the departure of the peer's first segment that
     * acknowledges its every byte (both times of the link, never planned ones). Unknown when one of them is not known, or
     * when the journal's times would make the ACK leave before the data came.
     */
    public double ackDelayMs(String from, int since) {
        Payload.Segment first = firstTcpData(from, since);
        Long arrived = first.arrivedNs();
        if (arrived == null || first.neverArrived() || first.seqNo() == null) throw new Unknown();
        long end = first.seqNo() + first.len();
        for (int i = startOf(since); i < events.size(); i++) {
            if (!(events.get(i).payload() instanceof Payload.Segment s) || !s.captured() || !s.to().equals(from)
                    || !"tcp".equals(s.proto()) || s.ackNo() == null || s.departureNs() == null
                    || s.departureNs() <= known(first.wireNs()) || ((s.ackNo() - end) & 0xffff_ffffL) >= 1L << 31)
                continue;
            long held = s.departureNs() - arrived;
            if (held < 0) throw new Unknown(); // its ACK cannot leave before it came: a time here is not the link's
            return held / 1e6;
        }
        throw new Unknown();
    }

    /** A time or number the journal may lack: without it the fact cannot be told. */
    private static long known(@Nullable Long value) {
        if (value == null) throw new Unknown();
        return value;
    }

    private Payload.Segment firstTcpData(String from, int since) {
        return dataSent(from, since).stream().filter(s -> "tcp".equals(s.proto()) && s.seqNo() != null
                && !s.neverArrived()).findFirst().orElseThrow(Unknown::new);
    }

    /**
     * How long the data {@code from} sent since step {@code since} took to cross as a whole, in ms: from its first data
     * segment leaving {@code from}'s machine to the first arrival of its last byte at the other (a byte sent twice counts
     * at its first copy that arrived). Not a call's wait: a recv() started before the send waited longer.
     */
    public double transferMs(String from, int since) {
        List<Payload.Segment> data = dataSent(from, since);
        if (data.isEmpty()) throw new Unknown();
        long left = known(data.getFirst().wireNs());
        Map<String, Long> firstIn = new HashMap<>();
        int datagram = 0;
        for (Payload.Segment s : data) {
            String bytes = s.seqNo() == null ? "datagram " + datagram++ : s.seqNo() + " " + s.len();
            if (!s.neverArrived() && s.arrivalNs() != null) firstIn.merge(bytes, s.arrivalNs(), Math::min);
        }
        if (firstIn.isEmpty()) throw new Unknown();
        return (firstIn.values().stream().mapToLong(Long::longValue).max().orElseThrow() - left) / 1e6;
    }

    /**
     * How long passed between the departures of the first and the last data {@code from} sent since step {@code since}
     * (datagrams or segments, first copies and later ones alike), in ms.
     */
    public double sentOverMs(String from, int since) {
        List<Payload.Segment> data = dataSent(from, since);
        if (data.isEmpty()) throw new Unknown();
        return (known(data.getLast().wireNs()) - known(data.getFirst().wireNs())) / 1e6;
    }

    /**
     * The most segments {@code from} had sent and not yet seen acknowledged at once since step {@code since}, by the
     * capture of its own machine (every segment, where tcp_info's readings are samples that miss the peak): its data
     * leaving and the peer's ACKs arriving there, in order of time; bytes counted in segments of the largest size sent.
     */
    public long peakFlight(String from, int since) {
        List<Payload.Segment> data = dataSent(from, since).stream().filter(s -> "tcp".equals(s.proto())
                && s.seqNo() != null).toList();
        if (data.isEmpty()) throw new Unknown();
        long base = known(data.getFirst().seqNo()),
                mss = data.stream().mapToLong(Payload.Segment::len).max().orElseThrow();
        record Moment(long atNs, long sentTo, long ackedTo) {
        }
        List<Moment> moments = new ArrayList<>();
        for (Payload.Segment s : data)
            moments.add(new Moment(known(s.wireNs()), ((known(s.seqNo()) - base) & 0xffff_ffffL) + s.len(), -1));
        for (int i = startOf(since); i < events.size(); i++) {
            if (!(events.get(i).payload() instanceof Payload.Segment s) || !s.captured() || !s.to().equals(from)
                    || !"tcp".equals(s.proto()) || s.ackNo() == null || s.arrivalNs() == null)
                continue;
            long acked = (s.ackNo() - base) & 0xffff_ffffL;
            if (acked < 1L << 31) moments.add(new Moment(s.arrivalNs(), -1, acked)); // not one before the data
        }
        moments.sort(Comparator.comparingLong(Moment::atNs));
        long sent = 0, acked = 0, most = 0;
        for (Moment m : moments) {
            sent = Math.max(sent, m.sentTo());
            acked = Math.max(acked, m.ackedTo());
            most = Math.max(most, sent - Math.min(acked, sent));
        }
        return (most + mss - 1) / mss;
    }

    /** The most segments sent and not yet acknowledged ({@code tcpi_unacked}) the socket's tcp_info showed since step N. */
    public long maxUnacked(String name, int since) {
        return tcpInfo(name, since, false, Payload.TcpInfo::unacked);
    }

    /**
     * The copies {@code from} sent again since step {@code since} (data, SYN or FIN whose first copy left before), in
     * the order they left.
     */
    private List<Payload.Segment> resent(String from, int since) {
        Set<String> seen = new HashSet<>();
        Set<Payload.Segment> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        counted.addAll(wire(from, since));
        List<Payload.Segment> again = new ArrayList<>();
        for (Payload.Segment s : wire(from, 0)) {
            boolean syn = s.has(TcpFlag.SYN), fin = s.has(TcpFlag.FIN);
            if (s.seqNo() == null || s.wireNs() == null || s.len() == 0 && !syn && !fin) continue;
            String key = s.to() + " " + s.seqNo() + " " + s.len() + (syn ? "S" : "") + (fin ? "F" : "");
            if (!seen.add(key) && counted.contains(s)) again.add(s);
        }
        return again;
    }

    /** Whether (1) or not (0) the first copy {@code from} sent again since step {@code since} reached the other machine. */
    public long firstResendArrived(String from, int since) {
        List<Payload.Segment> again = resent(from, since);
        if (again.isEmpty()) throw new Unknown();
        return again.getFirst().neverArrived() ? 0 : 1;
    }

    /**
     * Whether (1) or not (0) the first copy {@code from} sent again since step {@code since} was of the last data it had
     * sent: what a tail loss probe sends (RFC 8985), where a retransmission timeout sends the first unacknowledged.
     */
    public long tailProbe(String from, int since) {
        List<Payload.Segment> again = resent(from, since);
        if (again.isEmpty()) throw new Unknown();
        Payload.Segment first = again.getFirst();
        long end = known(first.seqNo()) + first.len();
        for (Payload.Segment s : dataSent(from, 0)) {
            if (s == first) break;
            long beyond = (s.seqNo() == null ? end : s.seqNo() + s.len()) - end & 0xffff_ffffL;
            if (beyond > 0 && beyond < 1L << 31) return 0; // data sent before it ends past it: not the last
        }
        return 1;
    }

    /**
     * How long the last copy {@code from} sent again since step {@code since} left after the latest segment from its peer
     * had reached it, in ms: a few ms when an ACK's news (SACK, duplicate ACKs) prompted it, the rest of a timer when
     * nothing did (the retransmission timeout, at least 200 ms on Linux).
     */
    public double silenceMs(String from, int since) {
        List<Payload.Segment> again = resent(from, since);
        if (again.isEmpty()) throw new Unknown();
        long left = known(again.getLast().wireNs());
        Long news = null;
        for (Event e : events)
            if (e.payload() instanceof Payload.Segment s && s.captured() && s.to().equals(from) && !s.neverArrived()
                    && s.arrivalNs() != null && s.arrivalNs() < left)
                news = news == null ? s.arrivalNs() : Math.max(news, s.arrivalNs());
        if (news == null) throw new Unknown();
        return (left - news) / 1e6;
    }

    /**
     * In how many round trips the data {@code from} lost since step {@code since} was sent again: its longest wait from a
     * segment's first copy to its last one, in round trips of its handshake (SYN out to SYN-ACK in), rounded, at least 1.
     */
    public long recoveryRtts(String from, int since) {
        List<Long> waits = retransmissions(from, since);
        if (waits.isEmpty()) throw new Unknown();
        double rtt = handshakeRttNs(from);
        return Math.max(1, Math.round(waits.stream().mapToLong(Long::longValue).max().orElseThrow() / rtt));
    }

    /** {@code from}'s round trip as its handshake showed it: its SYN leaving to the peer's SYN-ACK reaching it, in ns. */
    private double handshakeRttNs(String from) {
        Long syn = null;
        for (Event e : events) {
            if (!(e.payload() instanceof Payload.Segment s) || !s.captured() || !s.has(TcpFlag.SYN)) continue;
            if (s.from().equals(from) && !s.has(TcpFlag.ACK) && s.wireNs() != null) syn = s.wireNs();
            else
                if (s.to().equals(from) && s.has(TcpFlag.ACK) && syn != null && s.arrivalNs() != null
                        && s.arrivalNs() > syn)
                    return s.arrivalNs() - syn;
        }
        throw new Unknown();
    }

    /**
     * How many segments of data {@code from} sent since step {@code since} never arrived the first time they were sent
     * (their later copies left aside): what a loss took from the flight itself.
     */
    public long lostFirst(String from, int since) {
        Set<String> seen = new HashSet<>();
        long lost = 0;
        for (Payload.Segment s : dataSent(from, since))
            if ("tcp".equals(s.proto()) && s.seqNo() != null && seen.add(s.seqNo() + " " + s.len()) && s.neverArrived())
                lost++;
        return lost;
    }

    /**
     * The number an application put at the start of the data step {@code n}'s call received ("3:..." gives 3): its own
     * sequence number, which UDP does not keep in order.
     */
    public long seqAt(int n) {
        Payload.Call c = call(n);
        byte[] data = c.data();
        if (c.result() <= 0 || data == null) throw new Unknown();
        long v = 0;
        int i = 0;
        while (i < data.length && i < 9 && data[i] >= '0' && data[i] <= '9') v = v * 10 + (data[i++] - '0');
        if (i == 0) throw new Unknown();
        return v;
    }

    /**
     * How many of the data steps {@code from} to {@code to} received an application sequence number ({@link #seqAt})
     * lower than one an earlier of them received: the datagrams that came late.
     */
    public long late(int from, int to) {
        long highest = Long.MIN_VALUE, late = 0;
        for (int n = from; n <= to; n++) {
            long seq = seqAt(n);
            if (seq < highest) late++;
            highest = Math.max(highest, seq);
        }
        return late;
    }

    /** The SACK blocks among a captured TCP segment's options (RFC 2018: kind 5), as left and right edges. */
    static List<long[]> sackBlocks(byte @Nullable [] ip) {
        List<long[]> blocks = new ArrayList<>();
        if (ip == null) return blocks;
        for (int[] o : options(ip, 5))
            for (int b = o[0] + 2; b + 8 <= o[0] + o[1]; b += 8) blocks.add(new long[]{u32(ip, b), u32(ip, b + 4)});
        return blocks;
    }

    /** The window scale shift of a SYN's options (RFC 7323: kind 3); 0 when absent. */
    static int windowShift(byte @Nullable [] ip) {
        if (ip == null) return 0;
        List<int[]> o = options(ip, 3);
        return o.isEmpty() || o.getFirst()[1] < 3 ? 0 : Math.min(14, ip[o.getFirst()[0] + 2] & 0xff);
    }

    /** Where each TCP option of this kind starts in the packet, and its length. */
    private static List<int[]> options(byte @Nullable [] ip, int wanted) {
        List<int[]> found = new ArrayList<>();
        if (ip == null || ip.length < 20) return found;
        int tcpAt = (ip[0] >> 4 & 0xf) == 6 ? 40 : (ip[0] & 0xf) * 4;
        if (ip.length < tcpAt + 20) return found;
        int end = Math.min(ip.length, tcpAt + ((ip[tcpAt + 12] & 0xff) >> 4) * 4);
        for (int at = tcpAt + 20; at < end;) {
            int kind = ip[at] & 0xff;
            if (kind == 0) break;
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= end) break;
            int len = ip[at + 1] & 0xff;
            if (len < 2 || at + len > end) break;
            if (kind == wanted) found.add(new int[]{at, len});
            at += len;
        }
        return found;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
