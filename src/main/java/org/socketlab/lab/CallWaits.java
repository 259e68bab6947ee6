package org.socketlab.lab;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.SysResult;

/**
 * How one endpoint's calls wait, and how a reset ends a wait. Every call is made once, in the endpoint's process, and a
 * call that blocks sleeps there in the kernel. The lab's watchdog journals it {@link Payload.Blocked} when the
 * process's thread is asleep in it ({@code /proc/PID/task/TID/stat} says S or D), and after a reset interrupts it for
 * real: SIGUSR1 to that thread, whose handler is installed without SA_RESTART, so the call returns -1 EINTR (sent
 * again each watchdog round until the call has returned: a signal that lands just before the call enters the kernel
 * interrupts nothing).
 */
final class CallWaits {
    /** A call is looked at as blocked once it has been in the kernel this long and its thread sleeps there. */
    static final long BLOCKED_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often the watchdog looks at a call not yet seen blocked (a lesson waits for that before its next step). */
    static final long LOOK_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int EINTR = 4;

    private final Endpoint endpoint;
    private final Journal journal;
    private final CallObserver observer;
    private final Supplier<EndpointProcess> process;
    /** Wakes the lab's watchdog for this endpoint's call. */
    private final Runnable watch;
    /** Bumped by every reset; a call made under an older generation is interrupted. */
    private final AtomicLong generation = new AtomicLong();
    /** The call now being made in the endpoint's process, or null. */
    private final AtomicReference<@Nullable InKernelCall> inKernel = new AtomicReference<>();

    /** A call being made: the watchdog journals it blocked once it sleeps, and interrupts it after a reset. */
    private static final class InKernelCall {
        final int fd;
        final String call;
        /** The reset generation it was made under: only a later reset interrupts it. */
        final long gen;
        final long startNs = System.nanoTime();
        boolean finished;
        boolean announced;
        volatile boolean interrupted;

        InKernelCall(int fd, String call, long gen) {
            this.fd = fd;
            this.call = call;
            this.gen = gen;
        }
    }

    CallWaits(Endpoint endpoint, Journal journal, CallObserver observer, Supplier<EndpointProcess> process) {
        this.watch = () -> observer.needsWatch(endpoint);
        this.endpoint = endpoint;
        this.journal = journal;
        this.observer = observer;
        this.process = process;
    }

    /** The reset generation now: a call made under it is interrupted by the next reset. */
    long generation() {
        return generation.get();
    }

    /** A reset: the watchdog is asked to interrupt a call of an older generation. */
    void reset() {
        generation.incrementAndGet();
        observer.needsWatch(endpoint);
    }

    /** The answer of a call made through {@link #made}, and whether it was journaled blocked or a reset interrupted it. */
    record Made<T>(T answer, boolean blocked, boolean interrupted) {
    }

    /** {@link #made} for a call whose answer is a plain result. */
    Made<SysResult> made(int fd, long gen, Request r, Supplier<SysResult> theCall) {
        return made(fd, gen, r, theCall, Function.identity());
    }

    /**
     * Makes the call in the endpoint's process, letting the watchdog see it blocked and a reset interrupt it. A call
     * asked under a generation a reset already ended is not made: {@link Payload.Cancelled} and
     * {@link CallCancelledException}.
     */
    <T> Made<T> made(int fd, long gen, Request r, Supplier<T> theCall, Function<T, SysResult> result) {
        InKernelCall running = new InKernelCall(fd, r.call(), gen);
        inKernel.set(running); // published before the generation check; reset bumps the generation before reading it
        // The watchdog journals it blocked if it sleeps there; it is woken only for a call not answered within a
        // millisecond (it would not look sooner: BLOCKED_AFTER_NS), so a quick call wakes no other thread.
        EndpointProcess p = process.get();
        if (p != null) p.onSlowAnswer(watch);
        else observer.needsWatch(endpoint);
        boolean announced;
        T answer;
        try {
            if (generation.get() != gen) {
                journal.append(endpoint.name(), new Payload.Cancelled(r.call(), fd, 0));
                throw new CallCancelledException(r.call());
            }
            answer = theCall.get();
        } finally {
            synchronized (running) {
                running.finished = true;
                announced = running.announced;
            }
            inKernel.set(null);
        }
        SysResult res = result.apply(answer);
        return new Made<>(answer, announced, running.interrupted && res.failed() && res.errno() == EINTR);
    }

    /**
     * Called by the lab's watchdog: a call made before the latest reset is interrupted with SIGUSR1 (again each round
     * until it returned).
     */
    void interruptIfReset() {
        InKernelCall running = inKernel.get();
        if (running == null || running.gen == generation.get()) return;
        synchronized (running) {
            if (running.finished) return;
            running.interrupted = true;
            EndpointProcess p = process.get();
            if (p != null) p.interrupt();
        }
    }

    /** Whether the lab's watchdog has something to do here: a call not yet seen blocked, or one a reset must end. */
    boolean needsWatch() {
        InKernelCall running = inKernel.get();
        if (running == null) return false;
        synchronized (running) {
            return !running.finished && (!running.announced || running.gen != generation.get());
        }
    }

    /** Whether a call is being made and not yet seen blocked: the watchdog then looks again soon. */
    boolean notYetSeenBlocked() {
        InKernelCall running = inKernel.get();
        if (running == null) return false;
        synchronized (running) {
            return !running.finished && !running.announced;
        }
    }

    /** Whether the call now being made was journaled blocked. */
    boolean announced() {
        InKernelCall running = inKernel.get();
        if (running == null) return false;
        synchronized (running) {
            return running.announced;
        }
    }

    /** Called by the lab's watchdog: journals a call whose thread sleeps in the kernel ({@code /proc}). */
    void announceIfBlocked(long nowNs) {
        InKernelCall running = inKernel.get();
        if (running == null || nowNs - running.startNs < BLOCKED_AFTER_NS) return;
        EndpointProcess p = process.get();
        if (p == null || !p.sleeping()) return;
        boolean announcing;
        synchronized (running) {
            announcing = !running.finished && !running.announced;
            if (announcing) {
                journal.append(endpoint.name(), new Payload.Blocked(running.call, running.fd));
                running.announced = true; // announce once; the worker reads it under the same lock
            }
        }
        // Outside the call's lock: the observer takes the fd table's lock, which the worker may hold while it waits for
        // the call's lock to say the call returned (a deadlock the watchdog and a worker once made).
        if (announcing) observer.blocked(endpoint);
    }
}
