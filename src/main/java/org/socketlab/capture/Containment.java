package org.socketlab.capture;

import java.nio.file.Path;
import java.util.List;

/**
 * What a contained program gets ({@link Broker#contain}): its limits and the places it sees.
 *
 * @param processes  RLIMIT_NPROC, counted in the program's own user namespace (kernel 5.14 and later)
 * @param cpuSeconds RLIMIT_CPU
 * @param openFiles  RLIMIT_NOFILE
 * @param memoryMb   RLIMIT_AS
 * @param fileMb     RLIMIT_FSIZE, and the size of its working folder (a tmpfs of its own)
 * @param workFolder where its empty working folder is made (an existing folder of this program's)
 * @param readOnly   folders (or files) it sees read-only at their own paths: the submission
 * @param writable   folders it sees writable at their own paths: this program's own (the tracer's FIFO)
 */
public record Containment(int processes, int cpuSeconds, int openFiles, int memoryMb, int fileMb, Path workFolder,
        List<Path> readOnly, List<Path> writable) {
    /** At most five places in all (labnet's limit), the working folder one of them. */
    public static final int MAX_PLACES = 5;

    public Containment {
        readOnly = List.copyOf(readOnly);
        writable = List.copyOf(writable);
        if (1 + readOnly.size() + writable.size() > MAX_PLACES)
            throw new IllegalArgumentException(String.valueOf(1 + readOnly.size() + writable.size()));
    }
}
