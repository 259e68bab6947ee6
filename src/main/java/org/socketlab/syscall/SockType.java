package org.socketlab.syscall;

/** Socket types: a byte stream with connections, or datagrams without. */
public enum SockType {
    /** Connection-oriented, reliable, ordered bytes with no message boundaries (TCP over IP). */
    SOCK_STREAM,
    /** Connectionless messages that keep their boundaries and may be lost (UDP over IP). */
    SOCK_DGRAM;

    public int value(PlatformConstants c) {
        return this == SOCK_STREAM ? c.sockStream() : c.sockDgram();
    }
}
