package org.socketlab.lesson;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The lessons shipped with the program, in teaching order, grouped by topic (the window's Lessons menu has one submenu a
 * topic). The ids are constants; the parsed lessons are an instance's, made by the composition root and passed on.
 */
public final class LessonCatalog {
    /** A group of lessons, with the message key of its title. */
    public record Topic(String id, String titleKey, List<String> lessons) {
    }

    public static final List<Topic> TOPICS = List.of(
            new Topic("firstSteps", "lesson.topic.firstSteps",
                    List.of("tcp-basics", "udp-basics", "read-write", "udp-request-reply", "rust-std-net",
                            "iterative-server",
                            "multiple-clients", "two-machines")),
            new Topic("errors", "lesson.topic.errors",
                    List.of("connection-refused", "byte-order", "addrlen", "address-in-use", "udp-port-unreachable",
                            "write-to-closed-peer",
                            "raw-socket", "privileged-port")),
            new Topic("closing", "lesson.topic.closing",
                    List.of("half-close", "shut-rd", "time-wait", "simultaneous-close", "reset-on-unread-close",
                            "abortive-close", "reset-before-accept", "process-killed", "peer-reboot", "sigpipe")),
            new Topic("data", "lesson.topic.data",
                    List.of("tcp-stream-coalescing", "tcp-framing", "line-framing", "mss-segmentation",
                            "udp-boundaries",
                            "udp-truncation", "udp-overflow",
                            "flow-control", "bottleneck", "nagle")),
            new Topic("waiting", "lesson.topic.waiting",
                    List.of("blocking-accept", "nonblocking", "partial-io", "poll-multiplexing", "select",
                            "timeouts", "concurrent-server", "fork-server", "eintr", "sigchld-loop",
                            "backlog-full", "backlog-across-systems")),
            new Topic("options", "lesson.topic.options",
                    List.of("reuseport", "keepalive", "inaddr-any", "bind-address", "ipv6-basics", "ipv6-v6only",
                            "getaddrinfo",
                            "unix-domain",
                            "seqpacket")),
            new Topic("link", "lesson.topic.link",
                    List.of("round-trip", "bytes-in-flight", "slow-start", "reordering", "udp-jitter",
                            "loss-burst")),
            new Topic("loss", "lesson.topic.loss",
                    List.of("lost-segment", "fast-retransmit", "lost-syn", "lost-fin", "order-after-loss", "udp-loss",
                            "udp-ack")));

    /** Ids of the lesson files under {@value LessonLoader#RESOURCE_DIR}, topic after topic. */
    public static final List<String> IDS = TOPICS.stream().flatMap(t -> t.lessons().stream()).toList();

    /**
     * The lessons that lose packets on purpose (a {@code network} step): they run only in a private lab network, where
     * the lab's drop rules apply; on this computer's own network they are refused before any call.
     */
    public static final List<String> LAB_NETWORK_IDS = TOPICS.stream().filter(t -> t.id().equals("loss"))
            .flatMap(t -> t.lessons().stream()).toList();

    /**
     * The lessons that declare two machines ({@code "hosts"}, issue 40): they run only where the lab network can make
     * its second host; elsewhere they are refused in one line that says why, before any call.
     */
    public static final List<String> TWO_HOST_IDS = List.of("bottleneck", "bind-address", "peer-reboot", "round-trip",
            "reordering", "udp-jitter", "loss-burst", "bytes-in-flight", "slow-start");

    /** The lessons that run on this computer's own network too: every one but those of the lab network's. */
    public static final List<String> HOST_IDS = IDS.stream()
            .filter(id -> !LAB_NETWORK_IDS.contains(id) && !TWO_HOST_IDS.contains(id)).toList();

    /**
     * Each lesson parsed once, on first use, by its index in {@link #IDS}: the window reads a topic's lessons when its
     * submenu first opens, so the idle window holds none of them (2.6 MB of JSON, 1.4 MB of it payloads such as
     * {@code bytes-in-flight}'s 100,000 bytes, issue 62); {@link #all()} fills every slot.
     */
    private final AtomicReferenceArray<@Nullable Lesson> loaded = new AtomicReferenceArray<>(IDS.size());

    /** The lessons of {@code topic}, in its order (each parsed on its first use). */
    public List<Lesson> of(Topic topic) {
        return topic.lessons().stream().map(id -> lesson(IDS.indexOf(id))).toList();
    }

    /** Every shipped lesson, loaded and checked (once; lessons are immutable). */
    public List<Lesson> all() {
        return IntStream.range(0, IDS.size()).mapToObj(this::lesson).toList();
    }

    private Lesson lesson(int index) {
        Lesson lesson = loaded.get(index);
        if (lesson != null) return lesson;
        Lesson parsed = LessonLoader.load(IDS.get(index));
        // Two threads may parse the same file at once: the first one stored wins, so every caller sees one instance.
        return loaded.compareAndExchange(index, null, parsed) instanceof Lesson earlier ? earlier : parsed;
    }
}
