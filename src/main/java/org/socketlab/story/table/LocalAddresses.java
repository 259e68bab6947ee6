package org.socketlab.story.table;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a socket's local address is, from what some call or the other side told: a bind's port 0 is not known until
 * told, an accepted socket has its listener's address, and the one socket on the other side that fits learns its
 * address from what its peer was told (accept's peer, getpeername, recvfrom's from).
 */
final class LocalAddresses {

    private LocalAddresses() {
    }

    static void setLocal(TrackedSocket t, @Nullable String addr) {
        if (addr == null) return;
        // Port 0 asks the kernel to choose: the port is not known until getsockname (or the other side) tells.
        t.local = addr.endsWith(":0") ? addr.substring(0, addr.length() - 1) + "?" : addr;
    }

    /** The accepted socket's local address is the listener's, but a wildcard listener does not tell which host. */
    static @Nullable String acceptedLocal(@Nullable String listenerLocal) {
        if (listenerLocal == null || listenerLocal.endsWith(":?")) return null;
        Address a = Address.parse(listenerLocal);
        if (a == null) return listenerLocal; // a Unix path
        return a.wildcard() ? "?:" + a.port() : listenerLocal;
    }

    /** The server learned the client's address (accept's peer): the one client that connected there has that local. */
    static void learnOfConnector(List<TrackedSocket> sockets, TrackedSocket accepted, String listenerLocal,
            String peer) {
        List<TrackedSocket> candidates = sockets.stream()
                .filter(t -> t != accepted && t.kind == accepted.kind && t.peer != null
                        && !t.endpoint.equals(accepted.endpoint) && Address.sameDestination(listenerLocal, t.peer)
                        && (t.local == null || t.local.endsWith("?")))
                .toList();
        if (candidates.size() == 1 && sockets.stream().noneMatch(t -> peer.equals(t.local)))
            candidates.getFirst().local = peer;
    }

    /**
     * A connect journaled after the accept that took it (a traced program's calls are journaled once strace printed
     * them, after they returned): the one accepted socket there whose peer is nobody's address yet names this one's.
     */
    static void learnFromAccepted(List<TrackedSocket> sockets, TrackedSocket connector) {
        List<TrackedSocket> candidates = sockets.stream()
                .filter(a -> a.accepted && a.kind == connector.kind && a.peer != null
                        && !a.endpoint.equals(connector.endpoint) && Address.sameDestination(a.local, connector.peer)
                        && sockets.stream().noneMatch(o -> a.peer.equals(o.local)))
                .toList();
        if (candidates.size() == 1) connector.local = candidates.getFirst().peer;
    }

    /** getpeername told a socket its peer: the one socket on the other side connected back to us is that peer. */
    static void learnOfPeer(List<TrackedSocket> sockets, TrackedSocket t, String peer) {
        if (t.local == null || t.local.contains("?")) return;
        learnOfConnector(sockets, t, t.local, peer);
    }

    /** recvfrom named the sender: the one datagram socket that sent here with an unknown port is it. */
    static void learnOfSender(List<TrackedSocket> sockets, TrackedSocket receiver, String from) {
        List<TrackedSocket> candidates = sockets.stream().filter(t -> t != receiver && t.kind == receiver.kind
                && (t.local == null || t.local.endsWith("?"))
                && (Address.sameDestination(receiver.local, t.peer)
                        || Address.sameDestination(receiver.local, t.lastSentTo)))
                .toList();
        if (candidates.size() == 1 && sockets.stream().noneMatch(t -> from.equals(t.local)))
            candidates.getFirst().local = from;
    }

    /** An IP address text as the journal writes it: {@code 127.0.0.1:5000} or {@code [::1]:5000}. */
    record Address(String host, String port) {
        static @Nullable Address parse(@Nullable String text) {
            if (text == null) return null;
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.startsWith("/") || text.startsWith("@")) return null;
            return new Address(text.substring(0, colon), text.substring(colon + 1));
        }

        boolean wildcard() {
            return host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::");
        }

        /** Whether a socket bound at {@code local} receives what is sent to {@code destination}. */
        static boolean sameDestination(@Nullable String local, @Nullable String destination) {
            if (local == null || destination == null) return false;
            if (local.equals(destination)) return true;
            Address l = parse(local), d = parse(destination);
            return l != null && d != null && l.port.equals(d.port) && l.wildcard();
        }
    }
}
