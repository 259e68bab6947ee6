package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;

/** The {@code socket:[N]} links of /proc/PID/fd, read for this test's own process. */
class ProcFdsTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void aNewSocketShowsUpWithItsInodeAndEachFdReadsTheSame() throws Exception {
        CiRules.requireOrSkip(Os.current() == Os.LINUX, "Linux's /proc");
        Set<Long> before = new HashSet<>(ProcFds.sockets(SELF).orElseThrow().values());
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<Integer, Long> after = ProcFds.sockets(SELF).orElseThrow();
            Set<Long> added = new HashSet<>(after.values());
            added.removeAll(before);
            assertTrue(added.size() >= 1, "the listener's socket is among this process's fds: " + after);
            after.forEach((fd, inode) -> {
                long now = ProcFds.socketInode(SELF, fd);
                assertTrue(now == inode || now == -1, "fd " + fd + ": " + inode + " then " + now); // -1: closed since
            });
        }
    }

    @Test
    void noSuchFdOrProcessIsNone() {
        assertEquals(-1, ProcFds.socketInode(SELF, 1_000_000));
        assertTrue(ProcFds.sockets(-7).isEmpty(), "no /proc/-7");
    }
}
