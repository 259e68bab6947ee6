package org.socketlab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The single source of truth: an append-only, ordered list of immutable events, safe to append from any thread.
 * Subscribers are told of every event in journal order, on the appending thread, so they must be quick
 * (the UI bridge only queues them).
 */
public final class Journal {
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;

    public Journal() {
        this(System::nanoTime);
    }

    public Journal(LongSupplier monotonicClock) {
        this.clock = monotonicClock;
    }

    /** The journal's clock now: events' {@code at_ns} and every other time in them (a call's entry) use it. */
    public long now() {
        return clock.getAsLong();
    }

    /** Records a payload now; the seq and time are given under the same lock, so both grow together. */
    public Event append(String endpoint, Payload payload) {
        synchronized (events) {
            Event event = new Event(events.size() + 1L, clock.getAsLong(), endpoint, payload);
            events.add(event);
            for (Consumer<Event> subscriber : subscribers) subscriber.accept(event);
            return event;
        }
    }

    /** Appends an event read back from a file, keeping its seq and time; seqs must continue this journal's. */
    public void restore(Event event) {
        synchronized (events) {
            if (event.seq() != events.size() + 1L)
                throw new IllegalArgumentException("event seq " + event.seq() + " does not follow " + events.size());
            events.add(event);
            for (Consumer<Event> subscriber : subscribers) subscriber.accept(event);
        }
    }

    /** Tells {@code subscriber} of every later event until the returned handle is closed. */
    public Subscription subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public List<Event> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events with seq greater than {@code seq}. */
    public List<Event> after(long seq) {
        synchronized (events) {
            int from = (int) Math.min(Math.max(seq, 0), events.size());
            return List.copyOf(events.subList(from, events.size()));
        }
    }

    public int size() {
        synchronized (events) {
            return events.size();
        }
    }
}
