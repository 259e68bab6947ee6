package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.testing.OpenFds;

/** An inherited descriptor no program may have is marked close-on-exec before the next start, not at once. */
@Isolated // the marks are this JVM's, made at any class's next start: no other class may start a program meanwhile
class ProcessStartsTest {
    private final Descriptors calls = new Descriptors();

    @Test
    void anInheritedEndIsMarkedJustBeforeTheNextStartWhicheverThreadStarts() throws Exception {
        // A socketpair of this test's own, inheritable as labnet hands the broker's end over.
        Descriptors.Pair pair = calls.streamPair();
        try {
            int fd = pair.first();
            assertTrue(calls.closeOnExec(fd, false));
            ProcessStarts.closeOnExecBeforeNextStart(fd);
            assertFalse(OpenFds.closeOnExec(fd), "not marked before a start: no foreign-function call at once");
            Thread starter = Thread.ofPlatform().start(() -> {
                try {
                    ProcessStarts.start(new ProcessBuilder("true")).waitFor();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            starter.join();
            assertTrue(OpenFds.closeOnExec(fd), "marked before the start");
            // Once: a later start leaves the fd's flag as it is (the number may be reused by then).
            assertTrue(calls.closeOnExec(fd, false));
            assertEquals(0, ProcessStarts.start(new ProcessBuilder("true")).waitFor());
            assertFalse(OpenFds.closeOnExec(fd), "marked once, not at every start");
        } finally {
            calls.close(pair.first());
            calls.close(pair.second());
        }
    }
}
