package org.socketlab.ui.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.watch.WatchViewModel;

/**
 * Where a session ends and the next starts: the lab reset (after a watched program stops), put on the chosen
 * machines, and the cut the bridge makes at its next frame; and how another thread asks the bridge for that frame.
 */
final class SessionControl {
    private final WindowLab lab;
    private final WatchViewModel watch;
    private final Supplier<LabHosts> wantedHosts;
    private final FxInbox inbox;
    /** The last event of this session once a reset or a lesson asked for a new one, else -1. Any thread. */
    private final AtomicLong sessionCut = new AtomicLong(-1);
    /** When, on the journal's clock, the last cut was made ({@link #cutSession}); Long.MIN_VALUE before any. */
    private volatile long cutAtNs = Long.MIN_VALUE;
    /** Asks the window's bridge for a pulse (any thread); nothing until the window gives it ({@link #wakeWith}). */
    private volatile Runnable wake = () -> {
    };

    /** {@code wantedHosts}: the machines the Machines control has chosen (null: one). */
    SessionControl(WindowLab lab, WatchViewModel watch, Supplier<LabHosts> wantedHosts, FxInbox inbox) {
        this.lab = lab;
        this.watch = watch;
        this.wantedHosts = wantedHosts;
        this.inbox = inbox;
    }

    /** The watch stopped, then every endpoint reset, on the machines the Machines control has chosen. */
    CompletableFuture<?> resetFirst() {
        return resetFirst(wantedHosts.get());
    }

    /**
     * The watch stopped, then every endpoint reset, then (a lab that can move) the lab put on {@code onto}: null one
     * machine, else two placed so. A lab that refuses the work (or no lab) gives a failed future, never throws.
     */
    CompletableFuture<?> resetFirst(LabHosts onto) {
        if (!(lab instanceof WindowLab.Live(Lab live)))
            return CompletableFuture.failedFuture(new LocalizedException("ui.lessons.noCalls"));
        try {
            // Then what the old session's closes sent over SocketLab's wire arrives (or is lost and sent again) and is
            // journaled before the cut: the old lab's late FIN and ACK are the old session's (issue 78).
            CompletableFuture<?> reset = afterWatchStopped(live::resetAll).thenRunAsync(live::awaitLinkQuiet,
                    work -> Thread.ofPlatform().name("socketlab-link-quiet").daemon().start(work));
            if (!live.movable()) return reset;
            // Moving waits for the endpoints' workers to end their processes: on a thread of its own, never theirs.
            return reset.thenRunAsync(() -> live.useHosts(onto),
                    work -> Thread.ofPlatform().name("socketlab-machines").daemon().start(work));
        } catch (RuntimeException refused) { // a lab whose endpoints no longer take work
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** What went wrong, without the future's wrapper. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null
                ? c.getCause()
                : failure;
    }

    /**
     * {@code reset} once a watched program (if any) is stopped and released, so its last calls and closes belong to the
     * session that ends; at once when nothing is watched.
     */
    private CompletableFuture<?> afterWatchStopped(Supplier<CompletableFuture<?>> reset) {
        if (!watch.holdsSession()) return reset.get();
        return watch.shutdown().thenCompose(stopped -> reset.get());
    }

    /**
     * A new session starts after the journal's last event now (any thread): the bridge cuts it at its next frame. Done
     * when, on two machines, the server's and the client's processes have started and said their hosts (never fails).
     */
    CompletableFuture<?> cutSession() {
        if (!(lab instanceof WindowLab.Live(Lab live))) return CompletableFuture.completedFuture(null);
        // What the reset did in the kernel (a listener closed is CLOSED now) belongs to the session that made it: read it
        // before the cut, not by the sampler a moment into the new session.
        live.observeKernelNow();
        cutAtNs = live.journal().now(); // before the cut's seq: nothing the new session journals happened earlier
        sessionCut.set(live.journal().size());
        live.restateCapture(); // the new session's first event: its views know whether the wire is seen
        // On two machines the new session says where the server and the client live before either calls (issue 57).
        return live.startOnHosts().exceptionally(failed -> null); // a process that failed to start: its call says why
    }

    /**
     * When the newest session began, on the journal's clock (Long.MIN_VALUE: no cut yet): an event journaled after its
     * cut that happened before it (a segment the capture or the wire told late) is the old session's ({@link
     * SessionStart}).
     */
    long cutAtNs() {
        return cutAtNs;
    }

    /** Read by the bridge each frame: where this session ends, or -1. */
    long pendingCut() {
        return sessionCut.get();
    }

    /** The new session has started (FX thread). */
    void started() {
        sessionCut.set(-1);
    }

    /**
     * How another thread that left something for the FX thread (a session's cut, a file read, a watched program's
     * output, a drop rule's outcome) gets it taken: the window's bridge asks for a pulse. The window calls it once.
     */
    void wakeWith(Runnable wake) {
        this.wake = wake;
        inbox.wakeWith(wake);
    }

    /** Asks for a pulse in which the bridge takes what another thread left (any thread). */
    void wake() {
        wake.run();
    }
}
