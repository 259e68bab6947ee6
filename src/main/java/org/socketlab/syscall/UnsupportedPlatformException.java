package org.socketlab.syscall;

/** Thrown where a real call is asked for on an OS whose calls are not implemented yet. */
public final class UnsupportedPlatformException extends RuntimeException {
    private final Os os;

    public UnsupportedPlatformException(Os os) {
        super("Real socket calls are not implemented on " + os + " yet; SocketLab runs them on Linux.");
        this.os = os;
    }

    public Os os() {
        return os;
    }
}
