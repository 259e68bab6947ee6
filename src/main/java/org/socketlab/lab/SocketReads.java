package org.socketlab.lab;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SysResult;

/**
 * The kernel observer's reads of an endpoint's open socket (TCP_INFO, SIOCINQ, SIOCOUTQ, its names): the socket is in
 * the endpoint's process, so each read takes a descriptor of this process for it with {@code pidfd_getfd(2)}, reads
 * through it exactly as through the lab's own descriptor before, and closes it at once. Made under the lab's fd-table
 * lock (or on the worker that owns the fd), so the endpoint's own close never waits on a descriptor held here.
 */
final class SocketReads {
    private static final SysResult NONE = new SysResult(-1, 9); // EBADF: no descriptor to read through
    private final Libc libc;
    private final Supplier<List<Endpoint>> endpoints;

    SocketReads(Libc libc, Supplier<List<Endpoint>> endpoints) {
        this.libc = libc;
        this.endpoints = endpoints;
    }

    /** Reads through a descriptor of this process for {@code t}'s socket; {@code none} when it cannot be had. */
    private <T> T through(TrackedSocket t, IntFunction<T> read, T none) {
        EndpointProcess process = null;
        int fd = t.fd;
        boolean there = false;
        for (Endpoint e : endpoints.get())
            if (e.name().equals(t.endpoint)) {
                process = e.startedProcess();
                Endpoint.SocketInfo s = e.socketAt(fd);
                there = s == null || s.inode() == t.inode;
            }
        if (process == null || !there) {
            // After a fork the socket may be open only in the other process now (one closed its copy): read it there.
            for (Endpoint e : endpoints.get())
                for (Endpoint.SocketInfo s : e.sockets())
                    if (s.inode() == t.inode && e.startedProcess() != null) {
                        process = e.startedProcess();
                        fd = s.fd();
                    }
        }
        if (process == null) return none;
        int local = process.borrow(fd);
        if (local < 0) return none;
        try {
            return read.apply(local);
        } finally {
            libc.close(local);
        }
    }

    Libc.ReceiveResult getsockopt(TrackedSocket t, int level, int option, int capacity) {
        return through(t, fd -> libc.getsockopt(fd, level, option, capacity),
                new Libc.ReceiveResult(NONE, new byte[0], null));
    }

    SysResult ioctlInt(TrackedSocket t, long request) {
        return through(t, fd -> libc.ioctlInt(fd, request), NONE);
    }

    Libc.AddressResult getsockname(TrackedSocket t) {
        return through(t, libc::getsockname, new Libc.AddressResult(NONE, null));
    }

    Libc.AddressResult getpeername(TrackedSocket t) {
        return through(t, libc::getpeername, new Libc.AddressResult(NONE, null));
    }
}
