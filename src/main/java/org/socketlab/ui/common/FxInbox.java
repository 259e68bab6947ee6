package org.socketlab.ui.common;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The window's one inbox to the FX thread: work done off it (a worker thread's result or failure, a watched program's
 * output, a drop rule's outcome) comes back as a task in this queue, which the window's bridge drains on the FX thread
 * once per pulse ({@link #drain()}), in the pulse the task asks for ({@link #wakeWith}: the bridge runs no pulse when
 * nothing asked). One per window, made by the composition root ({@code ShellViewModel}) and handed to every view-model
 * that needs it: a view-model owns no queue, wake or thread starter of its own ({@code UiRulesTest}). Every task is
 * delivered, in the order it was left (two in one frame are both delivered), and never on the worker's thread: no
 * single-slot reference that a second result overwrites, no scattered {@code Platform.runLater}.
 */
public final class FxInbox {
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

    /** Work on threads of its own (the window's). */
    public FxInbox() {
        this(Starter.THREADS);
    }

    public FxInbox(Starter starter) {
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
     * Runs {@code work} on a worker named {@code name} that reports back by itself (through {@link #deliver}), for work
     * that waits for processes and has no single result. Any thread.
     */
    public void run(String name, Runnable work) {
        starter.start(name, work);
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
