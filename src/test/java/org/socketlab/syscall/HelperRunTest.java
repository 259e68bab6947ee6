package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.testing.Await;

/**
 * A helper program's run is bounded as a whole: the limit fires whether the helper writes without end or never writes
 * (a read to the end came before the timed wait in Strace, Netem, SecondHost and NetworkConditions: their limit could
 * not fire). Real programs, run from the system's folders.
 */
class HelperRunTest {
    private static final Duration LIMIT = Duration.ofMillis(400);
    /** Far below the 30 s the stuck helpers would take, far above the limit on a loaded machine. */
    private static final long FIRED_WITHIN_MS = 5_000;

    private static List<String> command(String program, String... args) {
        List<String> all = new ArrayList<>(List.of(TrustedPrograms.find(program).orElseThrow().toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static void overruns(List<String> command) {
        long start = System.nanoTime();
        HelperRun.Overran e = assertThrows(HelperRun.Overran.class, () -> HelperRun.run(command, LIMIT));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= LIMIT.toMillis() && ms < FIRED_WITHIN_MS, "the limit fired after " + ms + " ms");
        assertTrue(e.getMessage().endsWith("no answer in 400 ms"), e.getMessage());
    }

    @Test
    void aHelperThatWritesWithoutEndIsEndedAtTheLimit() {
        overruns(command("yes", "socketlab"));
    }

    @Test
    void aHelperThatNeverWritesIsEndedAtTheLimit() {
        // A duration no other program on the machine is likely to sleep, so that its process can be looked for.
        String seconds = "29.4" + ProcessHandle.current().pid();
        overruns(command("sleep", seconds));
        // Ended, not left running: within the margin no process sleeps those seconds any more.
        Await.until(Duration.ofMillis(FIRED_WITHIN_MS), () -> sleeping(seconds).isEmpty(),
                () -> "sleep " + seconds + " still runs after its limit: " + sleeping(seconds));
    }

    /** The processes (of this machine) whose command line is {@code sleep seconds}. */
    private static List<Long> sleeping(String seconds) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> a.length == 1 && a[0].equals(seconds)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    @Test
    void itsStatusAndBothOutputsComeBackAndItsFirstErrorLineSaysWhy() throws Exception {
        HelperRun.Ran ran = HelperRun.run(command("sh", "-c", "echo said; echo first >&2; echo second >&2; exit 3"),
                Duration.ofSeconds(20));
        assertEquals(new HelperRun.Ran(3, "said\n", "first\nsecond\n"), ran);
        assertEquals("first", ran.said());
        assertEquals("exit 4", new HelperRun.Ran(4, "", " \n").said());
    }

    @Test
    void anOutputLongerThanWhatIsKeptIsStillReadToItsEnd() throws Exception {
        // 1 MiB, far more than a pipe holds: a helper not drained would block in write() and overrun.
        HelperRun.Ran ran = HelperRun.run(command("head", "-c", "1048576", "/dev/zero"), Duration.ofSeconds(20));
        assertTrue(ran.succeeded());
        assertEquals(HelperRun.KEPT_BYTES, ran.out().length());
    }

    @Test
    void aHelperWritingMuchToBothOutputsAtOnceDoesNotDeadlock() throws Exception {
        // 1 MiB to each pipe at the same time: drained one after the other, the second would fill and block the helper.
        HelperRun.Ran ran = HelperRun.run(command("sh", "-c",
                "head -c 1048576 /dev/zero >&2 & head -c 1048576 /dev/zero; wait; exit 7"), Duration.ofSeconds(20));
        assertEquals(7, ran.exit());
        assertEquals(HelperRun.KEPT_BYTES, ran.out().length());
        assertEquals(HelperRun.KEPT_BYTES, ran.err().length());
    }
}
