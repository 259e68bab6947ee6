package org.socketlab.story;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.SysCall;

/**
 * The states told of a descriptor that no longer names their socket: its close() had returned (the connection lives on
 * in the kernel, in FIN_WAIT_1 or TIME_WAIT, without it), or the number names a newer socket. Read in story order, so a
 * state placed before the close() returned (a FIN_WAIT_1 at the FIN the close sent) still names an open descriptor.
 */
final class FormerDescriptors {
    private FormerDescriptors() {
    }

    static Set<PlacedMoment> of(List<PlacedMoment> ordered) {
        Map<String, Long> open = new HashMap<>(); // endpoint/fd to the inode it names (0 when not known)
        Set<String> closed = new HashSet<>();
        Set<PlacedMoment> former = new HashSet<>();
        for (PlacedMoment i : ordered) {
            switch (i.event.payload()) {
                case Payload.Call c when i.moment != Beat.Moment.ENTRY && !c.failed() -> {
                    for (int made : c.madeFds()) {
                        String key = EndpointFd.key(i.event.endpoint(), made);
                        Long inode = c.inodeOf(made);
                        open.put(key, inode == null ? 0L : inode);
                        closed.remove(key);
                    }
                    if (c.is(SysCall.CLOSE) && c.fd() != null) {
                        String key = EndpointFd.key(i.event.endpoint(), c.fd());
                        open.remove(key);
                        closed.add(key);
                    }
                }
                case Payload.State s -> {
                    String key = EndpointFd.key(i.event.endpoint(), s.fd());
                    Long inode = open.get(key);
                    boolean renamed = inode != null && inode != 0L && s.inode() != null && !inode.equals(s.inode());
                    if (closed.contains(key) || renamed) former.add(i);
                }
                default -> {
                }
            }
        }
        return former;
    }
}
