package org.socketlab.syscall;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an external program SocketLab runs (tcpdump, strace, setpriv, setsid, prlimit, kill, mkfifo...) is found: the
 * system's own folders first, then the PATH, and never the PATH when this process runs as root (effective uid 0): a
 * folder early in root's PATH that someone else can write would decide which program runs with root's rights. The one
 * lookup every exec'd tool goes through; a program the user names to run (their own) is not a tool and is not looked up
 * here.
 */
public final class TrustedPrograms {
    /** The system's own folders, searched first and in this order. */
    static final List<String> SYSTEM_FOLDERS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin",
            "/usr/local/bin");

    private TrustedPrograms() {
    }

    /** The program {@code name} from the system's folders, then (not for root) from the PATH. */
    public static Optional<Path> find(String name) {
        return find(name, System.getenv("PATH"), runningAsRoot());
    }

    /** As {@link #find(String)} with the PATH and the user given (tests). */
    static Optional<Path> find(String name, String path, boolean root) {
        List<String> folders = new ArrayList<>(SYSTEM_FOLDERS);
        if (path != null && !root) folders.addAll(List.of(path.split(File.pathSeparator)));
        return findIn(name, folders);
    }

    /** The first executable regular file {@code name} in {@code folders} (blank entries skipped). */
    public static Optional<Path> findIn(String name, List<String> folders) {
        if (name.contains("/")) return Optional.empty(); // a name, never a path
        for (String folder : folders) {
            if (folder.isBlank()) continue;
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Whether this process runs as root: {@code /proc/self} belongs to the process's effective user. */
    public static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
