package org.socketlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.syscall.Libc;

/**
 * The sock_diag socket is made at the first question, not with the lab (the window's lab is made before its first
 * frame), is never inherited by a program this one starts, and is closed once.
 */
@Isolated // it checks this JVM's descriptors: no other class may run beside it
class SockDiagSocketTest {
    /** This JVM's sockets, by fd number (the listing's own descriptor is a directory, not counted). */
    private static Set<String> sockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(SockDiagSocketTest::isSocket).map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean closeOnExec(String fd) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
        return (Integer.parseInt(line.substring(6).strip(), 8) & 02000000) != 0;
    }

    @Test
    void itsSocketIsMadeAtTheFirstQuestionCloseOnExecAndClosedOnce() throws IOException {
        Libc libc = Libc.forThisMachine();
        Set<String> before = sockets();
        SockDiag diag = new SockDiag(libc);
        assertEquals(before, sockets(), "no socket before the first question");
        assertTrue(diag.available());
        Set<String> made = sockets();
        made.removeAll(before);
        assertEquals(1, made.size(), "one netlink socket: " + made);
        assertTrue(closeOnExec(made.iterator().next()), "a program this one starts does not inherit it");
        assertTrue(diag.available(), "the same socket asked again");
        diag.close();
        assertFalse(diag.available(), "closed: never made again");
        assertEquals(before, sockets());
    }
}
