package org.socketlab.trace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.ContainedProcess;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Subscription;
import org.socketlab.kernel.SockDiag;
import org.socketlab.lab.Lab;
import org.socketlab.lab.OutsideSocket;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Os;

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
    public static final String PROGRAM = StraceRecord.PROGRAM;
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long a stop waits for strace's record to be read once strace has ended: only the FIFO's rest is left. */
    private static final Duration RECORD_READ_LIMIT = Duration.ofSeconds(60);

    /** The lab whose capture sees the program's packets, or null when the program runs alone. */
    private final @Nullable Lab lab;
    private final StraceRecordSource source;
    /** Held by the reader, the sampler and the queries: the record and the sockets are one thread's at a time. */
    private final Object lock = new Object();
    private final TracedSockets sockets;
    private final StraceRecord record;
    private final Subscription watching;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** strace and the program, once started (null before, or when strace could not be started). */
    private @Nullable StraceProcess process;
    private @Nullable Thread sampler;
    private volatile boolean stopping, closing;
    /** The program's sockets as last published for the capture (read without the lock: the capture holds its own). */
    private volatile List<OutsideSocket> published = List.of();

    /** Lines of the record over {@link Strace#maxRecordLine()}: skipped, and the program's failure. */
    private final AtomicLong overLongLines = new AtomicLong();

    private TraceSession(Libc libc, Journal journal, @Nullable Lab lab, StraceRecordSource source) {
        this.lab = lab;
        this.source = source;
        SockDiag diag = Os.current() == Os.LINUX ? new SockDiag(libc) : null;
        this.sockets = new TracedSockets(journal, diag);
        this.record = new StraceRecord(journal, sockets);
        this.watching = lab == null ? () -> {
        } : lab.watchOutside(this::outsideSockets);
    }

    /**
     * Starts {@code command} (the program and its arguments) in {@code directory} under {@code strace}, journaling into
     * {@code journal}, its sockets read through {@code libc}; with {@code lab} they join the lab's capture (its packets with the lab's are drawn between
     * them). Throws {@link LocalizedException} when the program cannot be traced here (and says why).
     */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, @Nullable Path directory,
            Journal journal, @Nullable Lab lab) {
        return start(libc, strace, command, directory, journal, lab, null);
    }

    /**
     * As {@link #start(Libc, Strace, List, Path, Journal, Lab)}; {@code rawLines}, when given, also gets every line strace
     * wrote, before anything is dropped: for tests that compare the journal with strace's own record. Never used by
     * the program itself (those lines hold what the program read from its files).
     */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, @Nullable Path directory,
            Journal journal, @Nullable Lab lab, @Nullable Consumer<String> rawLines) {
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
    public static TraceSession start(Libc libc, Strace strace, List<String> command, @Nullable Path directory,
            Journal journal, @Nullable Lab lab, @Nullable Consumer<String> rawLines, @Nullable ProgramOutput output) {
        return start(libc, strace, command, directory, journal, lab, rawLines, output, null);
    }

    /**
     * Where the program is started when not as this program's child under this program's strace: in a room of the lab's
     * broker (check), traced by a strace the broker runs outside that room, writing the record into a pipe only it
     * holds. The launched process's output is read as a program's ({@code output} is then required); the record's pids
     * are turned into this program's by {@link ContainedProcess#hostPid} wherever {@code /proc} is read.
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code command} (the program and its arguments) in {@code directory}, traced with {@code strace}'s
         * strings and calls, the record written into {@code record} (this program's write end of a pipe: the launcher
         * hands it over; it is closed here afterwards).
         */
        ContainedProcess launch(List<String> command, Strace strace, int record, @Nullable Path directory)
                throws IOException;
    }

    /** As {@link #start(Libc, Strace, List, Path, Journal, Lab, Consumer, ProgramOutput)}, strace started by {@code launcher}. */
    public static TraceSession start(Libc libc, Strace strace, List<String> command, @Nullable Path directory,
            Journal journal, @Nullable Lab lab, @Nullable Consumer<String> rawLines, @Nullable ProgramOutput output,
            @Nullable Launcher launcher) {
        if (command.isEmpty()) throw new LocalizedException("trace.noProgram");
        strace.checkAllowed();
        if (lab != null) lab.awaitCapture(); // tcpdump listens before the program's first SYN
        StraceRecordSource source;
        try {
            source = launcher == null ? StraceFifo.create() : StracePipe.create();
        } catch (IOException e) {
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
        TraceSession session = new TraceSession(libc, journal, lab, source);
        source.startReading(strace.maxRecordLine(), line -> {
            if (rawLines != null) rawLines.accept(line);
            session.handle(line);
        }, session::overLong, session::readFailed, session::finish);
        try {
            if (source instanceof StraceFifo fifo) {
                ProcessBuilder builder = new ProcessBuilder(strace.command(fifo.path(), command));
                // The program is in the lab's network (a child cannot be elsewhere), but the broker is the lab's, not its.
                LabNetwork.withoutBroker(builder.environment());
                if (output == null) builder.inheritIO();
                else builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (directory != null) builder.directory(directory.toFile());
                builder.command(DefaultSignals.restored(builder.command())); // contained, labnet does it
                session.process = StraceProcess.child(builder);
            } else {
                StracePipe pipe = (StracePipe) source;
                ContainedProcess contained;
                try {
                    contained = Objects.requireNonNull(launcher).launch(command, strace, pipe.writeEnd(), directory);
                } finally {
                    pipe.handedOver();
                }
                session.sockets.hostPids(contained::hostPid);
                int roomDiag = contained.takeSockDiag();
                if (roomDiag >= 0) session.sockets.lookUpOnlyIn(roomDiag);
                session.process = StraceProcess.contained(contained);
            }
        } catch (IOException e) {
            source.unblockReader();
            session.close();
            throw new LocalizedException("trace.startFailed", String.valueOf(e.getMessage()));
        }
        if (output != null) session.process.pumpOutput(output::wrote);
        session.process.awaitEnd(source::unblockReader); // strace may have ended before it opened the FIFO
        session.sampler = Thread.ofPlatform().daemon().name("socketlab-trace-sampler").start(session::sample);
        return session;
    }

    /** One line of strace's record: parsed, joined with its other half, journaled when socket-related. */
    private void handle(String line) {
        synchronized (lock) {
            if (!record.read(line) || !publish()) return;
        }
        if (lab != null) lab.outsideChanged(); // outside the lock: the capture asks for the sockets under its own
    }

    /** A line of the record longer than strace's own bound: the program made it so; never read into memory. */
    private void overLong(long bytes) {
        overLongLines.incrementAndGet();
        synchronized (lock) {
            record.problem("a line of strace's record of " + bytes + " bytes, over the bound: skipped");
        }
    }

    /**
     * Whether strace's record has bytes this session has not read yet: the traced program may then be waiting for
     * SocketLab's reader rather than doing anything of its own (on a loaded machine, for seconds). Takes no lock.
     */
    public boolean recordBehind() {
        return source.unread() > 0;
    }

    /**
     * How many lines of strace's record were longer than {@link Strace#maxRecordLine()} and skipped: the program's
     * doing (thousands of buffers in one call), and the record of its run then incomplete.
     */
    public long overLongLines() {
        return overLongLines.get();
    }

    private void readFailed(IOException e) {
        synchronized (lock) {
            record.problem("strace output: " + e.getMessage());
        }
    }

    /** Publishes the program's sockets for the capture (under the lock); true when they changed. */
    private boolean publish() {
        List<OutsideSocket> now = List.copyOf(sockets.outside());
        if (now.equals(published)) return false;
        published = now;
        return true;
    }

    /** strace's record ended (the program and every child ended, or strace was stopped): close what is still open. */
    private void finish() {
        synchronized (lock) {
            record.ended();
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
            List<Long> pids = process == null ? List.of() : process.descendantPids();
            synchronized (lock) {
                if (ended.getCount() == 0 && !sockets.following()) break;
                sockets.sampleFds(pids);
                sockets.sample(true);
                changed = publish();
            }
            // Packets still nobody's are looked at again when the sockets change, and a few times a second to let old ones go.
            if (lab != null && (changed || round % 5 == 0)) lab.outsideChanged();
            LockSupport.parkNanos(SAMPLE_NS);
        }
    }

    /** The program's sockets as the capture attributes packets to them (package-private for tests). */
    List<OutsideSocket> outsideSockets() {
        return published;
    }

    /**
     * Waits until the program (and every process it started) ended and its record is read, and what it wrote has been
     * handed on (strace's own complaint, "Can't stat", is on its standard error); returns its exit code.
     */
    public int waitFor() throws InterruptedException {
        ended.await();
        StraceProcess p = started();
        p.joinKeeper(10_000);
        Integer code;
        while ((code = p.exitCode()) == null) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        p.joinOutput(2_000); // they end when the last process holding the pipes has ended
        return code;
    }

    /**
     * Like {@link #waitFor()} for at most {@code millis}; empty if it is still running. Once it ended, what it wrote
     * last has been handed on too: the room's init says why it ended the room on its standard error's last line, which
     * a loaded machine's reader took after the exit status was known (RoomTest read "no answer in time" for a CPU
     * burner the room had ended, 2026-11-28).
     */
    public Optional<Integer> waitFor(long millis) throws InterruptedException {
        if (!ended.await(millis, TimeUnit.MILLISECONDS)) return Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        StraceProcess p = started();
        while (p.exitCode() == null && System.nanoTime() < deadline)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        Integer code = p.exitCode();
        if (code != null) p.joinOutput(2_000); // as waitFor(): they end when the last process holding the pipes ended
        return Optional.ofNullable(code);
    }

    /** strace's process: null only inside {@link #start}, which never returns the session without it. */
    private StraceProcess started() {
        return Objects.requireNonNull(process, "start() sets the process before it returns the session");
    }

    public boolean running() {
        return ended.getCount() > 0;
    }

    /** The program's exit code (128 + the signal when a signal ended it), once it ended. */
    public Optional<Integer> exitCode() {
        return ended.getCount() > 0 || process == null ? Optional.empty() : Optional.ofNullable(process.exitCode());
    }

    /**
     * The pid this program sees for {@code pid} as strace named it (the same pid unless strace runs contained, in a PID
     * namespace of its own), or -1 when that process is gone.
     */
    public int hostPid(int pid) {
        return process == null ? pid : process.hostPid(pid);
    }

    /** Whether strace and the program run contained (their pids are their namespace's). */
    public boolean contained() {
        return process != null && process.contained();
    }

    /**
     * The program's processes now (strace's descendants, and those the record shows alive that left the tree: a
     * daemon whose parent ended), by this computer's pids; none for a contained run, whose room adds up its own.
     */
    public Set<Long> programPids() {
        if (process == null || process.contained()) return Set.of();
        Set<Long> pids = new TreeSet<>(process.descendantPids());
        synchronized (lock) {
            for (int pid : record.alive()) pids.add((long) pid);
        }
        return pids;
    }

    /** The process id of the traced program (strace's child), or -1 before its first line. */
    public int programPid() {
        return record.rootPid();
    }

    /** Lines strace printed that could not be read (at most a few, each with why), for a warning. */
    public List<String> problems() {
        synchronized (lock) {
            return record.problems();
        }
    }

    public long callsJournaled() {
        synchronized (lock) {
            return record.callsJournaled();
        }
    }

    /**
     * Ends the traced program and every process it started, also those no longer below it (a background server whose
     * shell ended; SIGTERM, then SIGKILL after {@code graceMillis}); strace then ends with them and the record is read
     * to its end. Returns once everything ended.
     */
    public void stop(long graceMillis) throws InterruptedException {
        stopping = true;
        if (process == null) return;
        process.stop(graceMillis, () -> {
            synchronized (lock) {
                return record.alive();
            }
        });
        if (process.contained()) {
            ended.await(graceMillis * 2 + 5000, TimeUnit.MILLISECONDS);
            return;
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
            if (process != null && process.alive()) stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        if (source.reading() && ended.getCount() > 0) source.unblockReader();
        ended.countDown();
        try {
            source.joinReader(5000);
            if (sampler != null) {
                LockSupport.unpark(sampler);
                sampler.join(5000);
            }
            if (process != null) process.joinOutput(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watching.close();
        synchronized (lock) {
            sockets.close();
        }
        source.delete();
    }
}
