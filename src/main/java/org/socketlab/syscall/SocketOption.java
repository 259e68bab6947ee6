package org.socketlab.syscall;

/** The SOL_SOCKET options a student can set and read. */
public enum SocketOption {
    /** Allow bind() to a port whose old connections are still in TIME_WAIT. */
    SO_REUSEADDR,
    /** What close() does with unsent data; on with 0 seconds makes close() reset the connection. */
    SO_LINGER,
    /** Size of the kernel's receive buffer. */
    SO_RCVBUF,
    /** Size of the kernel's send buffer. */
    SO_SNDBUF,
    /** The pending error of the socket (read only). */
    SO_ERROR;

    public int value(PlatformConstants c) {
        return switch (this) {
            case SO_REUSEADDR -> c.soReuseAddr();
            case SO_LINGER -> c.soLinger();
            case SO_RCVBUF -> c.soRcvBuf();
            case SO_SNDBUF -> c.soSndBuf();
            case SO_ERROR -> c.soError();
        };
    }
}
