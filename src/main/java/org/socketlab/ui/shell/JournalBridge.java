package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;

/**
 * The one place where events cross from the endpoints' worker threads into the FX thread. The journal subscription only
 * queues (it runs on the appending worker thread and must be quick) and asks JavaFX for a pulse
 * ({@link Platform#requestNextPulse()}, once until the queue is drained); at the start of that pulse, before CSS and
 * layout, the bridge drains the queue and hands the batch, in journal order, to the view-models, so the event is drawn in
 * the very pulse it asked for. With nothing arriving no pulse is asked for: an idle window does not pulse at all.
 * Nothing else in the UI uses {@code Platform.runLater} or waits on a call.
 */
public final class JournalBridge implements AutoCloseable {
    /** How often work registered with {@link #everySecond} runs while it says it is needed. */
    static final long SECOND_NS = 1_000_000_000L;

    private final Journal journal;
    private final Queue<Event> pending = new ConcurrentLinkedQueue<>();
    private final List<Consumer<List<Event>>> sinks = new ArrayList<>();
    private final Subscription subscription;
    /** Set when a pulse has been asked for and not yet begun to drain: later events need not ask again. */
    private final AtomicBoolean wakeAsked = new AtomicBoolean();
    /** How a pulse is asked for: nothing until {@link #start(Scene)} (toolkit-free tests drain by hand). */
    private volatile Runnable waker = () -> {
    };
    /** Whether {@link #waker} asks for something: only then is a later pulse scheduled ({@link #wakeIn}). */
    private volatile boolean wakes;
    private long lastSeq;
    private boolean caughtUp;
    private Scene scene;
    private final Runnable onPulse = this::pulse;

    public JournalBridge(Journal journal) {
        this(journal, 0);
    }

    /** A bridge for a session that starts after event {@code afterSeq}: earlier events are never delivered. */
    public JournalBridge(Journal journal, long afterSeq) {
        this.journal = journal;
        this.lastSeq = afterSeq;
        this.subscription = journal.subscribe(e -> {
            pending.add(e);
            wake();
        });
    }

    private LongSupplier pendingCut = () -> -1;
    private LongConsumer onCut = seq -> {
    };

    /**
     * Where this session ends: {@code pendingCut} gives the last event of the session (or -1 while it goes on); once
     * every event up to it has been delivered, {@code startSession} gets it, on the draining (FX) thread. Later events
     * are left to the next session's bridge. Whoever sets the cut on another thread calls {@link #wake()} after.
     */
    public void endSessionWhen(LongSupplier pendingCut, LongConsumer startSession) {
        this.pendingCut = pendingCut;
        this.onCut = startSession;
    }

    private final List<Runnable> everyFrame = new ArrayList<>();

    /**
     * Work that runs after each drain on the FX thread: draining the window's {@code FxInbox} (what other threads left:
     * a journal file read, an export written), or looking at the journal once more. It runs in every pulse, whatever
     * caused it; a thread that leaves something calls {@link #wake()} so that a pulse comes even in an idle window.
     */
    public void everyFrame(Runnable work) {
        everyFrame.add(work);
    }

    private record Ticker(BooleanSupplier needed, Runnable work) {
    }

    private final List<Ticker> tickers = new ArrayList<>();
    private LongSupplier clockNs = System::nanoTime;
    /** When the tickers run next; {@code Long.MAX_VALUE} while none is due. */
    private long nextTickNs = Long.MAX_VALUE;
    /** One daemon thread that asks for later pulses ({@link #wakeIn}); made when first needed, ended by {@link #close()}. */
    private ScheduledExecutorService secondClock;

    /**
     * Work that runs on the FX thread about once a second while {@code needed} says so (a countdown on screen), and not
     * at all otherwise: the bridge asks for one pulse a second for it, never a pulse per frame.
     */
    public void everySecond(BooleanSupplier needed, Runnable work) {
        tickers.add(new Ticker(needed, work));
    }

    /** The clock {@link #everySecond} work is timed by (tests give a fake one and call {@link #pulse()}). */
    void useClock(LongSupplier clockNs) {
        this.clockNs = clockNs;
    }

    /** When the {@link #everySecond} work runs next (on {@link #useClock}'s clock), 0 while no second is asked for. */
    long nextSecondNs() {
        return nextTickNs == Long.MAX_VALUE ? 0 : nextTickNs;
    }

    /** How a pulse is asked for, instead of JavaFX's (toolkit-free tests count them). */
    void wakeWith(Runnable waker) {
        this.waker = waker;
        this.wakes = true;
    }

    /** A view-model that wants every new event; called on the draining (FX) thread. */
    public void addSink(Consumer<List<Event>> sink) {
        sinks.add(sink);
    }

    /**
     * Asks for a pulse, from any thread: the events queued and whatever another thread left for the {@link #everyFrame}
     * work are taken in it. Several calls before that pulse ask once.
     */
    public void wake() {
        if (wakeAsked.compareAndSet(false, true)) waker.run();
    }

    /**
     * Hands everything queued since the last drain to the sinks and returns how many events that was.
     * The pulse calls it on the FX thread; toolkit-free tests call it directly.
     */
    public int drain() {
        wakeAsked.set(false); // before the queue is read: an event queued after this asks for the next pulse
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

    /**
     * What the bridge does in a pulse (FX thread): {@link #drain()}, then the {@link #everySecond} work when its second
     * has come, and the next second asked for while some of it is still needed.
     */
    void pulse() {
        drain();
        if (tickers.isEmpty()) return;
        long now = clockNs.getAsLong();
        if (now >= nextTickNs) {
            nextTickNs = Long.MAX_VALUE;
            for (Ticker t : List.copyOf(tickers)) if (t.needed().getAsBoolean()) t.work().run();
        }
        if (nextTickNs == Long.MAX_VALUE && tickers.stream().anyMatch(t -> t.needed().getAsBoolean())) {
            nextTickNs = now + SECOND_NS;
            wakeIn(SECOND_NS);
        }
    }

    /**
     * Asks for a pulse {@code delayNs} from now (any thread), in which the {@link #everyFrame} work runs: for work that
     * must happen at a time while nothing else happens (a paced step, a countdown), without an animation that would
     * pulse every frame meanwhile. Nothing before {@link #start(Scene)}, nor after {@link #close()}.
     */
    public synchronized void wakeIn(long delayNs) {
        if (!wakes) return;
        if (secondClock == null)
            secondClock = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("socketlab-bridge-clock").factory());
        secondClock.schedule(this::wake, delayNs, TimeUnit.NANOSECONDS);
    }

    private void take(List<Event> batch, Event e, long cut) {
        // The journal tells subscribers under its lock, so the queue is in seq order.
        if (e.seq() > lastSeq && (cut < 0 || e.seq() <= cut)) {
            if (sessionStart == null || !sessionStart.earlier(e)) batch.add(e);
            lastSeq = e.seq();
        }
    }

    /** What this session, begun with a cut, leaves to the one before it; null: it delivers every event. */
    private SessionStart sessionStart;

    /**
     * This session began with a cut made at {@code cutAtNs} on the journal's clock: events journaled after it that
     * belong to the session before ({@link SessionStart}) are not delivered. Before the first drain.
     */
    void startsAtCut(long cutAtNs) {
        sessionStart = new SessionStart(cutAtNs);
    }

    /**
     * Starts draining in the pulses of {@code scene}'s window (at the start of each, before CSS and layout), and asks for
     * the first one. Events then ask for their own pulse. FX thread.
     */
    public void start(Scene scene) {
        if (this.scene != null) return;
        this.scene = scene;
        scene.addPreLayoutPulseListener(onPulse);
        waker = Platform::requestNextPulse;
        wakes = true;
        wakeAsked.set(false);
        wake();
    }

    /** Stops draining (FX thread) and releases the subscription. */
    @Override
    public void close() {
        waker = () -> {
        };
        if (scene != null) scene.removePreLayoutPulseListener(onPulse);
        synchronized (this) {
            wakes = false;
            if (secondClock != null) secondClock.shutdownNow();
        }
        subscription.close();
    }
}
