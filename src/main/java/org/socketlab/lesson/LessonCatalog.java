package org.socketlab.lesson;

import java.util.List;

/** The lessons shipped with the program, in teaching order. */
public final class LessonCatalog {
    /** Ids of the lesson files under {@value LessonLoader#RESOURCE_DIR}. */
    public static final List<String> IDS = List.of(
            "tcp-basics", "udp-basics", "connection-refused", "address-in-use", "tcp-stream-coalescing",
            "time-wait", "backlog-full", "half-close", "reset-on-unread-close", "abortive-close", "flow-control",
            "udp-boundaries", "udp-truncation", "udp-port-unreachable", "nonblocking", "multiple-clients", "ipv6-basics", "unix-domain",
            // issue 12: the calls the course notes name (read, write, socketpair, poll, flags, SOCK_SEQPACKET, SOCK_RAW)
            "read-write", "raw-socket", "seqpacket", "write-to-closed-peer", "partial-io", "poll-multiplexing",
            // Socket options, addresses and scenarios (issue 12, part B).
            "iterative-server", "udp-request-reply", "shut-rd", "reuseport", "keepalive", "nagle", "inaddr-any", "ipv6-v6only",
            // The last two of issue 12: a port below 1024, and both ends closing at once (CLOSING).
            "privileged-port", "simultaneous-close");

    private LessonCatalog() {
    }

    /** Loaded once: the window's menu asks for them on the FX thread, the program loads them beforehand. */
    private static volatile List<Lesson> loaded;

    /** Every shipped lesson, loaded and checked (once; lessons are immutable). */
    public static List<Lesson> all() {
        List<Lesson> lessons = loaded;
        if (lessons == null) loaded = lessons = IDS.stream().map(LessonLoader::load).toList();
        return lessons;
    }
}
