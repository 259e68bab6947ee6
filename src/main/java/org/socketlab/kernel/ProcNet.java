package org.socketlab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What /proc tells about this process's own descriptors. (The socket tables /proc/net/tcp{,6} are not read:
 * producing them walks the kernel's whole connection hash table, 9 to 17 ms per read on this machine kind, where
 * TCP_INFO and sock_diag answer for one socket in microseconds.)
 */
public final class ProcNet {
    private ProcNet() {
    }

    /** The inode of the socket behind one of this process's descriptors, from the {@code socket:[N]} link; -1 if none. */
    public static long inodeOf(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
            if (target.startsWith("socket:[") && target.endsWith("]"))
                return Long.parseLong(target.substring(8, target.length() - 1));
        } catch (IOException | RuntimeException e) {
            // no /proc or no such fd
        }
        return -1;
    }
}
