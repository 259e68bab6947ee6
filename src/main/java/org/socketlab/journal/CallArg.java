package org.socketlab.journal;

import org.jspecify.annotations.Nullable;

/**
 * The keys of a call's {@code args} ({@link CallEvents.Call#args()}), by their names in the journal: the one table the
 * lab and the tracer write with and every reader reads with ({@link CallEvents.Call#arg}), so no key is spelled twice
 * (NameLiteralsTest). The values are text as the journal holds it: an address {@code 127.0.0.1:5000}, flags
 * {@code MSG_PEEK|MSG_DONTWAIT}, a set {@code [3, 4]}.
 */
public enum CallArg {
    // socket(), socketpair()
    DOMAIN("domain"), TYPE("type"), PROTOCOL("protocol"), SV("sv"),
    // an address: bind's, connect's and sendto's; getsockname's and getpeername's answer
    ADDR("addr"),
    /** accept's: whom the new connection is with. */
    PEER("peer"),
    /**
     * accept's, when the program passed an addrlen shorter than the address: the bytes the kernel wrote
     * ({@code 02 00 9a 5e}), not an address.
     */
    PEER_BYTES("peer_bytes"),
    /** accept's addrlen when the program gave it, as strace writes it: {@code [4 => 16]} (in, out), {@code [16]}. */
    ADDRLEN("addrlen"),
    /** recvfrom's: whom the datagram came from. */
    FROM("from"), BACKLOG("backlog"), PATH("path"),
    // send, recv and their kin
    LEN("len"), FLAGS("flags"),
    // shutdown, socket options, fcntl
    HOW("how"), LEVEL("level"), OPTION("option"), VALUE("value"), CMD("cmd"), ARG("arg"),
    // poll and select: what was asked, what came back ready, the time left
    FDS("fds"), NFDS("nfds"), READFDS("readfds"), WRITEFDS("writefds"), EXCEPTFDS("exceptfds"), TIMEOUT(
            "timeout"), REVENTS("revents"), READY("ready"), LEFT("left"),
    // epoll
    EPFD("epfd"), OP("op"), EVENT("event"), EVENTS("events"),
    // getaddrinfo: the asked name and service, the hints, the answers, the error
    NODE("node"), SERVICE("service"), HINTS("hints"), RES("res"), ERROR("error"),
    // the process calls: sigaction, waitpid
    SIGNUM("signum"), HANDLER("handler"), SA_FLAGS("sa_flags"), PID("pid"), OPTIONS("options"), WSTATUS("wstatus"),
    // sigprocmask(): the set, and what a SIGCHLD handler did as the call returned (its runs, the children it reaped)
    SET("set"), HANDLER_RUNS("handler_runs"), REAPED("reaped"),
    /** Why the lab made a call of its own (its housekeeping, not the student's): present only then. */
    REASON("reason");

    /** The key's name in the journal. */
    public final String key;

    CallArg(String key) {
        this.key = key;
    }

    /** The key named {@code key}; null for one this table does not hold (a traced call's own argument names). */
    public static @Nullable CallArg named(String key) {
        for (CallArg a : values())
            if (a.key.equals(key)) return a;
        return null;
    }
}
