package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.OpenFds;

/** {@code socketlab serve} with real clients from java.net on loopback: no mocks. */
@Isolated // it checks this JVM's descriptors or threads: no other class may run beside it
class ServeCommandTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Output that a test can wait on: a future completes when the printed text first matches a pattern. */
    static final class Watched extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Object[]> waiters = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        private void check() {
            if (waiters.isEmpty()) return; // a long run prints a lot: only look when someone waits
            String text = text();
            waiters.removeIf(w -> {
                if (!((Pattern) w[0]).matcher(text).find()) return false;
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> f = (CompletableFuture<Void>) w[1];
                f.complete(null);
                return true;
            });
        }

        synchronized CompletableFuture<Void> printed(String regex) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(new Object[]{Pattern.compile(regex), f});
            check();
            return f;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** The program run as a child JVM with {@code args} (an argument list, no shell), its output copied into a {@link Watched}. */
    record Child(Process process, Watched out, Thread pump) {
        static Child start(String... args) throws IOException {
            // A job started with & (this test's Maven may be one) ignores SIGINT, the ignoring is inherited across
            // exec, and a JVM that starts with SIGINT ignored never hears a Ctrl+C: coreutils' env puts it back.
            List<String> command = new ArrayList<>(List.of(TrustedPrograms.find("env").orElseThrow().toString(),
                    "--default-signal=INT"));
            command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), "org.socketlab.Main"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Watched out = new Watched();
            Thread pump = Thread.ofPlatform().name("test-child-pump").start(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // the process is gone
                }
            });
            return new Child(p, out, pump);
        }

        /** Waits for the exit and for the last of its output; returns the exit code. */
        int awaitExit(String what) throws InterruptedException {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), what);
            pump.join(5000);
            return process.exitValue();
        }
    }

    /** A serve running on its own thread. */
    /**
     * A command running on its own thread. {@code stop} ends a serve started by {@link #startServe} as Ctrl+C would
     * (waits given up, every socket closed, the journal written); for other commands it does nothing. Closing it
     * (try-with-resources) stops it and waits for its thread, so a test that fails or times out never leaves a serve
     * running into the next tests' leak checks.
     */
    record Running(Thread thread, CompletableFuture<Integer> exit, Watched out, Watched err,
            Runnable stop) implements AutoCloseable {
        int awaitExit() throws Exception {
            int code;
            try {
                code = exit.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                close();
                throw e;
            }
            thread.join(5000);
            return code;
        }

        @Override
        public void close() {
            stop.run();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Running start(Function<PrintStream[], Integer> body) {
        return start(body, () -> {
        });
    }

    private static Running start(Function<PrintStream[], Integer> body, Runnable stop) {
        Watched out = new Watched();
        Watched err = new Watched();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                exit.complete(body.apply(new PrintStream[]{new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)}));
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "test-serve");
        t.start();
        return new Running(t, exit, out, err, stop);
    }

    static Running startCli(String... args) {
        return start(ps -> Cli.run(args, ps[0], ps[1]));
    }

    /**
     * {@code serve ...} (args as on the command line, valid ones) as the command line runs it, but with a stop handle
     * ({@link Running#stop}) instead of the shutdown hook. Messages in the {@code --lang} given, else English.
     */
    static Running startServe(String... args) {
        int lang = List.of(args).indexOf("--lang");
        Messages m = Messages.of(lang >= 0 ? Lang.parse(args[lang + 1]) : Lang.EN);
        CompletableFuture<ServeCommand> serve = new CompletableFuture<>();
        return start(ps -> {
            ServeCommand command = new ServeCommand(Libc::forThisMachine, m, ps[0], ps[1], false);
            serve.complete(command);
            return command.serve(ServeCommand.parse(args));
        }, () -> serve.thenAccept(ServeCommand::stop));
    }

    private static void assertNothingLeft(OpenFds fdsBefore) throws IOException {
        assertEquals(Map.of(), OpenFds.openedSince(fdsBefore), "fds opened by serve and still open");
        assertEquals(List.of(),
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && t.getName().startsWith("socketlab-"))
                        .map(Thread::getName).toList(),
                "socketlab threads left running");
        assertEquals(List.of(),
                ProcessHandle.current().children().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList(),
                "child processes (tcpdump) after serve");
    }

    static String echoOverTcp(int port, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(text.length()), StandardCharsets.UTF_8);
        }
    }

    static String echoOverUdp(int port, String text) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            s.setSoTimeout(5000);
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(data, data.length, LOOPBACK, port));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            s.receive(answer);
            assertEquals(port, answer.getPort(), "the echo comes from the server's port");
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
        }
    }

    private static List<Payload.Call> calls(List<Event> events, String name) {
        return events.stream().map(Event::payload).filter(p -> p instanceof Payload.Call c && c.call().equals(name))
                .map(p -> (Payload.Call) p).toList();
    }

    private static boolean carries(Payload.Call c, String text) {
        return !c.failed() && c.data() != null && new String(c.data(), StandardCharsets.UTF_8).equals(text);
    }

    @BeforeAll
    static void warmUp(@TempDir Path dir) throws Exception {
        // Loads every class (and the JVM's own jar fds) first, so the fd counts below compare like with like.
        int port = LessonRunner.freePort();
        Running r = startCli("serve", "udp", "--port", String.valueOf(port), "--journal",
                dir.resolve("w.jsonl").toString(), "--lang", "en");
        r.out().printed("bind\\(\\d+, 127\\.0\\.0\\.1:" + port + "\\) = 0").get(30, TimeUnit.SECONDS);
        assertEquals("hi", echoOverUdp(port, "hi"));
        assertEquals(0, r.awaitExit(), r.err().text());
        startCli("serve", "tcp", "--port", "nope").awaitExit();
    }

    @Test
    void tcpEchoesTwoConnectionsAndJournalsThem(@TempDir Path dir) throws Exception {
        OpenFds fdsBefore = OpenFds.now();
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("serve.jsonl");
        Running r = startCli("serve", "tcp", "--port", String.valueOf(port), "--connections", "2",
                "--journal", journal.toString(), "--lang", "en");
        r.out().printed("listen\\(\\d+, 128\\) = 0").get(30, TimeUnit.SECONDS);
        assertEquals("hola", echoOverTcp(port, "hola"));
        assertEquals("hola", echoOverTcp(port, "hola"));
        assertEquals(0, r.awaitExit(), r.err().text());

        String out = r.out().text();
        String first = out.lines().findFirst().orElse("");
        assertEquals("Echo server on 127.0.0.1:" + port + " (TCP). Try: nc 127.0.0.1 " + port, first);
        assertTrue(out.lines().anyMatch(
                l -> l.startsWith("Wire: captured (tcpdump") || l.startsWith("Wire: not captured (")), out);
        assertTrue(out.contains("setsockopt(") && out.contains("SO_REUSEADDR"), out);
        assertTrue(out.contains("recv(") && out.contains("\"hola\""), out);
        assertTrue(out.lines().anyMatch(l -> l.contains(" ESTABLISHED — was ")), "state changes are printed: " + out);
        // Captured, a segment's line says so; deduced from the calls (no capture here), its label ends "(inferred)".
        boolean captured = out.lines().anyMatch(l -> l.startsWith("Wire: captured (tcpdump"));
        CiRules.requireOnCi(captured, "loopback capture with tcpdump (root, tcpdump installed)");
        String origin = captured ? "captured on the wire" : " (inferred)";
        assertTrue(out.lines().anyMatch(l -> l.contains(origin)),
                "segments are printed with their origin (" + origin + "): " + out);
        assertTrue(out.contains("Wrote " + journal), out);
        assertEquals("", r.err().text());

        List<Event> events = JournalJsonl.read(journal);
        assertEquals(2, calls(events, "accept").stream().filter(c -> !c.failed()).count(), "two connections accepted");
        assertEquals(2, calls(events, "recv").stream().filter(c -> carries(c, "hola")).count(),
                "each connection's hola received");
        assertEquals(2, calls(events, "send").stream().filter(c -> carries(c, "hola")).count(), "and sent back");
        assertTrue(calls(events, "recv").stream().filter(c -> !c.failed() && c.result() == 0).count() >= 2,
                "each peer's close seen");
        assertNothingLeft(fdsBefore);
    }

    @Test
    void udpEchoesADatagramBackToItsSender(@TempDir Path dir) throws Exception {
        OpenFds fdsBefore = OpenFds.now();
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("udp.jsonl");
        Running r = startCli("serve", "udp", "--port", String.valueOf(port), "--journal", journal.toString(), "--lang",
                "es");
        r.out().printed("bind\\(\\d+, 127\\.0\\.0\\.1:" + port + "\\) = 0").get(30, TimeUnit.SECONDS);
        assertEquals("hola", echoOverUdp(port, "hola"));
        assertEquals(0, r.awaitExit(), r.err().text());
        assertTrue(
                r.out().text()
                        .startsWith("Servidor de eco en 127.0.0.1:" + port + " (UDP). Prueba: nc -u 127.0.0.1 " + port),
                r.out().text());
        List<Event> events = JournalJsonl.read(journal);
        assertEquals(1, calls(events, "recvfrom").stream().filter(c -> carries(c, "hola")).count());
        assertEquals(1, calls(events, "sendto").stream().filter(c -> carries(c, "hola")).count());
        // The client's socket was bound where the echo went (it got it): no ICMP port unreachable, drawn or seen
        // (issue 58: one was deduced after every echo to an outside client).
        assertEquals(List.of(), events.stream().filter(e -> e.payload() instanceof Payload.Segment s
                && s.proto().equals("icmp")).toList());
        assertNothingLeft(fdsBefore);
    }

    @Test
    void badArgumentsAreExit2WithOneMessageAndUsageAndOpenNothing() throws Exception {
        OpenFds fdsBefore = OpenFds.now();
        String[][] cases = {
                {"Port \"70000\" is not valid", "serve", "tcp", "--port", "70000"},
                {"Port \"0\" is not valid", "serve", "tcp", "--port", "0"},
                {"Say which port to listen on", "serve", "tcp"},
                {"Unknown protocol \"sctp\"", "serve", "sctp", "--port", "5000"},
                {"Say which protocol to serve", "serve", "--port", "5000"},
                {"--connections \"two\" is not valid", "serve", "tcp", "--port", "5000", "--connections", "two"},
                {"--connections \"-1\" is not valid", "serve", "tcp", "--port", "5000", "--connections", "-1"},
                {"Unknown option \"--host\" for \"serve\".", "serve", "tcp", "--port", "5000", "--host", "0.0.0.0"},
                {"Option --port needs a value.", "serve", "tcp", "--port"},
                {"Unexpected argument \"udp\"", "serve", "tcp", "udp", "--port", "5000"},
        };
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of(c).skip(1), Stream.of("--lang", "en")).toArray(String[]::new);
            CliTest.Outcome o = CliTest.cli(args);
            assertEquals(2, o.exit(), String.join(" ", args));
            assertTrue(o.err().startsWith(c[0]), () -> String.join(" ", args) + " -> " + o.err());
            assertTrue(o.err().contains("Usage:") && o.err().contains("socketlab serve tcp|udp --port P"), o.err());
            assertEquals("", o.out(), "nothing was started: " + String.join(" ", args));
        }
        assertTrue(CliTest.cli("serve", "tcp", "--port", "x", "--lang", "es").err()
                .startsWith("El puerto \"x\" no es válido"));
        assertNothingLeft(fdsBefore);
    }

    @Test
    void portInUseIsTheRealEaddrinuseAndExit1() throws Exception {
        OpenFds fdsBefore;
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            fdsBefore = OpenFds.now();
            CliTest.Outcome o = CliTest.cli("serve", "tcp", "--port", String.valueOf(taken.getLocalPort()), "--lang",
                    "en");
            assertEquals(1, o.exit(), o.out() + o.err());
            assertTrue(o.out().lines().anyMatch(l -> l.contains("bind(") && l.contains("= -1 EADDRINUSE (")), o.out());
            assertTrue(o.err().startsWith("bind() failed"), o.err());
            assertFalse(o.err().contains("Usage:"), "a real failure is not a usage error");
            assertNothingLeft(fdsBefore);
        }
    }

    /** The handle tests use so that a failure or a timeout never leaves a serve running: closing it stops everything. */
    @Test
    void closingARunningServeStopsItMidConnectionAndLeavesNothing() throws Exception {
        OpenFds fdsBefore = OpenFds.now();
        int port = LessonRunner.freePort();
        Running r = startServe("serve", "tcp", "--port", String.valueOf(port), "--connections", "0", "--lang", "en");
        try (Socket client = new Socket()) {
            r.out().printed("listen\\(\\d+, 128\\) = 0").get(30, TimeUnit.SECONDS);
            client.connect(new InetSocketAddress(LOOPBACK, port), 5000);
            r.out().printed("recv\\(\\d+\\) \\.\\.\\. blocked, waiting").get(30, TimeUnit.SECONDS);
            r.close();
            assertTrue(!r.thread().isAlive(), "serve's thread ended");
            assertEquals(0, r.exit().get(5, TimeUnit.SECONDS), r.err().text());
        }
        assertNothingLeft(fdsBefore);
    }

    @Test
    void stopGivesUpTheWaitClosesEverythingAndWritesTheJournal(@TempDir Path dir) throws Exception {
        OpenFds fdsBefore = OpenFds.now();
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("stopped.jsonl");
        Messages m = Messages.of(Lang.EN);
        ServeCommand[] serve = new ServeCommand[1];
        Running r = start(ps -> {
            serve[0] = new ServeCommand(Libc::forThisMachine, m, ps[0], ps[1], false); // what the shutdown hook runs, without a signal
            return serve[0].serve(ServeCommand.parse(new String[]{"serve", "tcp", "--port", String.valueOf(port),
                    "--connections", "0", "--journal", journal.toString()}));
        });
        r.out().printed("listen\\(\\d+, 128\\) = 0").get(30, TimeUnit.SECONDS);
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(LOOPBACK, port), 5000);
            client.getOutputStream().write("hola".getBytes(StandardCharsets.UTF_8));
            client.setSoTimeout(5000);
            assertEquals("hola", new String(client.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
            // The server now waits in recv on the connection: stop it there.
            r.out().printed("recv\\(\\d+\\) \\.\\.\\. blocked, waiting").get(10, TimeUnit.SECONDS);
            serve[0].stop();
            assertEquals(0, r.awaitExit(), r.err().text());
            assertEquals(-1, client.getInputStream().read(), "the server closed the connection");
        }
        assertTrue(r.out().text().contains("Stopping: giving up the waiting call and closing every socket."),
                r.out().text());
        List<Event> events = JournalJsonl.read(journal);
        assertTrue(events.stream().anyMatch(e -> e.payload() instanceof Payload.Cancelled c && c.call().equals("recv")),
                "the waiting recv was given up");
        assertEquals(2, calls(events, "close").stream().filter(c -> !c.failed()).count(),
                "listener and connection closed");
        serve[0].stop(); // a second stop (the hook after a test's stop) does nothing
        assertNothingLeft(fdsBefore);
    }

    /**
     * A terminal's Ctrl+C reaches the endpoint's process too, and it can end before the JVM's hook asks for the stop:
     * serve waits for that stop (here the test's, a moment after the process ended) and ends as for any stop, never
     * with a stack trace.
     */
    @Test
    void anEndpointEndedBySigintBeforeTheStopEndsLikeTheStop(@TempDir Path dir) throws Exception {
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("ctrl-c.jsonl");
        try (Running r = startServe("serve", "tcp", "--port", String.valueOf(port), "--connections", "0",
                "--journal", journal.toString())) {
            r.out().printed("accept\\(\\d+\\) \\.\\.\\. blocked, waiting").get(30, TimeUnit.SECONDS);
            Matcher pid = Pattern.compile("process started, pid (\\d+) \\(the server\\)").matcher(r.out().text());
            assertTrue(pid.find(), r.out().text());
            assertEquals(0, new ProcessBuilder("kill", "-INT", pid.group(1)).start().waitFor(), "kill -INT");
            r.out().printed("killed by SIGINT").get(30, TimeUnit.SECONDS);
            assertFalse(r.exit().isDone(), "serve waits for the stop: " + r.err().text());
            r.stop().run();
            assertEquals(Cli.OK, r.awaitExit(), r.err().text());
            assertTrue(r.out().text().contains("Wrote " + journal), r.out().text());
        }
    }

    @Test
    void sigtermRunsTheShutdownHookAndExits143(@TempDir Path dir) throws Exception {
        // ProcessHandle.destroy() sends SIGTERM without a shell.
        stoppedBySignal(dir, p -> p.toHandle().destroy(), Cli.TERMINATED);
    }

    @Test
    void ctrlCRunsTheShutdownHookAndExits130(@TempDir Path dir) throws Exception {
        // Ctrl+C is SIGINT to the foreground process; kill(1) sends it, started with an argument list.
        stoppedBySignal(dir, p -> {
            try {
                assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(),
                        "kill -INT");
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("kill (procps/coreutils) could not send SIGINT", e);
            }
        }, Cli.INTERRUPTED);
    }

    /** A serve child process waiting in accept gets a real signal: it stops cleanly, writes the journal, exits {@code expected}. */
    private static void stoppedBySignal(Path dir, Consumer<Process> signal, int expected)
            throws Exception {
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("signalled.jsonl");
        Child child = Child.start("serve", "tcp", "--port", String.valueOf(port), "--connections", "0",
                "--journal", journal.toString(), "--lang", "en");
        Process p = child.process();
        try {
            Watched out = child.out();
            out.printed("accept\\(\\d+\\) \\.\\.\\. blocked, waiting").get(30, TimeUnit.SECONDS);
            signal.accept(p);
            int exit = child.awaitExit("serve ended on the signal");
            assertEquals(expected, exit, "the documented exit code: " + out.text());
            assertTrue(out.text().contains("Stopping: giving up the waiting call and closing every socket."),
                    out.text());
            assertTrue(out.text().contains("Wrote " + journal), out.text());
            List<Event> events = JournalJsonl.read(journal);
            assertTrue(
                    events.stream()
                            .anyMatch(e -> e.payload() instanceof Payload.Cancelled c && c.call().equals("accept")),
                    "the waiting accept was given up");
            assertTrue(calls(events, "close").stream().anyMatch(c -> !c.failed()), "the listener was closed");
            try (ServerSocket again = new ServerSocket(port, 1, LOOPBACK)) {
                assertEquals(port, again.getLocalPort(), "the port is free again");
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
