package org.socketlab.ui.common;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The one way the window runs work off the FX thread: a worker thread does the work, and its result or its failure
 * comes back as a task in a queue that the bridge drains on the FX thread ({@link #drain()}) in the pulse the result
 * asks for ({@link #wakeWith}: the bridge runs no pulse when nothing asked). Every
 * result is delivered, in the order the work ended (two in one frame are both delivered), and never on the worker's
 * thread: no single-slot reference that a second result overwrites, no scattered {@code Platform.runLater}.
 */
public final class BackgroundWork {
    /** Work that gives a result or fails. */
    public interface Work<T> {
        T run() throws Exception;
    }

    /** How a worker is started: a thread of its own in the program, the caller's thread in view-model tests. */
    public interface Starter {
        void start(String name, Runnable work);

        /** A daemon platform thread named {@code socketlab-NAME}, ending with its work. */
        Starter THREADS = (name, work) -> Thread.ofPlatform().name("socketlab-" + name).daemon().start(work);
    }

    private final Starter starter;
    private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> {
    };

    /** Work on threads of its own. */
    public BackgroundWork() {
        this(Starter.THREADS);
    }

    public BackgroundWork(Starter starter) {
        this.starter = starter;
    }

    /** How a result asks for the pulse that drains it: the window's bridge (any thread). */
    public void wakeWith(Runnable wake) {
        this.wake = wake;
    }

    private void ready(Runnable delivery) {
        ready.add(delivery);
        wake.run();
    }

    /**
     * Runs {@code work} on a worker named {@code name}; then, on the FX thread at the bridge's next frame,
     * {@code onResult} with its result or {@code onFailure} with what it threw. Any thread.
     */
    public <T> void start(String name, Work<T> work, Consumer<? super T> onResult,
            Consumer<? super Exception> onFailure) {
        starter.start(name, () -> {
            T result;
            try {
                result = work.run();
            } catch (Exception e) {
                ready(() -> onFailure.accept(e));
                return;
            }
            ready(() -> onResult.accept(result));
        });
    }

    /**
     * Hands {@code onFxThread} to the FX thread's next frame: for an outcome that arrives on another thread by other
     * means (a future's callback). Any thread.
     */
    public void deliver(Runnable onFxThread) {
        ready(onFxThread);
    }

    /** Runs every delivery ready now, in order. The bridge calls it once per frame, on the FX thread. */
    public void drain() {
        for (Runnable r; (r = ready.poll()) != null;) r.run();
    }
}
