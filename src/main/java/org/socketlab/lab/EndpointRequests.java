package org.socketlab.lab;

import java.util.Map;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockAddr;

/**
 * An endpoint's requests checked before anything is called: bad input (an fd the endpoint does not own, a flag or poll
 * event this system lacks, an address the {@link AddressPolicy} refuses) is refused with a {@link LocalizedException},
 * and a request is given as the kernel is to get it (a Unix-domain path as its place in the lab's folder).
 */
final class EndpointRequests {
    private final String name;
    private final PlatformConstants c;
    private final AddressPolicy policy;
    /** The endpoint's own socket table (read only here). */
    private final Map<Integer, Endpoint.SocketInfo> sockets;

    EndpointRequests(String name, PlatformConstants c, AddressPolicy policy,
            Map<Integer, Endpoint.SocketInfo> sockets) {
        this.name = name;
        this.c = c;
        this.policy = policy;
        this.sockets = sockets;
    }

    /** Refuses bad input; the request as the kernel is to get it ({@link AddressPolicy#resolve}). */
    Request validate(Request request) {
        Request resolved = switch (request) {
            case Request.Poll p -> {
                for (int fd : p.fds())
                    if (!sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
                for (PollEvent e : p.events())
                    if (e.value(c) <= 0) throw new LocalizedException("input.unsupportedHere", e.name());
                yield p;
            }
            case Request.GetAddrInfo g -> g;
            case Request.Select s -> {
                for (int fd : s.fds())
                    if (!sockets.containsKey(fd)) throw new LocalizedException("input.fd.notOpen", fd, name);
                yield s;
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
                SockAddr to = st.to() == null ? null : policy.resolve(st.to());
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
}
