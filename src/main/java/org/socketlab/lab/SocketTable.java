package org.socketlab.lab;

import static org.socketlab.lab.WireAddresses.at;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.TcpState;
import org.socketlab.syscall.SockAddr;

/**
 * The lab's sockets the kernel observer follows: written by the observer as it reads the kernel, read by the inference
 * rules' facts and by {@link PacketOwners} to say whose a packet is. Everything here is used under {@link #lock}.
 */
final class SocketTable {
    final Object lock = new Object();
    /** Sockets by inode while open, then by their last inode while the connection is followed after close. */
    final Map<Long, TrackedSocket> tracked = new HashMap<>();
    /** Closed connections waiting out TIME_WAIT, soonest expiry first. */
    final PriorityQueue<TrackedSocket> timeWaits = new PriorityQueue<>(Comparator.comparingLong(t -> t.nextLookNs));

    /** Every socket the kernel still has: followed ones, and those waiting out TIME_WAIT. Under the lock. */
    Iterable<TrackedSocket> withTimeWaits() {
        return Stream.concat(tracked.values().stream(), timeWaits.stream())::iterator;
    }

    /** The endpoint of the open lab listener at this address, or null. Under the lock. */
    @Nullable
    String listenerAt(SockAddr address) {
        for (TrackedSocket t : tracked.values())
            if (t.tcp && t.open && t.state == TcpState.LISTEN && at(t.local, address)) return t.endpoint;
        return null;
    }
}
