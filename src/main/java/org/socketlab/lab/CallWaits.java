package org.socketlab.lab;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SysResult;

/**
 * How one endpoint's calls wait, and how a reset gives them up. A call that would block first waits with {@code poll}
 * in slices of {@value Endpoint#POLL_SLICE_MS} ms, watching the reset generation; a call that can only wait inside
 * the kernel (connect, a send to a full window, poll itself) is published here, so the lab's watchdog journals it
 * {@link Payload.Blocked} once it has run a while and wakes it after a reset with a real, journaled
 * {@code shutdown(fd, SHUT_RDWR)}.
 */
final class CallWaits {
    private final Endpoint endpoint;
    private final Journal journal;
    private final Libc libc;
    private final CallObserver observer;
    private final Map<Integer, Endpoint.SocketInfo> sockets;
    /** Bumped by every reset; a wait that started under an older generation gives up. */
    private final AtomicLong generation = new AtomicLong();
    /** The call now running that may block inside the kernel (connect, send), or null. */
    private final AtomicReference<InKernelCall> inKernel = new AtomicReference<>();
    private final Object wakeLock = new Object();
    /** Set by a reset, for the watchdog to wake a call blocked in the kernel (never on the resetting thread). */
    private volatile boolean wakeRequested;

    /**
     * A call that may block inside the kernel, where no poll can stand in for the wait. The watchdog journals
     * {@link Payload.Blocked} for it once it has run a while; both sides hold the lock so that event always comes
     * before the call's own.
     */
    private static final class InKernelCall {
        final int fd;
        final String call;
        /** The reset generation it was made under: only a later reset may wake it. */
        final long gen;
        final long startNs = System.nanoTime();
        boolean finished;

        InKernelCall(int fd, String call, long gen) {
            this.fd = fd;
            this.call = call;
            this.gen = gen;
        }
    }

    CallWaits(Endpoint endpoint, Journal journal, Libc libc, CallObserver observer,
            Map<Integer, Endpoint.SocketInfo> sockets) {
        this.endpoint = endpoint;
        this.journal = journal;
        this.libc = libc;
        this.observer = observer;
        this.sockets = sockets;
    }

    /** The reset generation now: a call made under it is given up by the next reset. */
    long generation() {
        return generation.get();
    }

    /** A reset: waits of older generations give up, and the watchdog is asked to wake a call inside the kernel. */
    void reset() {
        generation.incrementAndGet();
        wakeRequested = true;
        observer.needsWatch(endpoint);
    }

    /**
     * Waits with poll until the call would not block, in short slices so a reset is seen within one slice.
     * Returns the nanoseconds waited. A non-blocking socket does not wait: its call answers EAGAIN itself.
     */
    long untilReady(Request r, int fd, short events, long gen) {
        Endpoint.SocketInfo info = sockets.get(fd);
        if (info == null || info.nonBlocking()) return 0;
        long start = System.nanoTime();
        boolean announced = false;
        while (true) {
            if (generation.get() != gen) {
                journal.append(endpoint.name(), new Payload.Cancelled(r.call(), fd, System.nanoTime() - start));
                throw new CallCancelledException(r.call());
            }
            Libc.PollResult p = libc.poll(fd, events, announced ? Endpoint.POLL_SLICE_MS : 0);
            if (p.result().value() > 0) return announced ? System.nanoTime() - start : 0;
            if (p.result().failed() && p.result().errno() != libc.errnos().number("EINTR").orElse(-1))
                return System.nanoTime() - start; // let the real call report the problem
            if (!announced) {
                journal.append(endpoint.name(), new Payload.Blocked(r.call(), fd));
                observer.blocked(endpoint);
                announced = true;
            }
        }
    }

    /** {@link #inKernel} for a call whose answer is more than its result (a receive, a poll of several fds). */
    <T> T inKernel(int fd, long gen, Request r, Supplier<T> theCall, Function<T, SysResult> result) {
        Object[] out = new Object[1];
        inKernel(fd, gen, r, () -> {
            T answer = theCall.get();
            out[0] = answer;
            return result.apply(answer);
        });
        @SuppressWarnings("unchecked")
        T answer = (T) out[0];
        return answer;
    }

    /** Runs a call that may block inside the kernel, letting a reset find its fd to wake it. */
    SysResult inKernel(int fd, long gen, Request r, Supplier<SysResult> theCall) {
        libc.link(r.call()); // before the clock starts: a first call's linking is not time in the kernel
        InKernelCall running = new InKernelCall(fd, r.call(), gen);
        inKernel.set(running); // published before the generation check; reset bumps the generation before reading it
        observer.needsWatch(endpoint); // the watchdog journals it blocked if it stays there
        try {
            if (generation.get() != gen) {
                journal.append(endpoint.name(), new Payload.Cancelled(r.call(), fd, 0));
                throw new CallCancelledException(r.call());
            }
            return theCall.get();
        } finally {
            synchronized (running) {
                running.finished = true;
            }
            inKernel.set(null);
            synchronized (wakeLock) {
                // A reset that woke this call journals its shutdown first; wait for that.
            }
        }
    }

    /**
     * Called by the lab's watchdog after a reset: {@code wake} makes the real, journaled shutdown of the fd of a call
     * blocked inside the kernel. A call that enters the kernel after this sees the new generation itself.
     */
    void wakeIfReset(IntConsumer wake) {
        if (!wakeRequested) return;
        wakeRequested = false;
        InKernelCall running = inKernel.get();
        // A call made after the reset (a lesson's first steps, before the watchdog came round) is not the reset's to wake.
        if (running == null || running.gen == generation.get()) return;
        // Held while the shutdown is made and journaled, so the woken call's result is journaled after it.
        synchronized (wakeLock) {
            wake.accept(running.fd);
        }
    }

    /**
     * Whether the lab's watchdog has something to do here: a reset's wake not yet made, or a call inside the kernel not
     * yet journaled as blocked. Otherwise it rests until {@link CallObserver#needsWatch}.
     */
    boolean needsWatch() {
        if (wakeRequested) return true;
        InKernelCall running = inKernel.get();
        if (running == null) return false;
        synchronized (running) {
            return !running.finished;
        }
    }

    /** Called by the lab's watchdog: journals a call that has been inside the kernel longer than one poll slice. */
    void announceIfBlocked(long nowNs) {
        InKernelCall running = inKernel.get();
        if (running == null || nowNs - running.startNs < TimeUnit.MILLISECONDS.toNanos(Endpoint.POLL_SLICE_MS)) return;
        synchronized (running) {
            if (!running.finished) {
                journal.append(endpoint.name(), new Payload.Blocked(running.call, running.fd));
                observer.blocked(endpoint);
                running.finished = true; // announce once; the worker only reads this under the same lock
            }
        }
    }
}
