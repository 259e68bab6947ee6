package org.socketlab.syscall;

import java.util.Locale;

/** The operating systems SocketLab knows the socket tables of. */
public enum Os {
    /** Implemented and tested: every call is made for real through libc. */
    LINUX,
    /** Tables written from the headers and unit-tested as tables; calls not yet tested on a Mac. */
    MACOS,
    /** Tables written from the Winsock headers; the Winsock calls themselves are not implemented yet. */
    WINDOWS,
    /** Anything else: no tables. */
    OTHER;

    public static Os current() {
        return fromName(System.getProperty("os.name", ""));
    }

    static Os fromName(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.contains("linux")) return LINUX;
        if (name.contains("mac") || name.contains("darwin")) return MACOS;
        if (name.contains("windows")) return WINDOWS;
        return OTHER;
    }

    /** Whether real calls are made and tested on this OS. */
    public boolean supported() {
        return this == LINUX;
    }
}
