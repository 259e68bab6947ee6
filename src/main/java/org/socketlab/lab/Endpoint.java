package org.socketlab.lab;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A program with sockets (the server, a client): its calls run one at a time on its own worker thread, so a
 * blocking {@code accept()} blocks only this endpoint. Each request makes exactly one real call, journaled as a
 * {@link Payload.Call}. A blocking call first waits with {@code poll} in short slices, watching for a reset, and
 * then makes the one real call, which by then does not block. The calls themselves are the {@link CallWorker}'s, their
 * waits and a reset's wake the {@link CallWaits}'; this class owns the socket table, the thread and the reset.
 */
public final class Endpoint implements AutoCloseable {
    /** A waiting call polls in slices this long, so a reset gives it up within one slice. */
    public static final int POLL_SLICE_MS = 20;

    /** What the endpoint knows of one of its sockets; {@code inode} ties it to the kernel's tables (-1 if unknown). */
    public record SocketInfo(int fd, long inode, Domain domain, SockType type, boolean nonBlocking,
            SockAddr boundUnixPath) {
        SocketInfo withNonBlocking(boolean on) {
            return new SocketInfo(fd, inode, domain, type, on, boundUnixPath);
        }
        SocketInfo withUnixPath(SockAddr path) {
            return new SocketInfo(fd, inode, domain, type, nonBlocking, path);
        }
    }

    private final String name;
    private final PlatformConstants c;
    private final AddressPolicy policy;
    private final ExecutorService executor;
    private final Map<Integer, SocketInfo> sockets = new ConcurrentHashMap<>();
    private final CallObserver observer;
    private final Journal journal;
    private final CallWaits waits;
    private final CallWorker worker;
    /** How long {@link #close()} waits for the reset, then for the worker to end. */
    private static final long CLOSE_WAIT_SECONDS = 10;
    private volatile Thread workerThread;

    Endpoint(String name, Journal journal, Libc libc, AddressPolicy policy, CallObserver observer,
            ReadWriteLock fdTable) {
        this.name = name;
        this.observer = observer;
        this.journal = journal;
        this.c = libc.constants();
        this.policy = policy;
        this.waits = new CallWaits(this, journal, libc, observer, sockets);
        this.worker = new CallWorker(name, journal, libc, sockets, fdTable, waits);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "socketlab-endpoint-" + name);
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    public String name() {
        return name;
    }

    /** This endpoint's open sockets, in fd order. */
    public List<SocketInfo> sockets() {
        return sockets.values().stream().sorted(Comparator.comparingInt(SocketInfo::fd)).toList();
    }

    /** Gives up an open socket without closing it, for another endpoint to adopt; null when this one has no such fd. */
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
        Request request = validate(asked);
        long gen = waits.generation();
        CompletableFuture<Event> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                if (waits.generation() != gen) throw new CallCancelledException(request.call());
                CallObserver.Before before = observer.beforeCall(this, request);
                Payload.Call call;
                try {
                    call = worker.perform(request, gen);
                } catch (RuntimeException e) {
                    observer.abandoned(this); // cancelled before it was made: nothing to journal after it
                    throw e;
                }
                observer.returned(this, request, call);
                Event event = journal.append(name, call);
                observer.afterCall(this, request, call, before);
                done.complete(event);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    /**
     * Refuses bad input, and gives the request as the kernel is to get it: a Unix-domain path as its place in the lab's
     * folder ({@link AddressPolicy#resolve}).
     */
    private Request validate(Request request) {
        Request resolved = switch (request) {
            case Request.Poll p -> {
                for (int fd : p.fds())
                    if (!sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
                for (PollEvent e : p.events())
                    if (e.value(c) <= 0) throw new LocalizedException("input.unsupportedHere", e.name());
                yield p;
            }
            case Request.Send s -> {
                checkFlags(s.flags());
                yield s;
            }
            case Request.Recv r -> {
                checkFlags(r.flags());
                yield r;
            }
            case Request.RecvFrom r -> {
                checkFlags(r.flags());
                yield r;
            }
            case Request.Bind b -> new Request.Bind(b.fd(), policy.resolve(b.address()));
            case Request.Connect cn -> new Request.Connect(cn.fd(), policy.resolve(cn.address()));
            case Request.SendTo st -> {
                checkFlags(st.flags());
                SockAddr to = policy.resolve(st.to());
                yield to == st.to() ? st : new Request.SendTo(st.fd(), st.data(), to, st.flags());
            }
            default -> request;
        };
        Integer fd = Request.fdOf(request);
        if (fd != null && !sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
        return resolved;
    }

    private void checkFlags(Set<MsgFlag> flags) {
        for (MsgFlag f : flags) if (f.value(c) < 0) throw new LocalizedException("input.unsupportedHere", f.name());
    }

    /** Called by the lab's watchdog after a reset: wakes a call blocked inside the kernel (see {@link CallWaits}). */
    void wakeIfReset() {
        waits.wakeIfReset(worker::wakeWithShutdown);
    }

    /** Whether the lab's watchdog has something to do here (see {@link CallWaits#needsWatch}). */
    boolean needsWatch() {
        return waits.needsWatch();
    }

    /** Called by the lab's watchdog: journals a call that has been inside the kernel longer than one poll slice. */
    void announceIfBlocked(long nowNs) {
        waits.announceIfBlocked(nowNs);
    }

    /**
     * Gives up any waiting call, then closes every socket this endpoint opened (each close a real, journaled
     * call) and removes the files of Unix-domain sockets it bound. Never blocks the caller and makes no call on its
     * thread (it may be the FX thread): a call waiting in poll notices within {@value #POLL_SLICE_MS} ms, and a
     * connect or send blocked in the kernel is woken by the lab's watchdog with {@code shutdown(fd, SHUT_RDWR)}.
     */
    public CompletableFuture<Void> reset() {
        waits.reset();
        return CompletableFuture.runAsync(this::closeAll, executor);
    }

    private void closeAll() {
        for (SocketInfo info : sockets()) {
            Request close = new Request.Close(info.fd());
            CallObserver.Before before = observer.beforeCall(this, close);
            Payload.Call call = worker.perform(close, waits.generation());
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
        if (ended && !sockets().isEmpty()) closeAll(); // no other thread can use these fds any more
    }
}
