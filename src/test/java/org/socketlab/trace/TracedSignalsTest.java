package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Journal;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.IgnoredSignals;

/**
 * A traced program starts as from a terminal's shell, whatever SocketLab was started with: a SocketLab started as a
 * job with {@code &} ignores SIGINT and SIGQUIT, and the ignoring went through strace into the student's program
 * (checked: {@code (strace -- grep SigIgn /proc/self/status &)} printed 0x6), so {@code kill -INT} did not end it.
 */
class TracedSignalsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireStrace() {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
    }

    @Test
    void aProgramTracedWhileSocketLabIgnoresSigintIgnoresNothing() throws Throwable {
        CiRules.requireOrSkip(DefaultSignals.available(), "env --default-signal (coreutils 8.31 or later)");
        StringBuilder out = new StringBuilder();
        String cat = TrustedPrograms.find("cat").orElseThrow().toString();
        IgnoredSignals.whileIgnored(() -> {
            try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                    List.of(cat, "/proc/self/status"), dir, new Journal(), null, line -> {
                    }, (stderr, text) -> {
                        synchronized (out) {
                            if (!stderr) out.append(text);
                        }
                    })) {
                assertEquals(0, session.waitFor(60_000).orElseThrow(), "cat's exit code");
                return null;
            }
        });
        String status;
        synchronized (out) {
            status = out.toString();
        }
        assertEquals(0, IgnoredSignals.standardIgnored(status), "signals the traced program ignores:\n" + status);
    }
}
