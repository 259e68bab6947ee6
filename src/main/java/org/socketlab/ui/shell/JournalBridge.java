package org.socketlab.ui.shell;

import javafx.animation.AnimationTimer;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The one place where events cross from the endpoints' worker threads into the FX thread. The journal
 * subscription only queues (it runs on the appending worker thread and must be quick); once per frame an
 * {@link AnimationTimer} drains the queue and hands the batch, in journal order, to the view-models.
 * Nothing else in the UI uses {@code Platform.runLater} or waits on a call.
 */
public final class JournalBridge implements AutoCloseable {
    private final Journal journal;
    private final Queue<Event> pending = new ConcurrentLinkedQueue<>();
    private final List<Consumer<List<Event>>> sinks = new ArrayList<>();
    private final Subscription subscription;
    private long lastSeq;
    private boolean caughtUp;
    private AnimationTimer timer;

    public JournalBridge(Journal journal) {
        this.journal = journal;
        this.subscription = journal.subscribe(pending::add);
    }

    /** A view-model that wants every new event; called on the draining (FX) thread. */
    public void addSink(Consumer<List<Event>> sink) {
        sinks.add(sink);
    }

    /**
     * Hands everything queued since the last drain to the sinks and returns how many events that was.
     * The timer calls it on the FX thread; toolkit-free tests call it directly.
     */
    public int drain() {
        List<Event> batch = new ArrayList<>();
        if (!caughtUp) {
            // Events appended before the subscription existed; the queue may repeat some, skipped by seq below.
            caughtUp = true;
            journal.after(lastSeq).forEach(e -> take(batch, e));
        }
        for (Event e; (e = pending.poll()) != null; ) take(batch, e);
        if (!batch.isEmpty()) {
            List<Event> events = List.copyOf(batch);
            for (Consumer<List<Event>> sink : sinks) sink.accept(events);
        }
        return batch.size();
    }

    private void take(List<Event> batch, Event e) {
        // The journal tells subscribers under its lock, so the queue is in seq order.
        if (e.seq() > lastSeq) {
            batch.add(e);
            lastSeq = e.seq();
        }
    }

    /** Starts draining once per frame. FX thread only. */
    public void start() {
        if (timer != null) return;
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                drain();
            }
        };
        timer.start();
    }

    /** Stops the timer (FX thread) and releases the subscription. */
    @Override
    public void close() {
        if (timer != null) timer.stop();
        subscription.close();
    }
}
