package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code socketlab run} passes the lessons that expect kernel states and queues. */
class CliKernelLessonsTest {
    @ParameterizedTest
    @ValueSource(strings = {"time-wait", "backlog-full", "half-close", "reset-on-unread-close", "abortive-close",
            "flow-control"})
    void runExitsZero(String id) {
        CliTest.Outcome run = CliTest.cli("run", id, "--lang", "es");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("OK") || run.out().contains("pasos"), run.out());
        assertEquals("", run.err());
    }
}
