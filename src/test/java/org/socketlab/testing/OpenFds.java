package org.socketlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.socketlab.lab.FreePort;

/**
 * This JVM's open file descriptors, each with what it points at ({@code socket:[123]}, {@code pipe:[9]}, a path), for
 * leak checks. A leak is a descriptor opened since a snapshot and still open. Descriptors closed meanwhile are not: an
 * earlier test's process pipes or unclosed streams are closed by the JDK on its own schedule, so a plain count can fall
 * during a test (CI saw 78 before, 71 after) and say nothing about the code under test.
 */
public record OpenFds(Map<Integer, String> targets) {
    private static final Path SELF = Path.of("/proc/self/fd");
    /** Linux's {@code O_CLOEXEC} as fdinfo's octal flags show it. */
    private static final int O_CLOEXEC = 02000000;

    public OpenFds {
        targets = Map.copyOf(targets);
    }

    /** What is open now. */
    public static OpenFds now() {
        // The port slice's lock is this process's for its whole life, like the JVM's own descriptors: taken before the
        // first look, it is never a test's leak.
        FreePort.claimSlice();
        Map<Integer, String> targets = new TreeMap<>();
        // The listing's own fd points at this folder; its number changes when a lower one was closed meanwhile.
        String listing = "/proc/" + ProcessHandle.current().pid() + "/fd";
        try (Stream<Path> fds = Files.list(SELF)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.equals(listing)) targets.put(Integer.parseInt(fd.getFileName().toString()), target);
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OpenFds(targets);
    }

    /** Whether {@code fd} is close-on-exec: no program this one starts inherits it ({@code /proc/self/fdinfo}). */
    public static boolean closeOnExec(int fd) {
        try {
            String line = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                    .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
            return (Integer.parseInt(line.substring(6).strip(), 8) & O_CLOEXEC) != 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The descriptors open now that were not open (or pointed elsewhere) at {@code before}. */
    public static Map<Integer, String> openedSince(OpenFds before) {
        Map<Integer, String> opened = new TreeMap<>(now().targets);
        opened.entrySet().removeIf(e -> e.getValue().equals(before.targets.get(e.getKey())));
        return opened;
    }
}
