package org.socketlab.lab;

import java.util.concurrent.CompletableFuture;

/**
 * The start of the lab's capture of the wire: now, before any endpoint exists, or on a thread of its own (a window
 * need not wait for tcpdump); whatever journals for the lab before its first call awaits it.
 */
final class CaptureStart {
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /** Starts {@code wire} ({@code capture} false: journaled as off), in the background or before this returns. */
    CaptureStart(WireCapture wire, boolean capture, boolean inBackground) {
        if (inBackground) {
            Thread.ofPlatform().daemon().name("socketlab-start-capture").start(() -> {
                try {
                    wire.start(capture);
                    started.complete(null);
                } catch (RuntimeException | Error e) {
                    started.completeExceptionally(e);
                }
            });
        } else {
            // Before any endpoint exists: once this returns tcpdump is listening, so the first SYN is seen.
            wire.start(capture);
            started.complete(null);
        }
    }

    /** Waits until it started or was found unavailable (journaled either way); throws what a failed start threw. */
    void await() {
        started.join();
    }

    /** Waits until a start still under way has ended, however it ended. */
    void awaitEnded() {
        started.exceptionally(e -> null).join();
    }
}
