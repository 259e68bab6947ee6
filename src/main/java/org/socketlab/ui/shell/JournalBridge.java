package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import org.socketlab.lab.Event;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Subscription;

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
        this(journal, 0);
    }

    /** A bridge for a session that starts after event {@code afterSeq}: earlier events are never delivered. */
    public JournalBridge(Journal journal, long afterSeq) {
        this.journal = journal;
        this.lastSeq = afterSeq;
        this.subscription = journal.subscribe(pending::add);
    }

    private java.util.function.LongSupplier pendingCut = () -> -1;
    private java.util.function.LongConsumer onCut = seq -> {
    };

    /**
     * Where this session ends: {@code pendingCut} gives the last event of the session (or -1 while it goes on); once
     * every event up to it has been delivered, {@code startSession} gets it, on the draining (FX) thread. Later events
     * are left to the next session's bridge.
     */
    public void endSessionWhen(java.util.function.LongSupplier pendingCut,
            java.util.function.LongConsumer startSession) {
        this.pendingCut = pendingCut;
        this.onCut = startSession;
    }

    private final List<Runnable> everyFrame = new ArrayList<>();

    /**
     * Work that runs after each drain on the FX thread: picking up what another thread left in an atomic reference
     * (a journal file read, an export written) without {@code Platform.runLater}.
     */
    public void everyFrame(Runnable work) {
        everyFrame.add(work);
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
        long cut = pendingCut.getAsLong();
        List<Event> batch = new ArrayList<>();
        if (!caughtUp) {
            // Events appended before the subscription existed; the queue may repeat some, skipped by seq below.
            caughtUp = true;
            journal.after(lastSeq).forEach(e -> take(batch, e, cut));
        }
        for (Event e; (e = pending.poll()) != null;) take(batch, e, cut);
        if (!batch.isEmpty()) {
            List<Event> events = List.copyOf(batch);
            for (Consumer<List<Event>> sink : sinks) sink.accept(events);
        }
        if (cut >= 0 && lastSeq >= cut) onCut.accept(cut);
        for (Runnable work : List.copyOf(everyFrame)) work.run();
        return batch.size();
    }

    private void take(List<Event> batch, Event e, long cut) {
        // The journal tells subscribers under its lock, so the queue is in seq order.
        if (e.seq() > lastSeq && (cut < 0 || e.seq() <= cut)) {
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
