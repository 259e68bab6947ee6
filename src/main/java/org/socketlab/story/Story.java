package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.syscall.SysCall;

/**
 * A journal as the story every view paints (the window's diagram and journal pane, the SVG, the transcript): the
 * moments in causal order, the lifelines, the blocked bars, the relative sequence numbers. Decided here once, so
 * that the views cannot tell different stories.
 *
 * <p><b>Order.</b> Moments are ordered by when they happened on the journal's monotonic clock, not by when they
 * were journaled (the capture delivers a call's segments after the call is journaled, and the kernel observer reads
 * states after the call returned):
 * <ul>
 * <li>a call has two moments: it enters the kernel ({@code entered_ns}) and returns (the event's time); when
 *     anything happened in between they are two beats ({@link Beat.Moment#ENTRY}, {@link Beat.Moment#RETURN}),
 *     else one ({@link Beat.Moment#WHOLE}). A call that waited starts at its {@code blocked} beat;</li>
 * <li>a captured segment happened when it crossed the wire ({@code wire_ns}, the capture's stamp);</li>
 * <li>a TCP state change happened between the previous reading of that socket and the reading that saw it. The
 *     kernel changes TCP state only on a call or on a segment (RFC 9293, section 3.3.2), so when a captured segment
 *     that makes exactly this transition lies in that interval (the SYN-ACK that makes a connecting socket
 *     ESTABLISHED, the FIN that makes its peer CLOSE_WAIT, the FIN a closing socket sends from FIN_WAIT_1), the
 *     change is placed at that segment: just after a segment it received, just before one it sent. Otherwise it
 *     stays where it was seen;</li>
 * <li>an inferred segment (no capture) is a deduction from the call journaled just before it, so it is placed
 *     inside that call, before its return (after it when the call's entry was not recorded);</li>
 * <li>everything else (queues, narration, capture status) where it was journaled.</li>
 * </ul>
 * <p><b>Numbers.</b> Every view numbers the moments as the story orders them ({@link #number}): the window's
 * journal pane, its diagram's details and counter, the Markdown transcript and the SVG say the same {@code #N} of the
 * same moment, strictly increasing in the order they are drawn. A journal event's own {@code seq} is the order it was
 * journaled in, which is not the order of its moments: a call has two (its entry and its return), the capture delivers
 * a call's segments after the call, and strace reports the calls of several processes as each returns (issue 79).
 * <p><b>Twins.</b> While the wire is captured the lab still journals what it deduced; those inferred segments are
 * twins of captured ones and are not moments of the story (they stay in the JSONL, where the capture status around
 * them marks them).
 */
public record Story(List<Lifeline> lifelines, List<Beat> beats, List<Bar> bars, Wire wire, int hiddenTwins,
        long firstNumber) {

    /** How the segments of the story were known, for a heading. */
    public record Wire(Kind kind, @Nullable String reason) {
        public enum Kind {
            /** Seen on the wire. */
            CAPTURED,
            /** Capture was asked for and not available: deduced, with the reason. */
            UNAVAILABLE,
            /** Deduced; the journal says nothing of capture. */
            DEDUCED
        }

        /** From the journal's first capture status that is not a stop (null: none) and whether any segment was captured. */
        static Wire of(Payload.@Nullable Capture firstStatus, boolean anyCaptured) {
            return firstStatus != null && Payload.Capture.STARTED.equals(firstStatus.status())
                    || firstStatus == null && anyCaptured
                            ? new Wire(Wire.Kind.CAPTURED, firstStatus == null ? null : firstStatus.reason())
                            : firstStatus != null && Payload.Capture.UNAVAILABLE.equals(firstStatus.status())
                                    ? new Wire(Wire.Kind.UNAVAILABLE, firstStatus.reason())
                                    : new Wire(Wire.Kind.DEDUCED, null);
        }
    }

    public Story {
        if (firstNumber < 1) throw new IllegalArgumentException("firstNumber=" + firstNumber);
        lifelines = List.copyOf(lifelines);
        beats = List.copyOf(beats);
        bars = List.copyOf(bars);
    }

    /**
     * The number every view gives the moment at {@code index} of {@link #beats()}: {@link #firstNumber()} for the first
     * (1 for a whole journal; after the moments of the older events for the newest events of a long session).
     */
    public long number(int index) {
        return firstNumber + index;
    }

    /** The same story, its moments numbered from {@code first}. */
    public Story numberedFrom(long first) {
        return new Story(lifelines, beats, bars, wire, hiddenTwins, first);
    }

    /** Whether {@code beat} is a call's entry or a whole call: where its program's arrow goes into the kernel. */
    public static boolean entersKernel(Beat beat) {
        return beat instanceof Beat.Call c && c.moment() != Beat.Moment.RETURN && !inLibrary(c.call());
    }

    /**
     * A C library function the lab's endpoint called ({@code getaddrinfo}): not a system call, so no arrow goes into
     * the kernel and none comes back; glibc's own system calls under it are strace's to show.
     */
    public static boolean inLibrary(Payload.Call call) {
        return call.is(SysCall::inLibrary);
    }

    /** The lifeline's column, or -1 when the story has no such lifeline. */
    public int column(String endpoint, Lifeline.Role role) {
        return lifelines.indexOf(new Lifeline(endpoint, role));
    }

    /** The story of a whole journal (events in journal order). */
    public static Story of(List<Event> events) {
        return of(events, new Twins());
    }

    /**
     * The story of the newest events of a journal, {@code twins} knowing whether the wire was captured when they
     * start (the window tells only the newest events; the capture's start may be older).
     */
    public static Story of(List<Event> events, Twins twins) {
        return of(events, twins, new SequenceOrigins());
    }

    /**
     * The same, {@code origins} also knowing each direction's initial sequence number from the older events, so the
     * numbers told stay those the whole journal's story tells.
     */
    public static Story of(List<Event> events, Twins twins, SequenceOrigins origins) {
        return of(events, twins, origins, SocketIdentities.fromAnywhere());
    }

    /**
     * The same, {@code sockets} knowing the sockets the calls before the events named (and whether the events start a
     * session), the events appended to it (those it knows already are skipped): a kernel event about a socket the
     * events do not have is not told ({@link SocketIdentities#foreign}).
     */
    public static Story of(List<Event> events, Twins twins, SequenceOrigins origins, SocketIdentities sockets) {
        return of(events, twins, origins, sockets, null);
    }

    /**
     * The same, {@code launchers} (when not null) knowing every event of the journal: the processes that make no socket
     * call and hold none (a shell that started the program) get no lifeline ({@link Launchers}).
     */
    public static Story of(List<Event> events, Twins twins, SequenceOrigins origins, SocketIdentities sockets,
            @Nullable Launchers launchers) {
        sockets.appendAll(events);
        if (launchers != null) events = launchers.visible(events);
        MomentReader read = new MomentReader(sockets);
        read.read(events, twins);
        List<PlacedMoment> items = read.items;
        Set<Long> listenerQueues = read.listenerQueues;
        List<PlacedMoment> onTheWire = items.stream()
                .filter(i -> i.event.payload() instanceof Payload.Segment s && s.captured() && s.wireNs() != null
                        && s.proto().equals("tcp"))
                .sorted(PlacedMoment.ORDER).toList();
        List<PlacedMoment> deducedWire = items.stream()
                .filter(i -> i.event.payload() instanceof Payload.Segment s && !s.captured() && s.proto().equals("tcp"))
                .sorted(PlacedMoment.ORDER).toList();
        List<PlacedMoment> datagrams = items.stream()
                .filter(i -> i.event.payload() instanceof Payload.Segment s && s.captured() && s.wireNs() != null
                        && s.proto().equals("udp"))
                .sorted(PlacedMoment.ORDER).toList();
        CallEffects.place(items, onTheWire); // first: a state its call made is placed at the call's return as told
        CallEffects.placeDatagrams(items, datagrams);
        List<PlacedMoment> deduced = Causes.place(
                items.stream().filter(i -> i.event.payload() instanceof Payload.State).toList(), onTheWire,
                deducedWire);
        items.addAll(deduced);
        items.sort(PlacedMoment.ORDER);
        mergeQuietCalls(items);
        Set<PlacedMoment> former = former(items, sockets);
        // Send-Q's meaning is read from the states of open descriptors: a queue told under a former fd still has it.
        Map<PlacedMoment, Beat.SendQueue> sendQueues = SendQueues.of(items,
                former.stream().filter(i -> i.event.payload() instanceof Payload.State).collect(Collectors.toSet()),
                listenerQueues, sockets);

        List<Beat> beats = new ArrayList<>(items.size());
        Map<String, Long> isn = origins.start();
        Set<Long> library = LibraryCalls.of(events, sockets);
        for (PlacedMoment i : items) {
            Beat b = beat(i, isn, listenerQueues, former.contains(i), sendQueues.getOrDefault(i, Beat.SendQueue.BYTES));
            if (b instanceof Beat.Call c && library.contains(c.event().seq()))
                b = new Beat.Call(c.event(), c.call(), c.moment(), c.atNs(), true); // told inside getaddrinfo()
            beats.add(b);
        }
        beats = ExternalEnds.told(beats);
        // What TCP is doing is told beside a lifeline drawn to the link's time; a row of its own on one machine
        // would only say the same round trip of microseconds again and again (the sockets table has it).
        if (!LinkTime.of(beats).timed()) beats = beats.stream().filter(b -> !(b instanceof Beat.TcpInfo)).toList();
        return new Story(LifelineOrder.of(beats), beats, WaitBars.of(beats),
                Wire.of(read.firstStatus, read.anyCaptured), read.hidden, 1);
    }

    /**
     * The states and queues told of a descriptor that no longer names their socket where the story tells them: its
     * close() had returned or its process had ended (the connection lives on in the kernel, FIN_WAIT_1 or TIME_WAIT,
     * without it), or the number names a newer socket ({@link SocketIdentities#former}). Read in story order: a state
     * placed before the close() returned (a FIN_WAIT_1 at the FIN the close sent) still names an open descriptor.
     */
    private static Set<PlacedMoment> former(List<PlacedMoment> ordered, SocketIdentities sockets) {
        Set<PlacedMoment> former = new HashSet<>();
        // The newest call that returned, or process that ended (the kernel closed its descriptors), by this place.
        long returned = Long.MIN_VALUE;
        for (PlacedMoment i : ordered) {
            if (i.event.payload() instanceof Payload.Call && i.moment != Beat.Moment.ENTRY
                    || i.event.payload() instanceof Payload.Process p && Payload.Process.EXITED.equals(p.event())) {
                returned = Math.max(returned, i.event.seq());
                continue;
            }
            long now = returned;
            boolean gone = switch (i.event.payload()) {
                case Payload.State s -> sockets.former(i.event.endpoint(), s.fd(), s.inode(), now);
                case Payload.Queue q -> sockets.former(i.event.endpoint(), q.fd(), q.inode(), now);
                default -> false;
            };
            if (gone) former.add(i);
        }
        return former;
    }

    /** An entry directly followed by its own return is one beat: nothing happened in between to show. */
    private static void mergeQuietCalls(List<PlacedMoment> items) {
        List<PlacedMoment> merged = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            PlacedMoment it = items.get(i);
            if (it.moment == Beat.Moment.ENTRY && i + 1 < items.size() && items.get(i + 1).event == it.event) {
                PlacedMoment ret = items.get(++i);
                ret.moment = Beat.Moment.WHOLE;
                merged.add(ret);
            } else {
                merged.add(it);
            }
        }
        items.clear();
        items.addAll(merged);
    }

    private static Beat beat(PlacedMoment i, Map<String, Long> isn, Set<Long> listenerQueues, boolean former,
            Beat.SendQueue sendQueue) {
        Event e = i.event;
        if (i.deduced != null && i.deducedBy != null) { // set together (Causes)
            Payload.Segment by = (Payload.Segment) i.deducedBy.event.payload();
            boolean sent = by.from().equals(e.endpoint());
            return new Beat.State(e, i.deduced, i.time,
                    Beat.Passage.deduced(sent, by.flags(), by.captured(), former));
        }
        return switch (e.payload()) {
            case Payload.Call c -> new Beat.Call(e, c, i.moment, i.time);
            case Payload.Blocked b -> new Beat.Blocked(e, b, i.time);
            case Payload.Cancelled c -> new Beat.Cancelled(e, c, i.time);
            case Payload.State s -> new Beat.State(e, s, i.time,
                    new Beat.Passage(i.via == null ? List.of() : i.via, i.inQueue, null, former));
            case Payload.Queue q -> new Beat.Queue(e, q, listenerQueues.contains(e.seq()), i.time, sendQueue, former);
            case Payload.TcpInfo t -> new Beat.TcpInfo(e, t, i.time);
            case Payload.Segment s -> WireNumbers.segment(e, s, i.time, isn);
            case Payload.Note n -> new Beat.Note(e, n, i.time);
            case Payload.Capture c -> new Beat.Capture(e, c, i.time);
            case Payload.Process p -> new Beat.Process(e, p, i.time);
        };
    }
}
