package org.socketlab.syscall;

/** Which half of a connection {@code shutdown()} closes. */
public enum ShutdownHow {
    /** No more receiving. */
    SHUT_RD,
    /** No more sending: the peer reads end-of-stream (a FIN is sent). */
    SHUT_WR,
    /** Both. */
    SHUT_RDWR;

    public int value(PlatformConstants c) {
        return switch (this) {
            case SHUT_RD -> c.shutRd();
            case SHUT_WR -> c.shutWr();
            case SHUT_RDWR -> c.shutRdWr();
        };
    }
}
