package org.socketlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.socketlab.CiRules;

/**
 * The container lane's machine (@GraderContainer): podman as this machine kind runs it (runc, cgroupfs, file events,
 * the session's ulimits: DESIGN.md's facts), on a Debian 12 root file system that mmdebstrap makes from Debian's
 * registry and keeps under target/, made again only when the packages asked for change. The grader's container and the new
 * user's machine are each one of these, with their own packages.
 */
public final class DebianRootfs {
    /** podman's options before {@code run} or {@code exec}: crun refuses this kernel's hybrid cgroups. */
    public static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs",
            "--events-backend=file");
    /** {@code run}'s limits: no higher than the session's, as root here lacks CAP_SYS_RESOURCE. */
    public static final List<String> ULIMITS = List.of("--ulimit", "nofile=1024:4096", "--ulimit", "nproc=1024:4096");

    private DebianRootfs() {
    }

    /** Skips (fails on CI) where podman, runc or mmdebstrap is missing, or this is not root (podman with cgroupfs). */
    public static void requireTools() {
        for (String tool : List.of("podman", "runc", "mmdebstrap"))
            CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin", tool))
                    || Files.isExecutable(Path.of("/usr/sbin", tool)), tool + " (apt install podman runc mmdebstrap)");
        CiRules.requireOrSkip("root".equals(System.getProperty("user.name")), "root (podman with runc and cgroupfs)");
    }

    /**
     * The root file system {@code dir}/root, a minbase bookworm with {@code packages} (mmdebstrap's comma list), made
     * once (minutes) and kept for the next runs while {@code dir}/made-with names the same packages.
     */
    public static Path make(Path dir, String packages) throws IOException, InterruptedException {
        Path made = dir.resolve("made-with"), root = dir.resolve("root");
        if (Files.exists(made) && Files.readString(made).strip().equals(packages)) return root;
        run(List.of("rm", "-rf", dir.toString()), 600);
        Files.createDirectories(dir);
        long start = System.nanoTime();
        run(List.of("mmdebstrap", "--variant=minbase", "--include=" + packages, "bookworm", root.toString()), 1200);
        Files.writeString(made, packages + "\n");
        System.out.printf(Locale.ROOT, "DebianRootfs: mmdebstrap made %s in %.0f s%n", dir.getFileName(),
                (System.nanoTime() - start) / 1e9);
        return root;
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0)
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + "\n"
                    + out);
    }
}
