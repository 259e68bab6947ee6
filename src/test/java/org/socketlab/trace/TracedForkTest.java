package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;

/**
 * Issue 39 item 6: a forking server traced for real (Beej's {@code server.c}, answering a request: the child sends
 * "Hello, world!" and closes once its client has, the parent closes its copy at once and accepts again). A socket's segments and states belong to the socket,
 * drawn on the lane of the process that last acted on it: the child's data and FIN leave from the child's lane, and the
 * parent's close of its copy sends nothing.
 */
class TracedForkTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    static final String BEEJ_SERVER = """
            #include <arpa/inet.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                signal(SIGCHLD, SIG_IGN);
                int sockfd = socket(AF_INET, SOCK_STREAM, 0), yes = 1;
                setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET;
                a.sin_port = htons(atoi(argv[1]));
                a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                if (bind(sockfd, (struct sockaddr *) &a, sizeof a) < 0 || listen(sockfd, 10) < 0) return 1;
                for (int served = 0; served < atoi(argv[2]); served++) {
                    int new_fd = accept(sockfd, NULL, NULL);
                    if (new_fd < 0) continue;
                    if (!fork()) {
                        char buf[64];
                        close(sockfd);
                        if (recv(new_fd, buf, sizeof buf, 0) > 0) send(new_fd, "Hello, world!", 13, 0);
                        while (recv(new_fd, buf, sizeof buf, 0) > 0) {
                        }
                        sleep(1); /* a while in CLOSE_WAIT: the kernel's state is read a few times a second */
                        close(new_fd);
                        _exit(0);
                    }
                    close(new_fd);
                }
                sleep(1);
                return 0;
            }
            """;

    @TempDir
    Path dir;

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    @Test
    void aForkedChildsDataAndFinLeaveFromItsOwnLane() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path cc = TracedProgramsTest.gcc();
        Path c = Files.writeString(dir.resolve("server.c"), BEEJ_SERVER), server = dir.resolve("server");
        Process gcc = new ProcessBuilder(cc.toString(), "-O0", "-o", server.toString(), c.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, gcc.waitFor(), new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        int port = TracedProgramsTest.freePort(), clients = 2;
        Journal journal = new Journal();
        try (Lab lab = Lab.onThisMachine(journal)) {
            CiRules.requireCapture(lab);
            TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                    List.of(server.toString(), String.valueOf(port), String.valueOf(clients)), dir, journal, lab);
            try (session) {
                Await.untilJournaled(journal, LIMIT,
                        () -> calls(journal).stream().anyMatch(x -> x.call().equals("listen")),
                        () -> "the server listens: " + journal.snapshot());
                List<Integer> clientPorts = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                        s.setSoTimeout(30_000);
                        clientPorts.add(s.getLocalPort());
                        s.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
                        InputStream in = s.getInputStream();
                        assertEquals("Hello, world!", new String(in.readNBytes(13), StandardCharsets.UTF_8));
                    }
                }
                assertEquals(0, session.waitFor(LIMIT.toMillis()).orElseThrow());
                lab.close(); // the capture read to its end: every segment is journaled
                List<Event> events = journal.snapshot();
                String server127 = "127.0.0.1:" + port;
                // Each child's lane is the one its send was journaled on.
                Set<String> senders = events.stream()
                        .filter(e -> e.payload() instanceof Payload.Call x && x.call().startsWith("send"))
                        .map(Event::endpoint).collect(Collectors.toSet());
                assertEquals(clients, senders.size(), "one child per client: " + senders);
                assertFalse(senders.contains(TraceSession.PROGRAM), "the parent never sends: " + senders);
                for (int clientPort : clientPorts) {
                    String client = "127.0.0.1:" + clientPort;
                    List<Payload.Segment> sent = events.stream()
                            .filter(e -> e.payload() instanceof Payload.Segment s && s.captured()
                                    && s.src().equals(server127) && s.dst().equals(client))
                            .map(e -> (Payload.Segment) e.payload()).toList();
                    Payload.Segment data = sent.stream().filter(s -> s.len() == 13).findFirst()
                            .orElseThrow(() -> new AssertionError("the child's data to " + client + ": " + sent));
                    Payload.Segment fin = sent.stream().filter(s -> s.flags().contains("FIN")).findFirst()
                            .orElseThrow(() -> new AssertionError("the child's FIN to " + client + ": " + sent));
                    String child = data.from();
                    assertTrue(senders.contains(child), "the data leaves from a child's lane: " + data + " " + senders);
                    assertEquals(child, fin.from(), "the FIN leaves from the same child's lane: " + sent);
                    // The parent's close of its copy sent nothing: no FIN of this connection is the parent's.
                    assertTrue(sent.stream().noneMatch(s -> s.flags().contains("FIN")
                            && s.from().equals(TraceSession.PROGRAM)),
                            "no FIN of " + client + " from the parent: " + sent);
                }
                // Each child's lane starts with its fork, forked from the program's pid.
                for (String child : senders) {
                    Payload.Process forked = events.stream()
                            .filter(e -> e.endpoint().equals(child) && e.payload() instanceof Payload.Process p
                                    && p.event().equals(Payload.Process.FORKED))
                            .map(e -> (Payload.Process) e.payload()).findFirst()
                            .orElseThrow(() -> new AssertionError("no fork journaled for " + child + ": " + events));
                    assertEquals(child, TraceSession.PROGRAM + "-" + forked.pid(), "the child's own pid: " + forked);
                    // Its parent's sockets whose inode was read by then (the record may lag): the listener's and the
                    // accepted one's, nothing else.
                    assertTrue(Set.of(3, 4).containsAll(forked.inherited().keySet()),
                            "only the listener and the accepted socket are inherited: " + forked);
                    int parent = forked.parentPid();
                    assertTrue(events.stream().noneMatch(e -> e.endpoint().equals(TraceSession.PROGRAM + "-" + parent)),
                            "its parent is the program itself, pid " + parent);
                }
                assertTrue(events.stream().filter(e -> e.endpoint().equals(TraceSession.PROGRAM)
                        && e.payload() instanceof Payload.Call x && x.call().equals("close")).count() >= clients,
                        "the parent closed its copies: " + events);
                // Its client closed first: each connection's CLOSE_WAIT (the child waits a second in it) is told on its
                // child's lane, not on the parent's that accepted it.
                // fd 3 is the listener (its CLOSED at the parent's exit is the parent's); each accepted copy is fd 4.
                List<String> endings = events.stream()
                        .filter(e -> e.payload() instanceof Payload.State s && s.fd() == 4
                                && s.to().equals("CLOSE_WAIT"))
                        .map(Event::endpoint).toList();
                assertFalse(endings.isEmpty(), "the children's connections end: " + events);
                assertTrue(senders.containsAll(endings),
                        "their ends are told on the children's lanes: " + endings + " " + events);
                generatedServerGreetsAsTheOriginal(events, cc, clients);
            }
        }
    }

    /**
     * Issue 58 item 6: the C program {@code socketlab code} writes from this journal forks as the original did, its
     * child answering each client from the sockets it inherited; run against the same clients it sends the same bytes.
     */
    private void generatedServerGreetsAsTheOriginal(List<Event> events, Path cc, int clients) throws Exception {
        CodeScript script = CodeScript.of(events);
        assertEquals(List.of(TraceSession.PROGRAM), script.endpoints(), "the children are written inside their parent");
        String text = CodeGenerator.program(Language.C, script, TraceSession.PROGRAM, Messages.of(Lang.EN)).text();
        assertEquals(clients, text.split("fork\\(\\)\\) == 0", -1).length - 1, "one fork per client:\n" + text);
        Path source = Files.writeString(dir.resolve("generated.c"), text), binary = dir.resolve("generated");
        Process gcc = new ProcessBuilder(cc.toString(), "-Wall", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), said + "\n" + text);
        assertFalse(said.contains("warning"), said + "\n" + text);
        int port = TracedProgramsTest.freePort();
        Process generated = new ProcessBuilder(binary.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("generated.out").toFile()).start();
        try {
            for (int i = 0; i < clients; i++) {
                try (Socket s = connected(port)) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
                    assertEquals("Hello, world!", new String(s.getInputStream().readNBytes(13), StandardCharsets.UTF_8),
                            "client " + (i + 1) + " of the generated server:\n" + text);
                }
            }
            assertTrue(generated.waitFor(30, TimeUnit.SECONDS), "the generated server ends after its last call");
        } finally {
            generated.destroyForcibly();
        }
    }

    /** A connection to the generated server, once it listens (it is a fresh process: at most 30 s). */
    private static Socket connected(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                return s;
            } catch (IOException refused) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing was open
                }
                if (System.nanoTime() > deadline) throw new AssertionError("the generated server never listened");
                Thread.sleep(50);
            }
        }
    }

    private static List<Payload.Call> calls(Journal journal) {
        return journal.snapshot().stream().filter(e -> e.payload() instanceof Payload.Call)
                .map(e -> (Payload.Call) e.payload()).toList();
    }
}
