package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SocketLab's private temporary folders ({@code socketlab-check-PID-*}, {@code socketlab-trace-PID-*}), named with the
 * pid of the SocketLab that made them, so that a later start removes those of a SocketLab that no longer runs: a TERM
 * or a kill -9 mid-check leaves nothing behind for long.
 */
public final class TempFolders {
    private static final Pattern OURS = Pattern.compile("socketlab-(check|trace)-([0-9]{1,10})-.+");

    private TempFolders() {
    }

    /** A new private folder ({@code kind} is {@code check} or {@code trace}) in the temporary folder. */
    public static Path create(String kind) throws IOException {
        return Files.createTempDirectory("socketlab-" + kind + "-" + ProcessHandle.current().pid() + "-");
    }

    /**
     * Removes, in {@code temporary}, this user's folders of SocketLabs that no longer run (their pid is gone, or is no
     * SocketLab's now: only the pid is known, so a reused pid keeps its folder until the next start). How many it
     * removed.
     */
    public static int sweep(Path temporary) {
        int removed = 0;
        try (Stream<Path> list = Files.list(temporary)) {
            for (Path p : list.toList()) {
                Matcher m = OURS.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = Long.parseLong(m.group(2));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isPresent()) continue;
                if (!isOwn(p)) continue;
                if (remove(p)) removed++;
            }
        } catch (IOException | RuntimeException e) {
            // a temporary folder that cannot be listed or removed is left as it was
        }
        return removed;
    }

    /** {@link #sweep(Path)} of the temporary folder ({@code java.io.tmpdir}). */
    public static int sweep() {
        return sweep(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Whether {@code p} is this user's: its owner is that of /proc/self, which is this process's. */
    private static boolean isOwn(Path p) throws IOException {
        return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static boolean remove(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
