package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.CiRules;
import org.socketlab.journal.Journal;
import org.socketlab.lab.FreePort;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;

/**
 * A traced program's process that ends with sockets open has them closed by the kernel: its end in strace's record
 * ({@code -q}: {@code +++ exited with 0 +++}; {@code -qq} never said it) lets them go. Else a dead server's listener kept naming packets to its port
 * (a later program's SYN attributed to it), and every sample kept asking the kernel for every dead process's sockets: a
 * traced run of the 18 lessons of a half of LessonsUnderStraceTest took 459 s on a loaded CI machine instead of ~50.
 */
@Execution(ExecutionMode.CONCURRENT) // its methods side by side (junit-platform.properties)
class TracedProcessEndTest {
    @TempDir
    Path dir;

    @Test
    void aChildThatEndsWithItsListenerOpenLetsItGoWhileItsParentRunsOn() throws Exception {
        listenerLetGoWhileTheProgramRuns("the ended child's", """
                import os, socket, sys, time
                port, done = int(sys.argv[1]), sys.argv[2]
                child = os.fork()
                if child == 0:
                    s = socket.socket()
                    s.bind(("127.0.0.1", port))
                    s.listen(5)
                    time.sleep(1)
                    os._exit(0)  # no close: the kernel closes it
                os.waitpid(child, 0)
                open(done, "w").close()
                time.sleep(60)
                """);
    }

    @Test
    void aListenerOneThreadMadeAndAnotherClosedIsLetGo() throws Exception {
        // The threads of a process share one table of descriptors: strace names each call by its thread's id.
        listenerLetGoWhileTheProgramRuns("the one another thread closed", """
                import socket, sys, threading, time
                port, done = int(sys.argv[1]), sys.argv[2]
                made = []
                def make():
                    s = socket.socket()
                    s.bind(("127.0.0.1", port))
                    s.listen(5)
                    made.append(s)
                t = threading.Thread(target=make)
                t.start()
                t.join()
                time.sleep(1)
                made[0].close()
                open(done, "w").close()
                time.sleep(60)
                """);
    }

    /**
     * Traces {@code script} (python, given a free port and a file to create once its listener is gone from the kernel
     * by its own doing, then sleeping on): the listener is seen, then let go while the program still runs.
     */
    private void listenerLetGoWhileTheProgramRuns(String whose, String script) throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        int port = FreePort.find();
        Path done = dir.resolve("done");
        Path program = Files.writeString(dir.resolve("program.py"), script);
        try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                List.of(python.toString(), program.toString(), String.valueOf(port), done.toString()), dir,
                new Journal(), null)) {
            Await.until(Duration.ofSeconds(60), () -> listening(session, port), () -> "the listener seen: "
                    + session.outsideSockets());
            Await.until(Duration.ofSeconds(60), () -> Files.exists(done), () -> "the program let its listener go");
            Await.until(Duration.ofSeconds(20), () -> !listening(session, port),
                    () -> whose + " listener let go while the program runs: " + session.outsideSockets());
            assertTrue(session.exitCode().isEmpty(), "the program still runs");
        }
    }

    private static boolean listening(TraceSession session, int port) {
        return session.outsideSockets().stream()
                .anyMatch((OutsideSocket o) -> o.listening() && o.local().text().endsWith(":" + port));
    }
}
