package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;

/**
 * A journal's events read in journal order as the moments of its story, each at the time the event itself tells (a
 * call's entry and return, a segment's wire time, a deduced segment inside its call), with what the journal tells of
 * its socket: a state's previous reading, the socket's connection, the call that made the state. Twins of captured
 * segments and events of foreign sockets are left out. Where the moments go among each other is {@link Story}'s.
 */
final class MomentReader {
    final List<PlacedMoment> items = new ArrayList<>();
    /** The seqs of the queue events that are a listener's accept queue. */
    final Set<Long> listenerQueues = new HashSet<>();
    /** How many inferred segments were left out as twins of captured ones. */
    int hidden;
    /** The first capture status that is not a stop; null when none. */
    Payload.@Nullable Capture firstStatus;
    /** Whether any segment read was captured. */
    boolean anyCaptured;
    private final Map<String, PlacedMoment> waiting = new HashMap<>();
    private final Map<String, PlacedMoment> lastReturn = new HashMap<>();
    /** Per socket, when the journal last told of it: its making call, its last reading. */
    private final Map<SocketIdentities.Socket, Long> since = new HashMap<>();
    private final MakingCalls makingCalls;
    /** Which socket each event is about. */
    private final SocketIdentities ids;
    private final Connections connections;
    private final ListeningSockets listeners;

    /** @param ids the sockets of the events to be read, already appended: which socket each is about is its answer */
    MomentReader(SocketIdentities ids) {
        this.ids = ids;
        this.makingCalls = new MakingCalls(ids);
        this.connections = new Connections(ids);
        this.listeners = new ListeningSockets(ids);
    }

    void read(List<Event> events, Twins twins) {
        Set<String> calling = SilentThreads.calling(events);
        for (Event e : events) {
            if (SilentThreads.silent(e, calling)) continue; // a thread of no socket call gets no lane (a JVM's own)
            if (ids.foreign(e)) continue; // another socket's, closed before these events: its fd number is now another's
            if (listeners.isListenerQueue(e)) listenerQueues.add(e.seq());
            if (twins.hides(e)) { // a twin: the capture shows this segment itself
                hidden++;
                continue;
            }
            switch (e.payload()) {
                case Payload.Capture c -> {
                    if (firstStatus == null && !Payload.Capture.STOPPED.equals(c.status())) firstStatus = c;
                    items.add(new PlacedMoment(e, e.atNs()));
                }
                case Payload.Segment s when s.captured() -> {
                    anyCaptured = true;
                    connections.learnLocal(e, s);
                    // Where the link takes time, its arrow starts when it left the sender's host.
                    Long left = s.departureNs();
                    items.add(new PlacedMoment(e, left != null ? left : e.atNs()));
                }
                case Payload.Segment s -> deducedSegment(e, s);
                case Payload.Blocked b -> {
                    PlacedMoment item = new PlacedMoment(e, e.atNs());
                    waiting.put(e.endpoint(), item);
                    items.add(item);
                }
                case Payload.Cancelled c -> {
                    waiting.remove(e.endpoint());
                    items.add(new PlacedMoment(e, e.atNs()));
                }
                case Payload.Call c -> call(e, c);
                case Payload.Process p -> {
                    PlacedMoment item = new PlacedMoment(e, e.atNs());
                    items.add(item);
                    if (p.endingSignal() || Payload.Process.EXITED.equals(p.event()))
                        makingCalls.died(item, e.endpoint());
                }
                case Payload.State s -> state(e, s);
                default -> items.add(new PlacedMoment(e, e.atNs()));
            }
        }
    }

    /** Deduced from the call just journaled by one of its two ends: drawn inside that call. */
    private void deducedSegment(Event e, Payload.Segment s) {
        PlacedMoment item = new PlacedMoment(e, e.atNs());
        PlacedMoment call = newer(lastReturn.get(s.from()), lastReturn.get(s.to()));
        // Only a call whose entry is known can hold it; else it follows the call, as journaled.
        if (call != null && call.moment == Beat.Moment.RETURN) {
            item.time = call.time;
            item.sub = -1;
        }
        items.add(item);
    }

    private void call(Event e, Payload.Call c) {
        PlacedMoment ret = new PlacedMoment(e, e.atNs());
        // The call that was waiting returns (a reset's shutdown, journaled meanwhile, is a call of its own).
        PlacedMoment blocked = waiting.get(e.endpoint());
        if (blocked != null && blocked.event.payload() instanceof Payload.Blocked b && b.call().equals(c.call())) {
            waiting.remove(e.endpoint());
            if (c.entryKnown()) blocked.time = Math.min(blocked.time, c.enteredNs());
            ret.moment = Beat.Moment.RETURN;
        } else if (c.entryKnown() && c.enteredNs() <= e.atNs()) {
            PlacedMoment entry = new PlacedMoment(e, c.enteredNs());
            entry.moment = Beat.Moment.ENTRY;
            items.add(entry);
            ret.moment = Beat.Moment.RETURN;
        } else {
            ret.moment = Beat.Moment.WHOLE;
        }
        items.add(ret);
        makingCalls.called(ret, e, c);
        lastReturn.put(e.endpoint(), ret);
        for (int made : c.madeFds()) { // a new socket: nothing before it is its
            SocketIdentities.Socket socket = ids.made(e, made);
            if (socket != null) since.put(socket, e.atNs());
        }
        connections.learn(e, c);
        if (c.fd() != null) ret.conn = connections.ofCall(e); // for CallEffects
    }

    private void state(Event e, Payload.State s) {
        // The previous reading of this socket (an fd number is reused at once), else the call that made it.
        PlacedMoment item = new PlacedMoment(e, e.atNs());
        SocketIdentities.Socket socket = ids.socketOf(e);
        if (socket != null) item.since = since.put(socket, e.atNs());
        item.conn = connections.ofState(e, s);
        makingCalls.read(item, e, s, socket);
        if ("unix_diag".equals(s.source())) item.since = null; // AF_UNIX puts nothing on a wire to place it at
        items.add(item);
    }

    /** The newer of two endpoints' last calls, by journal order. */
    private @Nullable PlacedMoment newer(@Nullable PlacedMoment a, @Nullable PlacedMoment b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.event.seq() >= b.event.seq() ? a : b;
    }
}
