package org.socketlab.lab;

import static org.socketlab.lab.WireAddresses.at;
import static org.socketlab.lab.WireAddresses.key;
import static org.socketlab.lab.WireAddresses.port;
import static org.socketlab.lab.WireAddresses.sameHost;
import static org.socketlab.lab.WireAddresses.tuple;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.DgramState;
import org.socketlab.kernel.InferenceRules;
import org.socketlab.kernel.SockDiag;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpStateTable;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.kernel.UdpPorts;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SysResult;

/**
 * The segments a call must have caused ({@code inferred}), journaled after it: the facts the kernel observer read just
 * before the call ({@link BeforeCall}) and the call's result go to {@link InferenceRules}. Where no rule can count the
 * segments (Nagle may join sends; a listener's close reset connections of unknown sockets) a journal without capture
 * gets the honest mark of {@link UncountedSegments}. Used under the {@link SocketTable}'s lock, on the calling worker.
 */
final class SegmentInference {
    private final Journal journal;
    private final Libc libc;
    private final SocketReads reads;
    /** Null off Linux. */
    private final @Nullable SockDiag diag;
    private final ReadWriteLock fdTable;
    private final SocketTable table;
    private volatile BooleanSupplier capturing = () -> false;

    /**
     * The state of a socket just before a call, handed to the inference rules. {@code waiting}: for a listener, the
     * sockets at the far end of connections that may wait in its accept queue ({@code acceptQueue} of them do);
     * {@code mayCoalesce}: Nagle may hold back what this send adds (sent bytes unacknowledged, no TCP_NODELAY);
     * {@code unreachable}: a datagram's destination had no socket just before the send ({@link #portUnreachable}),
     * read before it, as the receiver may have got the datagram and closed its socket by the time the call returned.
     */
    record BeforeCall(@Nullable TcpState tcpState, long unread, @Nullable SockAddr remote, @Nullable TrackedSocket self,
            long unsent,
            List<TrackedSocket> waiting, long acceptQueue, boolean mayCoalesce, boolean unreachable)
            implements
                CallObserver.Before {
        BeforeCall(@Nullable TcpState tcpState, long unread, @Nullable SockAddr remote, @Nullable TrackedSocket self,
                long unsent, List<TrackedSocket> waiting, long acceptQueue, boolean mayCoalesce) {
            this(tcpState, unread, remote, self, unsent, waiting, acceptQueue, mayCoalesce, false);
        }
        BeforeCall(@Nullable TcpState tcpState, long unread, @Nullable SockAddr remote, @Nullable TrackedSocket self,
                long unsent) {
            this(tcpState, unread, remote, self, unsent, List.of(), 0, false);
        }
    }

    SegmentInference(Journal journal, Libc libc, SocketReads reads, @Nullable SockDiag diag, ReadWriteLock fdTable,
            SocketTable table) {
        this.reads = reads;
        this.journal = journal;
        this.libc = libc;
        this.diag = diag;
        this.fdTable = fdTable;
        this.table = table;
    }

    /** Whether the wire is captured now: the marks of segments not counted are only for a journal without it. */
    void capturingWhen(BooleanSupplier capturing) {
        this.capturing = capturing;
    }

    /** Journals the segments the call caused, by the rules, and the mark where they cannot be counted. */
    void inferSegments(Endpoint endpoint, Request request, Payload.Call call, BeforeCall before) {
        SockAddr destination = switch (request) {
            case Request.Connect c -> c.address();
            case Request.SendTo s when s.to() != null -> s.to();
            default -> before.remote();
        };
        TrackedSocket self = before.self();
        boolean tcp = before.tcpState() != null;
        TrackedSocket peer = destination == null ? null : peerAt(destination, tcp, self);
        String how = request instanceof Request.Shutdown s ? s.how().name() : null;
        List<String> queued = List.of();
        boolean unknownWhich = false;
        if (before.acceptQueue() > 0 && !call.failed()) {
            // Each connection nobody accepted is aborted with an RST. Which lab sockets were at their far end is plain
            // when as many wait as the queue held; else (another listener shares the port) those the kernel just reset.
            List<TrackedSocket> waiting = before.waiting().size() == before.acceptQueue()
                    ? before.waiting()
                    : resetNow(before.waiting());
            unknownWhich = waiting.size() != before.acceptQueue();
            queued = waiting.stream().map(t -> t.endpoint).toList();
        }
        var facts = new InferenceRules.CallFacts(call.call(), tcp, call.result(), call.errnoName(),
                before.tcpState(), how, before.unread(), self != null && self.lingerZero,
                peer != null || !tcp && destination != null && !before.unreachable(), endpoint.name(),
                peer == null ? "external" : peer.endpoint, before.unsent(), queued,
                before.mayCoalesce());
        for (InferenceRules.Inferred s : InferenceRules.segments(facts))
            journal.append(s.from(),
                    new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), null, null, s.len(), "inferred"));
        boolean uncounted = InferenceRules.uncounted(facts);
        if (self != null) {
            // One mark for a run of sends Nagle may join, not one per send.
            if (uncounted && !self.uncountedMarked && !capturing.getAsBoolean())
                journal.append(Lab.ITSELF, UncountedSegments.note(UncountedSegments.NAGLE));
            self.uncountedMarked = uncounted;
        }
        if (unknownWhich && !capturing.getAsBoolean())
            journal.append(Lab.ITSELF, UncountedSegments.note(UncountedSegments.QUEUE_RESET));
    }

    /**
     * Whether Nagle's algorithm may hold back bytes sent now on this open TCP socket: TCP_NODELAY is off and bytes sent
     * before are still unacknowledged (read now, on the worker that owns the fd).
     */
    boolean nagleMayHold(TrackedSocket t) {
        SysResult queued = reads.ioctlInt(t, KernelObserver.SIOCOUTQ);
        if (queued.failed() || queued.value() == 0) return false;
        Libc.ReceiveResult noDelay = reads.getsockopt(t, libc.constants().ipprotoTcp(),
                libc.constants().options().tcpNoDelay(), 4);
        if (noDelay.result().failed() || noDelay.data().length < 4) return false;
        return ByteBuffer.wrap(noDelay.data()).order(ByteOrder.nativeOrder()).getInt(0) == 0;
    }

    /**
     * The states of a connecting socket whose connection nobody accepted (so no FIN came back): ESTABLISHED and where
     * its own FIN and the ACK of it lead (FIN_WAIT_1, FIN_WAIT_2), by the kernel's transition table.
     */
    private static final Set<TcpState> UNANSWERED_CONNECTION = TcpTransitions.reach(TcpState.ESTABLISHED,
            Set.of(TcpTransitions.Cause.SEND_FIN, TcpTransitions.Cause.RECEIVE_ACK_OF_FIN));

    /**
     * The lab's sockets whose connection to {@code listener}'s address was made and never accepted: connected (or
     * closing, their FIN unanswered) to that address, with no socket of the lab at the server end of that 4-tuple.
     */
    List<TrackedSocket> waitingAt(TrackedSocket listener) {
        List<TrackedSocket> waiting = new ArrayList<>();
        if (listener.local == null) return waiting;
        for (TrackedSocket t : table.tracked.values()) {
            if (t == listener || !t.tcp || t.local == null || t.remote == null || !at(listener.local, t.remote))
                continue;
            if (!(t.state instanceof TcpState s && UNANSWERED_CONNECTION.contains(s))) continue;
            boolean accepted = false;
            for (TrackedSocket other : table.tracked.values())
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
     * with SO_REUSEPORT: which of them held which connection is the kernel's hash).
     */
    private List<TrackedSocket> resetNow(List<TrackedSocket> waiting) {
        List<TrackedSocket> reset = new ArrayList<>();
        fdTable.readLock().lock();
        try {
            for (TrackedSocket t : waiting) {
                TcpState now;
                if (t.open) {
                    Libc.ReceiveResult info = reads.getsockopt(t, libc.constants().ipprotoTcp(),
                            libc.constants().tcpInfo(), KernelObserver.TCP_INFO_BYTES);
                    if (info.result().failed() || info.data().length < 1) continue;
                    now = TcpStateTable.map(Os.LINUX, Byte.toUnsignedInt(info.data()[0])).orElse(TcpState.CLOSED);
                } else {
                    var answer = diag == null || t.local == null || t.remote == null
                            ? null
                            : diag.lookupTcp(t.local, t.remote);
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

    /**
     * Whether a datagram to {@code destination}, which no lab socket holds, is answered by the kernel's ICMP port
     * unreachable: only where the kernel can be asked (an address of this machine or of the lab's hosts) and its UDP
     * tables have no socket there. An outside program's socket ({@code nc -u}, a student's client) is in those tables;
     * a host elsewhere cannot be asked, so nothing is drawn for it.
     */
    static boolean portUnreachable(SockAddr destination) {
        boolean here = destination.isLoopback() || destination instanceof SockAddr.Inet4 v4
                && LabHosts.isHostAddress(v4.text().substring(0, v4.text().lastIndexOf(':')));
        return here && UdpPorts.nobodyAt(destination);
    }

    /** The socket that owns a destination address: the connected peer, else a listener or bound UDP socket on it. */
    private @Nullable TrackedSocket peerAt(SockAddr destination, boolean tcp, @Nullable TrackedSocket self) {
        TrackedSocket best = null;
        // A peer that already waits in TIME_WAIT still is the other end (its FIN came before this call's).
        for (TrackedSocket t : table.withTimeWaits()) {
            if (t == self || t.tcp != tcp || t.local == null || port(t.local) != port(destination)) continue;
            if (!sameHost(t.local, destination)) continue;
            if (self != null && self.local != null && t.remote != null
                    && tuple(t.remote, t.local).equals(tuple(self.local, destination)))
                return t; // the other end of this very connection
            if (best == null || t.state == TcpState.LISTEN || t.state == DgramState.BOUND)
                best = t;
        }
        return best;
    }
}
