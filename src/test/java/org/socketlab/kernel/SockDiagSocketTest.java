package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.OpenFds;

/**
 * The sock_diag socket is made at the first question, not with the lab (the window's lab is made before its first
 * frame), is never inherited by a program this one starts, and is closed once.
 */
@Isolated // it checks this JVM's descriptors: no other class may run beside it
class SockDiagSocketTest {
    @Test
    void itsSocketIsMadeAtTheFirstQuestionCloseOnExecAndClosedOnce() {
        Libc libc = Libc.forThisMachine();
        OpenFds before = OpenFds.now();
        SockDiag diag = new SockDiag(libc);
        assertEquals(Map.of(), OpenFds.openedSince(before), "no socket before the first question");
        assertTrue(diag.available());
        Map<Integer, String> made = OpenFds.openedSince(before);
        assertEquals(1, made.size(), "one netlink socket: " + made);
        assertTrue(OpenFds.closeOnExec(made.keySet().iterator().next()),
                "a program this one starts does not inherit it");
        assertTrue(diag.available(), "the same socket asked again");
        assertEquals(made, OpenFds.openedSince(before));
        diag.close();
        assertFalse(diag.available(), "closed: never made again");
        assertEquals(Map.of(), OpenFds.openedSince(before));
    }
}
