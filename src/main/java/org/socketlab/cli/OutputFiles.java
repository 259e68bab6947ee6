package org.socketlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.file.JournalFile;
import org.socketlab.journal.file.JournalJsonl;

/**
 * The files a command writes ({@code --journal}, {@code --markdown}, {@code --svg}), in one place: every path is
 * checked before the first socket call (a folder, a missing folder, a place that takes no files, no permission:
 * exit 2 with one line, and the files this check created are removed again), and every write that still fails
 * later (a full disk) keeps what it can in the temporary folder and says where. The journal is written as it grows
 * and never rewritten ({@link #finish}).
 */
final class OutputFiles {
    /** An output path that cannot be written: the command itself was right, so no usage text follows it. */
    static final class BadPath extends LocalizedException {
        BadPath(String key, Object... args) {
            super(key, args);
        }
    }

    /** What writes one file's content. */
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    /** S_IFMT bits of a FIFO and a socket: opening a FIFO for writing would wait for a reader forever. */
    private static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFSOCK = 0140000;

    /** No output files: a command that writes none (code) still opens its lab through {@link LabRun}. */
    static final OutputFiles NONE = new OutputFiles(Map.of(), List.of());

    private final Map<String, Path> paths;
    private final List<Path> created;

    private OutputFiles(Map<String, Path> paths, List<Path> created) {
        this.paths = paths;
        this.created = created;
    }

    /**
     * Checks the value of each of {@code options} that was given (at most once each) and makes sure it can be
     * written, creating the files that do not exist yet (an existing file is left as it is until it is written).
     * Throws {@link LocalizedException} on the first bad one, after removing what this check created.
     */
    static OutputFiles check(Args args, List<String> options) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String option : options) {
            Path path = args.one(option, OutputFiles::toPath);
            if (path == null) continue;
            for (var other : paths.entrySet())
                if (other.getValue().toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize()))
                    throw new BadPath("cli.output.same", other.getKey(), option, path.toString());
            paths.put(option, path);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path path : paths.values()) if (prepare(path)) created.add(path);
        } catch (BadPath e) {
            delete(created);
            throw e;
        }
        return new OutputFiles(paths, created);
    }

    private static Path toPath(String text) {
        try {
            if (text.isBlank()) throw new BadPath("cli.output.badName", text);
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadPath("cli.output.badName", text);
        }
    }

    /** Makes sure {@code path} can be opened for writing; returns whether this created it. */
    private static boolean prepare(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) throw new BadPath("cli.output.isFolder", name);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) throw new BadPath("cli.output.noFolder", name, parent.toString());
        if (parent != null && !Files.isDirectory(parent))
            throw new BadPath("cli.output.parentNotFolder", name, parent.toString());
        boolean existed = Files.exists(path);
        if (existed && !writableKind(path)) throw new BadPath("cli.output.notFile", name);
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            return !existed;
        } catch (AccessDeniedException e) {
            throw new BadPath("cli.output.denied", name);
        } catch (NoSuchFileException e) {
            // The folder exists, yet the file cannot be made there (/proc, /sys belong to the kernel).
            throw new BadPath("cli.output.noFilesHere", name, parent == null ? name : parent.toString());
        } catch (FileSystemException e) {
            throw new BadPath("cli.output.refused", name, String.valueOf(e.getReason()));
        } catch (IOException | UnsupportedOperationException e) {
            throw new BadPath("cli.output.refused", name, String.valueOf(e.getMessage()));
        }
    }

    /** Regular files and devices (/dev/null) are fine; a FIFO or a socket is not a file to write an export into. */
    private static boolean writableKind(Path path) {
        if (Files.isRegularFile(path)) return true;
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(path)) mode = (Integer) Files.getAttribute(path, "unix:mode");
            int kind = mode & S_IFMT;
            return kind != S_IFIFO && kind != S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no unix view here: opening it will tell
        }
    }

    /** The checked path given with {@code option}, or null when the option was not given. */
    Path path(String option) {
        return paths.get(option);
    }

    /** Removes the empty files the check created, when the command ends before writing them. */
    void discard() {
        delete(created);
    }

    private static void delete(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // it stays empty; nothing else to do
            }
        }
    }

    /**
     * Writes the file given with {@code option} (nothing when it was not given). When that fails, what was
     * written stays, the whole content goes to a new file in the temporary folder and one line says where.
     * Returns false when the file could not be written where asked.
     */
    boolean write(String option, Content content, Messages m, PrintStream out, PrintStream err) {
        Path path = paths.get(option);
        if (path == null) return true;
        try {
            content.writeTo(path);
            out.println(m.get("cli.run.wrote", path.toString()));
            return true;
        } catch (IOException e) {
            String reason = reason(e, m);
            Path kept = null;
            try {
                String file = path.getFileName() == null ? "output" : path.getFileName().toString();
                int dot = file.lastIndexOf('.');
                kept = Files.createTempFile("socketlab-" + (dot > 0 ? file.substring(0, dot) : file) + "-",
                        dot > 0 ? file.substring(dot) : "");
                content.writeTo(kept);
                err.println(m.get("cli.output.kept", path.toString(), reason, kept.toString()));
            } catch (IOException again) {
                if (kept != null) delete(List.of(kept));
                err.println(m.get("cli.output.lost", path.toString(), reason, reason(again, m)));
            }
            return false;
        }
    }

    /**
     * Starts writing the journal file given with {@code option} as {@code journal} grows (a crash keeps every event
     * so far); null when the option was not given or the file could not be opened (said in one line).
     */
    JournalFile record(String option, Journal journal, Messages m,
            PrintStream err) {
        Path path = paths.get(option);
        if (path == null) return null;
        try {
            return JournalFile.record(journal, path);
        } catch (IOException e) {
            err.println(m.get("cli.output.refused", path.toString(), reason(e, m)));
            return null;
        }
    }

    /**
     * Ends a journal file written as it grew; without one (the option was not given) writes {@code inMemory} as
     * {@link #write} does. The user's file is never rewritten from memory, which holds only the newest events: when a
     * write failed on the way (a full disk), the file keeps every event up to the last whole line, the events after it
     * that memory still holds go to a new file in the temporary folder, and the lines say exactly which events are
     * where and which are lost.
     */
    boolean finish(String option, JournalFile file, List<Event> inMemory, Messages m, PrintStream out,
            PrintStream err) {
        if (file == null) return write(option, f -> JournalJsonl.write(inMemory, f), m, out, err);
        file.close();
        if (file.failure().isEmpty()) {
            out.println(m.get("cli.run.wrote", file.path().toString()));
            return true;
        }
        String reason = reason(file.failure().get(), m);
        long kept = file.lastSeqWritten();
        err.println(kept == 0
                ? m.get("cli.output.journalCutEmpty", file.path().toString(), reason)
                : m.get("cli.output.journalCut", file.path().toString(), reason, String.valueOf(kept)));
        List<Event> rest = inMemory.stream().filter(e -> e.seq() > kept).toList();
        if (rest.isEmpty()) return false;
        long first = rest.getFirst().seq(), last = rest.getLast().seq();
        if (first > kept + 1)
            err.println(m.get("cli.output.journalLostOld", String.valueOf(kept + 1), String.valueOf(first - 1)));
        Path copy = null;
        try {
            String name = file.path().getFileName() == null ? "journal" : file.path().getFileName().toString();
            copy = Files.createTempFile("socketlab-" + name.replaceFirst("\\.jsonl$", "") + "-rest-", ".jsonl");
            JournalJsonl.write(rest, copy);
            err.println(m.get("cli.output.journalRest", String.valueOf(first), String.valueOf(last), copy.toString()));
        } catch (IOException e) {
            if (copy != null) delete(List.of(copy));
            err.println(m.get("cli.output.journalRestLost", String.valueOf(first), String.valueOf(last),
                    reason(e, m)));
        }
        return false;
    }

    /** The system's reason in the user's words when it is a common one. */
    static String reason(IOException e, Messages m) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : String.valueOf(e.getMessage());
        if (text.contains("No space left")) return m.get("cli.output.reason.full");
        if (e instanceof AccessDeniedException || text.contains("Permission denied"))
            return m.get("cli.output.reason.denied");
        if (e instanceof NoSuchFileException) return m.get("cli.output.reason.gone");
        return text;
    }
}
