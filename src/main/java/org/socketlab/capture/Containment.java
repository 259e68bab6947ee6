package org.socketlab.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a contained program gets ({@link Broker#contain}): its limits, the places it sees, and how it is traced.
 *
 * @param processes  RLIMIT_NPROC, counted in the program's own user namespace (kernel 5.14 and later)
 * @param cpuSeconds the CPU time of all its processes together (the room's init adds it up and ends the room beyond
 *                   it); RLIMIT_CPU only as a per-process backstop above it
 * @param openFiles  RLIMIT_NOFILE
 * @param memoryMb   the resident memory of all its processes together (the room's init adds it up and ends the room
 *                   beyond it); RLIMIT_AS only as a per-process backstop well above it
 * @param fileMb     RLIMIT_FSIZE, and the size of the room's own file system (working folder, /tmp, /dev/shm)
 * @param workFolder where its empty working folder is made (an existing folder of this program's: the path it has)
 * @param readOnly   folders (or files) it sees read-only at their own paths: the submission, an interpreter
 * @param network    the room's network: a {@link RoomNetwork}'s keeper pid (where the check's own side plays), or 0
 *                   for a network of the room's own; never the lab's, so a batch's submissions cannot reach each other
 * @param trace      the strace the broker runs outside the room, or null for none
 * @param startFolder one of {@code readOnly}, where the program starts (the folder it was run from, as in a terminal),
 *                   or null: its working folder; its HOME and writable place stay the working folder either way
 */
public record Containment(int processes, int cpuSeconds, int openFiles, int memoryMb, int fileMb, Path workFolder,
        List<Path> readOnly, int network, @Nullable Trace trace, @Nullable Path startFolder) {
    /** At most five places in all (labnet's limit), the working folder one of them. */
    public static final int MAX_PLACES = 5;

    public Containment {
        readOnly = List.copyOf(readOnly);
        if (network < 0) throw new IllegalArgumentException("network " + network);
        if (1 + readOnly.size() > MAX_PLACES) throw new IllegalArgumentException(String.valueOf(1 + readOnly.size()));
        if (startFolder != null && !readOnly.contains(startFolder))
            throw new IllegalArgumentException(String.valueOf(startFolder));
    }

    /**
     * strace run by the broker outside the room (in the lab's mount and PID namespaces, where the program cannot reach
     * it), attached to the program before its first instruction, its record written into {@code record}.
     *
     * @param strings  strace's {@code -s}
     * @param calls    strace's {@code -e trace=} (names, {@code %classes} and {@code ?} only: labnet checks it too)
     * @param record   this program's write end of the record's pipe, handed over with the request
     */
    public record Trace(int strings, String calls, int record) {
        private static final Pattern CALLS = Pattern.compile("[a-z0-9_%?]+(,[a-z0-9_%?]+)*");

        public Trace {
            if (strings < 1 || strings > 1 << 24) throw new IllegalArgumentException("strings " + strings);
            if (!CALLS.matcher(calls).matches()) throw new IllegalArgumentException("calls " + calls);
        }
    }
}
