package org.socketlab.syscall;

/** The socket options a student can set and read, each at its protocol level (the second argument of setsockopt). */
public enum SocketOption {
    /** Allow bind() to a port whose old connections are still in TIME_WAIT. */
    SO_REUSEADDR(Level.SOL_SOCKET),
    /** What close() does with unsent data; on with 0 seconds makes close() reset the connection. */
    SO_LINGER(Level.SOL_SOCKET),
    /** Size of the kernel's receive buffer. */
    SO_RCVBUF(Level.SOL_SOCKET),
    /** Size of the kernel's send buffer. */
    SO_SNDBUF(Level.SOL_SOCKET),
    /** The pending error of the socket (read only). */
    SO_ERROR(Level.SOL_SOCKET),
    /** Several sockets (of the same user) may bind and listen on one address and port; the kernel spreads connections. */
    SO_REUSEPORT(Level.SOL_SOCKET),
    /** Send keepalive probes on an idle connection. */
    SO_KEEPALIVE(Level.SOL_SOCKET),
    /** Turn Nagle's algorithm off: small writes leave at once instead of waiting for the previous data's ACK. */
    TCP_NODELAY(Level.IPPROTO_TCP),
    /** Seconds of silence before the first keepalive probe (macOS calls it TCP_KEEPALIVE). */
    TCP_KEEPIDLE(Level.IPPROTO_TCP),
    /** Seconds between keepalive probes. */
    TCP_KEEPINTVL(Level.IPPROTO_TCP),
    /** Unanswered probes before the connection is given up. */
    TCP_KEEPCNT(Level.IPPROTO_TCP),
    /**
     * Linux: 1 sends ACKs at once for now; 0 delays them (the delayed-ACK, "ping-pong", mode the kernel otherwise enters
     * only when the program answers within tens of milliseconds of receiving). The kernel may leave either on its own.
     */
    TCP_QUICKACK(Level.IPPROTO_TCP),
    /** An AF_INET6 socket takes IPv6 only; off, a socket on [::] also takes IPv4 as ::ffff:a.b.c.d. */
    IPV6_V6ONLY(Level.IPPROTO_IPV6),
    /**
     * How long a blocking receive (recv, accept) may wait before it returns -1 EAGAIN; a struct timeval, given here in
     * milliseconds (0: for ever).
     */
    SO_RCVTIMEO(Level.SOL_SOCKET),
    /** How long a blocking send may wait for room: then the bytes copied so far, or -1 EAGAIN; a struct timeval (ms). */
    SO_SNDTIMEO(Level.SOL_SOCKET);

    /** The protocol level an option belongs to. */
    public enum Level {
        SOL_SOCKET, IPPROTO_TCP, IPPROTO_IPV6;

        public int value(PlatformConstants c) {
            return switch (this) {
                case SOL_SOCKET -> c.solSocket();
                case IPPROTO_TCP -> c.ipprotoTcp();
                case IPPROTO_IPV6 -> c.options().ipprotoIpv6();
            };
        }
    }

    private final Level level;

    SocketOption(Level level) {
        this.level = level;
    }

    public Level level() {
        return level;
    }

    /** The option's number on this OS; -1 where the OS has no such option. */
    public int value(PlatformConstants c) {
        PlatformConstants.OptionNumbers o = c.options();
        return switch (this) {
            case SO_REUSEADDR -> c.soReuseAddr();
            case SO_LINGER -> c.soLinger();
            case SO_RCVBUF -> c.soRcvBuf();
            case SO_SNDBUF -> c.soSndBuf();
            case SO_ERROR -> c.soError();
            case SO_REUSEPORT -> o.soReusePort();
            case SO_KEEPALIVE -> o.soKeepAlive();
            case TCP_NODELAY -> o.tcpNoDelay();
            case TCP_KEEPIDLE -> o.tcpKeepIdle();
            case TCP_KEEPINTVL -> o.tcpKeepIntvl();
            case TCP_KEEPCNT -> o.tcpKeepCnt();
            case IPV6_V6ONLY -> o.ipv6V6Only();
            case TCP_QUICKACK -> o.tcpQuickAck();
            case SO_RCVTIMEO -> o.soRcvTimeo();
            case SO_SNDTIMEO -> o.soSndTimeo();
        };
    }

    /** True for the options whose value is a yes/no flag (0 or 1). */
    public boolean isFlag() {
        return switch (this) {
            case SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, TCP_NODELAY, TCP_QUICKACK, IPV6_V6ONLY -> true;
            default -> false;
        };
    }

    /** True for the options whose value is a struct timeval (given and journaled here in milliseconds). */
    public boolean isTimeout() {
        return this == SO_RCVTIMEO || this == SO_SNDTIMEO;
    }
}
