package org.socketlab.journal;

import java.time.Instant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The single source of truth: an append-only, ordered list of immutable events, safe to append from any thread.
 *
 * <p>Memory stays bounded for any session length ({@link Retention}): the journal holds the newest
 * {@code maxEvents} events, each call's payload cut to a {@code previewBytes} preview (with the whole length and
 * SHA-256, see {@link Payload.Elided}), and at most {@code maxDataBytes} of payload bytes in all (older events keep
 * their length and digest only). The whole journal, every event with every byte, goes to the recorders
 * ({@link #record}, a JSON Lines file) as it is appended.
 *
 * <p>Recorders, then subscribers, are told of every event in journal order, on the appending thread, under the
 * journal's lock, so they must be quick (the UI bridge only queues them; a file recorder writes one line).
 * Subscribers get the event as held in memory; {@link #append} returns it whole to the one who made the call.
 */
public final class Journal {
    /**
     * What the journal holds in memory.
     *
     * @param maxEvents    the newest events kept (older ones are only in the recorders, e.g. the journal file)
     * @param previewBytes the first bytes of a call's payload kept with it
     * @param maxDataBytes payload bytes kept over all held events; beyond it the oldest previews are dropped
     */
    public record Retention(int maxEvents, int previewBytes, long maxDataBytes) {
        /**
         * Enough for every view of a lesson or of a long session's recent past (a few MB at most); older events are in
         * the journal file. A smaller past also leaves less for a burst of events to promote into the old generation.
         */
        public static final Retention DEFAULT = new Retention(2_000, 4096, 4L << 20);
        /**
         * For a session that only prints its events and records them to a file ({@code serve}): a short past, so
         * events die young in the JVM's young generation instead of filling the old one.
         */
        public static final Retention PRINT_AND_RECORD = new Retention(1_000, 4096, 1L << 20);

        public Retention {
            if (maxEvents < 1 || previewBytes < 0 || maxDataBytes < previewBytes)
                throw new IllegalArgumentException(
                        "bad retention " + maxEvents + "/" + previewBytes + "/" + maxDataBytes);
        }
    }

    private final Object lock = new Object();
    private final Retention retention;
    private final @Nullable Event[] ring;
    private int head; // index of the oldest held event
    private int held;
    private long lastSeq;
    private long dataBytesHeld;
    /** Seqs of held events that still keep payload bytes, oldest first. */
    private final ArrayDeque<Long> withData = new ArrayDeque<>();
    private final List<Consumer<Event>> recorders = new CopyOnWriteArrayList<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;

    public Journal() {
        this(System::nanoTime);
    }

    public Journal(LongSupplier monotonicClock) {
        this(monotonicClock, Retention.DEFAULT);
    }

    /** The journal's clock now: events' {@code at_ns} and every other time in them (a call's entry) use it. */
    public long now() {
        return clock.getAsLong();
    }

    public Journal(Retention retention) {
        this(System::nanoTime, retention);
    }

    public Journal(LongSupplier monotonicClock, Retention retention) {
        this.clock = monotonicClock;
        this.retention = retention;
        this.ring = new Event[retention.maxEvents()];
    }

    public Retention retention() {
        return retention;
    }

    /**
     * Records a payload now; the seq and time are given under the same lock, so both grow together. Returns the
     * event whole (payload bytes not cut), as the recorders got it.
     */
    public Event append(String endpoint, Payload payload) {
        synchronized (lock) {
            Event event = new Event(lastSeq + 1, clock.getAsLong(), endpoint, payload);
            add(event);
            return event;
        }
    }

    /**
     * Records the payload {@code from} computes out of the events held now, with nothing appended between reading them
     * and recording it: a sentence about the journal stands right after what it was computed from, however busy the
     * observers are (they wait for the lock meanwhile, so {@code from} must be quick and must not touch the journal).
     * Nothing is recorded when it gives null.
     */
    public @Nullable Event appendFrom(String endpoint, Function<List<Event>, @Nullable Payload> from) {
        synchronized (lock) {
            Payload payload = from.apply(heldEvents());
            return payload == null ? null : append(endpoint, payload);
        }
    }

    /**
     * Records a payload that happened at {@code atNs} on this journal's clock, reported only now by an observer outside
     * the lab (a traced program's call, which strace prints after it returned): its seq is the next one, its time may
     * be earlier than that of events journaled before it. Readers that place events in time (the story) use the time.
     */
    public Event appendHappened(String endpoint, Payload payload, long atNs) {
        synchronized (lock) {
            Event event = new Event(lastSeq + 1, Math.min(atNs, clock.getAsLong()), endpoint, payload);
            add(event);
            return event;
        }
    }

    /**
     * The wall clock (CLOCK_REALTIME, ns since the epoch) minus this journal's clock, now: the tightest of three paired
     * readings (each the wall clock between two readings of this clock), within a few hundred nanoseconds. Moves a time
     * stamped by another program (tcpdump, strace) onto the journal's clock.
     */
    public long wallMinusClockNs() {
        long bestWidth = Long.MAX_VALUE, offset = 0;
        for (int i = 0; i < 3; i++) {
            long before = now();
            Instant wall = Instant.now();
            long after = now();
            if (after - before < bestWidth) {
                bestWidth = after - before;
                offset = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    /**
     * A reading of CLOCK_MONOTONIC ({@link System#nanoTime}, or another process's {@code clock_gettime}: one clock for
     * the whole machine) on this journal's clock: the same number unless the journal was given a clock of its own,
     * then moved by the tightest of three paired readings.
     */
    public long fromMonotonic(long monotonicNs) {
        long bestWidth = Long.MAX_VALUE, offset = 0;
        for (int i = 0; i < 3; i++) {
            long before = now();
            long monotonic = System.nanoTime();
            long after = now();
            if (after - before < bestWidth) {
                bestWidth = after - before;
                offset = before + (after - before) / 2 - monotonic;
            }
        }
        return monotonicNs + offset;
    }

    /**
     * A journal holding {@code events} read back from a file, each with its own seq and time (the first may be any
     * seq: a session saved after a reset starts later), all held: what the window replays. No call ever appends to
     * it. Seqs must follow one another.
     */
    public static Journal of(List<Event> events) {
        Journal journal = new Journal(System::nanoTime,
                new Retention(Math.max(1, events.size()), Retention.DEFAULT.previewBytes(),
                        Retention.DEFAULT.maxDataBytes()));
        if (!events.isEmpty()) journal.lastSeq = events.getFirst().seq() - 1;
        for (Event e : events) journal.restore(e);
        return journal;
    }

    /** Appends an event read back from a file, keeping its seq and time; seqs must continue this journal's. */
    public void restore(Event event) {
        synchronized (lock) {
            if (event.seq() != lastSeq + 1)
                throw new IllegalArgumentException("event seq " + event.seq() + " does not follow " + lastSeq);
            add(event);
        }
    }

    private void add(Event whole) {
        lastSeq = whole.seq();
        for (Consumer<Event> recorder : recorders) recorder.accept(whole);
        Event kept = preview(whole);
        hold(kept);
        for (Consumer<Event> subscriber : subscribers) subscriber.accept(kept);
    }

    private Event preview(Event e) {
        if (e.payload() instanceof Payload.Call c && c.heldBytes() > retention.previewBytes())
            return new Event(e.seq(), e.atNs(), e.endpoint(), c.elided(retention.previewBytes()));
        return e;
    }

    /** The event in a slot of the ring between {@code head} and {@code held}: only the slots outside are empty. */
    private Event heldAt(int index) {
        return Objects.requireNonNull(ring[index]);
    }

    private void hold(Event e) {
        if (held == ring.length) {
            Event oldest = heldAt(head);
            ring[head] = null;
            head = (head + 1) % ring.length;
            held--;
            if (!withData.isEmpty() && withData.peekFirst() == oldest.seq()) {
                withData.pollFirst();
                dataBytesHeld -= heldBytes(oldest);
            }
        }
        ring[(head + held) % ring.length] = e;
        held++;
        long bytes = heldBytes(e);
        if (bytes > 0) {
            withData.addLast(e.seq());
            dataBytesHeld += bytes;
        }
        while (dataBytesHeld > retention.maxDataBytes()) {
            long seq = withData.pollFirst();
            int index = indexOf(seq);
            Event old = heldAt(index);
            dataBytesHeld -= heldBytes(old);
            ring[index] = new Event(old.seq(), old.atNs(), old.endpoint(), ((Payload.Call) old.payload()).elided(0));
        }
    }

    private static long heldBytes(Event e) {
        return e.payload() instanceof Payload.Call c ? c.heldBytes() : 0;
    }

    private int indexOf(long seq) {
        long first = lastSeq - held + 1;
        return (int) ((head + (seq - first)) % ring.length);
    }

    /**
     * Hands every event, whole, to {@code recorder} from now on (under the journal's lock, in order), after the
     * events still held in memory (as held: with their payload previews). Attach it before the first event to get
     * the whole journal. The recorder must not throw; closing the handle detaches it.
     */
    public Subscription record(Consumer<Event> recorder) {
        synchronized (lock) {
            for (Event e : heldEvents()) recorder.accept(e);
            recorders.add(recorder);
        }
        return () -> recorders.remove(recorder);
    }

    /** Tells {@code subscriber} of every later event until the returned handle is closed. */
    public Subscription subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** The events held in memory, oldest first: all of a short session, the newest {@link Retention#maxEvents} of a long one. */
    public List<Event> snapshot() {
        synchronized (lock) {
            return List.copyOf(heldEvents());
        }
    }

    private List<Event> heldEvents() {
        List<Event> list = new ArrayList<>(held);
        for (int i = 0; i < held; i++) list.add(ring[(head + i) % ring.length]);
        return list;
    }

    /** Held events with seq greater than {@code seq}. */
    public List<Event> after(long seq) {
        synchronized (lock) {
            long first = lastSeq - held + 1;
            int skip = (int) Math.min(Math.max(seq - first + 1, 0), held);
            List<Event> list = new ArrayList<>(held - skip);
            for (int i = skip; i < held; i++) list.add(ring[(head + i) % ring.length]);
            return List.copyOf(list);
        }
    }

    /** How many events were ever appended: the seq of the newest. */
    public int size() {
        synchronized (lock) {
            return (int) lastSeq;
        }
    }

    /** The seq of the oldest event still held in memory (1 until the journal outgrows its retention). */
    public long firstHeldSeq() {
        synchronized (lock) {
            return lastSeq - held + 1;
        }
    }
}
