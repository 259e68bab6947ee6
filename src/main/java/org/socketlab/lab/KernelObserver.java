package org.socketlab.lab;

import static org.socketlab.lab.WireAddresses.at;
import static org.socketlab.lab.WireAddresses.key;
import static org.socketlab.lab.WireAddresses.port;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpStateTable;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * Journals what the kernel did because of the calls: each socket's state and its queues; the segments the calls must
 * have caused ({@code inferred}) are {@link SegmentInference}'s, from the facts read here just before each call, and
 * whose a packet on the wire is, {@link PacketOwners}', from the sockets followed here ({@link SocketTable}). An open
 * TCP socket is in its endpoint's process; it is read through a descriptor taken from there for the read
 * ({@link SocketReads}, pidfd_getfd): TCP_INFO for the state
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
    /**
     * How long a periodic sample waits for a call in flight to settle before reading anyway. A sample that read a call's
     * effects before the call was journaled put a state before its cause: at 20 ms, a close's FIN_WAIT_2 came before the
     * close on a loaded CI machine (load 7, LessonRecorderTest). A call that blocks settles as soon as the watchdog sees
     * its thread asleep (about a millisecond), so only a slow call on a loaded machine makes the sample wait. 250 ms
     * were too short once endpoints became processes: fork-server's close of its listener took longer to come back from
     * its process on a loaded lane (load 4.4), and the sample journaled LISTEN → CLOSED before the close
     * (StoryPlacementTest).
     */
    private static final int MAX_DEFERRAL_MS = 1_000;
    /** Calls started and not yet journaled with their effects (a call that blocks no longer counts). */
    private final AtomicInteger callsInFlight = new AtomicInteger();
    static final int TCP_INFO_BYTES = 32;
    private static final int TCPI_UNACKED = 24, TCPI_SACKED = 28;
    static final long SIOCOUTQ = 0x5411;
    private static final long SIOCINQ = 0x541B;
    /** Bytes queued and not yet sent (SIOCOUTQ counts sent ones waiting for their ACK as well). */
    private static final long SIOCOUTQNSD = 0x894B;

    private final Journal journal;
    private final Libc libc;
    private final @Nullable SockDiag diag;
    /** Reads of an open socket, through a descriptor borrowed from its endpoint's process. */
    private final SocketReads reads;
    private final ReadWriteLock fdTable;
    private final Supplier<List<Endpoint>> endpoints;
    private final boolean linux = Os.current() == Os.LINUX;
    private final SocketTable table = new SocketTable();
    private final Object lock = table.lock;
    private final Map<Long, TrackedSocket> tracked = table.tracked;
    private final PriorityQueue<TrackedSocket> timeWaits = table.timeWaits;
    private final PacketOwners owners = new PacketOwners(table, this::nameUnnamed);
    private final SegmentInference inference;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Follows closed connections in the lab's second host too, through {@code sockDiag} (a sock_diag socket of its
     * namespace, owned from now on; ignored when negative).
     */
    void alsoFollowIn(int sockDiag) {
        if (sockDiag < 0) return;
        if (diag != null) diag.alsoIn(sockDiag);
        else libc.close(sockDiag);
    }

    /** The second host is going: its sock_diag socket is closed now (it held the host's namespace open). */
    void noLongerFollowElsewhere() {
        if (diag != null) diag.alsoIn(-1);
    }

    KernelObserver(Journal journal, Libc libc, ReadWriteLock fdTable, Supplier<List<Endpoint>> endpoints) {
        this.journal = journal;
        this.libc = libc;
        this.fdTable = fdTable;
        this.diag = linux ? new SockDiag(libc) : null;
        this.endpoints = endpoints;
        this.reads = new SocketReads(libc, endpoints);
        this.inference = new SegmentInference(journal, libc, reads, diag, fdTable, table);
        this.thread = Thread.ofPlatform().daemon().name("socketlab-kernel").start(this::run);
    }

    /** Whose a packet seen on the wire is, by the sockets followed here. */
    PacketOwners owners() {
        return owners;
    }

    /** Whether the wire is captured now: the marks of segments not counted are only for a journal without it. */
    void capturingWhen(BooleanSupplier capturing) {
        inference.capturingWhen(capturing);
    }

    private void run() {
        while (!closed) {
            // A call being made right now journals its own effects first; read the rest just after it.
            // Parked until the last call in flight settles (callSettled wakes this thread), at most MAX_DEFERRAL_MS.
            long deferUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DEFERRAL_MS);
            for (long left = deferUntil - System.nanoTime(); left > 0 && callsInFlight.get() > 0
                    && !closed; left = deferUntil - System.nanoTime())
                LockSupport.parkNanos(left);
            boolean anything = sampleNow();
            // close() sets closed, then unparks; the 1 ms parks above may have used that permit, so look again
            // before parking without a timeout (found by RandomPressesTest: a sampler thread outlived its lab).
            if (closed) break;
            // Nothing to watch: sleep until a call wakes us.
            if (anything) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
            else LockSupport.park();
        }
    }

    /** At most one tcp_info reading of a connection per this many ns (issue 60: "at most every 5 ms"). */
    static final long TCP_INFO_EVERY_NS = 5_000_000;

    /**
     * A captured TCP segment of the lab's went from {@code src} to {@code dst}: the tcp_info of the lab's sockets at
     * both ends is read on a thread of its own ({@link #readTcpInfoAfterSegments}), each at most every
     * {@link #TCP_INFO_EVERY_NS}; a reading refused by that limit is made by the next sample that finds it due. Called
     * on the capture's thread (or a tracer's) just after the segment was journaled, under the capture's lock: it only
     * hands the segment on, as taking the socket table's lock there would wait for a sampler that may be waiting for
     * that very thread (a traced program's sockets are read under the tracer's lock).
     */
    void segmentSeen(SockAddr src, SockAddr dst, @Nullable Integer window) {
        if (diag == null || closed) return;
        if (!segmentsSeen.offer(new Seen(src, dst, window))) return; // a flood: the next sample reads them anyway
        if (tcpInfoReader == null) startTcpInfoReader();
    }

    private record Seen(SockAddr src, SockAddr dst, @Nullable Integer window) {
    }

    private final LinkedBlockingQueue<Seen> segmentsSeen = new LinkedBlockingQueue<>(4_096);
    private volatile @Nullable Thread tcpInfoReader;

    private synchronized void startTcpInfoReader() {
        if (tcpInfoReader != null || closed) return;
        tcpInfoReader = Thread.ofPlatform().daemon().name("socketlab-tcp-info").start(this::readTcpInfoAfterSegments);
    }

    /** Reads the tcp_info of both ends of each segment handed on, until the observer closes. */
    private void readTcpInfoAfterSegments() {
        while (!closed) {
            Seen seen;
            try {
                seen = segmentsSeen.take(); // parked while nothing crosses the wire; close() interrupts it
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                long now = System.nanoTime();
                for (TrackedSocket t : table.withTimeWaits()) {
                    if (!t.tcp || t.local == null || t.remote == null) continue;
                    boolean sent = at(t.local, seen.src()) && key(t.remote).equals(key(seen.dst()));
                    boolean received = at(t.local, seen.dst()) && key(t.remote).equals(key(seen.src()));
                    if (!sent && !received) continue;
                    if (received && seen.window() != null) t.capturedPeerWindow = seen.window();
                    t.infoDue = true;
                    if (now - t.lastInfoNs >= TCP_INFO_EVERY_NS) readTcpInfo(t, now);
                }
            }
        }
    }

    /** Readings refused by the limit a moment ago, made now that they are due. Under the lock. */
    private void readDueTcpInfo() {
        if (diag == null) return;
        long now = System.nanoTime();
        for (TrackedSocket t : table.withTimeWaits())
            if (t.infoDue && now - t.lastInfoNs >= TCP_INFO_EVERY_NS) readTcpInfo(t, now);
    }

    /** Reads the connection's tcp_info and journals it when a figure changed. Under the lock. */
    private void readTcpInfo(TrackedSocket t, long now) {
        t.infoDue = false;
        t.lastInfoNs = now;
        if (diag == null || t.local == null || t.remote == null) return;
        var read = diag.tcpInfo(t.local, t.remote);
        if (read.isEmpty()) return;
        SockDiag.TcpInfo k = read.get();
        boolean kernelWindow = k.peerWindow() >= 0;
        Long peerWindow = kernelWindow
                ? Long.valueOf(k.peerWindow())
                : t.capturedPeerWindow == null ? null : Long.valueOf(t.capturedPeerWindow);
        Payload.TcpInfo info = new Payload.TcpInfo(t.fd, t.inode, k.rttUs(), k.rttVarUs(), k.rtoUs(), k.sndCwnd(),
                k.sndSsthresh() >= SockDiag.TcpInfo.INFINITE_SSTHRESH ? null : k.sndSsthresh(), k.sndMss(),
                k.inFlight(), k.unacked(), peerWindow,
                kernelWindow ? Payload.TcpInfo.FROM_TCP_INFO : Payload.TcpInfo.FROM_CAPTURE, k.totalRetrans(),
                k.congestion());
        if (t.lastInfo != null && t.lastInfo.sameFigures(info)) return;
        t.lastInfo = info;
        journal.append(t.endpoint, info);
    }

    /** A socket now belongs to another endpoint (a server's accepting thread passed it on): later events name that one. */
    void handedOver(long inode, String endpoint) {
        synchronized (lock) {
            TrackedSocket t = tracked.get(inode);
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
                        TrackedSocket t = tracked.computeIfAbsent(info.inode(),
                                i -> new TrackedSocket(endpoint.name(), info));
                        if (t.tcp) readOpenTcp(t, "tcp_info");
                        else if (t.unix) readUnix(t);
                    }
                }
            } finally {
                fdTable.readLock().unlock();
            }
            owners.pruneGone(); // also when no capture ever asks whose a packet was
            for (Iterator<TrackedSocket> it = tracked.values().iterator(); it.hasNext();) {
                TrackedSocket t = it.next();
                if (open.contains(t.inode)) continue;
                t.open = false;
                if (!followClosed(t)) {
                    it.remove();
                    owners.forgotten(t);
                }
            }
            expireTimeWaits();
            readDueTcpInfo();
            return !tracked.isEmpty() || !timeWaits.isEmpty();
        }
    }

    /** Connections in TIME_WAIT whose timer is due: CLOSED once the kernel has let them go. */
    private void expireTimeWaits() {
        long now = System.nanoTime();
        while (!timeWaits.isEmpty() && timeWaits.peek().nextLookNs <= now) {
            TrackedSocket t = timeWaits.poll();
            var still = diag != null && t.local != null && t.remote != null
                    ? diag.lookupTcp(t.local, t.remote)
                    : Optional.<SockDiag.Answer>empty();
            if (still.isPresent()
                    && TcpStateTable.map(Os.LINUX, still.get().state()).orElse(null) == TcpState.TIME_WAIT) {
                t.nextLookNs = now + TimeUnit.MILLISECONDS.toNanos(Math.max(INTERVAL_MS, still.get().expiresMs()));
                timeWaits.add(t);
                return;
            }
            setState(t, TcpState.CLOSED, "sock_diag", null);
        }
    }

    /** State and queues of an open TCP socket, read through its fd. */
    private void readOpenTcp(TrackedSocket t, String source) {
        Libc.ReceiveResult info = reads.getsockopt(t, libc.constants().ipprotoTcp(), libc.constants().tcpInfo(),
                TCP_INFO_BYTES);
        if (info.result().failed() || info.data().length < TCP_INFO_BYTES) return;
        ByteBuffer b = ByteBuffer.wrap(info.data()).order(ByteOrder.nativeOrder());
        TcpState state = TcpStateTable.map(Os.LINUX, Byte.toUnsignedInt(b.get(0))).orElse(TcpState.CLOSED);
        if (state == TcpState.CLOSED && t.remote != null && t.local != null && diag != null) {
            // TCP_INFO reads CLOSED once the connection moved to a TIME_WAIT socket of its own; look that one up.
            var timeWait = diag.lookupTcp(t.local, t.remote)
                    .filter(a -> TcpStateTable.map(Os.LINUX, a.state()).orElse(null) == TcpState.TIME_WAIT);
            if (timeWait.isPresent()) {
                setState(t, TcpState.TIME_WAIT, "sock_diag", timeWait.get().expiresMs());
                // The fd still holds what arrived before the FIN and was not read (recv returns it), and its own queues
                // say so; the last reading before the FIN (a full window, a queued FIN) is no longer true.
                readQueues(t);
                return;
            }
        }
        setState(t, state, source, null);
        if (state == TcpState.LISTEN) {
            // For a listener the kernel reports the accept queue: connections waiting for accept(), and its limit.
            setQueues(t, Integer.toUnsignedLong(b.getInt(TCPI_UNACKED)), Integer.toUnsignedLong(b.getInt(TCPI_SACKED)));
        } else {
            readQueues(t);
        }
    }

    /** Bytes received and not read, and sent and not acknowledged, of an open connected TCP socket. */
    private void readQueues(TrackedSocket t) {
        SysResult in = reads.ioctlInt(t, SIOCINQ), out = reads.ioctlInt(t, SIOCOUTQ);
        if (!in.failed() && !out.failed()) setQueues(t, in.value(), out.value());
    }

    /**
     * State and queues of a Unix-domain socket, from unix_diag by its inode: the kernel keeps LISTEN, ESTABLISHED and
     * CLOSE for them (the TCP numbers), and no other state, timer or segment.
     */
    private void readUnix(TrackedSocket t) {
        var answer = diag != null ? diag.lookupUnix(t.inode) : Optional.<SockDiag.Answer>empty();
        if (answer.isEmpty()) return;
        setState(t, TcpStateTable.map(Os.LINUX, answer.get().state()).orElse(TcpState.CLOSED), "unix_diag",
                null);
        setQueues(t, answer.get().recvQ(), answer.get().sendQ());
    }

    /** Follows a connection whose fd is closed; returns false once the kernel no longer has it. */
    private boolean followClosed(TrackedSocket t) {
        var answer = t.tcp && t.remote != null && t.local != null && diag != null
                ? diag.lookupTcp(t.local, t.remote)
                : Optional.<SockDiag.Answer>empty();
        if (answer.isEmpty()) {
            setState(t, TcpState.CLOSED, t.unix ? "unix_diag" : "sock_diag", null);
            return false;
        }
        SockDiag.Answer a = answer.get();
        TcpState state = TcpStateTable.map(Os.LINUX, a.state()).orElse(TcpState.CLOSED);
        setState(t, state, "sock_diag", state == TcpState.TIME_WAIT ? a.expiresMs() : null);
        if (state == TcpState.TIME_WAIT) {
            // Nothing happens in TIME_WAIT but its timer: park it where only its expiry is looked at.
            t.nextLookNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.expiresMs());
            timeWaits.add(t);
            return false;
        }
        setQueues(t, a.recvQ(), a.sendQ());
        return state != TcpState.CLOSED;
    }

    private void setQueues(TrackedSocket t, long recvQ, long sendQ) {
        if (recvQ == t.recvQ && sendQ == t.sendQ) return;
        t.recvQ = recvQ;
        t.sendQ = sendQ;
        journal.append(t.endpoint, new Payload.Queue(t.fd, recvQ, sendQ, t.inode));
    }

    /** Local and peer address of an open socket, read on the worker that owns it; UDP's state follows from them. */
    private void readNames(TrackedSocket t) {
        Libc.AddressResult local = reads.getsockname(t);
        if (!local.result().failed()) t.local = local.address();
        Libc.AddressResult peer = reads.getpeername(t);
        if (!peer.result().failed()) t.remote = peer.address();
        if (!t.tcp && !t.unix) {
            DgramState state = !peer.result().failed()
                    ? DgramState.CONNECTED
                    : t.local != null && port(t.local) != 0 ? DgramState.BOUND : DgramState.UNBOUND;
            setState(t, state, SysCall.GETSOCKNAME.journalName, null);
        }
    }

    private void setState(TrackedSocket t, SocketState to, String source, @Nullable Long timeWaitMs) {
        if (to == t.state) return;
        journal.append(t.endpoint,
                new Payload.State(t.fd, t.state.journalName(), to.journalName(), source, timeWaitMs, t.inode));
        t.state = to;
    }

    @Override
    public @Nullable Before beforeCall(Endpoint endpoint, Request request) {
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
            TrackedSocket t = tracked.get(info.inode());
            // After a fork two processes may hold it: it is drawn on the one that acts on it now, but a close of one
            // copy while the other process still holds it sends nothing, and leaves it to that other process.
            String holder = request instanceof Request.Close ? holderBesides(endpoint, info.inode()) : null;
            if (t != null) t.endpoint = holder != null ? holder : endpoint.name();
            if (holder != null) return null;
            // A close needs the unread byte count as it is now, not as of the last sample (this worker owns the fd).
            if (t != null && t.tcp && t.open
                    && (request instanceof Request.Close || request instanceof Request.Shutdown))
                readOpenTcp(t, "tcp_info");
            if (t != null && request instanceof Request.Connect c) {
                t.connectingTo = c.address();
                t.connectingUntilNs = 0;
            }
            if (t == null || !t.tcp) {
                SockAddr remote = t == null ? null : t.remote;
                SockAddr to = request instanceof Request.SendTo s && s.to() != null ? s.to() : remote;
                // Whether a socket waits at the destination, read now: once sent, the receiver may have closed it.
                return new SegmentInference.BeforeCall(null, 0, remote, t, 0, List.of(), 0, false,
                        to != null && SegmentInference.portUnreachable(to));
            }
            // Bytes not sent yet (the peer's window is full): a FIN queued by this close or shutdown waits behind them.
            long unsent = 0;
            if (t.open && (request instanceof Request.Close || request instanceof Request.Shutdown)) {
                SysResult notSent = reads.ioctlInt(t, SIOCOUTQNSD);
                if (!notSent.failed()) unsent = notSent.value();
            }
            // A stream socket's state is always a TCP state (it starts CLOSED).
            TcpState state = (TcpState) t.state;
            if (request instanceof Request.Close && state == TcpState.LISTEN && t.recvQ > 0)
                return new SegmentInference.BeforeCall(state, t.recvQ, t.remote, t, unsent, inference.waitingAt(t),
                        t.recvQ, false);
            boolean sends = request instanceof Request.Send || request instanceof Request.SendTo
                    || request instanceof Request.Write;
            return new SegmentInference.BeforeCall(state, t.recvQ, t.remote, t, unsent, List.of(), 0,
                    sends && t.open && inference.nagleMayHold(t));
        }
    }

    @Override
    public void afterCall(Endpoint endpoint, Request request, Payload.Call call, @Nullable Before before) {
        if (!linux) return;
        synchronized (lock) {
            Integer fd = Request.fdOf(request);
            if (fd == null || request instanceof Request.Accept) fd = call.failed() ? null : (int) call.result(); // the new socket
            TrackedSocket t = fd == null ? null : trackOpen(endpoint, fd);
            TrackedSocket acted = request instanceof Request.Accept a ? trackOpen(endpoint, a.fd()) : t;
            // After a fork two processes hold the socket: its events are drawn on the one that last acted on it.
            if (acted != null) acted.endpoint = endpoint.name();
            if (acted != null && request instanceof Request.SetSockOpt so
                    && so.option() == SocketOption.SO_LINGER && !call.failed())
                acted.lingerZero = so.value() == 0;
            // Read here, on the worker that owns the fd, before any later call of this endpoint can close it.
            if (t != null) {
                readNames(t);
                if (t.tcp) readOpenTcp(t, "tcp_info");
                else if (t.unix) readUnix(t);
            }
            if (before instanceof SegmentInference.BeforeCall b) inference.inferSegments(endpoint, request, call, b);
            if (request instanceof Request.Bind b && call.failedWith(Errno.EADDRINUSE)) {
                List<TrackedSocket> followed = PortInUse.followed(tracked.values(), timeWaits);
                readClosedNow(followed); // the note says the state the kernel has now
                PortInUse.note(followed, boundInode(endpoint, b.fd()), port(b.address()))
                        .ifPresent(n -> journal.append(Lab.ITSELF, n));
            }
        }
    }

    /** The state of each closed connection still followed (not in TIME_WAIT: its timer alone moves it), read now. */
    private void readClosedNow(List<TrackedSocket> followed) {
        for (TrackedSocket t : followed) {
            if (t.open || !t.tcp || t.state == TcpState.TIME_WAIT || t.state == TcpState.CLOSED || t.local == null
                    || t.remote == null || diag == null)
                continue;
            var answer = diag.lookupTcp(t.local, t.remote);
            TcpState now = answer.flatMap(a -> TcpStateTable.map(Os.LINUX, a.state())).orElse(TcpState.CLOSED);
            // In TIME_WAIT too: the sampler's next look parks it (followClosed), with nothing more to journal.
            setState(t, now, "sock_diag", now == TcpState.TIME_WAIT ? answer.get().expiresMs() : null);
        }
    }

    /** The inode of the socket {@code fd} of {@code endpoint} names, 0 when none. */
    private static long boundInode(Endpoint endpoint, int fd) {
        return endpoint.sockets().stream().filter(s -> s.fd() == fd).mapToLong(Endpoint.SocketInfo::inode).findFirst()
                .orElse(0);
    }

    /** Another endpoint (a forked process, not a thread of this one's) that has a descriptor for {@code inode}, or null. */
    private @Nullable String holderBesides(Endpoint endpoint, long inode) {
        for (Endpoint other : endpoints.get())
            if (other != endpoint && other.pid() != endpoint.pid())
                for (Endpoint.SocketInfo s : other.sockets()) if (s.inode() == inode) return other.name();
        return null;
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
        if (callsInFlight.decrementAndGet() == 0) LockSupport.unpark(thread); // a sample waiting for it goes on
    }

    private @Nullable TrackedSocket trackOpen(Endpoint endpoint, int fd) {
        Endpoint.SocketInfo info = endpoint.sockets().stream().filter(s -> s.fd() == fd).findFirst().orElse(null);
        if (info == null || info.inode() <= 0 || info.type() == SockType.SOCK_RAW) return null;
        return tracked.computeIfAbsent(info.inode(), i -> new TrackedSocket(endpoint.name(), info));
    }

    /**
     * A connect that failed is over: its socket no longer claims packets to where it went (the kernel freed its port),
     * after the grace a gone socket has ({@link PacketOwners#GONE_GRACE_NS}): the refusal's RST, captured late (on two
     * machines it crosses the wire; a lane-1 run found two-machines' RST dropped as nobody's), is still its.
     */
    void connectSettled(Endpoint endpoint, Request request, Payload.Call call) {
        if (!(request instanceof Request.Connect c) || !call.failed()) return;
        if (call.failedWith(Errno::connectUnderway)) return;
        synchronized (lock) {
            for (TrackedSocket t : tracked.values())
                if (t.open && t.fd == c.fd() && t.endpoint.equals(endpoint.name()) && t.remote == null)
                    t.connectingUntilNs = System.nanoTime() + PacketOwners.GONE_GRACE_NS;
        }
    }

    /** The socket accept() just returned, named now (before its call is journaled), so its queued packets are the lab's. */
    void accepted(Endpoint endpoint, int fd) {
        if (!linux) return;
        synchronized (lock) {
            TrackedSocket t = trackOpen(endpoint, fd);
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
                    TrackedSocket t = tracked.get(info.inode());
                    if (t == null || !t.open || t.fd != info.fd() || t.local != null && port(t.local) != 0) continue;
                    Libc.AddressResult local = reads.getsockname(t);
                    if (!(local.address() instanceof SockAddr name) || port(name) == 0) continue; // none if it failed
                    t.local = name;
                    named = true;
                }
            }
        } finally {
            fdTable.readLock().unlock();
        }
        return named;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        Thread infoReader;
        synchronized (this) {
            infoReader = tcpInfoReader;
        }
        if (infoReader != null) {
            infoReader.interrupt();
            try {
                infoReader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            thread.join(10_000); // it ends within one sample; generous for a loaded machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (diag != null) diag.close(); // after the sampler stopped: it must never use a closed, reused fd number
    }
}
