package org.socketlab.lab;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysCall;

/**
 * A program with sockets (the server, a client): a process of its own ({@link EndpointProcess}, taken at its first
 * call), or a thread of another endpoint's process when a socket was handed to it ({@link Lab#handOver}). Each request
 * makes exactly one real call there, journaled as a {@link Payload.Call}; a blocking call blocks in the kernel, and
 * only this endpoint's worker thread waits for its answer. The calls themselves are the {@link CallWorker}'s, their
 * waits and a reset's interruption the {@link CallWaits}'; a request's checks are {@link EndpointRequests}', its
 * processes' ends {@link ProcessEnds}' and the signals sent to them {@link ProcessSignals}'. This class owns the socket
 * table, the thread and the reset.
 */
public final class Endpoint implements AutoCloseable {
    /** The lab's watchdog looks this often at a call being made (blocked yet?) and at one a reset must interrupt. */
    public static final int POLL_SLICE_MS = 20;

    /** What the endpoint knows of one of its sockets; {@code inode} ties it to the kernel's tables (-1 if unknown). */
    public record SocketInfo(int fd, long inode, Domain domain, SockType type, boolean nonBlocking,
            @Nullable SockAddr boundUnixPath) {
        SocketInfo withNonBlocking(boolean on) {
            return new SocketInfo(fd, inode, domain, type, on, boundUnixPath);
        }
        SocketInfo withUnixPath(SockAddr path) {
            return new SocketInfo(fd, inode, domain, type, nonBlocking, path);
        }
    }

    private final String name;
    private final PlatformConstants c;
    private final Libc libc;
    private final ExecutorService executor;
    private final Map<Integer, SocketInfo> sockets = new ConcurrentHashMap<>();
    private final CallObserver observer;
    private final Journal journal;
    private final CallWaits waits;
    private final CallWorker worker;
    /** How long {@link #close()} waits for the reset, then for the worker to end. */
    private static final long CLOSE_WAIT_SECONDS = 10;
    private volatile @Nullable Thread workerThread;
    /** Starts this endpoint's process (on the lab's thread that lives as long as the lab). */
    private final Function<String, EndpointProcess> starter;
    /** The process (or thread of another endpoint's process) that makes this endpoint's calls; null before its first. */
    private @Nullable EndpointProcess process;
    /** Held for writing when the sockets of a process that ended leave the table (the kernel closed them). */
    private final ReadWriteLock fdTable;
    private final EndpointRequests requests;
    /** Its processes' ends; the last one's is guarded by this endpoint's lock, as {@link #process} is. */
    private final ProcessEnds ends;
    private final ProcessSignals signals;
    /** The host it lives on and that host's address, in a lab of two machines (issue 40); null with one. */
    private volatile @Nullable String host, hostAddress;

    Endpoint(String name, Journal journal, Libc libc, AddressPolicy policy, CallObserver observer,
            ReadWriteLock fdTable, Function<String, EndpointProcess> starter) {
        this.name = name;
        this.observer = observer;
        this.journal = journal;
        this.c = libc.constants();
        this.libc = libc;
        this.starter = starter;
        this.fdTable = fdTable;
        // Never this::process: the watchdog must not start a process for an endpoint whose process just ended.
        this.waits = new CallWaits(this, journal, observer, this::startedProcess);
        this.worker = new CallWorker(name, journal, libc, this::process, sockets, fdTable, waits);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "socketlab-endpoint-" + name);
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
        this.requests = new EndpointRequests(name, c, policy, sockets);
        this.ends = new ProcessEnds(this, journal, observer, sockets, fdTable, executor);
        this.signals = new ProcessSignals(this, journal, ends, executor);
    }

    public String name() {
        return name;
    }

    /**
     * The process that makes this endpoint's calls, started now if it was not yet (at its first call, or the first
     * after its process ended): journaled {@link Payload.Process#STARTED} with its pid and role.
     */
    EndpointProcess process() {
        EndpointProcess started;
        synchronized (this) {
            if (process != null) return process;
            process = started = starter.apply(name);
        }
        // Outside the endpoint's lock: the journal's listeners may ask this endpoint for its pid. Journaled now, at the
        // time it really started: the lab may have started it ahead, while the capture started (Lab#startProcess).
        long startedAt = journal.now() - Math.max(0, System.nanoTime() - started.startedNanoTime());
        journal.appendHappened(name,
                Payload.Process.started(started.pid(), Payload.Process.roleOf(name)).on(host, hostAddress), startedAt);
        return started;
    }

    /**
     * Starts this endpoint's process now on its worker thread, ahead of any call queued after it, journaled as
     * {@link #process()} journals it (where it lives, on two machines: {@link Lab#startOnHosts}). Nothing when it has
     * started already, or the endpoint is closed.
     */
    CompletableFuture<Void> startProcessNow() {
        try {
            return CompletableFuture.runAsync(this::process, executor);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** In a lab of two machines: the host this endpoint lives on and its address, said when its process starts. */
    void placeOn(@Nullable String host, @Nullable String address) {
        this.host = host;
        this.hostAddress = address;
    }

    /** The process that makes this endpoint's calls, or null before its first call started it. */
    synchronized @Nullable EndpointProcess startedProcess() {
        return process;
    }

    /** The pid of this endpoint's process; 0 before its first call started it. */
    public synchronized int pid() {
        return process == null ? 0 : process.pid();
    }

    /**
     * Makes this endpoint a new thread of {@code other}'s process, so that a socket {@code other} opened is its to use
     * under the same number (a threaded server's thread); nothing when it already is one of that process's.
     */
    void runInProcessOf(Endpoint other) {
        EndpointProcess theirs = other.process();
        synchronized (this) {
            if (process != null && process.pid() == theirs.pid()) return;
            if (process != null) throw new LocalizedException("lab.handOver.ownProcess", name, other.name());
            process = theirs.thread(name);
        }
    }

    /** This endpoint's open sockets, in fd order. */
    public List<SocketInfo> sockets() {
        return sockets.values().stream().sorted(Comparator.comparingInt(SocketInfo::fd)).toList();
    }

    @Nullable
    SocketInfo socketAt(int fd) { // the open socket fd of this endpoint, or null
        return sockets.get(fd);
    }

    /** Gives up an open socket without closing it, for another endpoint to adopt; null when this one has no such fd. */
    @Nullable
    SocketInfo release(int fd) {
        return sockets.remove(fd);
    }

    /** Takes over an open socket another endpoint released: later calls on its fd are this endpoint's. */
    void adopt(SocketInfo info) {
        sockets.put(info.fd(), info);
    }

    /**
     * Makes the call on the worker thread. Bad input (an address that is not loopback, a Unix path outside the lab's
     * folder, an fd this endpoint does not own) is refused here with a {@link LocalizedException} and nothing is called or journaled.
     * The future completes with the journaled call event, or with {@link CallCancelledException} if a reset came
     * first.
     */
    public CompletableFuture<Event> call(Request asked) {
        Request request = requests.validate(asked);
        long gen = waits.generation();
        return oneCall(request.call(), made -> {
            if (waits.generation() != gen) throw new CallCancelledException(request.call());
            CallObserver.Before before = observer.beforeCall(this, request);
            Payload.Call call;
            try {
                call = worker.perform(request, gen);
                made.run(); // returned from the kernel: the thread may make its next call while this one is journaled
            } catch (EndpointProcess.EndedException gone) {
                observer.abandoned(this); // it never returned: nothing to journal after it but the process's end
                processEnded(startedProcess());
                throw gone;
            } catch (RuntimeException e) {
                observer.abandoned(this); // cancelled before it was made: nothing to journal after it
                throw e;
            }
            observer.returned(this, request, call);
            Event event = journal.append(name, call);
            observer.afterCall(this, request, call, before);
            return event;
        });
    }

    /**
     * The call this endpoint's thread makes now (accepted, not yet returned), or null. A thread makes one call at a
     * time, as the kernel has it: a second is refused while it waits, never queued behind the first.
     */
    private final AtomicReference<@Nullable InCall> inCall = new AtomicReference<>();

    /** One call accepted by {@link #oneCall}: its own object, so that only it ends itself. */
    private record InCall(String call) {
    }

    /** Work that is one call of the endpoint's thread: it runs {@code returned} once the call is back from the kernel. */
    @FunctionalInterface
    private interface CallWork<T> {
        @Nullable
        T make(Runnable returned) throws Exception;
    }

    /**
     * {@code work} as this endpoint's one call now, on its worker: refused with a {@link LocalizedException} saying why
     * while another call of this thread has not returned (a signal or Kill still reaches the process: {@link #kill}).
     * The call is over for this rule once it returned (or failed), before its future completes.
     */
    private <T> CompletableFuture<T> oneCall(String call, CallWork<T> work) {
        InCall mine = new InCall(call);
        InCall waiting = inCall.compareAndExchange(null, mine);
        if (waiting != null) throw new LocalizedException("lab.call.busy", name, waiting.call(), call);
        Runnable returned = () -> inCall.compareAndSet(mine, null);
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                @Nullable
                T result = null;
                Throwable failure = null;
                try {
                    result = work.make(returned);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    returned.run();
                }
                if (failure == null) done.complete(result);
                else done.completeExceptionally(failure);
            });
        } catch (RejectedExecutionException closed) {
            returned.run();
            throw closed;
        }
        return done;
    }

    /** The call this endpoint's thread is making now (it may wait in the kernel), if any. */
    public Optional<String> callInProgress() {
        return Optional.ofNullable(inCall.get()).map(InCall::call);
    }

    /**
     * What this endpoint's process does now on {@code signal} (its sigaction calls; a new process has every default),
     * or {@link Request.Signal.Handler#SIG_DFL} before its first call.
     */
    public Request.Signal.Handler disposition(String signal) {
        EndpointProcess p = startedProcess();
        return Request.Signal.Handler.values()[p == null ? 0 : p.disposition(Signals.number(signal))];
    }

    /** Called by the lab's watchdog after a reset: interrupts a call blocked in the kernel (see {@link CallWaits}). */
    void wakeIfReset() {
        if (waits.needsWatch()) waits.interruptIfReset();
    }

    /** fork() in this endpoint's process, on its worker, into {@code child} (issue 39: {@link Forking}). */
    CompletableFuture<Event> fork(Endpoint child) {
        EndpointProcess p = startedProcess();
        if (p == null) throw new LocalizedException("lab.fork.notStarted", name);
        return oneCall(SysCall.FORK.journalName,
                returned -> Forking.fork(this, p, child, sockets, journal, libc, fdTable));
    }

    private volatile boolean forkedChild;

    /** This new endpoint is the child a fork just made: {@code child} makes its calls. */
    synchronized void becomeForked(EndpointProcess child) {
        process = child;
        forkedChild = true;
    }

    /** Whether this endpoint is the child of a fork (its name may go to a new child once its process ended). */
    boolean forkedChild() {
        return forkedChild;
    }

    /** exit({@code code}) in this endpoint's process, journaled as its end (a forked child's zombie too). */
    public CompletableFuture<Event> exit(int code) {
        EndpointProcess p = signals.killable();
        return oneCall(SysCall.EXIT.journalName, returned -> {
            p.exit(code);
            return processEnded(p);
        });
    }

    /** The parent's waitpid took this forked child's status: journaled {@link Payload.Process#REAPED}, on the worker. */
    void reapedBy(int childPid, int status) {
        ends.reapedBy(childPid, status);
    }

    /** Whether a call is being made here and not yet seen blocked (the watchdog looks again within a millisecond). */
    boolean callNotYetSeenBlocked() {
        return waits.notYetSeenBlocked();
    }

    /** Whether the lab's watchdog has something to do here (see {@link CallWaits#needsWatch}). */
    boolean needsWatch() {
        return waits.needsWatch();
    }

    /** Called by the lab's watchdog: journals a call whose thread sleeps in the kernel. */
    void announceIfBlocked(long nowNs) {
        waits.announceIfBlocked(nowNs);
    }

    /**
     * Sends {@code signal} to this endpoint's process with kill(2), as {@code kill -9 PID} in a shell: journaled first
     * ({@link Payload.Process#SIGNAL}). When its action ends the process (SIGTERM, SIGKILL, or SIGUSR2, SIGALRM, SIGPIPE
     * while their disposition is the default), the future completes with its end once it is reaped: the kernel closes
     * its sockets (their FIN or RST is captured as any other segment), a call it was blocked in never returns
     * ({@link Payload.Cancelled#processEnded}), and its next call starts a new process. Otherwise (a handler, SIG_IGN,
     * SIGCHLD) the process lives on: the future completes with the signal's event once the kernel has taken it (a
     * handler ran, or it was discarded), and a call it waited in returns -1 EINTR or goes on, as its sigaction said.
     * Never blocks the caller (the FX thread may call it). Refused (a {@link LocalizedException}) when it has no process
     * yet, or it is a thread of another endpoint's process (kill that one).
     */
    public CompletableFuture<Event> kill(int signal) {
        return signals.kill(signal);
    }

    /** Whether {@code signal} sent now would end this endpoint's process (false without one). */
    public boolean endsOn(int signal) {
        EndpointProcess p = startedProcess();
        return p != null && p.endsOn(signal);
    }

    /** The signals {@link #kill} sends: those that end a process, and those whose disposition a lab may change. */
    public static final List<Integer> KILL_SIGNALS = List.of(Signals.SIGTERM, Signals.SIGKILL, Signals.SIGUSR2,
            Signals.SIGALRM, Signals.SIGCHLD, Signals.SIGPIPE);

    /** The process {@code p} ended: reaped, journaled, its sockets out of the table ({@link ProcessEnds}). */
    private @Nullable Event processEnded(@Nullable EndpointProcess p) {
        return ends.processEnded(p);
    }

    /** {@code p} no longer makes this endpoint's calls: the next call starts a new process. */
    synchronized void forget(EndpointProcess p) {
        if (process == p) process = null;
    }

    /**
     * Ends this endpoint's process once its sockets are closed (the lab moves to other machines, {@link Lab#useHosts}):
     * its end is journaled as any end, and its next call starts a new process where the endpoint then lives. A thread
     * of another endpoint's process is only let go (that endpoint ends the process). On the worker thread.
     */
    CompletableFuture<Void> endProcess() {
        waits.reset();
        return CompletableFuture.runAsync(() -> {
            closeAll();
            ends.endNow();
        }, executor);
    }

    /**
     * The process {@code pid} ended, seen by another endpoint that ran in it: this one's sockets went with it too, and
     * when it is that process's owner its end is journaled now, not when the lab closes.
     */
    void ownerEnded(int pid) {
        ends.ownerEnded(pid);
    }

    /**
     * Gives up any waiting call, then closes every socket this endpoint opened (each close a real, journaled
     * call) and removes the files of Unix-domain sockets it bound. Never blocks the caller and makes no call on its
     * thread (it may be the FX thread): a call blocked in the kernel is interrupted by the lab's watchdog (SIGUSR1,
     * -1 EINTR), then the closes are made.
     */
    public CompletableFuture<Void> reset() {
        waits.reset();
        return CompletableFuture.runAsync(this::closeAll, executor);
    }

    private void closeAll() {
        synchronized (this) {
            if (process == null) return; // never started: no socket
        }
        for (SocketInfo info : sockets()) {
            Request close = new Request.Close(info.fd());
            CallObserver.Before before = observer.beforeCall(this, close);
            Payload.Call call;
            try {
                call = worker.perform(close, waits.generation());
            } catch (EndpointProcess.EndedException gone) {
                // The process ended (killed, or its owner endpoint closed it): the kernel closed its descriptors.
                observer.abandoned(this);
                processEnded(startedProcess());
                sockets.clear();
                return;
            }
            journal.append(name, call);
            observer.afterCall(this, close, call, before);
            if (info.boundUnixPath() instanceof SockAddr.Unix u) worker.unlink(u.path());
        }
    }

    /**
     * Resets and stops the worker thread. Not for the FX thread. The waits are generous because a loaded machine can
     * take seconds to wake a call and close its sockets; should the reset not have run by then, the sockets still open
     * are closed here (real, journaled closes) once the worker has ended, so no fd outlives its endpoint.
     */
    @Override
    public void close() {
        try {
            reset().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the worker is stopped below regardless
        }
        executor.shutdownNow();
        boolean ended = false;
        try {
            ended = executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            Thread t = workerThread;
            if (t != null) {
                t.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
                ended = ended && !t.isAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (ended && !sockets().isEmpty()) closeAll(); // no other thread can use these fds any more
        } finally {
            EndpointProcess p;
            synchronized (this) {
                p = process;
            }
            // Its channel closed, the process (or thread) ends; a process that does not is ended with SIGKILL.
            if (p != null) {
                EndpointProcess.Exit exit = p.end(2_000);
                if (!p.isThread()) ProcessEnds.journalEnd(journal, name, p.pid(), exit);
            }
        }
    }
}
