package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.socketlab.testing.Await;

/**
 * A signal that comes while the command writes its outputs must not cut them: the JVM halts when its hooks return, so
 * the hook waits for the command's writing (the trace that ended on Ctrl+C with no Markdown, SVG or journal at all).
 */
class OutputsClaimTest {

    @Test
    void theHookWaitsForTheCommandThatClaimedTheOutputsFirst() throws Exception {
        OutputsClaim outputs = new OutputsClaim();
        assertTrue(outputs.claim(), "the command claims them first");
        AtomicBoolean hookWrites = new AtomicBoolean(true);
        Thread hook = Thread.ofPlatform().start(() -> hookWrites.set(outputs.claimOrAwaitWritten()));
        Await.until(Duration.ofSeconds(30), () -> hook.getState() == Thread.State.TIMED_WAITING,
                () -> "the hook waits, state " + hook.getState());
        assertTrue(hook.isAlive(), "it has not returned while the command writes");
        outputs.written();
        hook.join(30_000);
        assertFalse(hook.isAlive());
        assertFalse(hookWrites.get(), "the hook does not write them a second time");
    }

    @Test
    void theHookWritesThemWhenTheSignalCameFirst() {
        OutputsClaim outputs = new OutputsClaim();
        assertTrue(outputs.claimOrAwaitWritten());
        assertFalse(outputs.claim(), "the command's run then leaves them to the hook");
    }
}
