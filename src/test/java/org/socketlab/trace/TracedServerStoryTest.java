package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;

/**
 * Issue 42 item 1's leftovers, on a real Python server under strace with the wire captured and a Java socket as its
 * client: a state line is never told above the call that caused it (no LISTEN above bind() and listen()), and a
 * connection the server closed first is not told "TIME_WAIT — was CLOSED" right below the accept4() that made it.
 */
class TracedServerStoryTest {
    private static final long LIMIT_MS = 180_000;
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
    void aTracedServersStatesComeBelowTheCallsThatMadeThem() throws Exception {
        Path python = Path.of(new ProcessBuilder("sh", "-c", "command -v python3").start().inputReader().readLine());
        Journal journal = new Journal();
        Lab lab = Lab.onThisMachine(journal);
        toClose.add(lab);
        CiRules.requireCapture(lab);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // It closes its connection first (TIME_WAIT is its side's), then its listener, and ends.
        Path script = Files.writeString(dir.resolve("server.py"), """
                import socket, sys
                l = socket.socket()
                l.bind(("127.0.0.1", int(sys.argv[1])))
                l.listen(5)
                print("listening", flush=True)
                c, peer = l.accept()
                c.sendall(c.recv(100))
                c.close()
                l.close()
                """);
        StringBuffer output = new StringBuffer();
        TraceSession session = TraceSession.start(Libc.forThisMachine(), strace,
                List.of(python.toString(), script.toString(), String.valueOf(port)), dir, journal, lab, line -> {
                }, (stderr, text) -> output.append(text));
        toClose.add(session);
        Await.until(Duration.ofMillis(LIMIT_MS), () -> output.toString().contains("listening"),
                () -> "the server never listened: " + output);
        // The sampler has seen its listener (it reads the program's sockets every 50 ms) before a client comes.
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS),
                () -> journal.snapshot().stream().anyMatch(e -> e.endpoint().equals(TraceSession.PROGRAM)
                        && e.payload() instanceof Payload.State s && s.to().equals("LISTEN")),
                () -> "journaled: " + journal.snapshot());
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = client.getOutputStream();
            out.write("echo".getBytes(StandardCharsets.UTF_8));
            InputStream in = client.getInputStream();
            byte[] back = in.readNBytes(4);
            assertTrue(new String(back, StandardCharsets.UTF_8).equals("echo"));
            in.read(); // its FIN
        }
        session.waitFor(LIMIT_MS).orElseThrow();
        // The server's connection in TIME_WAIT (its side closed first), seen by the sampler.
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS),
                () -> journal.snapshot().stream().anyMatch(e -> e.endpoint().equals(TraceSession.PROGRAM)
                        && e.payload() instanceof Payload.State s && s.to().equals("TIME_WAIT")),
                () -> "journaled: " + journal.snapshot());
        // ...and every segment of its connection captured: the last is its ACK of the client's FIN.
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS),
                () -> journal.snapshot().stream().anyMatch(e -> e.payload() instanceof Payload.Segment s
                        && s.captured() && s.to().equals(TraceSession.PROGRAM) && s.flags().contains("FIN"))
                        && journal.snapshot().stream().filter(e -> e.payload() instanceof Payload.Segment s
                                && s.captured() && s.from().equals(TraceSession.PROGRAM)).count() >= 5,
                () -> "journaled: " + journal.snapshot());
        Story story = Story.of(journal.snapshot());
        List<Beat> beats = story.beats();
        told = TracedStoryTest.describe(story);

        int bind = index(beats, call("bind")), listen = index(beats, call("listen")),
                listening = index(beats, b -> b instanceof Beat.State s && s.endpoint().equals(TraceSession.PROGRAM)
                        && s.state().to().equals("LISTEN"));
        assertTrue(bind < listen && listen < listening, "bind, listen, then LISTEN:\n" + told);

        int accept = index(beats, b -> call("accept").test(b) && ((Beat.Call) b).moment() != Beat.Moment.ENTRY);
        int ownFin = index(beats, b -> b instanceof Beat.Segment s && s.captured()
                && s.segment().from().equals(TraceSession.PROGRAM) && s.segment().flags().contains("FIN"));
        int peerFin = index(beats, b -> b instanceof Beat.Segment s && s.captured()
                && s.segment().to().equals(TraceSession.PROGRAM) && s.segment().flags().contains("FIN"));
        int timeWait = index(beats, b -> b instanceof Beat.State s && s.endpoint().equals(TraceSession.PROGRAM)
                && s.state().to().equals("TIME_WAIT"));
        assertTrue(accept < ownFin && ownFin < peerFin && peerFin < timeWait,
                "accept4 returns, its FIN, the client's FIN, then TIME_WAIT:\n" + told);
    }

    private static Predicate<Beat> call(String name) {
        return b -> b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)
                && (c.call().call().equals(name) || c.call().call().equals(name + "4")); // accept4
    }

    private int index(List<Beat> beats, Predicate<Beat> wanted) {
        for (int i = 0; i < beats.size(); i++) if (wanted.test(beats.get(i))) return i;
        throw new AssertionError("not in the story:\n" + told);
    }

    private String told;
}
