package org.socketlab.lab;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a journal event says. The JSON {@code type} of each kind is given by {@link #type()}. */
public sealed interface Payload {

    String type();

    /**
     * One real system call and what the kernel answered.
     *
     * @param fd        the socket it acted on; null for {@code socket()}
     * @param args      human-readable argument values in call order ({@code "AF_INET"}, {@code "127.0.0.1:5000"})
     * @param result    what the call returned: new fd, byte count, 0 or -1
     * @param errno     the errno captured at the call, null when it succeeded
     * @param data      the bytes sent or received by payload calls, else null
     * @param blockedNs time spent waiting before the call could complete
     */
    record Call(String call, Integer fd, Map<String, String> args, long result, Integer errno, String errnoName,
                byte[] data, long blockedNs) implements Payload {
        public Call {
            args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
            data = data == null ? null : data.clone();
        }
        @Override public byte[] data() { return data == null ? null : data.clone(); }
        @Override public String type() { return "call"; }
        public boolean failed() { return result == -1; }
        @Override public boolean equals(Object o) {
            return o instanceof Call c && c.call.equals(call) && Objects.equals(c.fd, fd) && c.args.equals(args)
                    && c.result == result && Objects.equals(c.errno, errno) && Objects.equals(c.errnoName, errnoName)
                    && Arrays.equals(c.data, data) && c.blockedNs == blockedNs;
        }
        @Override public int hashCode() { return Objects.hash(call, fd, args, result, errno) * 31 + Arrays.hashCode(data); }
    }

    /** A blocking call is waiting: nothing has been returned yet. Closed by the {@link Call} or a {@link Cancelled}. */
    record Blocked(String call, int fd) implements Payload {
        @Override public String type() { return "blocked"; }
    }

    /** A waiting call was given up (the endpoint was reset) before it was made; {@code waitedNs} is how long it waited. */
    record Cancelled(String call, int fd, long waitedNs) implements Payload {
        @Override public String type() { return "cancelled"; }
    }

    /**
     * The kernel's state of a socket changed ({@code source}: tcp_info, sock_diag, unix_diag, getsockname). TCP uses the
     * RFC 9293 names; UDP uses UNBOUND, BOUND and CONNECTED; AF_UNIX uses the names the kernel keeps for it (LISTEN,
     * ESTABLISHED, CLOSED). {@code timeWaitMs} is the time the kernel still keeps a connection that has just entered
     * TIME_WAIT, else null. The fd may already be closed: the connection outlives it, and a new socket may have taken
     * the number; {@code inode} (the kernel's socket inode, as in {@code /proc/self/fd} and {@code ss -e}) names the
     * socket for good. Null in journals written before it existed.
     */
    record State(int fd, String from, String to, String source, Long timeWaitMs, Long inode) implements Payload {
        public State(int fd, String from, String to, String source, Long timeWaitMs) { this(fd, from, to, source, timeWaitMs, null); }
        public State(int fd, String from, String to, String source) { this(fd, from, to, source, null, null); }
        @Override public String type() { return "state"; }
    }

    /**
     * Bytes waiting in a socket's queues; for a listener, {@code recvQ} is the accept-queue length. {@code inode} as in
     * {@link State}.
     */
    record Queue(int fd, long recvQ, long sendQ, Long inode) implements Payload {
        public Queue(int fd, long recvQ, long sendQ) { this(fd, recvQ, sendQ, null); }
        @Override public String type() { return "queue"; }
    }

    /**
     * A segment between two endpoints, either seen on the wire ({@code captured}) or deduced ({@code inferred}).
     * Captured TCP segments carry the real 32-bit {@code seqNo} and {@code ackNo} (the latter only with ACK) and the
     * unscaled {@code window} field; inferred ones leave them null. A captured segment also carries the addresses it
     * had on the wire ({@code src}, {@code dst}: {@code 127.0.0.1:40112}; for ICMP the hosts with port 0), the exact
     * 4-tuple that made it the lab's; inferred ones leave them null.
     */
    record Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                   String origin, Integer window, String src, String dst) implements Payload {
        public Segment { flags = List.copyOf(flags); }
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len,
                       String origin, Integer window) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, null, null);
        }
        public Segment(String from, String to, String proto, List<String> flags, Long seqNo, Long ackNo, int len, String origin) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, null, null, null);
        }
        @Override public String type() { return "segment"; }
    }

    /**
     * Capture of the wire: {@code started}, {@code stopped} or {@code unavailable}, with a one-line reason
     * ("tcpdump not installed"). Without capture only inferred segments are journaled.
     */
    record Capture(String status, String reason) implements Payload {
        public static final String STARTED = "started", STOPPED = "stopped", UNAVAILABLE = "unavailable";
        @Override public String type() { return "capture"; }
    }

    /** Lesson narration, per language code. */
    record Note(Map<String, String> text) implements Payload {
        public Note { text = Map.copyOf(text); }
        @Override public String type() { return "note"; }
    }
}
