package org.socketlab.trace;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.socketlab.capture.ChildProcesses;
import org.socketlab.capture.ContainedProcess;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.kernel.SockDiag;
import org.socketlab.lab.Journal;
import org.socketlab.lab.Lab;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.lab.Payload;
import org.socketlab.lab.Subscription;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.TrustedPrograms;

/**
 * One program run under strace and journaled as it runs: its socket calls (per process and thread: {@code program}
 * for the program itself, {@code program-PID} for a forked child or another thread), then what the kernel says of its
 * sockets (state, queues) and, when a {@link Lab} is given, its packets on loopback as the lab's capture sees them.
 * The program's stdin, stdout and stderr are the caller's (inherited); strace's record comes through a FIFO in a
 * private folder, read line by line and dropped (calls on files, pipes or the terminal are never recorded). The
 * program is started from an argument list, never a shell; strace dies with SocketLab ({@code setpriv --pdeathsig}).
 */
public final class TraceSession implements AutoCloseable {
    /** The endpoint of the traced program; its other processes and threads are {@code program-PID}. */
    public static final String PROGRAM = "program";
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_PROBLEMS = 5;
    /** How long a stop waits for strace's record to be read once strace has ended: only the FIFO's rest is left. */
    private static final Duration RECORD_READ_LIMIT = Duration.ofSeconds(60);

    private final Journal journal;
    private final Lab lab;
    private final Path folder, fifo;
    private final Object lock = new Object();
    private final CallTranslator translator = new CallTranslator();
    private final StraceJoiner joiner = new StraceJoiner();
    private final TracedSockets sockets;
    private final Subscription watching;
    private final Map<Integer, Payload.Blocked> blocked = new HashMap<>();
    private final Map<Integer, Long> blockedSinceNs = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private ChildProcesses.Child child;
    /** The contained strace (pids of its own namespace), or null when strace is this program's child. */
    private ContainedProcess contained;
    private Consumer<String> rawLines;
    private Thread reader, sampler;
    private final List<Thread> outputReaders = new ArrayList<>();
    private volatile int rootPid = -1;
    private volatile boolean readerOpened, stopping, closing;
    private long callsJournaled, linesRead;
    private volatile Integer exitCode;
    /** The program's sockets as last published for the capture (read without the lock: the capture holds its own). */
    private volatile List<OutsideSocket> published = List.of();

    private TraceSession(Libc libc, Journal journal, Lab lab, Path folder) {
        this.journal = journal;
        this.lab = lab;
        this.folder = folder;
        this.fifo = folder.resolve("strace.fifo");
        SockDiag diag = Os.current() == Os.LINUX ? new SockDiag(libc) : null;
        this.sockets = new TracedSockets(journal, diag);
        this.watching = lab == null ? () -> {
        } : lab.watchOutside(this::outsideSockets);
    }

    /**
     * Starts {@code command} (the program and its arguments) in {@code directory} under {@code strace}, journaling into
     * {@code journal}, its sockets read through {@code libc}; with {@code lab} they join the lab's capture (its packets with the lab's are drawn between
     * them). Throws {@link LocalizedException} when the program cannot be traced here (and says why).
     */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, Path directory, Journal journal,
            Lab lab) {
        return start(libc, strace, command, directory, journal, lab, null);
    }

    /**
     * As {@link #start(Libc, Strace, List, Path, Journal, Lab)}; {@code rawLines}, when given, also gets every line strace
     * wrote, before anything is dropped: for tests that compare the journal with strace's own record. Never used by
     * the program itself (those lines hold what the program read from its files).
     */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, Path directory, Journal journal,
            Lab lab, Consumer<String> rawLines) {
        return start(libc, strace, command, directory, journal, lab, rawLines, null);
    }

    /** What a program run without a terminal wrote: a piece of its standard output or error, as it came. Any thread. */
    @FunctionalInterface
    public interface ProgramOutput {
        void wrote(boolean stderr, String text);
    }

    /**
     * As {@link #start(Libc, Strace, List, Path, Journal, Lab, Consumer)}; with {@code output} the program
     * has no terminal (the window): its standard input is empty ({@code /dev/null}) and what it (and strace, about
     * starting it) writes on standard output and error goes to {@code output}, read by two threads that end with it.
     */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, Path directory, Journal journal,
            Lab lab, Consumer<String> rawLines, ProgramOutput output) {
        return start(libc, strace, command, directory, journal, lab, rawLines, output, null);
    }

    /**
     * Where strace is started when not as this program's child: contained by the lab's broker (check). The launched
     * process's output is read as a program's ({@code output} is then required); its pids are the namespace's, turned
     * into this program's by {@link ContainedProcess#hostPid} wherever {@code /proc} is read.
     */
    @FunctionalInterface
    public interface Launcher {
        /** Starts {@code command} (strace's), which writes its record into {@code traceFolder}, in {@code directory}. */
        ContainedProcess launch(List<String> command, Path traceFolder, Path directory) throws IOException;
    }

    /** As {@link #start(Libc, Strace, List, Path, Journal, Lab, Consumer, ProgramOutput)}, strace started by {@code launcher}. */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, Path directory, Journal journal,
            Lab lab, Consumer<String> rawLines, ProgramOutput output, Launcher launcher) {
        if (command.isEmpty()) throw new LocalizedException("trace.noProgram");
        strace.checkAllowed();
        if (lab != null) lab.awaitCapture(); // tcpdump listens before the program's first SYN
        Path folder;
        try {
            folder = Files.createTempDirectory("socketlab-trace-");
            makeFifo(folder.resolve("strace.fifo"));
        } catch (IOException e) {
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
        TraceSession session = new TraceSession(libc, journal, lab, folder);
        session.rawLines = rawLines;
        ProcessBuilder builder = new ProcessBuilder(strace.command(session.fifo, command));
        // The program is in the lab's network (a child cannot be elsewhere), but the broker is the lab's, not its.
        LabNetwork.withoutBroker(builder.environment());
        if (output == null) builder.inheritIO();
        else builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (directory != null) builder.directory(directory.toFile());
        session.reader = Thread.ofPlatform().daemon().name("socketlab-trace-reader").start(session::read);
        try {
            if (launcher == null) {
                session.child = ChildProcesses.startDyingWithParent(builder, "strace");
            } else {
                ContainedProcess contained = launcher.launch(builder.command(), folder, directory);
                session.contained = contained;
                session.sockets.hostPids(contained::hostPid);
                Process p = contained.process();
                session.child = new ChildProcesses.Child(p,
                        Thread.ofPlatform().daemon().name("socketlab-contained-wait").start(() -> awaitQuietly(p)));
            }
        } catch (IOException e) {
            session.unblockReader();
            session.close();
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
        if (output != null) {
            session.outputReaders.add(pump(session.child.process().getInputStream(), false, output));
            session.outputReaders.add(pump(session.child.process().getErrorStream(), true, output));
        }
        Thread.ofPlatform().daemon().name("socketlab-trace-wait").start(session::awaitStrace);
        session.sampler = Thread.ofPlatform().daemon().name("socketlab-trace-sampler").start(session::sample);
        return session;
    }

    private static void awaitQuietly(Process p) {
        while (true) {
            try {
                p.waitFor();
                return;
            } catch (InterruptedException e) {
                // keep waiting: this thread ends with the process
            }
        }
    }

    /** A thread that hands what {@code in} gives to {@code output} until the last process holding the pipe closes it. */
    private static Thread pump(InputStream in, boolean stderr, ProgramOutput output) {
        return Thread.ofPlatform().daemon().name(stderr ? "socketlab-trace-stderr" : "socketlab-trace-stdout")
                .start(() -> {
                    try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                        char[] buffer = new char[4096];
                        for (int n; (n = reader.read(buffer)) >= 0;)
                            if (n > 0) output.wrote(stderr, new String(buffer, 0, n));
                    } catch (IOException e) {
                        // the pipe closed under us (the program was stopped): nothing more to show
                    }
                });
    }

    private static void makeFifo(Path path) throws IOException {
        Path mkfifo = TrustedPrograms.find("mkfifo").orElseThrow(() -> new IOException("mkfifo (coreutils) not found"));
        Process p = new ProcessBuilder(mkfifo.toString(), "-m", "600", path.toString()).redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new IOException("mkfifo: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void awaitStrace() {
        int code;
        while (true) {
            try {
                code = child.process().waitFor();
                break;
            } catch (InterruptedException e) {
                // keep waiting: the code is passed through
            }
        }
        exitCode = code;
        unblockReader(); // strace may have ended before it opened the FIFO
    }

    /**
     * Releases a reader still waiting in open() for strace, which has ended. The FIFO is opened for reading and writing,
     * which never blocks (a write-only open would wait forever for a reader that already saw the end and left), and
     * closed at once: a reader waiting in open() wakes and reads the end. Repeated until the reader is past its open(),
     * for it may not have reached it yet.
     */
    private void unblockReader() {
        while (!readerOpened && reader != null && reader.isAlive()) {
            try (FileChannel unused = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // nothing to write
            } catch (IOException e) {
                return; // the FIFO is gone: so is the reader
            }
            try {
                reader.join(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8), 1 << 16)) {
            readerOpened = true;
            String line;
            while ((line = in.readLine()) != null) {
                if (rawLines != null) rawLines.accept(line);
                handle(line);
            }
        } catch (IOException e) {
            synchronized (lock) {
                problem("strace output: " + e.getMessage());
            }
        } finally {
            finish();
        }
    }

    /** One line of strace's record: parsed, joined with its other half, journaled when socket-related. */
    void handle(String line) {
        synchronized (lock) {
            linesRead++;
            if (StraceParser.onNoSocket(line)) return;
            int resumed = StraceParser.resumedFdCall(line);
            if (resumed > 0 && !joiner.waiting().containsKey(resumed)) return; // the other half of a call on a file
            for (StraceLine l : joiner.accept(StraceParser.parse(line))) act(l);
            List<OutsideSocket> now = List.copyOf(sockets.outside());
            if (now.equals(published)) return;
            published = now;
        }
        if (lab != null) lab.outsideChanged(); // outside the lock: the capture asks for the sockets under its own
    }

    private void act(StraceLine line) {
        switch (line) {
            case StraceLine.Syscall s -> {
                if (s.name().equals("execve") && rootPid < 0 && !s.failed()) rootPid = s.pid();
                else if (s.name().equals("execve") && !s.failed()) sockets.execed(s.pid());
                if (rootPid < 0) rootPid = s.pid();
                // strace stamps with the wall clock: moved onto the journal's with the offset read now, as the capture
                // moves each packet's stamp, so a step of the wall clock since the session began cannot put a call's
                // return before its own segments.
                long entered = s.enteredUs() * 1000 - journal.wallMinusClockNs();
                if (Os.current() == Os.LINUX && (s.name().startsWith("clone") || s.name().endsWith("fork"))
                        && !s.failed() && s.result() != null) {
                    int child = s.result().intValue();
                    translator.inherit(s.pid(), child);
                    // A new process, not a thread (which shares its fd table): it holds its parent's sockets, by inode,
                    // and its lane starts here, marked as forked from its parent at the moment the call returned.
                    if (!String.join(",", s.args()).contains("CLONE_FILES")) {
                        Map<Integer, Long> inherited = new TreeMap<>(sockets.forked(s.pid(), child, endpoint(child)));
                        inherited.values().removeIf(inode -> inode == null || inode < 1); // not read: not named
                        journal.appendHappened(endpoint(child),
                                Payload.Process.forked(child, s.pid(), PROGRAM, inherited),
                                s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now());
                    }
                }
                String endpoint = endpoint(s.pid());
                Optional<Payload.Call> call = translator.translate(s, entered);
                Payload.Blocked waiting = blocked.remove(s.pid());
                Long since = blockedSinceNs.remove(s.pid());
                if (call.isEmpty()) {
                    if (waiting != null)
                        journal.append(endpoint,
                                new Payload.Cancelled(waiting.call(), waiting.fd(), journal.now() - since));
                    return;
                }
                Payload.Call c = call.get();
                if (!s.args().isEmpty())
                    sockets.seen(s.pid(), endpoint, StraceValues.fd(s.args().getFirst()), s.name(), !s.failed());
                if (s.resultFd() != null) sockets.seen(s.pid(), endpoint, s.resultFd(), s.name(), true);
                long returned = s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now();
                c = withInodes(s.pid(), c, returned);
                // At the moment it returned (strace's entry stamp plus its time in the kernel), not when its line was read.
                journal.appendHappened(endpoint, c,
                        s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now());
                callsJournaled++;
                if (c.call().equals("close") && !c.failed() && c.fd() != null) sockets.closed(s.pid(), c.fd());
                sockets.sample();
            }
            case StraceLine.Unfinished u -> {
                StraceValues.Fd fd = u.argsSoFar().isEmpty()
                        ? null
                        : StraceValues.fd(StraceValues.split(u.argsSoFar()).getFirst());
                if (fd != null && fd.socket() && !u.name().equals("close")) {
                    Payload.Blocked b = new Payload.Blocked(u.name(), fd.number());
                    blocked.put(u.pid(), b);
                    blockedSinceNs.put(u.pid(), journal.now());
                    journal.append(endpoint(u.pid()), b);
                }
            }
            case StraceLine.Exited e -> ended(e.pid());
            case StraceLine.Killed k -> ended(k.pid());
            case StraceLine.Unparsed u -> problem(u.reason() + ": " + abbreviate(u.line()));
            case StraceLine.Resumed r -> problem("resumed call left over: " + r.name());
            case StraceLine.Signal s -> {
            }
        }
    }

    /** The call with the inodes of the sockets it names, as the lab's own calls carry them (story/SocketIds). */
    private Payload.Call withInodes(int pid, Payload.Call c, long returnedNs) {
        Long inode = c.fd() == null ? null : sockets.inodeOf(pid, c.fd(), returnedNs);
        List<Long> made = new ArrayList<>();
        List<Integer> madeFds;
        try {
            madeFds = c.madeFds();
        } catch (RuntimeException e) {
            return c.withInodes(inode, List.of()); // arguments this reader could not take apart: no inode rather than none read
        }
        for (int fd : madeFds) {
            Long m = sockets.inodeOf(pid, fd, returnedNs);
            if (m == null) return c.withInodes(inode, List.of()); // all or none: readers match them by position
            made.add(m);
        }
        return c.withInodes(inode, made);
    }

    private void ended(int pid) {
        Payload.Blocked waiting = blocked.remove(pid);
        Long since = blockedSinceNs.remove(pid);
        if (waiting != null)
            journal.append(endpoint(pid), new Payload.Cancelled(waiting.call(), waiting.fd(), journal.now() - since));
        sockets.processEnded(pid);
        sockets.sample();
    }

    /** strace's record ended (the program and every child ended, or strace was stopped): close what is still open. */
    private void finish() {
        synchronized (lock) {
            for (Integer pid : List.copyOf(blocked.keySet())) ended(pid);
            for (var w : joiner.waiting().values()) sockets.processEnded(w.pid());
            sockets.sample();
        }
        ended.countDown();
    }

    /**
     * Reads the program's sockets a few times a second while it runs, and afterwards while a connection it closed is
     * still in the kernel (the ACK of its FIN, FIN_WAIT_2, TIME_WAIT come after its exit): until the session is closed.
     */
    private void sample() {
        for (long round = 0; !closing; round++) {
            boolean changed;
            // The program's processes now, read before taking the lock: strace's record may lag behind them.
            // Only where strace's pids are this computer's: a contained run's are its namespace's (NSpid).
            List<Long> pids = child == null || contained != null || !child.process().isAlive()
                    ? List.of()
                    : child.process().toHandle().descendants().map(ProcessHandle::pid).toList();
            synchronized (lock) {
                if (ended.getCount() == 0 && !sockets.following()) break;
                sockets.sampleFds(pids);
                sockets.sample(true);
                List<OutsideSocket> now = List.copyOf(sockets.outside());
                changed = !now.equals(published);
                published = now;
            }
            // Packets still nobody's are looked at again when the sockets change, and a few times a second to let old ones go.
            if (lab != null && (changed || round % 5 == 0)) lab.outsideChanged();
            LockSupport.parkNanos(SAMPLE_NS);
        }
    }

    private List<OutsideSocket> outsideSockets() {
        return published;
    }

    private String endpoint(int pid) {
        return pid == rootPid ? PROGRAM : PROGRAM + "-" + pid;
    }

    private void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) problems.add(text);
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }

    /**
     * Waits until the program (and every process it started) ended and its record is read, and what it wrote has been
     * handed on (strace's own complaint, "Can't stat", is on its standard error); returns its exit code.
     */
    public int waitFor() throws InterruptedException {
        ended.await();
        child.joinKeeper(10_000);
        while (exitCode == null) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        for (Thread pump : outputReaders) pump.join(2_000); // they end when the last process holding the pipes has ended
        return exitCode;
    }

    /** Like {@link #waitFor()} for at most {@code millis}; empty if it is still running. */
    public Optional<Integer> waitFor(long millis) throws InterruptedException {
        if (!ended.await(millis, TimeUnit.MILLISECONDS)) return Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (exitCode == null && System.nanoTime() < deadline)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        return Optional.ofNullable(exitCode);
    }

    public boolean running() {
        return ended.getCount() > 0;
    }

    /** The program's exit code (128 + the signal when a signal ended it), once it ended. */
    public Optional<Integer> exitCode() {
        return ended.getCount() > 0 ? Optional.empty() : Optional.ofNullable(exitCode);
    }

    /**
     * The pid this program sees for {@code pid} as strace named it (the same pid unless strace runs contained, in a PID
     * namespace of its own), or -1 when that process is gone.
     */
    public int hostPid(int pid) {
        return contained == null ? pid : contained.hostPid(pid);
    }

    /** Whether strace and the program run contained (their pids are their namespace's). */
    public boolean contained() {
        return contained != null;
    }

    /** The process id of the traced program (strace's child), or -1 before its first line. */
    public int programPid() {
        return rootPid;
    }

    /** Lines strace printed that could not be read (at most a few, each with why), for a warning. */
    public List<String> problems() {
        synchronized (lock) {
            return List.copyOf(problems);
        }
    }

    public long callsJournaled() {
        synchronized (lock) {
            return callsJournaled;
        }
    }

    /**
     * Ends the traced program and every process it started (SIGTERM, then SIGKILL after {@code graceMillis}); strace
     * then ends with them and the record is read to its end. Returns once everything ended.
     */
    public void stop(long graceMillis) throws InterruptedException {
        stopping = true;
        if (child == null) return;
        if (contained != null) {
            // SIGTERM to strace through the namespace's init (strace passes it to the program), then the namespace ends.
            child.process().destroy();
            if (!child.process().waitFor(graceMillis, TimeUnit.MILLISECONDS)) child.process().destroyForcibly();
            ended.await(graceMillis * 2 + 5000, TimeUnit.MILLISECONDS);
            return;
        }
        ProcessHandle strace = child.process().toHandle();
        List<ProcessHandle> tree = strace.descendants().sorted(Comparator.comparingLong(ProcessHandle::pid)).toList();
        for (ProcessHandle p : tree) p.destroy();
        if (!child.process().waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
            for (ProcessHandle p : strace.descendants().toList()) p.destroyForcibly();
            if (!child.process().waitFor(graceMillis, TimeUnit.MILLISECONDS)) child.process().destroyForcibly();
        }
        // strace has ended: what it wrote is read to the end of the FIFO, however loaded the machine, so the capture
        // closed next knows every socket of the program (its packets are attributed by them).
        ended.await(RECORD_READ_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Once the program ended, waits (at most {@code limit}) until none of its connections still waits for its peer's
     * ACK of its FIN, read from the kernel now: the peer's kernel may delay that ACK, and the capture stopped before it
     * would lose it. Returns at once for a program still running.
     */
    public void awaitWireSettled(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (ended.getCount() == 0 && System.nanoTime() < deadline) {
            synchronized (lock) {
                sockets.sample();
                if (!sockets.awaitingPeer()) return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    public boolean stopped() {
        return stopping;
    }

    /** Stops the program if it still runs, ends the threads and removes the FIFO and its folder. */
    @Override
    public void close() {
        try {
            if (child != null && child.process().isAlive()) stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        if (reader != null && ended.getCount() > 0) unblockReader();
        ended.countDown();
        try {
            if (reader != null) reader.join(5000);
            if (sampler != null) {
                LockSupport.unpark(sampler);
                sampler.join(5000);
            }
            for (Thread t : outputReaders) t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watching.close();
        synchronized (lock) {
            sockets.close();
        }
        try {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
