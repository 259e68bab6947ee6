package org.socketlab.lab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.kernel.ProcNet;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysResult;

/**
 * A program with sockets (the server, a client): its calls run one at a time on its own worker thread, so a
 * blocking {@code accept()} blocks only this endpoint. Each request makes exactly one real call, journaled as a
 * {@link Payload.Call}. A blocking call first waits with {@code poll} in short slices, watching for a reset, and
 * then makes the one real call, which by then does not block.
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
    private final Journal journal;
    private final Libc libc;
    private final PlatformConstants c;
    private final AddressPolicy policy;
    private final ExecutorService worker;
    private final Map<Integer, SocketInfo> sockets = new ConcurrentHashMap<>();
    /** Bumped by every reset; a wait that started under an older generation gives up. */
    private final AtomicLong generation = new AtomicLong();
    /** The call now running that may block inside the kernel (connect, send), or null. */
    private final AtomicReference<InKernelCall> inKernel = new AtomicReference<>();
    private final Object wakeLock = new Object();
    /** How long {@link #close()} waits for the reset, then for the worker to end. */
    private static final long CLOSE_WAIT_SECONDS = 10;
    /** Set by a reset, for the watchdog to wake a call blocked in the kernel (never on the resetting thread). */
    private volatile boolean wakeRequested;
    private volatile Thread workerThread;

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

    private final CallObserver observer;
    /** Held for writing while a call creates or releases an fd number, for reading while the observer uses them. */
    private final ReadWriteLock fdTable;

    Endpoint(String name, Journal journal, Libc libc, AddressPolicy policy, CallObserver observer,
            ReadWriteLock fdTable) {
        this.name = name;
        this.observer = observer;
        this.fdTable = fdTable;
        this.journal = journal;
        this.libc = libc;
        this.c = libc.constants();
        this.policy = policy;
        this.worker = Executors.newSingleThreadExecutor(r -> {
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
        return sockets.values().stream().sorted(java.util.Comparator.comparingInt(SocketInfo::fd)).toList();
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
     * Makes the call on the worker thread. Bad input (an address that is not loopback, an fd this endpoint does
     * not own) is refused here with a {@link LocalizedException} and nothing is called or journaled.
     * The future completes with the journaled call event, or with {@link CallCancelledException} if a reset came
     * first.
     */
    public CompletableFuture<Event> call(Request request) {
        validate(request);
        long gen = generation.get();
        CompletableFuture<Event> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                if (generation.get() != gen) throw new CallCancelledException(request.call());
                CallObserver.Before before = observer.beforeCall(this, request);
                Payload.Call call;
                try {
                    call = perform(request, gen);
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

    private void validate(Request request) {
        switch (request) {
            case Request.Poll p -> {
                for (int fd : p.fds())
                    if (!sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
                for (PollEvent e : p.events())
                    if (e.value(c) <= 0) throw new LocalizedException("input.unsupportedHere", e.name());
            }
            case Request.Send s -> checkFlags(s.flags());
            case Request.Recv r -> checkFlags(r.flags());
            case Request.RecvFrom r -> checkFlags(r.flags());
            case Request.Bind b -> policy.check(b.address());
            case Request.Connect cn -> policy.check(cn.address());
            case Request.SendTo st -> {
                checkFlags(st.flags());
                policy.check(st.to());
            }
            default -> {
            }
        }
        Integer fd = Request.fdOf(request);
        if (fd != null && !sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
    }

    private void checkFlags(java.util.Set<MsgFlag> flags) {
        for (MsgFlag f : flags) if (f.value(c) < 0) throw new LocalizedException("input.unsupportedHere", f.name());
    }

    /** Makes the call; the journaled call carries the moment it was made as well as (by its event) when it returned. */
    private Payload.Call perform(Request request, long gen) {
        long entered = journal.now();
        return entered(makeCall(request, gen), entered);
    }

    private static Payload.Call entered(Payload.Call c, long enteredNs) {
        return new Payload.Call(c.call(), c.fd(), c.args(), c.result(), c.errno(), c.errnoName(), c.data(),
                c.blockedNs(), enteredNs);
    }

    private Payload.Call makeCall(Request request, long gen) {
        return switch (request) {
            case Request.Socket r -> {
                SysResult res;
                fdTable.writeLock().lock(); // the kernel observer never sees an fd number before the table does
                try {
                    res = libc.socket(r.domain().value(c), r.type().value(c), r.protocol().value(c));
                    if (!res.failed()) {
                        int fd = (int) res.value();
                        sockets.put(fd, new SocketInfo(fd, ProcNet.inodeOf(fd), r.domain(), r.type(), false, null));
                    }
                } finally {
                    fdTable.writeLock().unlock();
                }
                yield call(r, null,
                        args("domain", r.domain().name(), "type", r.type().name(), "protocol", r.protocol().text()),
                        res, null, 0);
            }
            case Request.SocketPair r -> {
                Libc.PairResult res;
                fdTable.writeLock().lock();
                try {
                    res = libc.socketpair(r.domain().value(c), r.type().value(c), 0);
                    for (int fd : res.fds())
                        sockets.put(fd, new SocketInfo(fd, ProcNet.inodeOf(fd), r.domain(), r.type(), false, null));
                } finally {
                    fdTable.writeLock().unlock();
                }
                Map<String, String> args = args("domain", r.domain().name(), "type", r.type().name(), "protocol", "0");
                // strace's way: the array the kernel filled in, an answer like accept's peer.
                if (!res.result().failed()) args.put("sv", "[" + res.fds()[0] + ", " + res.fds()[1] + "]");
                yield call(r, null, args, res.result(), null, 0);
            }
            case Request.Bind r -> {
                SysResult res = libc.bind(r.fd(), r.address());
                if (!res.failed() && r.address() instanceof SockAddr.Unix u && !u.path().startsWith("@"))
                    sockets.computeIfPresent(r.fd(), (fd, info) -> info.withUnixPath(u));
                yield call(r, r.fd(), args("addr", r.address().text()), res, null, 0);
            }
            case Request.Listen r -> call(r, r.fd(), args("backlog", String.valueOf(r.backlog())),
                    libc.listen(r.fd(), r.backlog()), null, 0);
            case Request.Accept r -> {
                long waited = waitUntilReady(r, r.fd(), c.pollIn(), gen);
                Libc.AddressResult res;
                fdTable.writeLock().lock(); // poll said a connection is waiting, so this accept does not block
                try {
                    res = libc.accept(r.fd());
                    if (!res.result().failed()) {
                        int fd = (int) res.result().value();
                        SocketInfo listener = sockets.get(r.fd());
                        sockets.put(fd, new SocketInfo(fd, ProcNet.inodeOf(fd), listener.domain(), listener.type(),
                                false, null));
                    }
                } finally {
                    fdTable.writeLock().unlock();
                }
                Map<String, String> args = args();
                if (!res.result().failed()) args.put("peer", res.address().text());
                yield call(r, r.fd(), args, res.result(), null, waited);
            }
            case Request.Connect r -> {
                // A blocking connect waits inside the kernel (no poll can stand in for it); reset wakes it with shutdown().
                long start = System.nanoTime();
                SysResult res = inKernel(r.fd(), gen, r, () -> libc.connect(r.fd(), r.address()));
                yield call(r, r.fd(), args("addr", r.address().text()), res, null, System.nanoTime() - start);
            }
            case Request.Send r -> {
                long waited = r.flags().contains(MsgFlag.MSG_DONTWAIT)
                        ? 0
                        : waitUntilReady(r, r.fd(), c.pollOut(), gen);
                byte[] data = r.data();
                int flags = MsgFlag.bits(r.flags(), c);
                SysResult res = inKernel(r.fd(), gen, r, () -> libc.send(r.fd(), data, flags));
                yield call(r, r.fd(), args("len", String.valueOf(data.length), "flags", MsgFlag.text(r.flags())), res,
                        sent(data, res), waited);
            }
            case Request.Recv r -> {
                long waited = r.flags().contains(MsgFlag.MSG_DONTWAIT) ? 0 : waitUntilReady(r, r.fd(), c.pollIn(), gen);
                int flags = MsgFlag.bits(r.flags(), c);
                // MSG_WAITALL may go on waiting inside the kernel after the first bytes: a reset wakes it with shutdown().
                Libc.ReceiveResult res = r.flags().contains(MsgFlag.MSG_WAITALL)
                        ? inKernelReceive(r.fd(), gen, r, () -> libc.recv(r.fd(), r.capacity(), flags))
                        : libc.recv(r.fd(), r.capacity(), flags);
                yield call(r, r.fd(), args("len", String.valueOf(r.capacity()), "flags", MsgFlag.text(r.flags())),
                        res.result(), res.data(), waited);
            }
            case Request.SendTo r -> {
                long waited = r.flags().contains(MsgFlag.MSG_DONTWAIT)
                        ? 0
                        : waitUntilReady(r, r.fd(), c.pollOut(), gen);
                byte[] data = r.data();
                int flags = MsgFlag.bits(r.flags(), c);
                SysResult res = inKernel(r.fd(), gen, r, () -> libc.sendto(r.fd(), data, flags, r.to()));
                yield call(r, r.fd(),
                        args("len", String.valueOf(data.length), "flags", MsgFlag.text(r.flags()), "addr",
                                r.to() == null ? "NULL" : r.to().text()),
                        res, sent(data, res), waited);
            }
            case Request.RecvFrom r -> {
                long waited = r.flags().contains(MsgFlag.MSG_DONTWAIT) ? 0 : waitUntilReady(r, r.fd(), c.pollIn(), gen);
                int flags = MsgFlag.bits(r.flags(), c);
                Libc.ReceiveResult res = r.flags().contains(MsgFlag.MSG_WAITALL)
                        ? inKernelReceive(r.fd(), gen, r, () -> libc.recvfrom(r.fd(), r.capacity(), flags))
                        : libc.recvfrom(r.fd(), r.capacity(), flags);
                Map<String, String> args = args("len", String.valueOf(r.capacity()), "flags", MsgFlag.text(r.flags()));
                if (res.from() != null) args.put("from", res.from().text());
                yield call(r, r.fd(), args, res.result(), res.data(), waited);
            }
            case Request.Write r -> {
                long waited = waitUntilReady(r, r.fd(), c.pollOut(), gen);
                byte[] data = r.data();
                SysResult res = inKernel(r.fd(), gen, r, () -> libc.write(r.fd(), data));
                yield call(r, r.fd(), args("len", String.valueOf(data.length)), res, sent(data, res), waited);
            }
            case Request.Read r -> {
                long waited = waitUntilReady(r, r.fd(), c.pollIn(), gen);
                Libc.ReceiveResult res = libc.read(r.fd(), r.capacity());
                yield call(r, r.fd(), args("len", String.valueOf(r.capacity())), res.result(), res.data(), waited);
            }
            case Request.Poll r -> {
                // poll's own wait is the call itself, made once with the asked timeout; a reset wakes it with shutdown()
                // of its first socket, as it wakes a blocked connect.
                int[] fds = r.fds().stream().mapToInt(Integer::intValue).toArray();
                short events = PollEvent.bits(r.events(), c);
                long start = System.nanoTime();
                Libc.PollManyResult res = inKernelPoll(fds[0], gen, r, () -> libc.poll(fds, events, r.timeoutMs()));
                StringBuilder asked = new StringBuilder("["), ready = new StringBuilder("[");
                for (int i = 0; i < fds.length; i++) {
                    asked.append(i == 0 ? "" : ", ").append("{fd=").append(fds[i]).append(", events=")
                            .append(PollEvent.text(r.events())).append('}');
                    if (res.revents()[i] != 0)
                        ready.append(ready.length() == 1 ? "" : ", ").append("{fd=").append(fds[i]).append(", revents=")
                                .append(PollEvent.text(PollEvent.of(res.revents()[i], c))).append('}');
                }
                Map<String, String> args = args("fds", asked.append(']').toString(), "nfds", String.valueOf(fds.length),
                        "timeout", String.valueOf(r.timeoutMs()));
                if (!res.result().failed()) args.put("revents", ready.append(']').toString());
                yield call(r, null, args, res.result(), null, System.nanoTime() - start);
            }
            case Request.Shutdown r ->
                call(r, r.fd(), args("how", r.how().name()), libc.shutdown(r.fd(), r.how().value(c)), null, 0);
            case Request.Close r -> {
                SysResult res;
                fdTable.writeLock().lock(); // once closed, the number may be reused at once: the table must agree
                try {
                    res = libc.close(r.fd());
                    // Even a failed close releases the descriptor on Linux (close(2)), so it is never retried.
                    sockets.remove(r.fd());
                } finally {
                    fdTable.writeLock().unlock();
                }
                yield call(r, r.fd(), args(), res, null, 0);
            }
            case Request.SetSockOpt r -> {
                SysResult res;
                String value;
                if (r.option() == SocketOption.SO_LINGER) {
                    res = libc.setLinger(r.fd(), r.value() >= 0, Math.max(0, r.value()));
                    value = r.value() >= 0 ? "{l_onoff=1, l_linger=" + r.value() + "}" : "{l_onoff=0, l_linger=0}";
                } else {
                    res = libc.setsockoptInt(r.fd(), r.option().level().value(c), optionNumber(r.option()), r.value());
                    value = String.valueOf(r.value());
                }
                yield call(r, r.fd(),
                        args("level", r.option().level().name(), "option", r.option().name(), "value", value), res,
                        null, 0);
            }
            case Request.GetSockOpt r -> {
                Libc.ReceiveResult res = libc.getsockopt(r.fd(), r.option().level().value(c), optionNumber(r.option()),
                        8);
                Map<String, String> args = args("level", r.option().level().name(), "option", r.option().name());
                if (!res.result().failed()) args.put("value", optionValue(r.option(), res.data()));
                yield call(r, r.fd(), args, res.result(), null, 0);
            }
            case Request.SetNonBlocking r -> {
                SysResult res = libc.fcntl(r.fd(), c.fSetFl(), r.nonBlocking() ? c.oNonBlock() : 0);
                if (!res.failed())
                    sockets.computeIfPresent(r.fd(), (fd, info) -> info.withNonBlocking(r.nonBlocking()));
                yield call(r, r.fd(), args("cmd", "F_SETFL", "arg", r.nonBlocking() ? "O_NONBLOCK" : "0"), res, null,
                        0);
            }
            case Request.GetSockName r -> nameCall(r, r.fd(), libc.getsockname(r.fd()));
            case Request.GetPeerName r -> nameCall(r, r.fd(), libc.getpeername(r.fd()));
        };
    }

    private Payload.Call nameCall(Request r, int fd, Libc.AddressResult res) {
        Map<String, String> args = args();
        if (!res.result().failed()) args.put("addr", res.address().text());
        return call(r, fd, args, res.result(), null, 0);
    }

    /** The option's number here; an option this OS lacks is refused before any call (validate: nothing is journaled). */
    private int optionNumber(SocketOption option) {
        int number = option.value(libc.constants());
        if (number < 0) throw new LocalizedException("input.option.unsupported", option.name());
        return number;
    }

    private static String optionValue(SocketOption option, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        if (option == SocketOption.SO_LINGER && bytes.length >= 8)
            return "{l_onoff=" + b.getInt(0) + ", l_linger=" + b.getInt(4) + "}";
        return bytes.length >= 4 ? String.valueOf(b.getInt(0)) : "?";
    }

    private static byte[] sent(byte[] data, SysResult res) {
        return res.failed() ? new byte[0] : java.util.Arrays.copyOf(data, (int) res.value());
    }

    private Payload.Call call(Request r, Integer fd, Map<String, String> args, SysResult res, byte[] data,
            long blockedNs) {
        Integer errno = res.failed() ? res.errno() : null;
        String errnoName = res.failed() ? libc.errnos().name(res.errno()) : null;
        return new Payload.Call(r.call(), fd, args, res.value(), errno, errnoName, data, blockedNs);
    }

    private static Map<String, String> args(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return m;
    }

    /**
     * Waits with poll until the call would not block, in short slices so a reset is seen within one slice.
     * Returns the nanoseconds waited. A non-blocking socket does not wait: its call answers EAGAIN itself.
     */
    private long waitUntilReady(Request r, int fd, short events, long gen) {
        SocketInfo info = sockets.get(fd);
        if (info == null || info.nonBlocking()) return 0;
        long start = System.nanoTime();
        boolean announced = false;
        while (true) {
            if (generation.get() != gen) {
                journal.append(name, new Payload.Cancelled(r.call(), fd, System.nanoTime() - start));
                throw new CallCancelledException(r.call());
            }
            Libc.PollResult p = libc.poll(fd, events, announced ? POLL_SLICE_MS : 0);
            if (p.result().value() > 0) return announced ? System.nanoTime() - start : 0;
            if (p.result().failed() && p.result().errno() != libc.errnos().number("EINTR").orElse(-1))
                return System.nanoTime() - start; // let the real call report the problem
            if (!announced) {
                journal.append(name, new Payload.Blocked(r.call(), fd));
                observer.blocked(this);
                announced = true;
            }
        }
    }

    private Libc.ReceiveResult inKernelReceive(int fd, long gen, Request r, Supplier<Libc.ReceiveResult> theCall) {
        Libc.ReceiveResult[] out = new Libc.ReceiveResult[1];
        inKernel(fd, gen, r, () -> (out[0] = theCall.get()).result());
        return out[0];
    }

    private Libc.PollManyResult inKernelPoll(int fd, long gen, Request r, Supplier<Libc.PollManyResult> theCall) {
        Libc.PollManyResult[] out = new Libc.PollManyResult[1];
        inKernel(fd, gen, r, () -> (out[0] = theCall.get()).result());
        return out[0];
    }

    /** Runs a call that may block inside the kernel, letting {@link #reset()} find its fd to wake it. */
    private SysResult inKernel(int fd, long gen, Request r, Supplier<SysResult> theCall) {
        libc.link(r.call()); // before the clock starts: a first call's linking is not time in the kernel
        InKernelCall running = new InKernelCall(fd, r.call(), gen);
        inKernel.set(running); // published before the generation check; reset bumps the generation before reading it
        observer.needsWatch(this); // the watchdog journals it blocked if it stays there
        try {
            if (generation.get() != gen) {
                journal.append(name, new Payload.Cancelled(r.call(), fd, 0));
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
     * Called by the lab's watchdog after a reset: wakes a call blocked inside the kernel with a real, journaled
     * {@code shutdown(fd, SHUT_RDWR)}. A call that enters the kernel after this sees the new generation itself.
     */
    void wakeIfReset() {
        if (!wakeRequested) return;
        wakeRequested = false;
        InKernelCall running = inKernel.get();
        // A call made after the reset (a lesson's first steps, before the watchdog came round) is not the reset's to wake.
        if (running == null || running.gen == generation.get()) return;
        // Held while the shutdown is made and journaled, so the woken call's result is journaled after it.
        synchronized (wakeLock) {
            long entered = journal.now();
            SysResult res = libc.shutdown(running.fd, c.shutRdWr());
            journal.append(name,
                    entered(call(new Request.Shutdown(running.fd, org.socketlab.syscall.ShutdownHow.SHUT_RDWR),
                            running.fd,
                            args("how", "SHUT_RDWR", "reason", "reset"), res, null, 0), entered));
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
        if (running == null || nowNs - running.startNs < TimeUnit.MILLISECONDS.toNanos(POLL_SLICE_MS)) return;
        synchronized (running) {
            if (!running.finished) {
                journal.append(name, new Payload.Blocked(running.call, running.fd));
                observer.blocked(this);
                running.finished = true; // announce once; the worker only reads this under the same lock
            }
        }
    }

    /**
     * Gives up any waiting call, then closes every socket this endpoint opened (each close a real, journaled
     * call) and removes the files of Unix-domain sockets it bound. Never blocks the caller and makes no call on its
     * thread (it may be the FX thread): a call waiting in poll notices within {@value #POLL_SLICE_MS} ms, and a
     * connect or send blocked in the kernel is woken by the lab's watchdog with {@code shutdown(fd, SHUT_RDWR)}.
     */
    public CompletableFuture<Void> reset() {
        generation.incrementAndGet();
        wakeRequested = true;
        observer.needsWatch(this);
        return CompletableFuture.runAsync(this::closeAll, worker);
    }

    private void closeAll() {
        for (SocketInfo info : sockets()) {
            Request close = new Request.Close(info.fd());
            CallObserver.Before before = observer.beforeCall(this, close);
            Payload.Call call = perform(close, generation.get());
            journal.append(name, call);
            observer.afterCall(this, close, call, before);
            if (info.boundUnixPath() instanceof SockAddr.Unix u) {
                long entered = journal.now();
                SysResult res = libc.unlink(u.path());
                journal.append(name, new Payload.Call("unlink", null, args("path", u.path()), res.value(),
                        res.failed() ? res.errno() : null, res.failed() ? libc.errnos().name(res.errno()) : null, null,
                        0, entered));
            }
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
        worker.shutdownNow();
        boolean ended = false;
        try {
            ended = worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
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
