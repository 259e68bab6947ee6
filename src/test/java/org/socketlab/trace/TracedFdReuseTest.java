package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * strace tells a call after it returned, and its record lags behind a busy program: a program that closes a socket and
 * opens the next on the same fd number is already using the new one while the old one is still being read. The old
 * socket must not take the new one's inode and addresses from /proc (each state change was journaled twice, once for
 * each, with the same from and to).
 */
class TracedFdReuseTest {
    @TempDir
    Path dir;

    @Test
    void aClosedFdReusedBeforeStraceSaidSoGivesEachStateChangeOnce() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path python = Path.of("/usr/bin/python3");
        CiRules.requireOrSkip(Files.isExecutable(python), "python3");
        Journal journal = new Journal();
        try (Lab lab = Lab.onThisMachine(journal)) {
            var server = lab.server();
            int listener = (int) ((Payload.Call) server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM))
                    .get().payload()).result();
            int port = LessonRunner.freePort();
            server.call(new Request.Bind(listener, SockAddr.parse("127.0.0.1:" + port, Domain.AF_INET))).get();
            server.call(new Request.Listen(listener, 5)).get();
            var accepted = server.call(new Request.Accept(listener));
            // Many lines for strace to write first (writes to /dev/null), so its record lags behind the program.
            Path script = Files.writeString(dir.resolve("reuse.py"), """
                    import os, socket, sys, time
                    port = int(sys.argv[1])
                    null = os.open("/dev/null", os.O_WRONLY)
                    for i in range(20000):
                        os.write(null, b"x")
                    try:
                        socket.create_connection(("127.0.0.1", port + 1))
                    except OSError:
                        pass
                    s = socket.create_connection(("127.0.0.1", port))
                    s.sendall(b"hello")
                    time.sleep(0.5)
                    s.close()
                    """);
            try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                    List.of(python.toString(), script.toString(), String.valueOf(port)), dir, journal, lab)) {
                assertEquals(0, session.waitFor(180_000).orElseThrow(() -> new AssertionError("still running")));
            }
            accepted.get();
            List<Payload.State> states = journal.snapshot().stream()
                    .filter(e -> e.endpoint().equals(TraceSession.PROGRAM))
                    .map(Event::payload).filter(p -> p instanceof Payload.State).map(p -> (Payload.State) p).toList();
            Set<String> seen = new HashSet<>();
            for (Payload.State s : states)
                assertTrue(seen.add(s.from() + "->" + s.to()),
                        () -> "each change of the one connected socket once: " + states);
            assertTrue(seen.contains("CLOSED->ESTABLISHED"), () -> "its connection: " + states);
            Set<Long> inodes = new HashSet<>();
            states.forEach(s -> inodes.add(s.inode()));
            assertEquals(1, inodes.size(), () -> "all of one socket: " + states);
        }
    }
}
