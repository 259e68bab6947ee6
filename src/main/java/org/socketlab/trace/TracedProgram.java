package org.socketlab.trace;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A student's program named on a command line ({@code trace}, {@code check}), found before anything starts. */
public final class TracedProgram {
    private TracedProgram() {
    }

    /**
     * The program to run: a path (with a '/') that must be an executable file, or a name looked up in PATH. Resolved
     * before anything starts, so "not found" is said plainly rather than by strace.
     */
    public static Optional<Path> find(String word, Path relativeTo) {
        if (word.contains("/")) {
            Path p = relativeTo.resolve(word).toAbsolutePath().normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, word);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

}
