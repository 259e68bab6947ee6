package org.socketlab.lab;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;

/**
 * The lab's own private folder, where the files of its Unix-domain sockets live: made on first use (mode 0700, under
 * {@code $XDG_RUNTIME_DIR} when it is set, else under {@code java.io.tmpdir}), emptied when the whole lab is reset and
 * removed with the lab (or, should the program exit without closing it, by a shutdown hook). A lesson's, the window's
 * or a check's socket path is a name in it: {@link #resolve} normalises it and refuses whatever would lead out of it
 * (an absolute path elsewhere, {@code ..}, a symbolic link), so a name read from a file never reaches the user's own
 * services (docker.sock, the D-Bus session bus, gpg-agent).
 */
public final class LabFolder implements AutoCloseable {
    /** Every lab folder's name starts so: {@code socketlab-PID-RANDOM}. */
    public static final String PREFIX = "socketlab-";

    private final Path base;
    private @Nullable Path folder;
    private @Nullable Thread onExit;
    private boolean closed;

    LabFolder(Path base) {
        this.base = base;
    }

    /** A folder under {@code $XDG_RUNTIME_DIR} (a private tmpfs of this user) when usable, else {@code java.io.tmpdir}. */
    static LabFolder forThisUser() {
        return new LabFolder(baseFolder(System.getenv("XDG_RUNTIME_DIR"), System.getProperty("java.io.tmpdir")));
    }

    static Path baseFolder(String runtimeDir, String tmpdir) {
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            try {
                Path p = Path.of(runtimeDir);
                if (p.isAbsolute() && Files.isDirectory(p) && Files.isWritable(p)) return p;
            } catch (InvalidPathException e) {
                // not a path: the temporary folder below
            }
        }
        return Path.of(tmpdir);
    }

    /** The folder if it was made already (a lab that never used a Unix path has none). */
    public synchronized Optional<Path> existing() {
        return Optional.ofNullable(folder);
    }

    /** The folder, made now if need be. */
    public synchronized Path path() {
        if (closed) throw new LocalizedException("lab.folder.closed");
        if (folder == null) {
            folder = make();
            onExit = new Thread(this::delete, "socketlab-lab-folder");
            Runtime.getRuntime().addShutdownHook(onExit);
        }
        return folder;
    }

    private Path make() {
        for (int attempt = 0;; attempt++) {
            Path p = base.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                    + Long.toString(Names.RANDOM.nextLong() >>> 34, 36));
            try {
                try {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            "rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(p); // not a POSIX file system: the system's own rights for a new folder
                }
                return p.toRealPath(); // /tmp may itself be a link (/private/tmp): paths are compared with this one
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 20) throw new LocalizedException("lab.folder.failed", base.toString(), e.getMessage());
            } catch (IOException e) {
                throw new LocalizedException("lab.folder.failed", base.toString(), String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * A socket path as given (typed, or read from a lesson file): a relative one is a name in this folder, an absolute
     * one must already be in it. Returns the absolute path the kernel is given; refuses ({@code input.address.
     * unixOutsideLab}) a path that after normalisation is outside the folder, is the folder itself or goes through a
     * symbolic link.
     */
    public Path resolve(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new LocalizedException("input.address.unixBadName", text);
        }
        Path dir = path();
        Path resolved = p.isAbsolute() ? p.normalize() : dir.resolve(name(text)).normalize();
        if (!resolved.startsWith(dir) || resolved.equals(dir))
            throw new LocalizedException("input.address.unixOutsideLab", text);
        // The folder is fresh and private; still, nothing in it may lead elsewhere.
        for (Path q = resolved; q != null && !q.equals(dir); q = q.getParent())
            if (Files.isSymbolicLink(q)) throw new LocalizedException("input.address.unixOutsideLab", text);
        return resolved;
    }

    /**
     * A socket name as a lesson file may write it, checked without any folder: relative, and still inside the folder
     * once {@code .} and {@code ..} are taken out ({@code lab.sock}, {@code a/../lab.sock}). Refuses an absolute path,
     * {@code ../x}, an empty name.
     */
    public static Path name(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new LocalizedException("input.address.unixBadName", text);
        }
        if (p.isAbsolute() || p.getRoot() != null) throw new LocalizedException("input.address.unixOutsideLab", text);
        Path n = p.normalize();
        if (n.toString().isEmpty() || n.startsWith(".."))
            throw new LocalizedException("input.address.unixOutsideLab",
                    text);
        return n;
    }

    /** Removes whatever is left in the folder (socket files closed but never unlinked); the folder stays. */
    synchronized void empty() {
        if (folder != null) deleteTree(folder, false);
    }

    /** Removes the folder and everything in it. */
    @Override
    public synchronized void close() {
        closed = true;
        delete();
        if (onExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the program is exiting: the hook runs anyway
            }
            onExit = null;
        }
    }

    private synchronized void delete() {
        if (folder != null) deleteTree(folder, true);
    }

    /** Deletes the entries of {@code dir} (links themselves, never what they point at) and, if asked, {@code dir}. */
    private static void deleteTree(Path dir, boolean itself) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }
                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (itself || !d.equals(dir)) Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // best effort: what could not be removed is in a private folder of this user
        }
    }

    /**
     * The folder's unguessable names, made at the first folder: the JDK's first SecureRandom took the window's lab about
     * 10 ms to make, and the window waits for its lab before it is built (issue 62).
     */
    private static final class Names {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
