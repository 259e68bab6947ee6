package org.socketlab.lab;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;

/**
 * What the lab does around each endpoint's calls: the capture is awaited and the call's segments held, then released
 * after it in the journal; the kernel observer is told of each call, each accept, each process's end; the watchdog is
 * woken for a call that may block.
 */
final class LabCallObserver implements CallObserver {
    private final Runnable awaitCapture;
    private final WireCapture wire;
    private final KernelObserver kernel;
    private final Supplier<List<Endpoint>> endpoints;
    private final LabWatchdog watchdog;
    /** Endpoints whose current call was journaled as blocked (it no longer holds the kernel observer back). */
    private final Set<String> blockedCalls = ConcurrentHashMap.newKeySet();

    LabCallObserver(Runnable awaitCapture, WireCapture wire, KernelObserver kernel, Supplier<List<Endpoint>> endpoints,
            LabWatchdog watchdog) {
        this.awaitCapture = awaitCapture;
        this.wire = wire;
        this.kernel = kernel;
        this.endpoints = endpoints;
        this.watchdog = watchdog;
    }

    @Override
    public @Nullable Before beforeCall(Endpoint e, Request r) {
        awaitCapture.run(); // tcpdump listens before the first call: its segments are seen
        wire.hold(e.name());
        kernel.callStarted();
        return kernel.beforeCall(e, r);
    }

    @Override
    public void returned(Endpoint e, Request r, Payload.Call call) {
        if (r instanceof Request.Accept && !call.failed()) {
            // What the connection did while it waited in the queue comes before the accept.
            wire.accepted(() -> kernel.accepted(e, (int) call.result()));
        }
    }

    @Override
    public void afterCall(Endpoint e, Request r, Payload.Call call, @Nullable Before before) {
        kernel.afterCall(e, r, call, before);
        Forking.reaped(endpoints.get(), e, call);
        wire.catchUpAndRelease(e.name()); // the call's captured segments follow it in the journal
        wire.whenReleased(() -> kernel.connectSettled(e, r, call)); // once its own SYN and RST are attributed
        if (!blockedCalls.remove(e.name())) kernel.callSettled();
        kernel.wake(); // then what they did to the other sockets
    }

    @Override
    public void abandoned(Endpoint e) {
        wire.release(e.name());
        if (!blockedCalls.remove(e.name())) kernel.callSettled();
    }

    @Override
    public void needsWatch(Endpoint e) {
        watchdog.wake(); // not yet started only while the lab is made, before any call
    }

    @Override
    public void reaped(Endpoint e) {
        wire.catchUp(); // tcpdump has delivered the FIN or RST the kernel sent as the process ended
        kernel.wake();
    }

    @Override
    public void processEnded(Endpoint e, int pid) {
        for (Endpoint other : endpoints.get()) if (other != e) other.ownerEnded(pid); // its threads went with it
        kernel.wake(); // its sockets are closed ones now: follow their connections
    }

    @Override
    public void blocked(Endpoint e) {
        wire.release(e.name()); // a call that waits must not hold back what crosses the wire meanwhile
        if (blockedCalls.add(e.name())) kernel.callSettled();
    }
}
