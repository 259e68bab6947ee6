package org.socketlab.lab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.socketlab.kernel.InferenceRules;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpStateTable;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysResult;

/**
 * Journals what the kernel did because of the calls: each socket's state, its queues, and the segments the
 * calls must have caused ({@code inferred}). An open TCP socket is read through its fd: TCP_INFO for the state
 * (and a listener's accept queue), SIOCINQ and SIOCOUTQ for the bytes in its queues. A connection whose fd is
 * closed lives on in the kernel (FIN_WAIT_2, TIME_WAIT); it is followed by its address pair through sock_diag
 * until the kernel forgets it. An AF_UNIX socket is read through unix_diag by its inode (state and queues; nothing of
 * it is on a wire, so no segment is ever inferred for it). Sockets are read right after every call and every
 * {@value #INTERVAL_MS} ms while any is watched; an event is journaled only when something changed. State and queue
 * events carry the socket's inode, which names it for good where the fd number is reused.
 *
 * <p>Every observation is read and recorded under one lock, so the journal never shows an older reading after
 * a newer one; fds are read under the lab's fd-table lock, so a number is never read after it was reused.
 */
final class KernelObserver implements CallObserver, AutoCloseable {
    static final int INTERVAL_MS = 50;
    /** How many 1 ms waits a periodic sample gives a call in flight before reading anyway. */
    private static final int MAX_DEFERRALS = 20;
    /** Calls started and not yet journaled with their effects (a call that blocks no longer counts). */
    private final java.util.concurrent.atomic.AtomicInteger callsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    static final String UDP_UNBOUND = "UNBOUND", UDP_BOUND = "BOUND", UDP_CONNECTED = "CONNECTED";
    private static final int TCP_INFO_BYTES = 32, TCPI_UNACKED = 24, TCPI_SACKED = 28;
    private static final long SIOCINQ = 0x541B, SIOCOUTQ = 0x5411;
    /** Bytes queued and not yet sent (SIOCOUTQ counts sent ones waiting for their ACK as well). */
    private static final long SIOCOUTQNSD = 0x894B;

    private final Journal journal;
    private final Libc libc;
    private final SockDiag diag;
    private final java.util.concurrent.locks.ReadWriteLock fdTable;
    private final Supplier<List<Endpoint>> endpoints;
    private final boolean linux = Os.current() == Os.LINUX;
    private final Object lock = new Object();
    /** Sockets by inode while open, then by their last inode while the connection is followed after close. */
    private final Map<Long, Tracked> tracked = new HashMap<>();
    /** Closed connections waiting out TIME_WAIT, soonest expiry first. */
    private final java.util.PriorityQueue<Tracked> timeWaits = new java.util.PriorityQueue<>(
            java.util.Comparator.comparingLong(t -> t.nextLookNs));
    /** Sockets the kernel just forgot, kept a moment for the capture: their last packets arrive a few ms later. */
    private final java.util.ArrayDeque<Gone> gone = new java.util.ArrayDeque<>();
    static final long GONE_GRACE_NS = TimeUnit.SECONDS.toNanos(3);
    private final Thread thread;
    private volatile boolean closed;
    private volatile java.util.function.BooleanSupplier capturing = () -> false;
    /** Sockets of programs outside the lab whose packets are journaled as theirs (a traced program's). */
    private final java.util.List<Supplier<List<OutsideSocket>>> outside = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What is known of one socket. */
    private static final class Tracked {
        /** The endpoint that owns the fd; changes when a socket is handed over (read and written under the lock). */
        String endpoint;
        final int fd;
        final long inode;
        final boolean tcp;
        /** AF_UNIX: read through unix_diag by inode; nothing of it is ever on a wire. */
        final boolean unix;
        String state;
        long recvQ = 0, sendQ = 0;
        SockAddr local, remote;
        /** Where the last connect went: names a socket's packets while the kernel has not told its port. */
        SockAddr connectingTo;
        boolean open = true, lingerZero;
        /** The last send's segments were not counted (Nagle may join them) and a mark says so. */
        boolean uncountedMarked;
        /** When a connection in TIME_WAIT is due to be looked up again. */
        long nextLookNs;

        /** The other end: where it is connected, else (TCP) where its connect went; null for an unconnected socket. */
        SockAddr peer() {
            return remote != null ? remote : tcp ? connectingTo : null;
        }

        Tracked(String endpoint, Endpoint.SocketInfo info) {
            this.endpoint = endpoint;
            this.fd = info.fd();
            this.inode = info.inode();
            this.unix = info.domain() == Domain.AF_UNIX;
            this.tcp = !unix && info.type() == SockType.SOCK_STREAM;
            this.state = tcp || unix ? TcpState.CLOSED.rfcName() : UDP_UNBOUND;
        }
    }

    /** A socket the kernel forgot: its last packets may still be delivered by the capture. {@code peer} may be null. */
    private record Gone(String endpoint, boolean tcp, SockAddr local, SockAddr peer, long atNs) {
    }

    /**
     * The state of a socket just before a call, handed to the inference rules. {@code waiting}: for a listener, the
     * sockets at the far end of connections that may wait in its accept queue ({@code acceptQueue} of them do);
     * {@code mayCoalesce}: Nagle may hold back what this send adds (sent bytes unacknowledged, no TCP_NODELAY).
     */
    private record BeforeCall(TcpState tcpState, long unread, SockAddr remote, Tracked self,
            long unsent, List<Tracked> waiting, long acceptQueue, boolean mayCoalesce) implements Before {
        BeforeCall(TcpState tcpState, long unread, SockAddr remote, Tracked self, long unsent) {
            this(tcpState, unread, remote, self, unsent, List.of(), 0, false);
        }
    }

    KernelObserver(Journal journal, Libc libc, java.util.concurrent.locks.ReadWriteLock fdTable,
            Supplier<List<Endpoint>> endpoints) {
        this.journal = journal;
        this.libc = libc;
        this.fdTable = fdTable;
        this.diag = linux ? new SockDiag(libc) : null;
        this.endpoints = endpoints;
        this.thread = Thread.ofPlatform().daemon().name("socketlab-kernel").start(this::run);
    }

    private void run() {
        while (!closed) {
            // A call being made right now journals its own effects first; read the rest just after it.
            for (int tries = 0; tries < MAX_DEFERRALS && callsInFlight.get() > 0 && !closed; tries++)
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            boolean anything = sampleNow();
            // close() sets closed, then unparks; the 1 ms parks above may have used that permit, so look again
            // before parking without a timeout (found by RandomPressesTest: a sampler thread outlived its lab).
            if (closed) break;
            // Nothing to watch: sleep until a call wakes us.
            if (anything) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
            else LockSupport.park();
        }
    }

    /** Also attributes packets to these sockets of a program outside the lab, until the handle is closed. */
    Subscription watchOutside(Supplier<List<OutsideSocket>> sockets) {
        outside.add(sockets);
        return () -> outside.remove(sockets);
    }

    /** Whether a program outside the lab is being watched: a packet that is nobody's may become its a moment later. */
    boolean watchingOutside() {
        return !outside.isEmpty();
    }

    private List<OutsideSocket> outsideSockets() {
        if (outside.isEmpty()) return List.of();
        List<OutsideSocket> all = new java.util.ArrayList<>();
        for (Supplier<List<OutsideSocket>> s : outside) all.addAll(s.get());
        return all;
    }

    /** A socket now belongs to another endpoint (a server's accepting thread passed it on): later events name that one. */
    void handedOver(long inode, String endpoint) {
        synchronized (lock) {
            Tracked t = tracked.get(inode);
            if (t != null) t.endpoint = endpoint;
        }
    }

    /** Reads every watched socket once and journals what changed; returns whether anything is still watched. */
    boolean sampleNow() {
        if (!linux) return false;
        synchronized (lock) {
            Set<Long> open = new HashSet<>();
            fdTable.readLock().lock();
            try {
                for (Endpoint endpoint : endpoints.get()) {
                    for (Endpoint.SocketInfo info : endpoint.sockets()) {
                        if (info.inode() <= 0 || info.type() == SockType.SOCK_RAW) continue; // a raw socket has no state or port
                        open.add(info.inode());
                        Tracked t = tracked.computeIfAbsent(info.inode(), i -> new Tracked(endpoint.name(), info));
                        if (t.tcp) readOpenTcp(t, "tcp_info");
                        else if (t.unix) readUnix(t);
                    }
                }
            } finally {
                fdTable.readLock().unlock();
            }
            pruneGone(System.nanoTime()); // also when no capture ever asks whose a packet was
            for (Iterator<Tracked> it = tracked.values().iterator(); it.hasNext();) {
                Tracked t = it.next();
                if (open.contains(t.inode)) continue;
                t.open = false;
                if (!followClosed(t)) {
                    it.remove();
                    if (t.local != null && !t.unix)
                        gone.addLast(new Gone(t.endpoint, t.tcp, t.local, t.peer(), System.nanoTime()));
                }
            }
            expireTimeWaits();
            return !tracked.isEmpty() || !timeWaits.isEmpty();
        }
    }

    /** Forgets sockets gone longer than the grace for their late packets. Under the lock. */
    private void pruneGone(long now) {
        while (!gone.isEmpty() && now - gone.peekFirst().atNs() > GONE_GRACE_NS) gone.removeFirst();
    }

    /** Connections in TIME_WAIT whose timer is due: CLOSED once the kernel has let them go. */
    private void expireTimeWaits() {
        long now = System.nanoTime();
        while (!timeWaits.isEmpty() && timeWaits.peek().nextLookNs <= now) {
            Tracked t = timeWaits.poll();
            var still = diag != null ? diag.lookupTcp(t.local, t.remote) : java.util.Optional.<SockDiag.Answer>empty();
            if (still.isPresent()
                    && TcpStateTable.map(Os.LINUX, still.get().state()).orElse(null) == TcpState.TIME_WAIT) {
                t.nextLookNs = now + TimeUnit.MILLISECONDS.toNanos(Math.max(INTERVAL_MS, still.get().expiresMs()));
                timeWaits.add(t);
                return;
            }
            setState(t, TcpState.CLOSED.rfcName(), "sock_diag", null);
        }
    }

    /** State and queues of an open TCP socket, read through its fd. */
    private void readOpenTcp(Tracked t, String source) {
        Libc.ReceiveResult info = libc.getsockopt(t.fd, libc.constants().ipprotoTcp(), libc.constants().tcpInfo(),
                TCP_INFO_BYTES);
        if (info.result().failed() || info.data().length < TCP_INFO_BYTES) return;
        ByteBuffer b = ByteBuffer.wrap(info.data()).order(ByteOrder.nativeOrder());
        TcpState state = TcpStateTable.map(Os.LINUX, Byte.toUnsignedInt(b.get(0))).orElse(TcpState.CLOSED);
        if (state == TcpState.CLOSED && t.remote != null && t.local != null && diag != null) {
            // TCP_INFO reads CLOSED once the connection moved to a TIME_WAIT socket of its own; look that one up.
            var timeWait = diag.lookupTcp(t.local, t.remote)
                    .filter(a -> TcpStateTable.map(Os.LINUX, a.state()).orElse(null) == TcpState.TIME_WAIT);
            if (timeWait.isPresent()) {
                setState(t, TcpState.TIME_WAIT.rfcName(), "sock_diag", timeWait.get().expiresMs());
                // The fd still holds what arrived before the FIN and was not read (recv returns it), and its own queues
                // say so; the last reading before the FIN (a full window, a queued FIN) is no longer true.
                readQueues(t);
                return;
            }
        }
        setState(t, state.rfcName(), source, null);
        if (state == TcpState.LISTEN) {
            // For a listener the kernel reports the accept queue: connections waiting for accept(), and its limit.
            setQueues(t, Integer.toUnsignedLong(b.getInt(TCPI_UNACKED)), Integer.toUnsignedLong(b.getInt(TCPI_SACKED)));
        } else {
            readQueues(t);
        }
    }

    /** Bytes received and not read, and sent and not acknowledged, of an open connected TCP socket. */
    private void readQueues(Tracked t) {
        SysResult in = libc.ioctlInt(t.fd, SIOCINQ), out = libc.ioctlInt(t.fd, SIOCOUTQ);
        if (!in.failed() && !out.failed()) setQueues(t, in.value(), out.value());
    }

    /**
     * State and queues of a Unix-domain socket, from unix_diag by its inode: the kernel keeps LISTEN, ESTABLISHED and
     * CLOSE for them (the TCP numbers), and no other state, timer or segment.
     */
    private void readUnix(Tracked t) {
        var answer = diag != null ? diag.lookupUnix(t.inode) : java.util.Optional.<SockDiag.Answer>empty();
        if (answer.isEmpty()) return;
        setState(t, TcpStateTable.map(Os.LINUX, answer.get().state()).orElse(TcpState.CLOSED).rfcName(), "unix_diag",
                null);
        setQueues(t, answer.get().recvQ(), answer.get().sendQ());
    }

    /** Follows a connection whose fd is closed; returns false once the kernel no longer has it. */
    private boolean followClosed(Tracked t) {
        var answer = t.tcp && t.remote != null && t.local != null && diag != null
                ? diag.lookupTcp(t.local, t.remote)
                : java.util.Optional.<SockDiag.Answer>empty();
        if (answer.isEmpty()) {
            setState(t, TcpState.CLOSED.rfcName(), t.unix ? "unix_diag" : "sock_diag", null);
            return false;
        }
        SockDiag.Answer a = answer.get();
        TcpState state = TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED);
        setState(t, state.rfcName(), "sock_diag", state == TcpState.TIME_WAIT ? a.expiresMs() : null);
        if (state == TcpState.TIME_WAIT) {
            // Nothing happens in TIME_WAIT but its timer: park it where only its expiry is looked at.
            t.nextLookNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.expiresMs());
            timeWaits.add(t);
            return false;
        }
        setQueues(t, a.recvQ(), a.sendQ());
        return state != TcpState.CLOSED;
    }

    private void setQueues(Tracked t, long recvQ, long sendQ) {
        if (recvQ == t.recvQ && sendQ == t.sendQ) return;
        t.recvQ = recvQ;
        t.sendQ = sendQ;
        journal.append(t.endpoint, new Payload.Queue(t.fd, recvQ, sendQ, t.inode));
    }

    /** Local and peer address of an open socket, read on the worker that owns it; UDP's state follows from them. */
    private void readNames(Tracked t) {
        Libc.AddressResult local = libc.getsockname(t.fd);
        if (!local.result().failed()) t.local = local.address();
        Libc.AddressResult peer = libc.getpeername(t.fd);
        if (!peer.result().failed()) t.remote = peer.address();
        if (!t.tcp && !t.unix) {
            String state = !peer.result().failed()
                    ? UDP_CONNECTED
                    : t.local != null && port(t.local) != 0 ? UDP_BOUND : UDP_UNBOUND;
            setState(t, state, "getsockname", null);
        }
    }

    private void setState(Tracked t, String to, String source, Long timeWaitMs) {
        if (to.equals(t.state)) return;
        journal.append(t.endpoint, new Payload.State(t.fd, t.state, to, source, timeWaitMs, t.inode));
        t.state = to;
    }

    @Override
    public Before beforeCall(Endpoint endpoint, Request request) {
        if (!linux) return null;
        Integer fd = Request.fdOf(request);
        if (fd == null) return null;
        Endpoint.SocketInfo info = endpoint.sockets().stream().filter(s -> s.fd() == fd).findFirst().orElse(null);
        // Nothing of an AF_UNIX socket goes on any wire: no segment is ever inferred for it.
        if (info == null || info.domain() == Domain.AF_UNIX || info.type() == SockType.SOCK_RAW) return null;
        if (info.type() != SockType.SOCK_STREAM && !(request instanceof Request.Send
                || request instanceof Request.SendTo || request instanceof Request.Write))
            return null;
        synchronized (lock) {
            Tracked t = tracked.get(info.inode());
            // A close needs the unread byte count as it is now, not as of the last sample (this worker owns the fd).
            if (t != null && t.tcp && t.open
                    && (request instanceof Request.Close || request instanceof Request.Shutdown))
                readOpenTcp(t, "tcp_info");
            if (t != null && request instanceof Request.Connect c) t.connectingTo = c.address();
            if (t == null || !t.tcp) return new BeforeCall(null, 0, t == null ? null : t.remote, t, 0);
            // Bytes not sent yet (the peer's window is full): a FIN queued by this close or shutdown waits behind them.
            long unsent = 0;
            if (t.open && (request instanceof Request.Close || request instanceof Request.Shutdown)) {
                SysResult notSent = libc.ioctlInt(t.fd, SIOCOUTQNSD);
                if (!notSent.failed()) unsent = notSent.value();
            }
            TcpState state = TcpState.valueOf(t.state);
            if (request instanceof Request.Close && state == TcpState.LISTEN && t.recvQ > 0)
                return new BeforeCall(state, t.recvQ, t.remote, t, unsent, waitingAt(t), t.recvQ, false);
            boolean sends = request instanceof Request.Send || request instanceof Request.SendTo
                    || request instanceof Request.Write;
            return new BeforeCall(state, t.recvQ, t.remote, t, unsent, List.of(), 0,
                    sends && t.open && nagleMayHold(t));
        }
    }

    @Override
    public void afterCall(Endpoint endpoint, Request request, Payload.Call call, Before before) {
        if (!linux) return;
        synchronized (lock) {
            Integer fd = Request.fdOf(request);
            if (fd == null || request instanceof Request.Accept) fd = call.failed() ? null : (int) call.result(); // the new socket
            Tracked t = fd == null ? null : trackOpen(endpoint, fd);
            Tracked acted = request instanceof Request.Accept a ? trackOpen(endpoint, a.fd()) : t;
            if (acted != null && request instanceof Request.SetSockOpt so
                    && so.option() == org.socketlab.syscall.SocketOption.SO_LINGER && !call.failed())
                acted.lingerZero = so.value() == 0;
            // Read here, on the worker that owns the fd, before any later call of this endpoint can close it.
            if (t != null) {
                readNames(t);
                if (t.tcp) readOpenTcp(t, "tcp_info");
                else if (t.unix) readUnix(t);
            }
            if (before instanceof BeforeCall b) inferSegments(endpoint, request, call, b);
        }
    }

    /** Reads every socket soon: after a call the peer's state changed too. */
    void wake() {
        LockSupport.unpark(thread);
    }

    void callStarted() {
        callsInFlight.incrementAndGet();
    }

    /** The call was journaled with its effects, or it blocked and may wait for long. */
    void callSettled() {
        callsInFlight.decrementAndGet();
    }

    private Tracked trackOpen(Endpoint endpoint, int fd) {
        Endpoint.SocketInfo info = endpoint.sockets().stream().filter(s -> s.fd() == fd).findFirst().orElse(null);
        if (info == null || info.inode() <= 0 || info.type() == SockType.SOCK_RAW) return null;
        return tracked.computeIfAbsent(info.inode(), i -> new Tracked(endpoint.name(), info));
    }

    private void inferSegments(Endpoint endpoint, Request request, Payload.Call call, BeforeCall before) {
        SockAddr destination = switch (request) {
            case Request.Connect c -> c.address();
            case Request.SendTo s when s.to() != null -> s.to();
            default -> before.remote();
        };
        Integer fd = Request.fdOf(request);
        Tracked self = before.self();
        boolean tcp = before.tcpState() != null;
        Tracked peer = destination == null ? null : peerAt(destination, tcp, self);
        String how = request instanceof Request.Shutdown s ? s.how().name() : null;
        List<String> queued = List.of();
        boolean unknownWhich = false;
        if (before.acceptQueue() > 0 && !call.failed()) {
            // Each connection nobody accepted is aborted with an RST. Which lab sockets were at their far end is plain
            // when as many wait as the queue held; else (another listener shares the port) those the kernel just reset.
            List<Tracked> waiting = before.waiting().size() == before.acceptQueue()
                    ? before.waiting()
                    : resetNow(before.waiting());
            unknownWhich = waiting.size() != before.acceptQueue();
            queued = waiting.stream().map(t -> t.endpoint).toList();
        }
        var facts = new InferenceRules.CallFacts(call.call(), tcp, call.result(), call.errnoName(),
                before.tcpState(), how, before.unread(), self != null && self.lingerZero,
                peer != null, endpoint.name(), peer == null ? "external" : peer.endpoint, before.unsent(), queued,
                before.mayCoalesce());
        for (InferenceRules.Inferred s : InferenceRules.segments(facts))
            journal.append(s.from(),
                    new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), null, null, s.len(), "inferred"));
        boolean uncounted = InferenceRules.uncounted(facts);
        if (self != null) {
            // One mark for a run of sends Nagle may join, not one per send.
            if (uncounted && !self.uncountedMarked && !capturing.getAsBoolean())
                journal.append(UncountedSegments.ENDPOINT, UncountedSegments.note(UncountedSegments.NAGLE));
            self.uncountedMarked = uncounted;
        }
        if (unknownWhich && !capturing.getAsBoolean())
            journal.append(UncountedSegments.ENDPOINT, UncountedSegments.note(UncountedSegments.QUEUE_RESET));
    }

    /** Whether the wire is captured now: the marks of segments not counted are only for a journal without it. */
    void capturingWhen(java.util.function.BooleanSupplier capturing) {
        this.capturing = capturing;
    }

    /**
     * Whether Nagle's algorithm may hold back bytes sent now on this open TCP socket: TCP_NODELAY is off and bytes sent
     * before are still unacknowledged (read now, on the worker that owns the fd). Under the lock.
     */
    private boolean nagleMayHold(Tracked t) {
        SysResult queued = libc.ioctlInt(t.fd, SIOCOUTQ);
        if (queued.failed() || queued.value() == 0) return false;
        Libc.ReceiveResult noDelay = libc.getsockopt(t.fd, libc.constants().ipprotoTcp(),
                libc.constants().options().tcpNoDelay(), 4);
        if (noDelay.result().failed() || noDelay.data().length < 4) return false;
        return ByteBuffer.wrap(noDelay.data()).order(ByteOrder.nativeOrder()).getInt(0) == 0;
    }

    /**
     * The lab's sockets whose connection to {@code listener}'s address was made and never accepted: connected (or
     * closing, their FIN unanswered) to that address, with no socket of the lab at the server end of that 4-tuple. Under
     * the lock.
     */
    private List<Tracked> waitingAt(Tracked listener) {
        List<Tracked> waiting = new java.util.ArrayList<>();
        if (listener.local == null) return waiting;
        for (Tracked t : tracked.values()) {
            if (t == listener || !t.tcp || t.local == null || t.remote == null || !at(listener.local, t.remote))
                continue;
            if (!List.of("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2").contains(t.state)) continue;
            boolean accepted = false;
            for (Tracked other : tracked.values())
                if (other.tcp && other.local != null && other.remote != null
                        && key(other.local).equals(key(t.remote)) && key(other.remote).equals(key(t.local)))
                    accepted = true;
            if (!accepted) waiting.add(t);
        }
        return waiting;
    }

    /**
     * The sockets of {@code waiting} the kernel has just reset (closed): read now, after a listener's close aborted the
     * connections of its queue. Used only when more sockets may wait than the queue held (two listeners share the port
     * with SO_REUSEPORT: which of them held which connection is the kernel's hash). Under the lock.
     */
    private List<Tracked> resetNow(List<Tracked> waiting) {
        List<Tracked> reset = new java.util.ArrayList<>();
        fdTable.readLock().lock();
        try {
            for (Tracked t : waiting) {
                TcpState now;
                if (t.open) {
                    Libc.ReceiveResult info = libc.getsockopt(t.fd, libc.constants().ipprotoTcp(),
                            libc.constants().tcpInfo(), TCP_INFO_BYTES);
                    if (info.result().failed() || info.data().length < 1) continue;
                    now = TcpStateTable.map(Os.LINUX, Byte.toUnsignedInt(info.data()[0])).orElse(TcpState.CLOSED);
                } else {
                    var answer = diag == null ? null : diag.lookupTcp(t.local, t.remote);
                    if (answer == null) continue;
                    now = answer.isEmpty()
                            ? TcpState.CLOSED
                            : TcpStateTable.map(Os.LINUX, answer.get().state()).orElse(TcpState.CLOSED);
                }
                if (now == TcpState.CLOSED) reset.add(t);
            }
        } finally {
            fdTable.readLock().unlock();
        }
        return reset;
    }

    /** The socket that owns a destination address: the connected peer, else a listener or bound UDP socket on it. */
    private Tracked peerAt(SockAddr destination, boolean tcp, Tracked self) {
        Tracked best = null;
        // A peer that already waits in TIME_WAIT still is the other end (its FIN came before this call's).
        for (Tracked t : (Iterable<Tracked>) java.util.stream.Stream.concat(tracked.values().stream(),
                timeWaits.stream())::iterator) {
            if (t == self || t.tcp != tcp || t.local == null || port(t.local) != port(destination)) continue;
            if (!sameHost(t.local, destination)) continue;
            if (self != null && self.local != null && t.remote != null
                    && tuple(t.remote, t.local).equals(tuple(self.local, destination)))
                return t; // the other end of this very connection
            if (best == null || TcpState.LISTEN.rfcName().equals(t.state) || UDP_BOUND.equals(t.state)) best = t;
        }
        return best;
    }

    /**
     * What a packet seen on the wire is to the lab, decided by its exact addresses. A packet is the lab's when one of its
     * ends is a socket of the lab (open, or closed while the kernel keeps its connection, or forgotten in the last
     * {@link #GONE_GRACE_NS} ns): for TCP the full 4-tuple of that socket (its local address and its peer, or where its
     * connect went); for UDP the kernel's own delivery rule (the local address, and the peer if it is connected). The
     * other end is then the lab socket at that address, the lab's listener there (a connection it has not accepted
     * yet), or {@code external}. A TCP packet that only reaches a lab listener belongs to a connection waiting in its
     * accept queue: {@link WireOwner.Queued} until the lab accepts it. A socket whose port the kernel picked may not be
     * named yet when its first packet is seen: then the names of such sockets are read now. Safe from any thread.
     */
    WireOwner ownerOf(boolean tcp, SockAddr src, SockAddr dst) {
        if (!linux) return WireOwner.FOREIGN;
        synchronized (lock) {
            WireOwner owner = exactOwner(tcp, src, dst);
            // An end not known yet may be a lab socket whose port the kernel has just picked: name those, look again.
            boolean unknownEnd = owner == null
                    || owner instanceof WireOwner.Ours o && (o.from().equals("external") || o.to().equals("external"));
            if (unknownEnd && nameUnnamed()) owner = exactOwner(tcp, src, dst);
            if (owner != null) return owner;
            if (tcp && (listenerAt(dst) != null || listenerAt(src) != null))
                return new WireOwner.Queued(connectionKey(src, dst));
            return WireOwner.FOREIGN;
        }
    }

    /** An ICMP error about a packet the lab sent ({@code quotedSrc} one of its sockets) is the lab's; any other is not. */
    WireOwner ownerOfIcmp(boolean quotedTcp, SockAddr quotedSrc, SockAddr quotedDst) {
        if (!linux) return WireOwner.FOREIGN;
        synchronized (lock) {
            String told = sender(quotedTcp, quotedSrc, quotedDst);
            if (told == null && nameUnnamed()) told = sender(quotedTcp, quotedSrc, quotedDst);
            if (told == null) return WireOwner.FOREIGN;
            return new WireOwner.Ours(orExternal(receiver(quotedTcp, quotedSrc, quotedDst)), told);
        }
    }

    /** The 4-tuple of a TCP connection, the same whichever way a packet goes. */
    static String connectionKey(SockAddr a, SockAddr b) {
        String x = key(a), y = key(b);
        return x.compareTo(y) < 0 ? x + "<>" + y : y + "<>" + x;
    }

    private WireOwner exactOwner(boolean tcp, SockAddr src, SockAddr dst) {
        String from = sender(tcp, src, dst), to = sender(tcp, dst, src);
        if (from == null && to == null) return null;
        if (from == null) from = receiverOnly(tcp, src);
        if (to == null) to = receiverOnly(tcp, dst);
        return new WireOwner.Ours(orExternal(from), orExternal(to));
    }

    /** The lab endpoint that receives what {@code src} sent to {@code dst}, or null. */
    private String receiver(boolean tcp, SockAddr src, SockAddr dst) {
        String exact = sender(tcp, dst, src);
        return exact != null ? exact : receiverOnly(tcp, dst);
    }

    /**
     * Names the lab's end of a TCP packet that no connected socket of the lab takes: its listener there, else its socket
     * bound there without listening (the kernel answers a SYN to it with RST), as the inference rules name it too.
     */
    private String receiverOnly(boolean tcp, SockAddr at) {
        if (!tcp) return null;
        String listener = listenerAt(at);
        if (listener != null) return listener;
        for (Tracked t : tracked.values())
            if (t.tcp && t.open && t.peer() == null && at(t.local, at)) return t.endpoint;
        for (OutsideSocket o : outsideSockets())
            if (o.tcp() && o.listening() && at(o.local(), at)) return o.endpoint();
        return null;
    }

    private static String orExternal(String endpoint) {
        return endpoint == null ? "external" : endpoint;
    }

    /**
     * The endpoint whose socket sends from {@code src} to {@code dst} (and, the same socket, receives from {@code dst} at
     * {@code src}), or null. TCP: local address and peer both match. UDP: the local address matches and the socket is
     * connected to {@code dst}, or, failing that, not connected at all (it takes datagrams from anyone).
     */
    private String sender(boolean tcp, SockAddr src, SockAddr dst) {
        String unconnected = null;
        for (Tracked t : (Iterable<Tracked>) java.util.stream.Stream.concat(tracked.values().stream(),
                timeWaits.stream())::iterator) {
            if (t.tcp != tcp || !at(t.local, src)) continue;
            SockAddr peer = t.peer();
            if (peer != null && key(peer).equals(key(dst))) return t.endpoint;
            if (!tcp && peer == null && unconnected == null) unconnected = t.endpoint;
        }
        pruneGone(System.nanoTime());
        for (Gone g : gone) {
            if (g.tcp() != tcp || !at(g.local(), src)) continue;
            if (g.peer() != null && key(g.peer()).equals(key(dst))) return g.endpoint();
            if (!tcp && g.peer() == null && unconnected == null) unconnected = g.endpoint();
        }
        for (OutsideSocket o : outsideSockets()) {
            if (o.tcp() != tcp || o.listening() || !at(o.local(), src)) continue;
            if (o.peer() != null && key(o.peer()).equals(key(dst))) return o.endpoint();
            if (!tcp && o.peer() == null && unconnected == null) unconnected = o.endpoint();
        }
        return unconnected;
    }

    /** The endpoint of the open lab listener at this address, or null. */
    private String listenerAt(SockAddr address) {
        for (Tracked t : tracked.values())
            if (t.tcp && t.open && TcpState.LISTEN.rfcName().equals(t.state) && at(t.local, address)) return t.endpoint;
        return null;
    }

    /** Whether a socket bound at {@code local} is the one at {@code address} on the wire (a wildcard host takes any). */
    private static boolean at(SockAddr local, SockAddr address) {
        return local != null && port(local) != 0 && port(local) == port(address) && sameHost(local, address);
    }

    /** An address as host and port, with IPv4-mapped IPv6 written as IPv4 (as the wire has it). */
    private static String key(SockAddr a) {
        return host(a) + "|" + port(a);
    }

    /** A connect that failed is over: its socket no longer claims packets to where it went (the kernel freed its port). */
    void connectSettled(Endpoint endpoint, Request request, Payload.Call call) {
        if (!(request instanceof Request.Connect c) || !call.failed()) return;
        if ("EINPROGRESS".equals(call.errnoName()) || "EALREADY".equals(call.errnoName())) return;
        synchronized (lock) {
            for (Tracked t : tracked.values())
                if (t.open && t.fd == c.fd() && t.endpoint.equals(endpoint.name()) && t.remote == null)
                    t.connectingTo = null;
        }
    }

    /** The socket accept() just returned, named now (before its call is journaled), so its queued packets are the lab's. */
    void accepted(Endpoint endpoint, int fd) {
        if (!linux) return;
        synchronized (lock) {
            Tracked t = trackOpen(endpoint, fd);
            if (t != null) readNames(t);
        }
    }

    /** Reads the local name of open sockets that have no port yet; returns whether any got one. */
    private boolean nameUnnamed() {
        boolean named = false;
        fdTable.readLock().lock();
        try {
            for (Endpoint endpoint : endpoints.get()) {
                for (Endpoint.SocketInfo info : endpoint.sockets()) {
                    Tracked t = tracked.get(info.inode());
                    if (t == null || !t.open || t.fd != info.fd() || t.local != null && port(t.local) != 0) continue;
                    Libc.AddressResult local = libc.getsockname(t.fd);
                    if (local.result().failed() || port(local.address()) == 0) continue;
                    t.local = local.address();
                    named = true;
                }
            }
        } finally {
            fdTable.readLock().unlock();
        }
        return named;
    }

    private static boolean sameHost(SockAddr bound, SockAddr destination) {
        String b = host(bound), d = host(destination);
        return b.equals(d) || b.equals("0.0.0.0") || b.equals("[::]") || b.equals("::");
    }

    private static String host(SockAddr a) {
        // A dual-stack socket names IPv4 peers ::ffff:a.b.c.d; the wire says a.b.c.d.
        if (a instanceof SockAddr.Inet6 v6 && v6.isV4Mapped()) {
            byte[] b = v6.address();
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        String text = a.text();
        return text.substring(0, text.lastIndexOf(':'));
    }

    private static int port(SockAddr a) {
        return switch (a) {
            case SockAddr.Inet4 v4 -> v4.port();
            case SockAddr.Inet6 v6 -> v6.port();
            case SockAddr.Unix u -> 0;
        };
    }

    private static String tuple(SockAddr local, SockAddr remote) {
        return local.text() + ">" + remote.text();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000); // it ends within one sample; generous for a loaded machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (diag != null) diag.close(); // after the sampler stopped: it must never use a closed, reused fd number
    }
}
