package org.socketlab.lab;

import static org.socketlab.lab.WireAddresses.at;
import static org.socketlab.lab.WireAddresses.connectionKey;
import static org.socketlab.lab.WireAddresses.key;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Subscription;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.SockAddr;

/**
 * Whose a packet seen on the wire is, decided by its exact addresses against the sockets the kernel observer follows
 * ({@link SocketTable}), the sockets the kernel just forgot (their last packets arrive a few ms later) and the sockets
 * of a program outside the lab that is watched (a traced program's). Safe from any thread: it takes the table's lock.
 */
final class PacketOwners {
    /** How long a socket the kernel forgot still owns its late packets. */
    static final long GONE_GRACE_NS = TimeUnit.SECONDS.toNanos(3);

    private final boolean linux = Os.current() == Os.LINUX;
    private final SocketTable table;
    /** Names the open sockets whose port the kernel has just picked; true when any got one. Under the lock. */
    private final BooleanSupplier nameUnnamed;
    /** Sockets the kernel just forgot, kept a moment for the capture. Under the lock. */
    private final ArrayDeque<Gone> gone = new ArrayDeque<>();
    /** Sockets of programs outside the lab whose packets are journaled as theirs (a traced program's). */
    private final List<Supplier<List<OutsideSocket>>> outside = new CopyOnWriteArrayList<>();

    /** A socket the kernel forgot: its last packets may still be delivered by the capture. {@code peer} may be null. */
    private record Gone(String endpoint, boolean tcp, SockAddr local, @Nullable SockAddr peer, long atNs) {
    }

    PacketOwners(SocketTable table, BooleanSupplier nameUnnamed) {
        this.table = table;
        this.nameUnnamed = nameUnnamed;
    }

    /** The kernel forgot this socket: it still owns its packets for {@link #GONE_GRACE_NS}. Under the lock. */
    void forgotten(TrackedSocket t) {
        if (t.local != null && !t.unix) gone.addLast(new Gone(t.endpoint, t.tcp, t.local, t.peer(), System.nanoTime()));
    }

    /** Forgets sockets gone longer than the grace for their late packets. Under the lock. */
    void pruneGone() {
        long now = System.nanoTime();
        while (!gone.isEmpty() && now - gone.peekFirst().atNs() > GONE_GRACE_NS) gone.removeFirst();
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
        List<OutsideSocket> all = new ArrayList<>();
        for (Supplier<List<OutsideSocket>> s : outside) all.addAll(s.get());
        return all;
    }

    /**
     * What a packet seen on the wire is to the lab, decided by its exact addresses. A packet is the lab's when one of its
     * ends is a socket of the lab (open, or closed while the kernel keeps its connection, or forgotten in the last
     * {@link #GONE_GRACE_NS} ns): for TCP the full 4-tuple of that socket (its local address and its peer, or where its
     * connect went); for UDP the kernel's own delivery rule (the local address, and the peer if it is connected). The
     * other end is then the lab socket at that address, the lab's listener there (a connection it has not accepted
     * yet), or {@code external}. A TCP packet that only reaches a lab listener belongs to a connection waiting in its
     * accept queue: {@link WireOwner.Queued} until the lab accepts it. A socket whose port the kernel picked may not be
     * named yet when its first packet is seen: then the names of such sockets are read now.
     */
    WireOwner ownerOf(boolean tcp, SockAddr src, SockAddr dst) {
        if (!linux) return WireOwner.FOREIGN;
        synchronized (table.lock) {
            WireOwner owner = exactOwner(tcp, src, dst);
            // An end not known yet may be a lab socket whose port the kernel has just picked: name those, look again.
            boolean unknownEnd = owner == null
                    || owner instanceof WireOwner.Ours o && (o.from().equals("external") || o.to().equals("external"));
            if (unknownEnd && nameUnnamed.getAsBoolean()) owner = exactOwner(tcp, src, dst);
            if (owner != null) return owner;
            if (tcp && (table.listenerAt(dst) != null || table.listenerAt(src) != null))
                return new WireOwner.Queued(connectionKey(src, dst));
            return WireOwner.FOREIGN;
        }
    }

    /** An ICMP error about a packet the lab sent ({@code quotedSrc} one of its sockets) is the lab's; any other is not. */
    WireOwner ownerOfIcmp(boolean quotedTcp, SockAddr quotedSrc, SockAddr quotedDst) {
        if (!linux) return WireOwner.FOREIGN;
        synchronized (table.lock) {
            String told = sender(quotedTcp, quotedSrc, quotedDst);
            if (told == null && nameUnnamed.getAsBoolean()) told = sender(quotedTcp, quotedSrc, quotedDst);
            if (told == null) return WireOwner.FOREIGN;
            return new WireOwner.Ours(orExternal(receiver(quotedTcp, quotedSrc, quotedDst)), told);
        }
    }

    private @Nullable WireOwner exactOwner(boolean tcp, SockAddr src, SockAddr dst) {
        String from = sender(tcp, src, dst), to = sender(tcp, dst, src);
        if (from == null && to == null) return null;
        if (from == null) from = receiverOnly(tcp, src);
        if (to == null) to = receiverOnly(tcp, dst);
        return new WireOwner.Ours(orExternal(from), orExternal(to));
    }

    /** The lab endpoint that receives what {@code src} sent to {@code dst}, or null. */
    private @Nullable String receiver(boolean tcp, SockAddr src, SockAddr dst) {
        String exact = sender(tcp, dst, src);
        return exact != null ? exact : receiverOnly(tcp, dst);
    }

    /**
     * Names the lab's end of a TCP packet that no connected socket of the lab takes: its listener there, else its socket
     * bound there without listening (the kernel answers a SYN to it with RST), as the inference rules name it too.
     */
    private @Nullable String receiverOnly(boolean tcp, SockAddr at) {
        if (!tcp) return null;
        String listener = table.listenerAt(at);
        if (listener != null) return listener;
        for (TrackedSocket t : table.tracked.values())
            if (t.tcp && t.open && t.peer() == null && at(t.local, at)) return t.endpoint;
        for (OutsideSocket o : outsideSockets())
            if (o.tcp() && o.listening() && at(o.local(), at)) return o.endpoint();
        return null;
    }

    private static String orExternal(@Nullable String endpoint) {
        return endpoint == null ? "external" : endpoint;
    }

    /**
     * The endpoint whose socket sends from {@code src} to {@code dst} (and, the same socket, receives from {@code dst} at
     * {@code src}), or null. TCP: local address and peer both match. UDP: the local address matches and the socket is
     * connected to {@code dst}, or, failing that, not connected at all (it takes datagrams from anyone).
     */
    private @Nullable String sender(boolean tcp, SockAddr src, SockAddr dst) {
        String unconnected = null;
        for (TrackedSocket t : table.withTimeWaits()) {
            if (t.tcp != tcp || !at(t.local, src)) continue;
            SockAddr peer = t.peer();
            if (peer != null && key(peer).equals(key(dst))) return t.endpoint;
            if (!tcp && peer == null && unconnected == null) unconnected = t.endpoint;
        }
        pruneGone();
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
}
