package org.socketlab.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.Broker;
import org.socketlab.capture.ChildProcesses;
import org.socketlab.capture.ContainedProcess;
import org.socketlab.capture.Containment;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.RoomNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Journal;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.NativePrograms;
import org.socketlab.syscall.ProcFds;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.TempFolders;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.trace.TracedProgram;

/**
 * Where a submission is started, under strace, from an argument list (never a shell). In a private lab network the
 * lab's broker runs it <b>contained</b> (labnet's {@code contain}): user, mount, PID and IPC namespaces of its own, a
 * network of its own ({@link RoomNetwork}, where the check's side plays too), a small init as PID 1 with the program
 * below it (strace outside, in that network), an empty home, /tmp and run-time folders (the grader's files and
 * the host's X11 and D-Bus sockets are not there), the submission's folder read-only, an empty working folder of its
 * own, RLIMIT_NPROC counted in its own namespace (as nobody when SocketLab is root, whom it would not bind), CPU,
 * memory, open-file and file-size limits, no capability and no way to make namespaces; ending it ends everything in
 * the namespace. Elsewhere (no lab network: a container without user namespaces, or started without the launcher) it
 * runs as {@code socketlab trace} runs one: a session of its own ({@code setsid}), limits set by {@code prlimit}, its
 * working folder a fresh private one, and what labnet's {@code alone} keeps of the room (a session keyring of its own,
 * nobody instead of root, the room's filters; its memory added up by {@link MemoryWatch}); then the container, or the
 * computer, is the only boundary of its files and processes ({@link #containment}).
 */
final class Sandbox {

    private Sandbox() {
    }

    /** Processes and threads a contained submission may have at once (its own namespace's count). */
    static final int PROCESSES = 128;
    /** The largest file a contained submission may write, and the size of its working folder. */
    static final int FILE_MB = 16;
    /** A refused containment has answered already: its words are read at once, or not at all. */
    private static final Duration REFUSAL_LIMIT = Duration.ofSeconds(10);

    /**
     * Whether submissions run contained here: in a private lab network, whose broker makes their namespaces, and where
     * a room can be made (a container may allow the lab's namespaces but refuse a room's own /proc, under its masked
     * one: podman's default profile).
     */
    static boolean containment() {
        return LabNetwork.current().isPrivate() && roomRefused() == null;
    }

    /**
     * Why no room can be made here though the lab network is private (labnet's words: "labnet: contain: the room at
     * /proc: Operation not permitted"), or null: asked once, by making a room for /bin/true (a few milliseconds).
     */
    static synchronized @Nullable String roomRefused() {
        if (roomProbe == null) roomProbe = probeRoom();
        return roomProbe.isEmpty() ? null : roomProbe;
    }

    private static @Nullable String roomProbe;

    private static String probeRoom() {
        LabNetwork network = LabNetwork.current();
        if (!network.isPrivate()) return "";
        Path work = null;
        try {
            work = TempFolders.create("check");
            ContainedProcess p = network.requireBroker().contain(new Containment(8, 5, 16, 64, 1, work, List.of(), 0,
                    null, null), List.of("/bin/true"));
            HelperRun.Ran ran = HelperRun.finish(p.process(), "contain", REFUSAL_LIMIT);
            return p.initPid() > 0 && ran.exit() == 0
                    ? ""
                    : ran.err().strip().isEmpty() ? "contain" : ran.err().strip();
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (work != null) removeFolder(work);
        }
    }

    /**
     * A network for one contained run's room, where the check's own side plays too; null where programs are not
     * contained. Refused with an {@link IOException} saying why (labnet's words).
     */
    static @Nullable RoomNetwork roomNetwork(Libc libc) throws IOException {
        LabNetwork network = LabNetwork.current();
        return containment() ? RoomNetwork.open(network.requireBroker(), libc) : null;
    }

    /**
     * Starts {@code command} under strace with {@code limits}, in {@code workDir}, journaling into {@code journal};
     * contained in {@code room} ({@link #roomNetwork}; null: no room, {@code --no-room} or none can be made here),
     * {@code submission} (its folder, or the program file) then visible read-only. The program starts in {@code start}
     * ({@link #startFolder}: the folder it was run from, shown read-only in a room) where there is one, else in its
     * working folder, which stays its HOME and its writable place.
     */
    static TraceSession start(Libc libc, Strace strace, List<String> command, Path workDir, CheckFile.Limits limits,
            Journal journal, TraceSession.ProgramOutput output, List<Path> submission, @Nullable RoomNetwork room,
            @Nullable Path start) {
        LabNetwork network = LabNetwork.current();
        if (room != null) {
            Broker broker = network.requireBroker();
            List<Path> shown = new ArrayList<>(submission);
            // Never a folder that holds the working folder: its read-only bind would cover the room's writable one.
            Path from = start != null && !workDir.startsWith(start) ? start : null;
            if (from != null && !shown.contains(from) && shown.size() < Containment.MAX_PLACES - 1) shown.add(from);
            Path startIn = from != null && shown.contains(from) ? from : null;
            TraceSession.Launcher contained = (program, tracer, record, directory) -> {
                ContainedProcess p = broker.contain(new Containment(PROCESSES, limits.cpuSeconds(), limits.openFiles(),
                        limits.memoryMb(), FILE_MB, workDir, shown, room.pid(),
                        new Containment.Trace(tracer.strings(), Strace.traceSet(), record), startIn), program);
                if (p.initPid() > 0) return new TracedOutside(p, room);
                // Not contained, so not run: the submission gets no verdict, and its row says labnet's reason.
                String why;
                try {
                    why = HelperRun.finish(p.process(), "contain", REFUSAL_LIMIT).err().strip();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    why = "";
                }
                p.process().destroy();
                throw new IOException(why.isEmpty() ? "contain" : why);
            };
            return TraceSession.start(libc, strace, command, workDir, journal, null, null, output, contained);
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(tool("setsid"));
        wrapped.add(tool("prlimit"));
        wrapped.add("--cpu=" + limits.cpuSeconds());
        wrapped.add("--nofile=" + limits.openFiles());
        // No RLIMIT_NPROC: it counts every process of the user (nobody's are every batch job's, and an ordinary
        // user's desktop has more already); execve after the change to nobody failed with EAGAIN beside other runs.
        wrapped.add("--fsize=" + ((long) FILE_MB << 20));
        wrapped.add("--core=0");
        wrapped.add("--");
        // Its parent is strace, which dies with SocketLab: then the program dies too, never left without its time
        // limit (what it forked is ended by killGroup, or, when SocketLab is killed outright, not yet: issue 36).
        ChildProcesses.setpriv().ifPresent(setpriv -> wrapped.addAll(List.of(setpriv.toString(), "--pdeathsig",
                "KILL", "--")));
        // What of the room can be kept without one (labnet alone): a session keyring of its own, nobody instead of
        // root, the room's filters. Its memory in total is CheckRun's to add up (MemoryWatch): no address-space limit,
        // which a stock JVM could not start under.
        wrapped.addAll(List.of(alone().toString(), "alone", "--"));
        wrapped.addAll(command);
        if (runsAsNobody()) giveToNobody(workDir);
        return TraceSession.start(libc, strace, wrapped, start != null ? start : workDir, journal, null, null, output);
    }

    /**
     * A room whose strace runs outside it, in this program's PID namespace: the record's pids are this computer's
     * already (the room's own pids never reach SocketLab).
     */
    private record TracedOutside(ContainedProcess room, RoomNetwork network) implements ContainedProcess {
        @Override
        public int takeSockDiag() {
            return network.takeSockDiag();
        }

        @Override
        public Process process() {
            return room.process();
        }

        @Override
        public int initPid() {
            return room.initPid();
        }

        @Override
        public int hostPid(int pid) {
            return pid > 0 && Files.exists(Path.of("/proc", String.valueOf(pid))) ? pid : -1;
        }
    }

    /** labnet, whose {@code alone} runs a program without a room; missing, nothing runs (said as a missing tool). */
    private static Path alone() {
        return NativePrograms.labnet().orElseThrow(() -> new LocalizedException("check.labnetMissing"));
    }

    /** The working folder made nobody's, whom a program without a room runs as when SocketLab is root. */
    private static void giveToNobody(Path folder) {
        try {
            Files.setAttribute(folder, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(folder, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
    }

    /** labnet's nobody (uid and gid 65534): the program's user when SocketLab is root. */
    private static final int NOBODY = 65534;

    /** Whether a program without a room runs as nobody: SocketLab is root (labnet alone never runs one as root). */
    static boolean runsAsNobody() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Where a fixed tool of util-linux is; a missing one is said with how to get it. */
    private static String tool(String name) {
        return TrustedPrograms.find(name).orElseThrow(() -> new LocalizedException("check.toolMissing", name))
                .toString();
    }

    /** The program to run, found as {@code trace} finds one ({@link TracedProgram#find}). */
    static Optional<Path> program(String word, Path relativeTo) {
        return TracedProgram.find(word, relativeTo);
    }

    /**
     * What a contained submission must see of {@code command} (the program and its arguments): the folder of each
     * absolute path among them, or the file itself when its folder holds the user's home (never the home shown).
     * System folders are seen anyway.
     */
    static List<Path> visible(List<String> command) {
        Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
        Set<Path> places = new LinkedHashSet<>();
        for (String word : command) {
            if (!word.startsWith("/")) continue;
            Path p;
            try {
                p = Path.of(word).normalize();
            } catch (InvalidPathException e) {
                continue;
            }
            if (!Files.exists(p) || SYSTEM.stream().anyMatch(p::startsWith)) continue;
            Path folder = Files.isDirectory(p) ? p : p.getParent();
            // labnet shows a place where it really is (it opens the path and reads where that is): a folder reached
            // through a symbolic link that holds the home is the home all the same, never shown (audit 2026-11-28, R8)
            places.add(folder == null || home.startsWith(folder) || holdsHome(folder, home) ? p : folder);
        }
        // A folder inside another one shown is shown with it.
        List<Path> outermost = places.stream().filter(p -> places.stream().noneMatch(q -> !q.equals(p)
                && p.startsWith(q) && Files.isDirectory(q))).toList();
        return outermost.subList(0, Math.min(outermost.size(), Containment.MAX_PLACES - 1));
    }

    /** Whether {@code folder}, at its real path, is the home {@code home} (real too) or a folder above it. */
    private static boolean holdsHome(Path folder, Path home) {
        return real(home).startsWith(real(folder));
    }

    /** {@code p} at its real path; as it is when that cannot be read (a home that does not exist). */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return p;
        }
    }

    /**
     * Where a program starts, as from a terminal: {@code base}, the folder it was run from (a batch row's: its
     * submission's folder), so that {@code java EchoServer} finds EchoServer.class there; null (its own empty working
     * folder) when that folder is a system folder or holds the user's home, which is never shown.
     */
    static @Nullable Path startFolder(Path base) {
        Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
        Path folder = base.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder) || home.startsWith(folder) || folder.getParent() == null) return null;
        if (SYSTEM.stream().anyMatch(folder::startsWith) || folder.startsWith("/tmp") && folder.getNameCount() == 1)
            return null;
        return folder;
    }

    private static final List<Path> SYSTEM = Stream.of("/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/opt")
            .map(Path::of).toList();

    /** Ends a run: the contained namespace, or the process group the program leads. */
    static void end(TraceSession session) {
        if (session.contained()) {
            try {
                session.stop(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            killGroup(session.programPid());
        }
    }

    /**
     * Sends SIGKILL to the process group the program leads (setsid made its pid the group id): what it forked dies
     * with it, even a child no longer below strace. With kill(2) itself, never by starting {@code /usr/bin/kill}: a
     * fork bomb fills the user's process table, and then no program can start, the moment one is needed most.
     */
    static void killGroup(int pgid) {
        if (pgid <= 1) return;
        SIGNALS.kill(-pgid, Signals.SIGKILL); // ESRCH: already gone; the tree walk of TraceSession.stop ends the rest
    }

    private static final Signals SIGNALS = new Signals();

    /**
     * The sockets a process has open now, from the kernel's table ({@code /proc/PID/fd}): each fd with the inode of the
     * socket it holds ({@code socket:[N]}), in fd order; null if unreadable (a contained program of another user).
     */
    static @Nullable Map<Integer, Long> socketsOf(int pid) {
        if (pid <= 0) return null;
        return ProcFds.sockets(pid).orElse(null);
    }

    /** Removes the private working folder and whatever the program left in it. */
    static void removeFolder(Path folder) {
        if (folder == null) return;
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
