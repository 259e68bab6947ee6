package org.socketlab.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.RoomNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.FreePort;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.ProcChildren;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.TempFolders;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;

/**
 * One program checked against one check file: started through {@link Sandbox} under strace on a free loopback port,
 * driven by {@link LabSide} as the check file says, stopped (a server) or awaited (a client) within the time limit,
 * its whole process group killed when the limit runs out, and judged by {@link Judge}.
 */
public final class CheckRun {
    private static final int MAX_OUTPUT = 16 * 1024;
    private static final int TAIL = 512;

    /**
     * The room's init ended the room over its memory or its CPU time (all its processes together), or at its process
     * limit (a fork bomb): its last line on the program's standard error, with the exit of SIGKILL ({@code labnet:
     * killed: over its memory, N MB in P processes}, {@code labnet: killed: over its CPU time, N s in P processes},
     * {@code labnet: killed: at its process limit, P processes}). A program that writes it itself only fails its own
     * row.
     *
     * @param kind   what it was over
     * @param amount the MB, or the CPU seconds, the room's processes used together (0 at the process limit)
     */
    record RoomKill(Kind kind, long amount, int processes) {
        enum Kind {
            MEMORY, CPU, PROCESSES
        }

        private static final Pattern LINE = Pattern
                .compile("labnet: killed: (?:over its (memory|CPU time), ([0-9]{1,9})"
                        + " (MB|s) in|at its process limit,) ([0-9]{1,6}) processes\\s*$");

        static Optional<RoomKill> of(@Nullable Integer exitCode, CharSequence errorTail) {
            if (exitCode == null || exitCode != 128 + 9) return Optional.empty();
            Matcher m = LINE.matcher(errorTail);
            if (!m.find()) return Optional.empty();
            int processes = Integer.parseInt(m.group(4));
            if (m.group(1) == null) return Optional.of(new RoomKill(Kind.PROCESSES, 0, processes));
            if (m.group(1).equals("memory") != m.group(3).equals("MB")) return Optional.empty();
            return Optional.of(new RoomKill(m.group(3).equals("s") ? Kind.CPU : Kind.MEMORY,
                    Long.parseLong(m.group(2)), processes));
        }

        /** The row's reason: its key and arguments, the check's limit last. */
        String key() {
            return switch (kind) {
                case MEMORY -> "check.why.killedMemory";
                case CPU -> "check.why.killedCpu";
                case PROCESSES -> "check.why.killedProcesses";
            };
        }

        List<String> arguments(CheckFile.Limits limits) {
            return switch (kind) {
                case MEMORY -> List.of(String.valueOf(amount), String.valueOf(processes),
                        String.valueOf(limits.memoryMb()));
                case CPU -> List.of(String.valueOf(amount), String.valueOf(processes),
                        String.valueOf(limits.cpuSeconds()));
                case PROCESSES -> List.of(String.valueOf(processes), String.valueOf(Sandbox.PROCESSES));
            };
        }
    }

    /**
     * What one run gave: the verdicts, the journal, what the program wrote (cut at 16 KiB), how it ended, and where its
     * time went ({@code phases}: each phase's end, in ms since the run began, in order).
     */
    public record Result(CheckFile check, List<String> command, List<Verdict> verdicts, List<Event> events,
            String output, @Nullable Integer exitCode, boolean timedOut, long millis, Map<String, Long> phases) {
        public Result(CheckFile check, List<String> command, List<Verdict> verdicts, List<Event> events, String output,
                @Nullable Integer exitCode, boolean timedOut, long millis) {
            this(check, command, verdicts, events, output, exitCode, timedOut, millis, Map.of());
        }

        public boolean passed() {
            return verdicts.stream().allMatch(Verdict::passed);
        }

        public List<Verdict> failed() {
            return verdicts.stream().filter(v -> !v.passed()).toList();
        }
    }

    private CheckRun() {
    }

    /**
     * A journal that holds a whole check run: every call from the first (the call pattern is judged from the start),
     * even for a server that echoed megabytes in thousands of calls; payloads beyond the usual memory bound are elided.
     */
    public static Journal newJournal() {
        return new Journal(new Journal.Retention(400_000, Journal.Retention.DEFAULT.previewBytes(),
                Journal.Retention.DEFAULT.maxDataBytes()));
    }

    /**
     * Checks {@code command} (the program and the arguments given to it; the check file's own arguments, with the port,
     * are added after them); relative program paths are read against {@code base}. Journals into {@code journal}, which
     * may be shared (the window's live journal): only the events appended after this run started are judged. A journal
     * with a small retention may forget a long run's first calls: {@link #newJournal()} holds a whole run.
     * Throws {@link LocalizedException} when the program cannot be run at all (not found, strace or prlimit missing,
     * tracing not allowed). The program's sockets are read through {@code libc}.
     */
    public static Result run(Libc libc, CheckFile check, List<String> command, Path base, Strace strace,
            Journal journal) {
        return run(libc, check, command, base, strace, journal, Waits.DEFAULT, true);
    }

    /**
     * As {@link #run(Libc, CheckFile, List, Path, Strace, Journal)}, never in a room ({@code --no-room}: labnet's
     * contain is not asked): what labnet's {@code alone} keeps of one, its memory added up here.
     */
    public static Result runWithoutRoom(Libc libc, CheckFile check, List<String> command, Path base, Strace strace,
            Journal journal) {
        return run(libc, check, command, base, strace, journal, Waits.DEFAULT, false);
    }

    /** {@link #run(Libc, CheckFile, List, Path, Strace, Journal)} with SocketLab's own waits given ({@link Waits}). */
    static Result run(Libc libc, CheckFile check, List<String> command, Path base, Strace strace, Journal journal,
            Waits waits) {
        return run(libc, check, command, base, strace, journal, waits, true);
    }

    /** The run itself: in a room where {@code inRoom} and one can be made here. */
    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    private static Result run(Libc libc, CheckFile check, List<String> command, Path base, Strace strace,
            Journal journal, Waits waits, boolean inRoom) {
        if (command.isEmpty()) throw new LocalizedException("check.noProgram");
        Path program = Sandbox.program(command.getFirst(), base)
                .orElseThrow(() -> new LocalizedException("check.programNotFound", command.getFirst()));
        int port = freePort();
        List<String> full = new ArrayList<>();
        full.add(program.toString());
        for (String word : command.subList(1, command.size())) full.add(fileIn(base, word));
        for (String a : check.args()) full.add(a.replace(CheckFile.PORT, String.valueOf(port)));
        long started = System.nanoTime();
        Phases phases = new Phases(started);
        long before = journal.size();
        LabResult lab = new LabResult();
        StringBuilder output = new StringBuilder();
        // The end of standard error, whatever came before: the room's init says there last why it ended the room.
        StringBuilder errorTail = new StringBuilder();
        TraceSession.ProgramOutput collect = (stderr, text) -> {
            synchronized (output) {
                if (output.length() < MAX_OUTPUT)
                    output.append(text, 0, Math.min(text.length(), MAX_OUTPUT - output.length()));
                if (stderr) {
                    errorTail.append(text);
                    if (errorTail.length() > TAIL) errorTail.delete(0, errorTail.length() - TAIL);
                }
            }
        };
        Path work;
        try {
            work = TempFolders.create("check");
        } catch (IOException e) {
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
        boolean workLeft = true; // the working folder is still on this computer
        AutoCloseable labServer = null;
        RoomNetwork room = null;
        TraceSession session = null;
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicReference<@Nullable RoomKill> overMemory = new AtomicReference<>();
        Thread watchdog = null;
        Thread stopHook = null;
        // Every event of this run, whole, as it is appended: a window's journal keeps only its newest ~2,000 in memory,
        // and a server's run makes many more. The verdicts are of the whole run, as on the command line.
        List<Event> mine = new ArrayList<>();
        Subscription recording = journal.record(e -> {
            if (e.seq() > before) synchronized (mine) {
                mine.add(e);
            }
        });
        try {
            final TraceSession[] running = {null};
            Activity activity = new Activity(journal, before);
            try {
                room = inRoom ? Sandbox.roomNetwork(libc) : null;
            } catch (IOException e) {
                throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
            }
            LabSocket.Maker sockets = room == null ? LabSocket.Maker.here(libc) : LabSocket.Maker.in(room);
            List<Path> tables = room == null ? ServerConnections.HERE : room.tables();
            LabSide side = new LabSide(libc, sockets, check, port, lab,
                    () -> running[0] != null && running[0].running(), activity::lastCall, activity::accepted, phases,
                    waits, () -> running[0] != null && running[0].recordBehind());
            if (check.role() == CheckFile.Role.CLIENT) {
                try {
                    labServer = side.openServer();
                } catch (IOException e) {
                    throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
                }
            }
            session = Sandbox.start(libc, strace, full, work, check.limits(), journal, collect, Sandbox.visible(full),
                    room, Sandbox.startFolder(base));
            running[0] = session;
            if (session.contained()) {
                // The room is built and its program runs (labnet answers the init's pid only then): its working folder
                // is the room's own, at the same path on the room's tmpfs. labnet took this one by descriptor, found it
                // again in the room's mount namespace (contain.c reopen_folders), made the room's there (room.c
                // build_room), and reads it no more; nor does SocketLab. Removed now, so that a SocketLab killed with
                // -9 leaves no folder behind (audit 2026-11-28, L5); only one killed while the room was being built
                // does, for the next start's sweep. Without a room (--no-room) the folder is the program's working
                // folder on this computer, and stays until the run ends (the finally below). There the sweep
                // (TempFolders.sweep, at the next start) is the best at hand: nothing of SocketLab runs after a kill -9,
                // and a watcher process per run, started to outlive it, would remove a folder the dying program may
                // still be writing in.
                Sandbox.removeFolder(work);
                workLeft = false;
            }
            phases.end("start");
            if (!session.contained()) {
                // SocketLab stopped (Ctrl+C, SIGTERM): strace dies with it and would leave the program running,
                // detached. (A contained program's namespace ends with SocketLab by itself.)
                TraceSession traced = session;
                Thread hook = new Thread(() -> Sandbox.killGroup(traced.programPid()), "socketlab-check-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                stopHook = hook;
            }
            long deadline = started + TimeUnit.SECONDS.toNanos(check.limits().seconds());
            TraceSession s = session;
            // Without a room nobody else adds up the program's memory: this thread does, as a room's init would.
            long every = TimeUnit.MILLISECONDS.toNanos(s.contained() ? 100 : MemoryWatch.EVERY_MS);
            watchdog = Thread.ofPlatform().daemon().name("socketlab-check-limit").start(() -> {
                while (s.running()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        timedOut.set(true);
                        side.close();
                        kill(s);
                        return;
                    }
                    if (!s.contained()) {
                        MemoryWatch.Total used = MemoryWatch.of(s.programPids());
                        if (used.mb() > check.limits().memoryMb()) {
                            overMemory.set(new RoomKill(RoomKill.Kind.MEMORY, used.mb(), used.processes()));
                            side.close();
                            kill(s);
                            return;
                        }
                    }
                    LockSupport.parkNanos(Math.min(left, every));
                    if (Thread.interrupted()) return;
                }
            });
            Judge.Outcome outcome = check.role() == CheckFile.Role.SERVER
                    ? driveServer(check, session, side, journal, before, timedOut, port, phases, waits, tables)
                    : awaitClient(session, timedOut);
            if (labServer != null) labServer.close();
            labServer = null;
            side.close();
            recording.close();
            List<Event> events; // a window's journal may hold earlier sessions: only this run's events
            synchronized (mine) {
                events = List.copyOf(mine);
            }

            phases.end("end");
            List<Verdict> verdicts = new Judge(check, events, lab, outcome).verdicts();
            // The room's init may end it while SocketLab is stopping a server that still runs (on a loaded machine its
            // clients give up before it has spent its CPU time): ended by the room all the same, so its exit counts.
            Integer exit = outcome.exitCode() != null ? outcome.exitCode() : session.waitFor(2000).orElse(null);
            Optional<RoomKill> killed;
            synchronized (output) {
                killed = overMemory.get() != null
                        ? Optional.ofNullable(overMemory.get())
                        : RoomKill.of(exit, errorTail);
            }
            if (killed.isPresent()) {
                verdicts = Judge.overruled(verdicts, killed.get().key(), killed.get().arguments(check.limits()));
            } else if (session.overLongLines() > 0) {
                verdicts = Judge.overruled(verdicts, "check.why.recordLine", List.of(
                        String.valueOf(strace.maxRecordLine()), String.valueOf(session.overLongLines())));
            }
            synchronized (output) {
                verdicts = StartFailure.explained(verdicts, events, output.toString(), check);
                verdicts = StartFailure.notFound(verdicts, events, output.toString(), exit);
            }
            phases.end("judge");
            synchronized (output) {
                return new Result(check, List.copyOf(full), verdicts, events, output.toString(), outcome.exitCode(),
                        timedOut.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), phases.ends());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("check.interrupted");
        } catch (LocalizedException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        } finally {
            recording.close();
            if (watchdog != null) watchdog.interrupt();
            if (stopHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs (or ran): it ends the program
                }
            }
            if (labServer != null) {
                try {
                    labServer.close();
                } catch (Exception e) {
                    // already closed
                }
            }
            if (session != null) {
                kill(session);
                session.close();
            }
            if (room != null) room.close();
            if (workLeft) Sandbox.removeFolder(work);
        }
    }

    /**
     * An argument naming a file or folder in {@code base} ({@code server.py} in {@code python3 server.py}, {@code .} in
     * {@code java -cp . Client}) as its full
     * path, as {@code --batch} reads a submission's words: the program runs in a working folder of its own, and a
     * contained one sees the folders of the full paths it is given; any other word as it is.
     */
    static String fileIn(Path base, String word) {
        if (word.isEmpty() || word.startsWith("-") || word.startsWith("/")) return word;
        try {
            Path p = base.resolve(word).toAbsolutePath().normalize();
            return Files.exists(p) ? p.toString() : word;
        } catch (InvalidPathException notAPath) {
            return word;
        }
    }

    /**
     * Ends the program and everything it started: its namespace when contained; else its process group, then what
     * strace still traces.
     */
    private static void kill(TraceSession session) {
        Sandbox.end(session);
        try {
            if (session.running()) session.stop(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Judge.Outcome driveServer(CheckFile check, TraceSession session, LabSide side, Journal journal,
            long before, AtomicBoolean timedOut, int port, Phases phases, Waits waits, List<Path> tables)
            throws InterruptedException {
        SysCall ready = check.proto() == CheckFile.Proto.TCP ? SysCall.LISTEN : SysCall.BIND;
        long until = System.nanoTime() + waits.ready().toNanos();
        while (!readyCall(journal, before, ready)) {
            if (!session.running() || timedOut.get() || System.nanoTime() > until)
                return new Judge.Outcome(false, exitCodeOf(session), timedOut.get(), null, true, port,
                        null);
            LockSupport.parkNanos(POLL_NS);
        }
        phases.end(SysCall.LISTEN.journalName); // the phase until the program listens
        side.playClients();
        long lastClientLeft = System.nanoTime();
        boolean ended = !session.running();
        Map<Integer, Long> sockets = null;
        List<Judge.Child> children = null;
        long stoppedAtNs = 0;
        if (!ended) {
            int program = session.hostPid(session.programPid());
            settle(journal, check.proto() == CheckFile.Proto.TCP ? port : 0, waits, () -> ProgramAsleep.now(program),
                    tables);
            phases.end("settle");
            // A server that dies of the last play (a reset it does not survive) may end while its echoes settle, later
            // on a loaded machine: it ended by itself all the same (a batch judged it both ways, by its jobs' load).
            // Its process gone while strace still writes its last lines and reaps it is such an end too (CheckCommandTest,
            // --jobs 3 at load 6: crash-on-reset judged still running).
            ended = !session.running()
                    || ProgramAsleep.gone(program) && session.waitFor(waits.settle().toMillis()).isPresent();
        }
        if (!ended) {
            int hostPid = session.hostPid(session.programPid());
            sockets = Sandbox.socketsOf(hostPid);
            children = childrenGone(hostPid, lastClientLeft + waits.children().toNanos());
            phases.end("children");
            stoppedAtNs = journal.now(); // what it does from here on is its answer to SocketLab's SIGTERM
            session.stop(1000); // a server's normal end: SocketLab stops it
            phases.end("stop");
        }
        return new Judge.Outcome(true, ended ? exitCodeOf(session) : null, timedOut.get(), sockets,
                ended, port, children, stoppedAtNs);
    }

    /**
     * The exit code of a program that ended: strace's record may end (its FIFO closed) a moment before its exit status
     * is collected, and the plays no longer sleep long enough to hide that; waited for, at most 2 s. Null if it runs.
     */
    private static @Nullable Integer exitCodeOf(TraceSession session) throws InterruptedException {
        if (session.running()) return null;
        return session.waitFor(2000).orElse(null);
    }

    /**
     * The processes {@code pid} forked that are still there at {@code deadline} ({@link Waits#children()} after the
     * last client left: a child serving no one, or a zombie nobody reaped); returns as soon as there are none. Threads
     * are not children.
     */
    static List<Judge.Child> childrenGone(int pid, long deadline) throws InterruptedException {
        List<Judge.Child> left = childrenOf(pid);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            if (Thread.interrupted()) throw new InterruptedException();
            LockSupport.parkNanos(POLL_NS);
            left = childrenOf(pid);
        }
        return left;
    }

    /** The children of every thread of {@code pid}, from /proc (no file of the program is opened, only the kernel's). */
    static List<Judge.Child> childrenOf(int pid) {
        return ProcChildren.of(pid).stream().map(c -> new Judge.Child(c, zombie(c))).toList();
    }

    private static boolean zombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Waits until the program has closed every connection the lab's clients made to {@code port} (the kernel's table:
     * none of them is still ESTABLISHED or CLOSE_WAIT on the server's side) and is asleep ({@link ProgramAsleep}), or
     * else until its journal is quiet for {@link Waits#quiet()} with the program asleep (at most
     * {@link Waits#settle()}): the last client's close is in. The table alone does not say the descriptors are closed:
     * a shutdown() puts a connection in LAST_ACK too, and a server judged between its shutdown() and its close() was
     * told it kept an accepted socket (a loaded whole run, threading_server.py). A server that keeps a connection (a
     * leak) is waited for as long as before; one that closed them all is judged at once. {@code port} 0: only the
     * quiet journal.
     */
    private static void settle(Journal journal, int port, Waits waits, BooleanSupplier programAsleep,
            List<Path> tables) throws InterruptedException {
        long start = System.nanoTime(), until = start + waits.settle().toNanos();
        int size = journal.size();
        long quietSince = start;
        while (System.nanoTime() < until) {
            if (port > 0 && ServerConnections.noneOpen(port, tables) && programAsleep.getAsBoolean()) return;
            int now = journal.size();
            if (now != size) {
                size = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= waits.quiet().toNanos()) {
                if (programAsleep.getAsBoolean()) return;
                quietSince = System.nanoTime(); // still at work: strace's record may lag behind it
            }
            if (Thread.interrupted()) throw new InterruptedException();
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /** How often a wait for the program or the kernel looks again. */
    static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private static Judge.Outcome awaitClient(TraceSession session, AtomicBoolean timedOut) throws InterruptedException {
        int exit = session.waitFor();
        return new Judge.Outcome(true, timedOut.get() ? null : exit, timedOut.get(), null, true);
    }

    private static boolean readyCall(Journal journal, long before, SysCall ready) {
        for (Event e : journal.after(before))
            if (e.endpoint().startsWith("program") && e.payload() instanceof Payload.Call c && c.is(ready)
                    && !c.failed())
                return true;
        return false;
    }

    /** The seq of the program's latest call, read from the journal's new events only. */
    private static final class Activity {
        private final Journal journal;
        private long seen, lastCall;

        Activity(Journal journal, long before) {
            this.journal = journal;
            this.seen = before;
        }

        synchronized long lastCall() {
            for (Event e : journal.after(seen)) {
                seen = e.seq();
                if (e.endpoint().startsWith("program") && e.payload() instanceof Payload.Call) lastCall = e.seq();
            }
            return lastCall;
        }

        /**
         * Whether the program accepted, after {@code sinceSeq}, the lab connection whose local port is {@code port}: an
         * accept with that peer, or one that asked for no address (a C server's {@code accept(fd, NULL, NULL)}).
         */
        boolean accepted(long sinceSeq, int port) {
            String peer = ":" + port;
            for (Event e : journal.after(sinceSeq))
                if (e.endpoint().startsWith("program") && e.payload() instanceof Payload.Call c
                        && c.is(SysCall::accepts) && !c.failed()
                        && c.arg(CallArg.PEER, peer).endsWith(peer))
                    return true;
            return false;
        }
    }

    /**
     * Whether programs are checked contained here (namespaces of their own, made by the lab network's broker); when not,
     * the container or the computer is their only boundary, and the command line says so.
     */
    public static boolean contained() {
        return Sandbox.containment();
    }

    /** Whether a program without a room runs as nobody (SocketLab is root), not with the user's rights. */
    public static boolean runsAsNobody() {
        return Sandbox.runsAsNobody();
    }

    /** Why no room can be made here though the lab network is private (labnet's words), or null. */
    public static @Nullable String roomRefused() {
        return Sandbox.roomRefused();
    }

    /** The time each phase of a run ended, in ms since it began. One run's thread marks them. */
    static final class Phases {
        private final long started;
        private final Map<String, Long> ends = new LinkedHashMap<>();

        Phases(long started) {
            this.started = started;
        }

        synchronized void end(String phase) {
            ends.put(phase, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }

        synchronized Map<String, Long> ends() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(ends));
        }
    }

    /**
     * The strace a batch runs {@code check} with: strings cut at what the rules read of a payload (a reply the check's
     * server play sends, at least 256 bytes), since a batch writes no journal. The verdicts are the same: no rule reads
     * more of a payload than that, only calls, their counts and results, and what the lab's own sockets saw.
     */
    public static Strace forBatch(Strace strace, CheckFile check) {
        int judged = 256;
        for (CheckFile.Play p : check.plays())
            if (p instanceof CheckFile.Server s && s.reply() != null)
                judged = Math.max(judged, s.reply().getBytes(StandardCharsets.UTF_8).length + 1);
        return strace.printingAtMost(judged);
    }

    /**
     * The port the program is given: below the ephemeral range, free as its own bind() (without SO_REUSEADDR) finds
     * it ({@link FreePort}).
     */
    static int freePort() {
        return FreePort.find();
    }
}
