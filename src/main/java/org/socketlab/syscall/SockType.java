package org.socketlab.syscall;

/** Socket types: a byte stream with connections, datagrams without, records with connections, raw IP packets. */
public enum SockType {
    /** Connection-oriented, reliable, ordered bytes with no message boundaries (TCP over IP). */
    SOCK_STREAM,
    /** Connectionless messages that keep their boundaries and may be lost (UDP over IP). */
    SOCK_DGRAM,
    /** Connection-oriented, reliable, ordered records that keep their boundaries (AF_UNIX here). */
    SOCK_SEQPACKET,
    /** Whole IP packets of one protocol, headers included on receive; needs CAP_NET_RAW. */
    SOCK_RAW;

    public int value(PlatformConstants c) {
        return switch (this) {
            case SOCK_STREAM -> c.sockStream();
            case SOCK_DGRAM -> c.sockDgram();
            case SOCK_SEQPACKET -> c.sockSeqPacket();
            case SOCK_RAW -> c.sockRaw();
        };
    }

    /** Whether the socket has connections (connect/accept, a peer, an end of stream). */
    public boolean connected() {
        return this == SOCK_STREAM || this == SOCK_SEQPACKET;
    }
}
