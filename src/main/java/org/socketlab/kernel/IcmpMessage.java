package org.socketlab.kernel;

import java.util.Optional;

/**
 * An ICMP message a segment of the journal can be, by the name the journal writes in its {@code flags} (where a TCP
 * segment's flags go: {@code ["PORT_UNREACHABLE"]}). Messages without a name here are written
 * {@code TYPE_t_CODE_c}. The journal's format keeps that one list; the engine asks these.
 */
public enum IcmpMessage {
    /** Destination unreachable, port unreachable (ICMP 3/3, ICMPv6 1/4): nothing listens on the datagram's port. */
    PORT_UNREACHABLE,
    /**
     * Destination unreachable, host unreachable (ICMP 3/1, ICMPv6 1/3 "address unreachable"): the sender's own kernel
     * found no way to the host (ARP or neighbour discovery unanswered), and its connect() gets EHOSTUNREACH.
     */
    HOST_UNREACHABLE,
    /** Echo request (ICMP 8, ICMPv6 128): a ping. */
    ECHO_REQUEST,
    /** Echo reply (ICMP 0, ICMPv6 129): a ping's answer. */
    ECHO_REPLY;

    /** The journal's name for an ICMP (or ICMPv6, {@code v6}) message of that type and code. */
    public static String nameOf(boolean v6, int type, int code) {
        if (!v6 && type == 3 && code == 3 || v6 && type == 1 && code == 4) return PORT_UNREACHABLE.name();
        if (!v6 && type == 3 && code == 1 || v6 && type == 1 && code == 3) return HOST_UNREACHABLE.name();
        if (!v6 && type == 8 || v6 && type == 128) return ECHO_REQUEST.name();
        if (!v6 && type == 0 || v6 && type == 129) return ECHO_REPLY.name();
        return "TYPE_" + type + "_CODE_" + code;
    }

    /** The message a journal name is, if it is one of these (an unnamed {@code TYPE_t_CODE_c} is none). */
    public static Optional<IcmpMessage> named(String journalName) {
        for (IcmpMessage m : values()) if (m.name().equals(journalName)) return Optional.of(m);
        return Optional.empty();
    }
}
