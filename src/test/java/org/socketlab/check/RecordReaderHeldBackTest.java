package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SysCall;

/**
 * A correct echo server's big echo, judged while SocketLab's reader of strace's record is held back for longer than a
 * lab socket waits, as a loaded machine may hold it (a lane-1 run at load 14 judged accept4.c's 6 MiB echo short after
 * 2 MiB). The server's next lines then fill the record's pipe and strace, and the server with it, wait for the reader:
 * that silence is SocketLab's, and the echo is whole. A server that stops echoing of itself is still judged short
 * (ReferenceProgramsTest's one-read.c and short-write.c).
 */
class RecordReaderHeldBackTest {
    @TempDir
    Path dir;

    /** The reader is held this long, once: three lab-socket waits. */
    private static final long HELD_MS = 3_000;

    @Test
    void aCorrectServersBigEchoIsWholeWhileTheRecordsReaderIsHeldBack() throws Exception {
        Journal journal = CheckRun.newJournal();
        AtomicLong echoed = new AtomicLong();
        AtomicBoolean held = new AtomicBoolean();
        // Recorders run on the thread that reads strace's record, as it journals each call: this one holds it once,
        // when the server has echoed 5 of the big play's 6 MiB (SocketLab reads the echo by then: its 16 KiB buffer
        // and the server's send buffer hold less than 5 MiB).
        journal.record(e -> {
            if (!e.endpoint().startsWith("program") || !(e.payload() instanceof Payload.Call c)
                    || !c.is(SysCall::sendsData) || c.failed())
                return;
            if (echoed.addAndGet(c.result()) > (5L << 20) && held.compareAndSet(false, true)) {
                // The hold is the stimulus (a descheduled reader), not a wait for something: a slower machine only
                // makes the stall it causes longer, which is what the run must excuse.
                try {
                    assertFalse(new CountDownLatch(1).await(HELD_MS, TimeUnit.MILLISECONDS));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        // A lab socket waits 1 s here, a third of the hold.
        Waits waits = new Waits(Waits.DEFAULT.ready(), Duration.ofSeconds(1), Waits.DEFAULT.accept(),
                Waits.DEFAULT.react(), Waits.DEFAULT.settle(), Waits.DEFAULT.quiet(), Waits.DEFAULT.children());
        CheckFile check = CheckLoader.load("tcp-echo-server");
        CheckRun.Result r = CheckRun.run(Libc.forThisMachine(), check,
                ReferencePrograms.command("tcp-echo-server", "good.c", dir), dir, ReferencePrograms.strace(), journal,
                waits);
        assertTrue(held.get(), "the reader was held back during the big echo");
        Verdict echo = r.verdicts().stream().filter(v -> v.rule() == Rule.ECHO).findFirst().orElseThrow();
        assertTrue(echo.passed(),
                () -> echo + "\nthe program's first and last events: " + ReferenceProgramsTest.programsEvents(r));
    }
}
