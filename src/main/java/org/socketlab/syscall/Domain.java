package org.socketlab.syscall;

/** The address families a socket can be made in. */
public enum Domain {
    /** IPv4 (Internet, version 4). */
    AF_INET,
    /** IPv6. */
    AF_INET6,
    /** Local to this machine: a path in the file system (or Linux's abstract namespace). */
    AF_UNIX;

    public int value(PlatformConstants c) {
        return switch (this) {
            case AF_INET -> c.afInet();
            case AF_INET6 -> c.afInet6();
            case AF_UNIX -> c.afUnix();
        };
    }
}
