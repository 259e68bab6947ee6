package org.socketlab.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The order {@code serve} prints a connection's lines in while the wire is captured (issue 79): the kernel's state and
 * queue readings are journaled as they are read, the captured segments only once the capture has read them, so a
 * quick client's "fd 4 CLOSE_WAIT" and "Recv-Q 12" came before that connection's handshake. A reading of a socket
 * that is not a listener is held until a captured segment that crossed the wire after it comes (it is printed just
 * before that segment, so after every segment that crossed before it), or a later call on the same socket, or for at
 * most {@link #HOLD_NS}. Not
 * thread-safe: its caller prints under one lock.
 */
final class WireFirst {
    /**
     * The longest a reading waits for the capture: far more than its lag on an idle machine (ms); tests at load 20 saw
     * it lag more than half a second.
     */
    static final long HOLD_NS = TimeUnit.SECONDS.toNanos(2);

    private record Held(Event event, long sinceNs) {
    }

    private final List<Held> held = new ArrayList<>();
    /** The listeners (endpoint and fd): their readings tell no connection and are printed at once. */
    private final Set<String> listening = new HashSet<>();

    /** The events to print now, in order, as {@code e} comes ({@code capturing}: the wire is captured). */
    List<Event> take(Event e, boolean capturing, long nowNs) {
        List<Event> now = new ArrayList<>();
        if (e.payload() instanceof Payload.State s) {
            String socket = e.endpoint() + "/" + s.fd();
            if ("LISTEN".equals(s.to())) listening.add(socket);
            else if ("LISTEN".equals(s.from())) listening.remove(socket);
        }
        if (capturing && reading(e)) {
            release(now, h -> nowNs - h.sinceNs() >= HOLD_NS);
            held.add(new Held(e, nowNs));
            return now;
        }
        if (e.payload() instanceof Payload.Segment s && s.captured() && s.wireNs() != null) {
            long wire = s.wireNs();
            release(now, h -> h.event().atNs() < wire || nowNs - h.sinceNs() >= HOLD_NS);
        } else if (e.payload() instanceof Payload.Call c && c.fd() != null) {
            // A call on the same socket after the reading: the reading was of the socket before that call.
            String socket = e.endpoint() + "/" + c.fd();
            release(now, h -> socket.equals(socketOf(h.event())) && h.event().atNs() <= e.atNs()
                    || nowNs - h.sinceNs() >= HOLD_NS);
        } else release(now, h -> nowNs - h.sinceNs() >= HOLD_NS);
        now.add(e);
        return now;
    }

    /** Every reading still held, in order: the session ends, or its lines are said up to here. */
    List<Event> rest() {
        List<Event> now = new ArrayList<>();
        release(now, h -> true);
        return now;
    }

    /** A state or queue reading of a socket that is not a listener. */
    private boolean reading(Event e) {
        return switch (e.payload()) {
            case Payload.State s -> !listening.contains(e.endpoint() + "/" + s.fd()) && !"LISTEN".equals(s.from());
            case Payload.Queue q -> !listening.contains(e.endpoint() + "/" + q.fd());
            default -> false;
        };
    }

    private static String socketOf(Event e) {
        return switch (e.payload()) {
            case Payload.State s -> e.endpoint() + "/" + s.fd();
            case Payload.Queue q -> e.endpoint() + "/" + q.fd();
            default -> "";
        };
    }

    private void release(List<Event> into, Predicate<Held> due) {
        // In journal order: once one is due, the readings before it are printed too.
        int last = -1;
        for (int i = 0; i < held.size(); i++) if (due.test(held.get(i))) last = i;
        for (int i = 0; i <= last; i++) into.add(held.get(i).event());
        held.subList(0, last + 1).clear();
    }
}
