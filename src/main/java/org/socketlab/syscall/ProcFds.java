package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sockets behind a process's descriptors, as {@code /proc/PID/fd} links them ({@code 3 -> socket:[7001]}): the one
 * reader of those links for the lab, the tracer and the checker (nothing is opened, a link is read).
 */
public final class ProcFds {
    private static final String PREFIX = "socket:[";

    private ProcFds() {
    }

    /** The inode of the socket behind descriptor {@code fd} of {@code pid}; -1 if none (not a socket, closed, no /proc). */
    public static long socketInode(int pid, int fd) {
        try {
            return socketInode(Path.of("/proc", Integer.toString(pid), "fd", Integer.toString(fd)));
        } catch (AccessDeniedException unreadable) {
            return -1;
        }
    }

    /**
     * Each descriptor of {@code pid} that holds a socket, with the socket's inode, in fd order; empty when the folder
     * cannot be read (the process has ended, another user's, no /proc).
     */
    public static Optional<Map<Integer, Long>> sockets(int pid) {
        Map<Integer, Long> out = new TreeMap<>();
        try (var fds = Files.list(Path.of("/proc", Integer.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                long inode;
                try {
                    inode = socketInode(fd);
                } catch (AccessDeniedException unreadable) {
                    // The folder lists but its links do not read (root without CAP_SYS_PTRACE, as in a grader's
                    // container, looking at a program run as nobody): unknown, never "no socket open".
                    return Optional.empty();
                }
                if (inode < 0) continue;
                try {
                    out.put(Integer.parseInt(fd.getFileName().toString()), inode);
                } catch (NumberFormatException e) {
                    // not a descriptor's entry
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    private static long socketInode(Path link) throws AccessDeniedException {
        try {
            String target = Files.readSymbolicLink(link).toString();
            if (target.startsWith(PREFIX) && target.endsWith("]"))
                return Long.parseLong(target.substring(PREFIX.length(), target.length() - 1));
        } catch (AccessDeniedException unreadable) {
            throw unreadable;
        } catch (IOException | RuntimeException e) {
            // closed meanwhile, or the process ended
        }
        return -1;
    }
}
