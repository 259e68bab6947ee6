package org.socketlab.kernel;

import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * The segments a call must have caused, deduced from the call, its result and the socket's state just before it.
 * Every segment made here is {@code inferred}: nothing was seen on the wire. Sequence numbers are unknown.
 *
 * <pre>
 * call                 socket  before                      result          segments (self = caller, peer = other end)
 * connect              TCP     any                         0               SYN self>peer, SYN+ACK peer>self, ACK self>peer
 * connect              TCP     any                         ECONNREFUSED    SYN self>peer, RST+ACK peer>self
 * connect              TCP     non-blocking                EINPROGRESS     SYN self>peer (the rest happens later)
 * send, sendto         TCP     ESTABLISHED, CLOSE_WAIT     n &gt; 0           PSH+ACK self>peer (len n), ACK peer>self
 *                              Nagle on (no TCP_NODELAY),                  nothing, and {@link #uncounted} is true: the
 *                              sent bytes not yet acked                    kernel may hold these bytes and send them
 *                                                                          with later ones (Nagle); how many segments
 *                                                                          left cannot be known without the wire
 * send, sendto         UDP     any                         n &ge; 0          UDP self>peer (len n)
 *                                                                          + ICMP port unreachable back when no socket
 *                                                                            is bound to the destination port
 * close                TCP     LISTEN, connections waiting 0               RST+ACK self>each waiting peer: the kernel
 *                              in its accept queue                         aborts every connection nobody accepted
 * close                TCP     SO_LINGER on with 0 s,      0               RST self>peer
 *                              connected
 * close                TCP     connected, unread data      0               RST+ACK self>peer
 * close, shutdown WR   TCP     ESTABLISHED, CLOSE_WAIT,    0               FIN+ACK self>peer, ACK peer>self
 *   or RDWR                    nothing left unsent
 * close, shutdown WR   TCP     ESTABLISHED, CLOSE_WAIT,    0               nothing: the FIN waits behind the bytes
 *   or RDWR                    bytes still unsent                          (it leaves when the peer's window opens,
 *                                                                          which no call of this socket shows)
 * anything else                                                            nothing
 * </pre>
 *
 * AF_UNIX sockets are never handed to these rules: they put nothing on any wire, so nothing is deduced for them.
 * Which states send what is not written here: it is read from {@link TcpTransitions}, the one table of RFC 9293's
 * arrows (a FIN where a SEND_FIN arrow leaves the state, an RST where a SEND_RST one does, data where
 * {@link TcpTransitions#maySendData}), so the story, the drawn machine and these rules cannot disagree.
 */
public final class InferenceRules {
    private InferenceRules() {
    }

    /**
     * What the rules look at. {@code peer} is the endpoint at the other end, or {@code external}. {@code queuedPeers}:
     * for a listener, the endpoint at the far end of each connection waiting in its accept queue (one per connection).
     * {@code mayCoalesce}: Nagle's algorithm is on (no TCP_NODELAY) and sent bytes are still unacknowledged, so the
     * kernel may hold the bytes of this send back and send them with later ones.
     */
    public record CallFacts(String call, boolean tcp, long result, @Nullable String errnoName,
            @Nullable TcpState before, @Nullable String how,
            long unreadBytes, boolean lingerZero, boolean peerBound,
            String self, String peer, long unsentBytes, List<String> queuedPeers, boolean mayCoalesce) {
        public CallFacts {
            queuedPeers = queuedPeers == null ? List.of() : List.copyOf(queuedPeers);
        }

        /** Facts of a socket with nothing left to send ({@code unsentBytes} 0). */
        public CallFacts(String call, boolean tcp, long result, @Nullable String errnoName,
                @Nullable TcpState before, @Nullable String how,
                long unreadBytes, boolean lingerZero, boolean peerBound, String self, String peer) {
            this(call, tcp, result, errnoName, before, how, unreadBytes, lingerZero, peerBound, self, peer, 0);
        }

        /** Facts of a socket with no connection waiting to be accepted and no send Nagle may hold back. */
        public CallFacts(String call, boolean tcp, long result, @Nullable String errnoName,
                @Nullable TcpState before, @Nullable String how,
                long unreadBytes, boolean lingerZero, boolean peerBound, String self, String peer, long unsentBytes) {
            this(call, tcp, result, errnoName, before, how, unreadBytes, lingerZero, peerBound, self, peer,
                    unsentBytes, List.of(), false);
        }

        /** Whether the call hands bytes to the kernel to send (the lab's send, sendto and write). */
        boolean sends() {
            SysCall c = SysCall.named(call);
            return c != null && c.sendsData();
        }
    }

    /**
     * Whether the call sent bytes whose segments cannot be deduced: a TCP send that Nagle's algorithm may hold back and
     * join to later sends. Nothing is deduced for it ({@link #segments}); a reader says "segments not counted" instead
     * of drawing segments that may never have crossed the wire.
     */
    public static boolean uncounted(CallFacts f) {
        boolean connected = TcpTransitions.maySendData(f.before());
        return f.tcp() && f.mayCoalesce() && connected && f.result() > 0 && f.sends();
    }

    /** A deduced segment: who sent it to whom, the protocol, TCP flags and payload length. */
    public record Inferred(String from, String to, String proto, List<String> flags, int len) {
    }

    public static List<Inferred> segments(CallFacts f) {
        boolean connected = TcpTransitions.maySendData(f.before());
        boolean sendsFin = TcpTransitions.leaves(f.before(), TcpTransitions.Cause.SEND_FIN);
        boolean mayAbort = TcpTransitions.leaves(f.before(), TcpTransitions.Cause.SEND_RST);
        boolean ok = f.result() >= 0;
        String s = f.self(), p = f.peer();
        if (!f.tcp()) {
            if (f.sends() && ok) {
                Inferred datagram = new Inferred(s, p, "udp", List.of(), (int) f.result());
                if (f.peerBound()) return List.of(datagram);
                return List.of(datagram, new Inferred(p, s, "icmp", List.of(IcmpMessage.PORT_UNREACHABLE.name()), 0));
            }
            return List.of();
        }
        return switch (SysCall.named(f.call())) {
            case CONNECT -> {
                if (ok)
                    yield List.of(tcp(s, p, 0, TcpFlag.SYN), tcp(p, s, 0, TcpFlag.SYN, TcpFlag.ACK),
                            tcp(s, p, 0, TcpFlag.ACK));
                if (Errno.ECONNREFUSED.is(f.errnoName()))
                    yield List.of(tcp(s, p, 0, TcpFlag.SYN), tcp(p, s, 0, TcpFlag.RST, TcpFlag.ACK));
                if (Errno.EINPROGRESS.is(f.errnoName())) yield List.of(tcp(s, p, 0, TcpFlag.SYN));
                yield List.of();
            }
            case SysCall c when c.sendsData() -> ok && f.result() > 0 && connected && !uncounted(f)
                    ? List.of(tcp(s, p, (int) f.result(), TcpFlag.PSH, TcpFlag.ACK), tcp(p, s, 0, TcpFlag.ACK))
                    : List.of();
            case CLOSE -> {
                // LISTEN leaves by CLOSE, sending nothing itself; the connections nobody accepted are reset.
                if (ok && TcpTransitions.leaves(f.before(), TcpTransitions.Cause.CLOSE)
                        && f.before() == TcpState.LISTEN)
                    yield f.queuedPeers().stream().map(q -> tcp(s, q, 0, TcpFlag.RST, TcpFlag.ACK)).toList();
                if (!ok) yield List.of();
                if (mayAbort && f.lingerZero()) yield List.of(tcp(s, p, 0, TcpFlag.RST));
                if (mayAbort && f.unreadBytes() > 0) yield List.of(tcp(s, p, 0, TcpFlag.RST, TcpFlag.ACK));
                yield sendsFin && f.unsentBytes() == 0
                        ? List.of(tcp(s, p, 0, TcpFlag.FIN, TcpFlag.ACK), tcp(p, s, 0, TcpFlag.ACK))
                        : List.of();
            }
            case SHUTDOWN -> ok && sendsFin && !"SHUT_RD".equals(f.how()) && f.unsentBytes() == 0
                    ? List.of(tcp(s, p, 0, TcpFlag.FIN, TcpFlag.ACK), tcp(p, s, 0, TcpFlag.ACK))
                    : List.of();
            case null, default -> List.of();
        };
    }

    private static Inferred tcp(String from, String to, int len, TcpFlag first, TcpFlag... more) {
        return new Inferred(from, to, "tcp", TcpFlag.names(EnumSet.of(first, more)), len);
    }
}
