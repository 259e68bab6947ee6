package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;

/**
 * A traced program's story obeys causes before effects, as the lab's own does (issue 26 §5): a real Python client
 * under strace against the lab's real server with the wire captured. Its connect() returns below its SYN and the
 * SYN-ACK; its socket's states follow the captured segments (no FIN_WAIT_1 told after the captured ACK of its FIN);
 * and no inferred segment is told for its connection, whose segments are captured (no invented "Server → Other
 * kernel FIN" when the lab's server closes afterwards).
 */
class TracedStoryTest {
    private static final long LIMIT_MS = 180_000;
    private static final Messages EN = Messages.of(Lang.EN);
    private static Strace strace;

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void findStrace() {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        strace = Strace.find();
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) c.close();
    }

    @Test
    void aTracedClientsCallsStatesAndSegmentsArePlacedAsTheLabsOwn() throws Exception {
        Path python = Path.of(new ProcessBuilder("sh", "-c", "command -v python3").start().inputReader().readLine());
        Journal journal = new Journal();
        Lab lab = Lab.onThisMachine(journal);
        toClose.add(lab);
        CiRules.requireCapture(lab);
        var server = lab.server();
        int fd = (int) ((Payload.Call) server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get()
                .payload()).result();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server.call(new Request.Bind(fd, new SockAddr.Inet4(new byte[]{127, 0, 0, 1}, port))).get();
        server.call(new Request.Listen(fd, 5)).get();
        var accepted = server.call(new Request.Accept(fd));
        // It ends right after its close(): the ACK of its FIN and everything after it come once it has exited.
        Path script = Files.writeString(dir.resolve("student.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"hi lab")
                s.close()
                """);
        TraceSession session = TraceSession.start(Libc.forThisMachine(), strace,
                List.of(python.toString(), script.toString(), String.valueOf(port)), dir, journal, lab, line -> {
                });
        toClose.add(session);
        int connection = (int) ((Payload.Call) accepted.get(LIMIT_MS, TimeUnit.MILLISECONDS).payload()).result();
        server.call(new Request.Recv(connection, 100)).get(LIMIT_MS, TimeUnit.MILLISECONDS);
        assertEquals(0, session.waitFor(LIMIT_MS).orElseThrow());
        // Past the (delayed) ACK of its FIN, captured: the server's FIN is then a segment of its own.
        awaitAfter(journal, segmentFrom(TraceSession.PROGRAM, "FIN"), segmentFrom("server", null));
        // ...and the kernel seen in FIN_WAIT_2 (sampled every 50 ms): the server's FIN would otherwise take it straight on.
        awaitEvent(journal, e -> e.endpoint().equals(TraceSession.PROGRAM) && e.payload() instanceof Payload.State s
                && s.to().equals("FIN_WAIT_2"));
        server.call(new Request.Close(connection)).get();
        server.call(new Request.Close(fd)).get();
        // The program has ended; its connection lives on in its kernel and is still followed: FIN_WAIT_2, TIME_WAIT.
        awaitEvent(journal, e -> e.endpoint().equals(TraceSession.PROGRAM) && e.payload() instanceof Payload.State s
                && s.to().equals("TIME_WAIT"));
        // The capture delivers the last packet, the program's ACK of the server's FIN, a moment after the kernel's state.
        awaitAfter(journal, segmentFrom("server", "FIN"), segmentFrom(TraceSession.PROGRAM, null));
        Story story = Story.of(journal.snapshot());
        List<Beat> beats = story.beats();
        String told = describe(story);

        // The program's own TCP socket: before it, the C library may try its name service daemon over AF_UNIX
        // (socket, connect = -1 ENOENT, close on fd 3, in every process it starts: seen on CI), calls of the same names.
        int inet = index(beats, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().equals("socket") && "AF_INET".equals(c.call().args().get("domain")));
        // Causes before effects: connect enters above its SYN and returns below the SYN-ACK.
        int entry = index(beats, inet, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().equals("connect") && c.moment() != Beat.Moment.RETURN);
        int ret = index(beats, inet, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().equals("connect") && c.moment() != Beat.Moment.ENTRY);
        int syn = index(beats, b -> b instanceof Beat.Segment s && s.segment().flags().equals(List.of("SYN"))
                && s.segment().from().equals(TraceSession.PROGRAM));
        int synAck = index(beats, b -> b instanceof Beat.Segment s && s.segment().flags().contains("SYN")
                && s.segment().flags().contains("ACK") && s.segment().to().equals(TraceSession.PROGRAM));
        assertTrue(entry < syn && syn < synAck && synAck < ret,
                "connect enters, SYN, SYN-ACK, connect returns:\n" + told);
        // Its data leaves inside sendto(), its FIN inside close(): each returns below its own segment.
        int sendReturn = index(beats, inet, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().equals("sendto") && c.moment() != Beat.Moment.ENTRY);
        int data = index(beats, b -> b instanceof Beat.Segment s && s.segment().len() == 6
                && s.segment().from().equals(TraceSession.PROGRAM));
        int closeReturn = index(beats, inet, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().equals("close") && c.moment() != Beat.Moment.ENTRY);
        int ownFin = index(beats, b -> b instanceof Beat.Segment s && s.segment().flags().contains("FIN")
                && s.segment().from().equals(TraceSession.PROGRAM));
        assertTrue(data < sendReturn && ownFin < closeReturn,
                "sendto returns below its data, close below its FIN:\n" + told);

        // States follow the captured segments: FIN_WAIT_1 at its FIN, FIN_WAIT_2 once its FIN is acknowledged, with
        // the FIN gone from its send queue; TIME_WAIT at the server's FIN.
        int fin = index(beats, b -> b instanceof Beat.Segment s && s.segment().flags().contains("FIN")
                && s.segment().from().equals(TraceSession.PROGRAM));
        int finAcked = index(beats, b -> b instanceof Beat.Segment s && s.segment().from().equals("server")
                && s.segment().to().equals(TraceSession.PROGRAM) && s.relAck() != null && s.relAck() == 8);
        int serverFin = index(beats, b -> b instanceof Beat.Segment s && s.segment().flags().contains("FIN")
                && s.segment().from().equals("server"));
        int finWait2 = index(beats, b -> b instanceof Beat.State s && s.endpoint().equals(TraceSession.PROGRAM)
                && s.state().to().equals("FIN_WAIT_2"));
        int timeWait = index(beats, b -> b instanceof Beat.State s && s.endpoint().equals(TraceSession.PROGRAM)
                && s.state().to().equals("TIME_WAIT"));
        assertTrue(fin < finAcked && finAcked < finWait2 && finWait2 < serverFin && serverFin < timeWait,
                "FIN, its ACK, FIN_WAIT_2, the server's FIN, TIME_WAIT:\n" + told);
        lastQueueReadEmpty(beats, told);

        // No inferred segment for a connection whose segments are captured (the lab deduced the server's FIN to an
        // kernel with no lab socket: a twin, hidden).
        assertEquals(List.of(), beats.stream().filter(b -> b instanceof Beat.Segment s && !s.captured())
                .map(b -> "#" + b.event().seq()).toList(), told);
    }

    /**
     * The sampler reads the program's socket once strace's line names it: on a busy machine that line came more than
     * 70 ms late, after the delayed ACK of the FIN, and no queue was ever read non-empty, so none is told. Whatever was
     * read and told, the last reading is the queue emptied: its FIN left the send queue once acknowledged.
     */
    private static void lastQueueReadEmpty(List<Beat> beats, String told) {
        List<Beat.Queue> queues = beats.stream().filter(b -> b instanceof Beat.Queue q
                && q.endpoint().equals(TraceSession.PROGRAM)).map(b -> (Beat.Queue) b).toList();
        if (!queues.isEmpty())
            assertEquals(0, queues.getLast().queue().sendQ(),
                    "its FIN left the send queue once acknowledged:\n" + told);
    }

    private static int index(List<Beat> beats, Predicate<Beat> wanted) {
        return index(beats, 0, wanted);
    }

    private static int index(List<Beat> beats, int from, Predicate<Beat> wanted) {
        for (int i = from; i < beats.size(); i++) if (wanted.test(beats.get(i))) return i;
        throw new AssertionError("not in the story");
    }

    /** A captured segment from {@code endpoint}: with the {@code flag}, or a pure ACK when {@code flag} is null. */
    private static Predicate<Event> segmentFrom(String endpoint, String flag) {
        return e -> e.payload() instanceof Payload.Segment s && s.origin().equals(Payload.Segment.CAPTURED)
                && s.from().equals(endpoint)
                && (flag == null ? s.flags().equals(List.of("ACK")) && s.len() == 0 : s.flags().contains(flag));
    }

    /** Waits until an event {@code then} is journaled after the first event {@code first}. */
    private static void awaitAfter(Journal journal, Predicate<Event> first, Predicate<Event> then) {
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS), () -> {
            List<Event> events = journal.snapshot();
            int at = -1;
            for (int i = 0; i < events.size() && at < 0; i++) if (first.test(events.get(i))) at = i;
            return at >= 0 && events.subList(at + 1, events.size()).stream().anyMatch(then);
        }, () -> "journaled: " + journal.snapshot());
    }

    private static void awaitEvent(Journal journal, Predicate<Event> wanted) {
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS), () -> journal.snapshot().stream().anyMatch(wanted),
                () -> "journaled: " + journal.snapshot());
    }

    static String describe(Story story) {
        return story.beats().stream().map(b -> "#" + b.event().seq() + " " + b.atNs() + " " + b.endpoint() + " "
                + switch (b) {
                    case Beat.Call c -> c.moment() + " " + StoryText.call(c);
                    case Beat.Segment s -> s.segment().from() + ">" + s.segment().to() + " " + StoryText.segment(s, EN);
                    case Beat.State s -> StoryText.state(s.state(), EN);
                    case Beat.Queue q -> StoryText.queue(q.queue(), q.listener(), q.formerFd(), EN);
                    default -> b.event().type();
                }).collect(Collectors.joining("\n"));
    }
}
