package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.cli.Cli;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.Await;

/**
 * Nothing a traced program started outlives its trace (issue 58 item 1): a server a script started in the background
 * (a non-interactive shell's background job ignores SIGINT, and once the shell ended it is init's child, outside
 * strace's process tree) ends with a Ctrl+C; a daemon that forked twice and left the session ends with SIGTERM. Each
 * time SocketLab exits, no process of the server is left and its port can be bound again.
 */
class TracedLeftoversTest {
    /** A child JVM, strace and the server starting on two cores loaded by other jobs (30 s was once too short). */
    private static final Duration STARTED = Duration.ofSeconds(120);
    @TempDir
    Path dir;

    @Test
    void aBackgroundServerOfATracedScriptEndsWithCtrlC() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path server = compileServer();
        int port = TracedProgramsTest.freePort();
        var t = TracedStopsTest.Traced.start(dir, true, TracedProgramsTest.program("bash").toString(), "-c",
                server + " " + port + " & sleep 60");
        t.awaitListening(STARTED);
        // Ctrl+C: SIGINT to the whole foreground group, SocketLab, strace, the shell, its sleep and the server.
        Process kill = new ProcessBuilder(TrustedPrograms.find("kill").orElseThrow().toString(), "-INT", "--",
                "-" + t.process().pid()).redirectErrorStream(true).start();
        assertEquals(0, kill.waitFor());
        assertEndedWithNothingLeft(t, server, port, Cli.INTERRUPTED);
        // The journal says who ended how: the server (it ignored SIGINT) by the stop's SIGTERM, each on its own lane.
        List<Payload.Process> ends = JournalJsonl.read(dir.resolve("t.jsonl")).stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Process x && x.event().equals(Payload.Process.EXITED))
                .map(p -> (Payload.Process) p).toList();
        assertTrue(ends.stream().anyMatch(p -> "SIGTERM".equals(p.signalName())), "the server's end: " + ends);
        assertEquals(1,
                JournalJsonl.read(dir.resolve("t.jsonl")).stream().filter(
                        e -> e.payload() instanceof Payload.Process x && x.event().equals(Payload.Process.STARTED))
                        .count(),
                "the program starts once");
    }

    @Test
    void aDaemonThatLeftTheSessionEndsWithSigterm() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path server = compileServer();
        int port = TracedProgramsTest.freePort();
        // The subshell forks the server into a session of its own and ends: a daemon's double fork.
        var t = TracedStopsTest.Traced.start(dir, false, TracedProgramsTest.program("bash").toString(), "-c",
                "(" + TracedProgramsTest.program("setsid") + " " + server + " " + port + " </dev/null &); sleep 60");
        t.awaitListening(STARTED);
        t.process().destroy(); // SIGTERM to SocketLab alone, as a service manager or the window's Stop sends it
        assertEndedWithNothingLeft(t, server, port, Cli.TERMINATED);
    }

    private Path compileServer() throws Exception {
        Path c = Files.writeString(dir.resolve("server.c"), TracedStopsTest.FORKING_SERVER),
                out = dir.resolve("server");
        Process gcc = new ProcessBuilder(TracedProgramsTest.gcc().toString(), "-O0", "-o", out.toString(), c.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), said);
        return out;
    }

    private static void assertEndedWithNothingLeft(TracedStopsTest.Traced t, Path server, int port, int exit)
            throws Exception {
        boolean ended = t.process().waitFor(60, TimeUnit.SECONDS);
        List<Long> left = running(server);
        for (long pid : left) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // never left for others
        assertTrue(ended, "SocketLab ended");
        assertEquals(List.of(), left, "processes of the traced server left after SocketLab's exit");
        assertEquals(exit, t.process().exitValue());
        // Its listening socket went with it: the port is free again (a next run's bind gets no EADDRINUSE).
        Await.until(Duration.ofSeconds(5), () -> bindable(port), () -> "port " + port + " free again");
    }

    /** The processes running {@code program} now (by their /proc/PID/exe). */
    private static List<Long> running(Path program) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    if (Files.readSymbolicLink(p.resolve("exe")).equals(program))
                        found.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | UnsupportedOperationException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return found;
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
