package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.Lifeline;
import org.socketlab.story.Story;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.Await;
import org.socketlab.testing.ChildJvm;

/**
 * Real programs (a C client and server built with gcc, a Python client that forks, the JDK's own java.net client)
 * traced by {@code strace} through {@link TraceSession}: the journal must hold the same socket calls strace printed,
 * with the same fds, results and errno, in order per process, read from strace's record by this test's own simple
 * reading (not the parser under test). Also: a traced client against the lab's server in one story joined by captured
 * segments, and programs that segfault, are killed or run until stopped leave a valid journal file.
 */
class TracedProgramsTest {
    /** Generous: under load a traced JVM takes many seconds to start. */
    private static final long LIMIT_MS = 180_000;
    private static final Set<String> COMPARED = Set.of("socket", "bind", "listen", "accept", "accept4", "connect",
            "sendto",
            "recvfrom", "sendmsg", "recvmsg", "read", "write", "shutdown", "close", "setsockopt", "getsockopt",
            "getsockname", "getpeername");
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

    /** A traced run: its journal, strace's own lines, its exit code. */
    record Run(Journal journal, List<String> raw, int exit, TraceSession session) {
    }

    private Run trace(List<String> command, Lab lab, Journal journal) throws Exception {
        List<String> raw = Collections.synchronizedList(new ArrayList<>());
        TraceSession session = TraceSession.start(Libc.forThisMachine(), strace, command, dir, journal, lab, raw::add);
        toClose.add(session);
        int exit = session.waitFor(LIMIT_MS)
                .orElseThrow(() -> new AssertionError("still running after " + LIMIT_MS + " ms: " + command));
        return new Run(journal, List.copyOf(raw), exit, session);
    }

    // ---- the C client and server ----

    @Test
    void aCClientAndServerAreJournaledAsStracePrintedThem() throws Exception {
        Path cc = gcc();
        Path server = compile(cc, "server", SERVER_C), client = compile(cc, "client", CLIENT_C);
        int port = freePort(), closedPort = freePort();
        Journal serverJournal = new Journal();
        List<String> serverRaw = Collections.synchronizedList(new ArrayList<>());
        TraceSession serving = TraceSession.start(Libc.forThisMachine(), strace,
                List.of(server.toString(), String.valueOf(port)), dir,
                serverJournal, null, serverRaw::add);
        toClose.add(serving);
        awaitCall(serverJournal, c -> c.call().equals("listen"));
        Run clientRun = trace(List.of(client.toString(), String.valueOf(port), String.valueOf(closedPort)), null,
                new Journal());
        assertEquals(0, clientRun.exit(), "the C client's own exit code is passed through");
        assertEquals(0, serving.waitFor(LIMIT_MS).orElseThrow());
        Run serverRun = new Run(serverJournal, List.copyOf(serverRaw), 0, serving);
        assertSameCalls(clientRun);
        assertSameCalls(serverRun);
        List<Payload.Call> calls = calls(clientRun.journal());
        assertTrue(
                calls.stream().anyMatch(
                        c -> c.call().equals("connect") && "ECONNREFUSED".equals(c.errnoName()) && c.errno() == 111),
                "the refused connect with its errno: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.call().equals("connect")
                && c.args().get("addr").equals("127.0.0.1:" + port) && c.result() == 0));
        assertTrue(calls.stream().anyMatch(c -> c.call().startsWith("send") || c.call().equals("write")));
        List<Payload.Call> served = calls(serverJournal);
        assertTrue(served.stream().anyMatch(c -> c.call().startsWith("accept") && c.result() >= 0),
                "the server's accept: " + served);
        assertTrue(
                served.stream().anyMatch(
                        c -> c.data() != null && new String(c.data(), StandardCharsets.UTF_8).equals("hello from C")),
                "the bytes the server received, as sent: " + served);
        assertTrue(stateChanges(serverJournal).contains("LISTEN"),
                "the listener's kernel state: " + stateChanges(serverJournal));
    }

    // ---- Python: a client that forks ----

    @Test
    void aPythonClientThatForksIsJournaledPerProcess() throws Exception {
        Path python = program("python3");
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = drain(listener, 1);
            Path script = Files.writeString(dir.resolve("client.py"), """
                    import os, socket, sys
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.connect(("127.0.0.1", int(sys.argv[1])))
                    s.sendall(b"parent\\n")
                    pid = os.fork()
                    if pid == 0:
                        s.sendall(b"child\\n")
                        s.close()
                        os._exit(0)
                    os.waitpid(pid, 0)
                    s.shutdown(socket.SHUT_WR)
                    s.close()
                    sys.exit(3)
                    """);
            Run run = trace(List.of(python.toString(), script.toString(), String.valueOf(listener.getLocalPort())),
                    null, new Journal());
            acceptor.join(LIMIT_MS);
            assertEquals(3, run.exit(), "the script's exit code is passed through");
            assertSameCalls(run);
            List<String> endpoints = run.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.Call)
                    .map(Event::endpoint).distinct().toList();
            assertTrue(endpoints.contains(TraceSession.PROGRAM), endpoints.toString());
            assertTrue(endpoints.stream().anyMatch(e -> e.matches("program-[0-9]+")),
                    "the forked child is its own endpoint: " + endpoints);
            assertTrue(run.journal().snapshot().stream()
                    .anyMatch(e -> e.endpoint().startsWith("program-") && e.payload() instanceof Payload.Call c
                            && c.data() != null && new String(c.data(), StandardCharsets.UTF_8).equals("child\n")),
                    "the child's send");
            // Parent and child held one socket: once both closed it, its connection's ending is told once, not per holder.
            List<String> endings = run.journal().snapshot().stream().filter(e -> e.payload() instanceof Payload.State s
                    && List.of("FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT").contains(s.to()))
                    .map(e -> ((Payload.State) e.payload()).to()).toList();
            assertEquals(endings.stream().distinct().toList(), endings,
                    () -> "each change of the shared socket once: " + run.journal().snapshot());
        }
    }

    // ---- the JDK's own java.net client ----

    @Test
    void theJdksJavaNetClientIsJournaledAsStracePrintedIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = drain(listener, 1);
            Path source = Files.writeString(dir.resolve("Client.java"), """
                    import java.net.*;
                    public class Client {
                        public static void main(String[] a) throws Exception {
                            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(a[0]))) {
                                s.getOutputStream().write("hello from java.net".getBytes());
                            }
                        }
                    }
                    """);
            Run run = trace(ChildJvm.command(source.toString(), String.valueOf(listener.getLocalPort())), null,
                    new Journal());
            acceptor.join(LIMIT_MS);
            assertEquals(0, run.exit());
            assertSameCalls(run);
            List<Payload.Call> calls = calls(run.journal());
            assertTrue(calls.stream().anyMatch(c -> c.call().equals("connect") && c.result() == 0
                    && c.args().get("addr").endsWith(":" + listener.getLocalPort())), "java.net's connect: " + calls);
            assertTrue(
                    calls.stream()
                            .anyMatch(c -> c.data() != null
                                    && new String(c.data(), StandardCharsets.UTF_8).equals("hello from java.net")),
                    "java.net's write: " + calls);
        }
    }

    // ---- a traced client and the lab's server in one story ----

    @Test
    void aTracedClientAndTheLabsServerAreJoinedBySegments() throws Exception {
        Path python = program("python3");
        LabServer listening = labServerListening();
        Journal journal = listening.journal();
        Lab lab = listening.lab();
        var server = lab.server();
        int fd = listening.fd(), port = listening.port();
        var accepted = server.call(new Request.Accept(fd));
        Path script = Files.writeString(dir.resolve("student.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"hi lab")
                s.close()
                """);
        Run run = trace(List.of(python.toString(), script.toString(), String.valueOf(port)), lab, journal);
        assertEquals(0, run.exit());
        int connection = (int) ((Payload.Call) accepted.get(LIMIT_MS, TimeUnit.MILLISECONDS).payload()).result();
        server.call(new Request.Recv(connection, 100)).get(LIMIT_MS, TimeUnit.MILLISECONDS);
        server.call(new Request.Close(connection)).get();
        server.call(new Request.Close(fd)).get();
        Story story = Story.of(journal.snapshot());
        assertTrue(story.column(TraceSession.PROGRAM, Lifeline.Role.PROGRAM) >= 0,
                "the program's lifeline");
        assertTrue(story.column("server", Lifeline.Role.PROGRAM) >= 0,
                "the server's lifeline");
        // Without capture no segment of a traced program is drawn: on CI that fails, elsewhere the rest is skipped visibly.
        CiRules.requireCapture(lab);
        awaitEvent(journal,
                e -> e.payload() instanceof Payload.Segment s && s.captured() && s.flags().contains("SYN")
                        && !s.flags().contains("ACK")
                        && s.from().equals(TraceSession.PROGRAM) && s.to().equals("server"));
        awaitEvent(journal, e -> e.payload() instanceof Payload.Segment s && s.captured() && s.len() == 6
                && s.from().equals(TraceSession.PROGRAM) && s.to().equals("server"));
        awaitEvent(journal,
                e -> e.payload() instanceof Payload.Segment s && s.captured()
                        && s.flags().containsAll(List.of("SYN", "ACK"))
                        && s.from().equals("server") && s.to().equals(TraceSession.PROGRAM));
    }

    @Test
    void aTracedClientsHandshakeIsDrawnEvenWhenTheLabsServerNeverAccepts() throws Exception {
        Path python = program("python3");
        LabServer listening = labServerListening();
        Journal journal = listening.journal();
        Lab lab = listening.lab();
        int fd = listening.fd(), port = listening.port();
        Path script = Files.writeString(dir.resolve("unaccepted.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(b"anyone?")
                s.close()
                """);
        Run run = trace(List.of(python.toString(), script.toString(), String.valueOf(port)), lab, journal);
        assertEquals(0, run.exit());
        CiRules.requireCapture(lab);
        // The connection waits in the listener's queue, never accepted: still the program's SYN and data are drawn.
        awaitEvent(journal,
                e -> e.payload() instanceof Payload.Segment s && s.captured() && s.flags().equals(List.of("SYN"))
                        && s.from().equals(TraceSession.PROGRAM) && s.to().equals("server"));
        awaitEvent(journal, e -> e.payload() instanceof Payload.Segment s && s.captured() && s.len() == 7
                && s.from().equals(TraceSession.PROGRAM) && s.to().equals("server"));
        lab.server().call(new Request.Close(fd)).get();
    }

    /** The lab's server endpoint listening on a free loopback port, on a lab of its own (closed after the test). */
    private record LabServer(Journal journal, Lab lab, boolean captured, int fd, int port) {
    }

    private LabServer labServerListening() throws Exception {
        Journal journal = new Journal();
        Lab lab = Lab.onThisMachine(journal);
        toClose.add(lab);
        boolean captured = CiRules.capturing(lab);
        var server = lab.server();
        int fd = (int) ((Payload.Call) server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get()
                .payload()).result();
        int port = freePort();
        server.call(new Request.Bind(fd, new SockAddr.Inet4(new byte[]{127, 0, 0, 1}, port))).get();
        server.call(new Request.Listen(fd, 5)).get();
        return new LabServer(journal, lab, captured, fd, port);
    }

    // ---- programs that end badly leave a valid journal ----

    @Test
    void aSegfaultAKillAndAStopEachLeaveAValidJournal() throws Exception {
        Path python = program("python3");
        Path cc = gcc();
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            drain(listener, 3);
            int port = listener.getLocalPort();
            Path crash = compile(cc, "crash", CRASH_C);
            Path segfaulted = dir.resolve("segfault.jsonl");
            int crashed = traceToFile(List.of(crash.toString(), String.valueOf(port)), segfaulted, false);
            assertEquals(128 + 11, crashed, "killed by SIGSEGV: 128 + 11");
            assertValidJournalWith(segfaulted, "connect");
            Path killed = Files.writeString(dir.resolve("killed.py"), """
                    import os, signal, socket, sys
                    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                    s.sendall(b"bye")
                    os.kill(os.getpid(), signal.SIGKILL)
                    """);
            Path file = dir.resolve("killed.jsonl");
            assertEquals(128 + 9,
                    traceToFile(List.of(python.toString(), killed.toString(), String.valueOf(port)), file, false));
            assertValidJournalWith(file, "sendto");
            Path forever = Files.writeString(dir.resolve("forever.py"), """
                    import socket
                    s = socket.socket()
                    s.bind(("127.0.0.1", 0))
                    s.listen(1)
                    while True:
                        s.accept()
                    """);
            Path foreverFile = dir.resolve("forever.jsonl");
            assertEquals(128 + 15, traceToFile(List.of(python.toString(), forever.toString()), foreverFile, true),
                    "stopped with SIGTERM");
            assertValidJournalWith(foreverFile, "listen");
        }
    }

    /** Traces into a journal file written as it grows; {@code stop} ends the program once it listens. */
    private int traceToFile(List<String> command, Path file, boolean stop) throws Exception {
        Journal journal = new Journal();
        try (JournalFile recording = JournalFile.record(journal, file)) {
            TraceSession session = TraceSession.start(Libc.forThisMachine(), strace, command, dir, journal, null);
            toClose.add(session);
            if (stop) {
                awaitCall(journal, c -> c.call().equals("listen"));
                session.stop(2000);
            }
            return session.waitFor(LIMIT_MS).orElseThrow(() -> new AssertionError("still running: " + command));
        }
    }

    private static void assertValidJournalWith(Path file, String call) throws IOException {
        List<Event> events = JournalJsonl.read(file);
        assertFalse(events.isEmpty(), file + " is empty");
        for (int i = 0; i < events.size(); i++) assertEquals(i + 1, events.get(i).seq(), "seqs in order in " + file);
        assertTrue(events.stream().anyMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals(call)),
                call + " in " + file);
    }

    // ---- comparing with strace's own record ----

    private static final Pattern LINE = Pattern.compile(
            "^(\\d+) +\\d+\\.\\d+ ([a-z0-9_]+)\\((.*)\\) += (-?\\d+)(?:<.*?>)?(?: (E[A-Z0-9]+) \\(.*\\))? <[0-9.]+>$");
    private static final Pattern FIRST_FD = Pattern.compile("^(\\d+)<([^>]*)>");

    /** One socket call as strace printed it, read by this test's own pattern. */
    record Printed(int pid, String call, Integer fd, long result, String errno) {
    }

    /** strace's socket calls in order: whole lines, and halves put back together the simple way. */
    static List<Printed> printed(List<String> raw) {
        List<Printed> out = new ArrayList<>();
        Map<String, String> halves = new HashMap<>();
        for (String line : raw) {
            String whole = line;
            Matcher unfinished = Pattern.compile("^(\\d+) +(\\d+\\.\\d+) (.*) <unfinished \\.\\.\\.>$").matcher(line);
            if (unfinished.matches()) {
                halves.put(unfinished.group(1),
                        unfinished.group(1) + " " + unfinished.group(2) + " " + unfinished.group(3));
                continue;
            }
            Matcher resumed = Pattern.compile("^(\\d+) +\\d+\\.\\d+ <\\.\\.\\. [a-z0-9_]+ resumed>(.*)$").matcher(line);
            if (resumed.matches()) {
                String first = halves.remove(resumed.group(1));
                if (first == null) continue;
                whole = first + resumed.group(2);
            }
            Matcher m = LINE.matcher(whole);
            if (!m.matches() || !COMPARED.contains(m.group(2))) continue;
            Integer fd = null;
            if (!m.group(2).equals("socket")) {
                Matcher f = FIRST_FD.matcher(m.group(3));
                if (!f.find() || !Character.isUpperCase(f.group(2).charAt(0)) && !f.group(2).startsWith("socket:"))
                    continue;
                fd = Integer.parseInt(f.group(1));
            }
            out.add(new Printed(Integer.parseInt(m.group(1)), m.group(2), fd, Long.parseLong(m.group(4)), m.group(5)));
        }
        return out;
    }

    /** The journal's calls, per process, equal strace's: same calls, fds, results and errno, in order. */
    static void assertSameCalls(Run run) {
        Map<Integer, List<String>> expected = new LinkedHashMap<>();
        int root = run.session().programPid();
        for (Printed p : printed(run.raw()))
            expected.computeIfAbsent(p.pid(), k -> new ArrayList<>())
                    .add(p.call() + " " + p.fd() + " = " + p.result() + " " + p.errno());
        Map<Integer, List<String>> journaled = new LinkedHashMap<>();
        Map<String, Integer> threadIds = new HashMap<>(); // a thread's lane: strace names its calls by its thread id
        for (Event e : run.journal().snapshot())
            if (e.payload() instanceof Payload.Process p && Payload.Process.THREAD.equals(p.event()))
                threadIds.put(e.endpoint(), p.pid());
        for (Event e : run.journal().snapshot()) {
            if (!(e.payload() instanceof Payload.Call c) || !COMPARED.contains(c.call())
                    || !e.endpoint().startsWith(TraceSession.PROGRAM))
                continue;
            int pid = threadIds.containsKey(e.endpoint())
                    ? threadIds.get(e.endpoint())
                    : e.endpoint().equals(TraceSession.PROGRAM)
                            ? root
                            : Integer.parseInt(e.endpoint().substring(TraceSession.PROGRAM.length() + 1));
            journaled.computeIfAbsent(pid, k -> new ArrayList<>())
                    .add(c.call() + " " + c.fd() + " = " + c.result() + " " + c.errnoName());
        }
        assertFalse(expected.isEmpty(), "strace printed socket calls");
        assertEquals(expected, journaled, "the journal holds strace's socket calls, per process, in order");
    }

    // ---- helpers ----

    private static List<Payload.Call> calls(Journal journal) {
        return journal.snapshot().stream().filter(e -> e.payload() instanceof Payload.Call)
                .map(e -> (Payload.Call) e.payload()).toList();
    }

    private static List<String> stateChanges(Journal journal) {
        return journal.snapshot().stream().filter(e -> e.payload() instanceof Payload.State)
                .map(e -> ((Payload.State) e.payload()).to()).toList();
    }

    private static void awaitCall(Journal journal, Predicate<Payload.Call> wanted) {
        awaitEvent(journal, e -> e.payload() instanceof Payload.Call c && wanted.test(c));
    }

    private static void awaitEvent(Journal journal, Predicate<Event> wanted) {
        Await.untilJournaled(journal, Duration.ofMillis(LIMIT_MS), () -> journal.snapshot().stream().anyMatch(wanted),
                () -> "an event not journaled: " + journal.snapshot());
    }

    /** Accepts {@code n} connections and reads each to its end, on a thread of its own. */
    private static Thread drain(ServerSocket listener, int n) {
        return Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < n; i++) {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    in.readAllBytes();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** A port a C program's bind() (without SO_REUSEADDR) gets, as a lesson's: port 0 asked from Java may not be. */
    static int freePort() {
        return LessonRunner.freePort();
    }

    /**
     * A program on this machine. Never null: on CI a missing one fails the test, elsewhere the test is reported skipped
     * with its name ({@link CiRules#requireOrSkip}), never passed quietly.
     */
    static Path program(String name) {
        Path found = TrustedPrograms.find(name).orElse(null);
        CiRules.requireOrSkip(found != null, name + " (apt install " + name + ")");
        return found;
    }

    static Path gcc() {
        return program("gcc");
    }

    private Path compile(Path cc, String name, String source) throws Exception {
        Path c = Files.writeString(dir.resolve(name + ".c"), source), out = dir.resolve(name);
        Process p = new ProcessBuilder(cc.toString(), "-O0", "-o", out.toString(), c.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(LIMIT_MS, TimeUnit.MILLISECONDS) && p.exitValue() == 0, "gcc " + name + ".c: " + said);
        return out;
    }

    static final String SERVER_C = """
            #include <arpa/inet.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                int one = 1;
                setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET;
                a.sin_port = htons(atoi(argv[1]));
                a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                if (bind(s, (struct sockaddr *) &a, sizeof a) < 0) return 10;
                if (listen(s, 5) < 0) return 11;
                int c = accept(s, NULL, NULL);
                char buf[100];
                ssize_t n = recv(c, buf, sizeof buf, 0);
                if (n > 0) send(c, buf, n, 0);
                close(c);
                close(s);
                return 0;
            }
            """;

    static final String CLIENT_C = """
            #include <arpa/inet.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>
            static int to(int port) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET;
                a.sin_port = htons(port);
                a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) { close(s); return -1; }
                return s;
            }
            int main(int argc, char **argv) {
                if (to(atoi(argv[2])) >= 0) return 20; /* nobody listens there: ECONNREFUSED */
                int s = to(atoi(argv[1]));
                if (s < 0) return 21;
                const char *hello = "hello from C";
                send(s, hello, strlen(hello), 0);
                char buf[100];
                recv(s, buf, sizeof buf, 0);
                close(s);
                return 0;
            }
            """;

    static final String CRASH_C = """
            #include <arpa/inet.h>
            #include <stdlib.h>
            #include <sys/socket.h>
            int main(int argc, char **argv) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET;
                a.sin_port = htons(atoi(argv[1]));
                a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                connect(s, (struct sockaddr *) &a, sizeof a);
                volatile int *nowhere = NULL;
                return *nowhere; /* a student's classic: SIGSEGV with the socket still open */
            }
            """;
}
