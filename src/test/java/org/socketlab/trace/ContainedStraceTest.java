package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * labnet's contain request runs strace for a contained program with the signal set SocketLab's own strace has
 * ({@link Strace#QUIET_SIGNALS} left out): a contained process ended by a signal is told ended, as a traced one is.
 */
class ContainedStraceTest {
    @Test
    void containTellsTheSignalsStraceTells() throws Exception {
        String contain = Files.readString(Path.of("packaging/linux/labnet/contain_trace.c"));
        assertTrue(contain.contains("\"signal=!" + Strace.QUIET_SIGNALS + "\""),
                "contain_trace.c passes -e signal=!" + Strace.QUIET_SIGNALS);
        assertTrue(!contain.contains("signal=none"), "contain_trace.c no longer passes -e signal=none");
    }
}
