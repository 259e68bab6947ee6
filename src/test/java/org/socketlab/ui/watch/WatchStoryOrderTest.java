package org.socketlab.ui.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.Beat;
import org.socketlab.story.Lifeline;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.Await;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.ui.common.EventWindow;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * Issue 42 item 2: File → Watch a program… on the window's own lab (capture in the background, as the window makes
 * it), a real Python client under the real strace blocked in {@code recv()} until the lab's server sends to it. The
 * story the window draws (its {@link EventWindow}, a live session started as Reset all starts one) places the blocking receive at its
 * return, below the segment that carried its data, and never draws a deduced twin of a captured segment (no "Other
 * kernel", no dashed arrow).
 */
class WatchStoryOrderTest {
    private static final long LIMIT_MS = 120_000;
    private static final Messages EN = Messages.of(Lang.EN);

    @TempDir
    Path dir;
    private Lab lab;
    private WatchViewModel vm;
    /** The window's inbox: its workers on the caller's thread (no sleeps), drained here as the bridge's frame would. */
    private FxInbox inbox = new FxInbox((name, work) -> work.run());
    private Path python;

    @BeforeEach
    void setUp() {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        lab = Lab.capturingInBackground(Libc.forThisMachine());
        lab.awaitCapture(); // as the first call would
        CiRules.requireCapture(lab);
        vm = new WatchViewModel(lab, new Texts(Lang.EN), inbox);
    }

    @AfterEach
    void tearDown() {
        if (vm != null) vm.shutdownNow();
        if (lab != null) lab.close();
    }

    private static Payload.Call ok(CompletableFuture<Event> call) throws Exception {
        Payload.Call c = (Payload.Call) call.get(LIMIT_MS, TimeUnit.MILLISECONDS).payload();
        assertFalse(c.failed(), () -> c.call() + " failed: " + c.errnoName());
        return c;
    }

    @Test
    void aBlockingReceiveIsDrawnAtItsReturnBelowItsDataAndNoCapturedSegmentHasADeducedTwin() throws Exception {
        int port = LessonRunner.freePort();
        var server = lab.server();
        int listener = (int) ok(server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM))).result();
        ok(server.call(new Request.Bind(listener, SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET))));
        ok(server.call(new Request.Listen(listener, 5)));
        CompletableFuture<Event> accepted = server.call(new Request.Accept(listener));
        Path script = Files.writeString(dir.resolve("client.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"hola")
                print("waiting", flush=True)
                got = s.recv(1024)
                print("got", got, flush=True)
                s.close()
                """);
        // A new session starts here as after Reset all (ShellViewModel.cutSession): the capture's status restated.
        long sessionStart = lab.journal().size();
        lab.restateCapture();
        assertEquals(null, vm.start(List.of(python.toString(), script.toString(), String.valueOf(port)), dir));
        int connection = (int) ok(accepted).result();
        ok(server.call(new Request.Recv(connection, 4, Set.of())));
        // The program is asleep in its recv() (it said so, and its process sleeps in the kernel) before the server sends.
        deliverUntil(() -> vm.outputProperty().get().contains("waiting"));
        Await.until(Duration.ofMillis(LIMIT_MS), () -> sleepsInTheKernel(script),
                () -> "the program never slept in recv()");
        ok(server.call(new Request.Send(connection, "hola".getBytes(), Set.of())));
        deliverUntil(() -> vm.statusProperty().get() instanceof WatchViewModel.Status.Ended);
        ok(server.call(new Request.Close(connection)));
        ok(server.call(new Request.Close(listener)));
        // The last packets (the program's kernel answering the server's FIN) are captured after the program ended.
        Await.untilJournaled(lab.journal(), Duration.ofMillis(LIMIT_MS),
                () -> lab.journal().snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Segment s
                        && s.captured() && s.from().equals("server") && s.flags().contains("FIN"))
                        && lab.journal().snapshot().stream()
                                .anyMatch(e -> e.payload() instanceof Payload.Segment s && s.captured()
                                        && s.from().equals(TraceSession.PROGRAM) && s.flags().contains("FIN")),
                () -> "journaled: " + lab.journal().snapshot());

        EventWindow window = new EventWindow(EventWindow.DEFAULT_MAX_EVENTS);
        window.startsSessionAfter(sessionStart);
        window.add(lab.journal().snapshot().stream().filter(e -> e.seq() > sessionStart).toList());
        Story story = window.story();
        List<Beat> beats = story.beats();
        String told = describe(story);

        int data = index(beats, b -> b instanceof Beat.Segment s && s.captured() && s.segment().from().equals("server")
                && s.segment().to().equals(TraceSession.PROGRAM) && s.segment().len() == 4);
        int sendEntry = index(beats, b -> b instanceof Beat.Call c && c.endpoint().equals("server")
                && c.call().call().equals("send") && c.moment() != Beat.Moment.RETURN);
        int recvReturn = index(beats, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().startsWith("recv") && c.call().result() == 4 && c.moment() != Beat.Moment.ENTRY);
        int recvEntry = index(beats, b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && c.call().call().startsWith("recv") && c.call().result() == 4 && c.moment() != Beat.Moment.RETURN);
        assertTrue(recvEntry < sendEntry, "the program waits in recv() before the server sends:\n" + told);
        assertTrue(sendEntry < data && data < recvReturn,
                "send() enters, its data crosses the wire, then the waiting recv() returns with it:\n" + told);

        List<String> twins = beats.stream().filter(b -> b instanceof Beat.Segment s && !s.captured())
                .map(b -> "#" + b.event().seq()).toList();
        assertEquals(List.of(), twins, "no deduced twin of a captured segment:\n" + told);
        assertEquals(-1, story.column("external", Lifeline.Role.KERNEL), "no made-up other kernel:\n" + told);

        // trace's Markdown (and SVG) tell the same story of the same events: the data above the read's return, no twin.
        List<Event> session = lab.journal().snapshot().stream().filter(e -> e.seq() > sessionStart).toList();
        List<String> markdown = MarkdownTranscript.render(session, Lang.EN, null, SocketIdentities.sessionStart())
                .lines()
                .toList();
        // The Markdown numbers the story's moments as the window does (Story.number): the data's and the read's numbers.
        long dataNumber = story.number(data), recvNumber = story.number(recvReturn);
        int dataLine = markdown.indexOf(markdown.stream().filter(l -> l.startsWith("- #" + dataNumber + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the data's line:\n" + String.join("\n", markdown))));
        int recvLine = markdown.indexOf(markdown.stream().filter(l -> l.startsWith("- #" + recvNumber + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the read's return:\n" + String.join("\n", markdown))));
        assertTrue(dataLine < recvLine, "the Markdown's read returns below its data:\n" + String.join("\n", markdown));
        long segmentLines = markdown.stream().filter(l -> l.startsWith("- #") && l.contains(" → ")).count();
        assertEquals(beats.stream().filter(b -> b instanceof Beat.Segment).count(), segmentLines,
                () -> "the story's segments and no deduced twin in the Markdown:\n" + String.join("\n", markdown));
    }

    /** Whether the watched script's process sleeps in the kernel now (state S in /proc/PID/stat). */
    private static boolean sleepsInTheKernel(Path script) {
        return ProcessHandle.current().descendants().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains(script.toString()) && !p.info().command().orElse("").endsWith("strace"))
                .orElse(false)).anyMatch(p -> {
                    try {
                        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("S");
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private void deliverUntil(BooleanSupplier done) {
        Await.until(Duration.ofMillis(LIMIT_MS), () -> {
            inbox.drain();
            return done.getAsBoolean();
        }, () -> "status " + vm.statusProperty().get() + ", output: " + vm.outputProperty().get());
    }

    private static int index(List<Beat> beats, Predicate<Beat> wanted) {
        for (int i = 0; i < beats.size(); i++) if (wanted.test(beats.get(i))) return i;
        throw new AssertionError("not in the story");
    }

    static String describe(Story story) {
        return story.beats().stream().map(b -> "#" + b.event().seq() + " " + b.atNs() + " " + b.endpoint() + " "
                + switch (b) {
                    case Beat.Call c -> c.moment() + " " + StoryText.call(c);
                    case Beat.Segment s -> s.segment().from() + ">" + s.segment().to() + " "
                            + StoryText.segment(s, EN) + (s.captured() ? "" : " (deduced)");
                    case Beat.State s -> StoryText.state(s.state(), EN);
                    default -> b.event().type();
                }).collect(Collectors.joining("\n"));
    }
}
