package org.socketlab.syscall;

/**
 * The numbers behind the socket API's names on one OS, copied from that OS's headers
 * (Linux: bits/socket.h, asm-generic/socket.h, netinet/tcp.h, fcntl.h; macOS: sys/socket.h,
 * sys/fcntl.h; Windows: winsock2.h, ws2def.h, afunix.h). They differ per OS, so nothing
 * above this layer may assume a number.
 */
public record PlatformConstants(
        Os os,
        int afUnix, int afInet, int afInet6,
        int sockStream, int sockDgram,
        int solSocket, int soReuseAddr, int soError, int soSndBuf, int soRcvBuf, int soLinger,
        int ipprotoTcp, int tcpInfo,
        int shutRd, int shutWr, int shutRdWr,
        int fGetFl, int fSetFl, int oNonBlock,
        short pollIn, short pollOut, short pollErr, short pollHup, short pollNval,
        int msgPeek, int msgDontWait,
        /* sockaddr layout: BSD-derived systems start every sockaddr with a one-byte length. */
        boolean sockaddrHasLength, int sunPathLength,
        /* issue 12's calls: the other socket types, ICMP, more send/recv flags and poll bits; -1 where the OS has none. */
        int sockSeqPacket, int sockRaw, int ipprotoIcmp, int msgWaitAll, int msgNoSignal, short pollPri,
        short pollRdHup,
        /* SOCK_CLOEXEC, or'ed into socket()'s type: the socket is closed in a program this one starts; 0 where none. */
        int sockCloexec) {

    public static final PlatformConstants LINUX = new PlatformConstants(Os.LINUX,
            1, 2, 10,
            1, 2,
            1, 2, 4, 7, 8, 13,
            6, 11,
            0, 1, 2,
            3, 4, 0x800,
            (short) 0x1, (short) 0x4, (short) 0x8, (short) 0x10, (short) 0x20,
            0x2, 0x40,
            false, 108,
            5, 3, 1, 0x100, 0x4000, (short) 0x2, (short) 0x2000,
            0x80000);

    public static final PlatformConstants MACOS = new PlatformConstants(Os.MACOS,
            1, 2, 30,
            1, 2,
            0xffff, 0x4, 0x1007, 0x1001, 0x1002, 0x80,
            6, 0x106 /* TCP_CONNECTION_INFO: macOS has no TCP_INFO */,
            0, 1, 2,
            3, 4, 0x4,
            (short) 0x1, (short) 0x4, (short) 0x8, (short) 0x10, (short) 0x20,
            0x2, 0x80,
            true, 104,
            5, 3, 1, 0x40, -1 /* SO_NOSIGPIPE instead */, (short) 0x2, (short) -1,
            0 /* fcntl(FD_CLOEXEC) instead */);

    /** Winsock: shutdown uses SD_RECEIVE/SD_SEND/SD_BOTH, non-blocking mode is ioctlsocket(FIONBIO), not fcntl. */
    public static final PlatformConstants WINDOWS = new PlatformConstants(Os.WINDOWS,
            1, 2, 23,
            1, 2,
            0xffff, 0x4, 0x1007, 0x1001, 0x1002, 0x80,
            6, -1 /* no TCP_INFO; SIO_TCP_INFO is an ioctl */,
            0, 1, 2,
            -1, -1, -1,
            (short) 0x300 /* POLLRDNORM|POLLRDBAND */, (short) 0x10 /* POLLWRNORM */, (short) 0x1, (short) 0x2,
            (short) 0x4,
            0x2, -1,
            false, 108,
            5, 3, 1, 0x8, -1, (short) 0x400 /* POLLPRI */, (short) -1,
            0 /* handles are not inherited unless asked */);

    /**
     * The numbers of the options beyond SOL_SOCKET's first five (and of IPPROTO_IPV6), kept apart from the record's
     * components so that adding an option touches one table per OS. -1: the OS has no such option.
     */
    public record OptionNumbers(int soReusePort, int soKeepAlive, int tcpNoDelay, int tcpKeepIdle, int tcpKeepIntvl,
            int tcpKeepCnt, int ipprotoIpv6, int ipv6V6Only, int tcpQuickAck, int soRcvTimeo, int soSndTimeo) {
        /**
         * asm-generic/socket.h, netinet/tcp.h (TCP_QUICKACK 12, Linux only), netinet/in.h (bits/in.h); SO_RCVTIMEO and
         * SO_SNDTIMEO are glibc's on a 64-bit time_t (SO_RCVTIMEO_OLD 20, SO_SNDTIMEO_OLD 21: a 16-byte timeval).
         */
        static final OptionNumbers LINUX = new OptionNumbers(15, 9, 1, 4, 5, 6, 41, 26, 12, 20, 21);
        /** sys/socket.h, netinet/tcp.h (TCP_KEEPALIVE 0x10 is macOS's TCP_KEEPIDLE), netinet6/in6.h. */
        static final OptionNumbers MACOS = new OptionNumbers(0x200, 0x8, 0x1, 0x10, 0x101, 0x102, 41, 27, -1, 0x1006,
                0x1005);
        /**
         * winsock2.h, ws2ipdef.h (TCP_KEEPALIVE 3, TCP_KEEPCNT 16, TCP_KEEPINTVL 17); Winsock has no SO_REUSEPORT, and
         * its SO_RCVTIMEO/SO_SNDTIMEO take a DWORD of milliseconds, not a timeval.
         */
        static final OptionNumbers WINDOWS = new OptionNumbers(-1, 0x8, 0x1, 3, 17, 16, 41, 27, -1, 0x1006, 0x1005);
    }

    public OptionNumbers options() {
        return switch (os) {
            case LINUX -> OptionNumbers.LINUX;
            case MACOS -> OptionNumbers.MACOS;
            case WINDOWS -> OptionNumbers.WINDOWS;
            case OTHER -> throw new UnsupportedPlatformException(os);
        };
    }

    public static PlatformConstants of(Os os) {
        return switch (os) {
            case LINUX -> LINUX;
            case MACOS -> MACOS;
            case WINDOWS -> WINDOWS;
            case OTHER -> throw new UnsupportedPlatformException(os);
        };
    }
}
