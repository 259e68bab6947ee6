package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.SysCall;
import org.socketlab.testing.Await;

/**
 * sigchld-loop (issue 59): two children end while their parent blocks SIGCHLD; unblocked, the handler runs once. What
 * the lesson says of it is read from the endpoint's own count, so this checks that count against the kernel's other
 * witnesses: the zombie reap_one left is the one waitpid() then reaps, and reap_all leaves none (ECHILD).
 */
class SigchldLoopTest {
    @Test
    void oneDeliveryForTwoEndedChildrenAndOnlyTheLoopReapsBoth() {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("sigchld-loop"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            List<Payload.Call> unblocks = calls(lab, SysCall.SIGPROCMASK).stream()
                    .filter(c -> "SIG_UNBLOCK".equals(c.arg(CallArg.HOW))).toList();
            assertEquals(2, unblocks.size());
            assertEquals("1", unblocks.get(0).arg(CallArg.HANDLER_RUNS), "reap_one ran once for two children");
            assertEquals("1", unblocks.get(1).arg(CallArg.HANDLER_RUNS), "reap_all ran once for two children");
            List<Payload.Call> forks = calls(lab, SysCall.FORK);
            List<Payload.Call> waits = calls(lab, SysCall.WAITPID);
            // reap_one took one child; the program's own waitpid took the other, the zombie it left
            String byHandler = unblocks.get(0).arg(CallArg.REAPED, "");
            long left = waits.get(0).result();
            assertTrue(left == forks.get(0).result() || left == forks.get(1).result(),
                    "waitpid reaped a child: " + left);
            assertTrue(byHandler.equals("[" + (left == forks.get(0).result() ? forks.get(1) : forks.get(0)).result()
                    + ":0]"), "the handler reaped the other one: " + byHandler);
            // reap_all took both, in whatever order the kernel gave them; none was left for the program
            String both = unblocks.get(1).arg(CallArg.REAPED, "");
            assertTrue(both.contains(forks.get(2).result() + ":0") && both.contains(forks.get(3).result() + ":0"),
                    both);
            assertEquals("ECHILD", waits.get(1).errnoName());
            // each child is journaled gone, whether its parent's handler or its program reaped it: the last one
            // may be journaled a moment after the lesson's last step (r1: 3 of 4 when asked at once)
            LongSupplier reaped = () -> lab.journal().snapshot().stream()
                    .filter(e -> e.payload() instanceof Payload.Process p && Payload.Process.REAPED.equals(p.event()))
                    .count();
            Await.until(Duration.ofSeconds(10), () -> reaped.getAsLong() >= 4, () -> "four children journaled reaped");
            assertEquals(4, reaped.getAsLong());
            assertEquals("sigprocmask(SIG_UNBLOCK, [SIGCHLD], NULL) = 0 (handler_runs=1, reaped=" + byHandler + ")",
                    CallFormat.line(unblocks.get(0)));
        }
    }

    private static List<Payload.Call> calls(Lab lab, SysCall call) {
        return lab.journal().snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Call c && c.is(call)).map(p -> (Payload.Call) p).toList();
    }
}
