package org.socketlab.syscall;

/** The third argument of socket(): 0 lets the kernel pick the type's usual protocol; a raw socket names its own. */
public enum Protocol {
    /** 0: TCP for a stream, UDP for a datagram socket. */
    DEFAULT,
    /** ICMP, for SOCK_RAW (what ping uses). */
    IPPROTO_ICMP;

    public int value(PlatformConstants c) {
        return this == DEFAULT ? 0 : c.ipprotoIcmp();
    }

    /** As strace writes it: {@code 0} or {@code IPPROTO_ICMP}. */
    public String text() {
        return this == DEFAULT ? "0" : name();
    }
}
