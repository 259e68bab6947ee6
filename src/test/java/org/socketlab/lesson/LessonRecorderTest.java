package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * Lessons -> Save session as lesson...: calls made by hand on a real lab (as the window's buttons make them) become a
 * lesson file that the loader and the schema accept and that runs green on another real lab.
 */
class LessonRecorderTest {
    private static final LocalDateTime WHEN = LocalDateTime.of(2026, 11, 22, 17, 30);

    @Test
    void aRecordedSessionRunsGreenAgain() throws Exception {
        String json;
        try (Lab lab = Lab.onThisMachine()) {
            json = LessonRecorder.record(byHand(lab), WHEN);
        }
        // The file a teacher would open: loader, schema, and what it says.
        Lesson lesson = LessonLoader.parse("recorded.json", json);
        assertEquals(List.of(), LessonSchemaTest.problems(json));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals("recorded-20261122-1730", root.get("id").asText());
        assertTrue(root.get("recorded").asBoolean());
        assertEquals("Session recorded on 2026-11-22 17:30", lesson.title().en());
        assertEquals("Sesión grabada el 2026-11-22 17:30", lesson.title().es());
        List<String> labels = lesson.steps().stream().map(Step::label).toList();
        // The finish of the blocked accept comes just before the server's next step, never before the connect that woke it.
        assertEquals(List.of("client socket", "client connect", "client getsockname", "client close",
                "server socket", "server setsockopt", "server bind", "server listen", "server accept",
                "client socket", "client connect", "client send", "server finish accept", "server recv", "client close",
                "server recv", "server close", "server close"), labels);
        assertTrue(lesson.steps().stream().allMatch(s -> s.narration().es().isEmpty() && s.narration().en().isEmpty()),
                "narration is left to be written");
        Step refused = lesson.steps().get(1);
        assertEquals("-1 ECONNREFUSED", refused.expect().resultText());
        assertEquals("127.0.0.1:{port}", refused.address(), "the session's port is the run's port");
        Step accept = lesson.steps().get(8);
        assertEquals(Step.Kind.START, accept.kind());
        assertTrue(accept.expect().blocked());
        assertEquals("listener", lesson.steps().get(7).socket());
        assertEquals(TcpState.LISTEN, lesson.steps().get(7).expect().states().get("listener"));
        Step recv = lesson.steps().get(13);
        assertEquals("hola", recv.expect().data());
        assertEquals("conn", recv.socket());
        assertEquals(TcpState.FIN_WAIT_2, lesson.steps().get(14).expect().states().get("sock2"));
        assertEquals("0", lesson.steps().get(15).expect().resultText());

        // Running it again reproduces the session, on any free port.
        try (Lab again = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner(Duration.ofSeconds(20), Duration.ofSeconds(10)).run(lesson, again);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)) + "\n" + json);
        }
    }

    /** What a student does with the buttons, waiting as a person does for what the window shows. */
    private static List<Event> byHand(Lab lab) throws Exception {
        Endpoint server = lab.server(), client = lab.client();
        int port = LessonRunner.freePort();
        long start = lab.journal().size();
        // Connecting before anyone listens: refused.
        int early = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        Payload.Call refused = call(client, new Request.Connect(early, v4(port)));
        assertEquals("ECONNREFUSED", refused.errnoName());
        call(client, new Request.GetSockName(early));
        call(client, new Request.Close(early));
        int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        call(server, new Request.SetSockOpt(listener, SocketOption.SO_REUSEADDR, 1));
        call(server, new Request.Bind(listener, v4(port)));
        call(server, new Request.Listen(listener, 5));
        await(lab, e -> e.payload() instanceof Payload.State s && s.fd() == listener && s.to().equals("LISTEN"));
        // accept() before anyone connects: it blocks until the client below connects.
        CompletableFuture<Event> accepting = server.call(new Request.Accept(listener));
        await(lab, e -> e.payload() instanceof Payload.Blocked b && b.call().equals("accept"));
        int sock = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        call(client, new Request.Connect(sock, v4(port)));
        int conn = (int) ((Payload.Call) accepting.get(10, TimeUnit.SECONDS).payload()).result();
        call(client, new Request.Send(sock, "hola".getBytes(StandardCharsets.UTF_8)));
        await(lab, e -> e.payload() instanceof Payload.Queue q && e.endpoint().equals("server") && q.fd() == conn
                && q.recvQ() == 4);
        call(server, new Request.Recv(conn, 1024));
        call(client, new Request.Close(sock));
        await(lab, e -> e.payload() instanceof Payload.State s && e.endpoint().equals("client") && s.fd() == sock
                && s.to().equals("FIN_WAIT_2"));
        call(server, new Request.Recv(conn, 1024));
        call(server, new Request.Close(conn));
        call(server, new Request.Close(listener));
        return new ArrayList<>(lab.journal().after(start));
    }

    /** Datagrams, a non-blocking socket's EAGAIN, options and shutdown: each call's arguments come back as they were made. */
    @Test
    void datagramsOptionsAndNonBlockingCallsAreRecordedAsMade() throws Exception {
        String json;
        try (Lab lab = Lab.onThisMachine()) {
            long start = lab.journal().size();
            Endpoint server = lab.server(), client = lab.client();
            int port = LessonRunner.freePort();
            int rx = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            call(server, new Request.Bind(rx, v4(port)));
            int tx = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            call(client, new Request.SendTo(tx, "hi".getBytes(StandardCharsets.UTF_8), v4(port)));
            call(server, new Request.RecvFrom(rx, 100));
            call(server, new Request.SetNonBlocking(rx, true));
            assertEquals("EAGAIN", call(server, new Request.RecvFrom(rx, 100)).errnoName());
            int tcp = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(client, new Request.SetSockOpt(tcp, SocketOption.SO_LINGER, 0));
            call(client, new Request.GetSockOpt(tcp, SocketOption.SO_RCVBUF));
            assertEquals("ENOTCONN",
                    call(client, new Request.Shutdown(tcp, ShutdownHow.SHUT_WR)).errnoName());
            call(client, new Request.Close(tcp));
            call(client, new Request.Close(tx));
            call(server, new Request.Close(rx));
            json = LessonRecorder.record(lab.journal().after(start), WHEN);
        }
        Lesson lesson = LessonLoader.parse("recorded.json", json);
        assertEquals(List.of(), LessonSchemaTest.problems(json));
        List<Step> steps = lesson.steps();
        assertEquals("dgram", steps.get(0).as());
        assertEquals("127.0.0.1:{port}", steps.get(3).address());
        assertEquals("hi", steps.get(3).data());
        assertEquals("hi", steps.get(4).expect().data());
        assertEquals(Boolean.TRUE, steps.get(5).nonBlocking());
        assertEquals("-1 EAGAIN", steps.get(6).expect().resultText());
        assertEquals(0, steps.get(8).value(), "SO_LINGER {1, 0} is written as 0");
        assertEquals(SocketOption.SO_RCVBUF, steps.get(9).option());
        assertEquals("-1 ENOTCONN", steps.get(10).expect().resultText());
        try (Lab again = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner(Duration.ofSeconds(20), Duration.ofSeconds(10)).run(lesson, again);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)) + "\n" + json);
        }
    }

    @Test
    void whatALessonCannotSayIsRefusedNamingTheCall() throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            long start = lab.journal().size();
            Endpoint client = lab.client(), server = lab.server();
            int port = LessonRunner.freePort();
            int rx = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            call(server, new Request.Bind(rx, v4(port)));
            int tx = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_DGRAM)).result();
            call(client, new Request.SendTo(tx, new byte[]{(byte) 0xff, 0x00, (byte) 0xfe}, v4(port)));
            List<Event> session = lab.journal().after(start);
            LocalizedException e = assertThrows(LocalizedException.class, () -> LessonRecorder.record(session, WHEN));
            String en = Messages.of(Lang.EN).text(e);
            assertTrue(en.startsWith("The session cannot be saved as a lesson: client sendto (event "), en);
            assertTrue(en.endsWith("the bytes it sent are not UTF-8 text, and a lesson file sends text."), en);
            assertTrue(Messages.of(Lang.ES).text(e)
                    .startsWith("La sesión no se puede guardar como lección: client sendto"));
        }
        assertEquals("This session has no calls to record yet: make some calls with the buttons first.",
                Messages.of(Lang.EN)
                        .text(assertThrows(LocalizedException.class, () -> LessonRecorder.record(List.of(), WHEN))));
    }

    @Test
    void aUnixPathInTheLabsFolderIsRecordedAsANameAndRunsAgain() throws Exception {
        String json;
        try (Lab lab = Lab.withoutCapture()) {
            int l = (int) call(lab.server(), new Request.Socket(Domain.AF_UNIX, SockType.SOCK_STREAM)).result();
            call(lab.server(), new Request.Bind(l, SockAddr.parse("rec.sock", Domain.AF_UNIX)));
            call(lab.server(), new Request.Listen(l, 1));
            int c = (int) call(lab.client(), new Request.Socket(Domain.AF_UNIX, SockType.SOCK_STREAM)).result();
            call(lab.client(), new Request.Connect(c, SockAddr.parse("rec.sock", Domain.AF_UNIX)));
            json = LessonRecorder.record(lab.journal().snapshot(), WHEN, lab.unixFolder().orElseThrow());
        }
        Lesson lesson = LessonLoader.parse("recorded.json", json);
        assertEquals("rec.sock", lesson.steps().get(1).address(), json);
        assertEquals("rec.sock", lesson.steps().get(4).address(), json);
        try (Lab again = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(lesson, again);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)) + "\n" + json);
        }
    }

    private static Payload.Call call(Endpoint endpoint, Request request) throws Exception {
        return (Payload.Call) endpoint.call(request).get(10, TimeUnit.SECONDS).payload();
    }

    private static SockAddr v4(int port) {
        return SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET);
    }

    private static void await(Lab lab, Predicate<Event> matches) throws Exception {
        CompletableFuture<Event> seen = new CompletableFuture<>();
        try (Subscription sub = lab.journal().subscribe(e -> {
            if (matches.test(e)) seen.complete(e);
        })) {
            lab.journal().snapshot().stream().filter(matches).findFirst().ifPresent(seen::complete);
            seen.get(20, TimeUnit.SECONDS);
        }
    }
}
