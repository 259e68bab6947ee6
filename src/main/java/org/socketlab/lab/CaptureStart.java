package org.socketlab.lab;

import java.util.concurrent.CompletableFuture;

/**
 * The start of the lab's capture of the wire: now, before any endpoint exists; or on a thread of its own (a window
 * need not wait for tcpdump), at once or when {@link #begin} is first asked. Whatever journals for the lab before its
 * first call awaits it, which begins it if nothing did.
 */
final class CaptureStart {
    /** When tcpdump starts. */
    enum When {
        /** Before the constructor returns. */
        NOW,
        /** On a thread of its own, from the constructor on. */
        IN_BACKGROUND,
        /** On a thread of its own, from {@link #begin} or the first {@link #await} on. */
        WHEN_BEGUN
    }

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final WireCapture wire;
    private final boolean capture;
    /** Begun, or given up by a lab closed before it began. Guarded by this. */
    private boolean begun;

    /** Starts {@code wire} ({@code capture} false: journaled as off) {@code when} it says. */
    CaptureStart(WireCapture wire, boolean capture, When when) {
        this.wire = wire;
        this.capture = capture;
        if (when == When.NOW) {
            // Before any endpoint exists: once this returns tcpdump is listening, so the first SYN is seen.
            begun = true;
            wire.start(capture);
            started.complete(null);
        } else if (when == When.IN_BACKGROUND) {
            begin();
        }
    }

    /** Starts it on a thread of its own, once: nothing if it started, is starting or was given up. */
    synchronized void begin() {
        if (begun) return;
        begun = true;
        Thread.ofPlatform().daemon().name("socketlab-start-capture").start(() -> {
            try {
                wire.start(capture);
                started.complete(null);
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
    }

    /** Waits until it started or was found unavailable (journaled either way); throws what a failed start threw. */
    void await() {
        begin();
        started.join();
    }

    /** Waits until a start still under way has ended, however it ended; one that never began never will. */
    void awaitEnded() {
        synchronized (this) {
            if (!begun) {
                begun = true;
                started.complete(null);
                return;
            }
        }
        started.exceptionally(e -> null).join();
    }
}
