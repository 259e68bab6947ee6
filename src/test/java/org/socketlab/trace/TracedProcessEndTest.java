package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.lab.FreePort;
import org.socketlab.lab.Journal;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.Await;

/**
 * A traced program's process that ends with sockets open has them closed by the kernel: its end in strace's record
 * ({@code -q}: {@code +++ exited with 0 +++}; {@code -qq} never said it) lets them go. Else a dead server's listener kept naming packets to its port
 * (a later program's SYN attributed to it), and every sample kept asking the kernel for every dead process's sockets: a
 * traced run of the 18 lessons of a half of LessonsUnderStraceTest took 459 s on a loaded CI machine instead of ~50.
 */
class TracedProcessEndTest {
    @TempDir
    Path dir;

    @Test
    void aChildThatEndsWithItsListenerOpenLetsItGoWhileItsParentRunsOn() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        int port = FreePort.find();
        Path gone = dir.resolve("child-gone");
        Path script = Files.writeString(dir.resolve("ends-open.py"), """
                import os, socket, sys, time
                port, gone = int(sys.argv[1]), sys.argv[2]
                child = os.fork()
                if child == 0:
                    s = socket.socket()
                    s.bind(("127.0.0.1", port))
                    s.listen(5)
                    time.sleep(1)
                    os._exit(0)  # no close: the kernel closes it
                os.waitpid(child, 0)
                open(gone, "w").close()
                time.sleep(60)
                """);
        try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                List.of(python.toString(), script.toString(), String.valueOf(port), gone.toString()), dir,
                new Journal(), null)) {
            Await.until(Duration.ofSeconds(60), () -> listening(session, port), () -> "the child's listener seen: "
                    + session.outsideSockets());
            Await.until(Duration.ofSeconds(60), () -> Files.exists(gone), () -> "the child ended");
            Await.until(Duration.ofSeconds(20), () -> !listening(session, port),
                    () -> "the ended child's listener let go while its parent runs: " + session.outsideSockets());
            assertTrue(session.exitCode().isEmpty(), "the parent still runs");
        }
    }

    @Test
    void aListenerOneThreadMadeAndAnotherClosedIsLetGo() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        int port = FreePort.find();
        Path closed = dir.resolve("closed");
        // The threads of a process share one table of descriptors: strace names each call by its thread's id.
        Path script = Files.writeString(dir.resolve("thread-made.py"), """
                import socket, sys, threading, time
                port, closed = int(sys.argv[1]), sys.argv[2]
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
                open(closed, "w").close()
                time.sleep(60)
                """);
        try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                List.of(python.toString(), script.toString(), String.valueOf(port), closed.toString()), dir,
                new Journal(), null)) {
            Await.until(Duration.ofSeconds(60), () -> listening(session, port), () -> "the thread's listener seen: "
                    + session.outsideSockets());
            Await.until(Duration.ofSeconds(60), () -> Files.exists(closed), () -> "the main thread closed it");
            Await.until(Duration.ofSeconds(20), () -> !listening(session, port),
                    () -> "the listener another thread closed let go: " + session.outsideSockets());
            assertTrue(session.exitCode().isEmpty(), "the program still runs");
        }
    }

    private static boolean listening(TraceSession session, int port) {
        return session.outsideSockets().stream()
                .anyMatch((OutsideSocket o) -> o.listening() && o.local().text().endsWith(":" + port));
    }
}
