package org.socketlab.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.ChildProcesses;
import org.socketlab.capture.ContainedProcess;
import org.socketlab.syscall.AwaitsLongLivedProgram;
import org.socketlab.syscall.ProcChildren;
import org.socketlab.syscall.Signals;

/**
 * strace's process, with the program it runs: started as this program's child (dying with it) or contained by the
 * lab's broker, its output handed on when it has no terminal, waited for (its exit code is the program's), stopped.
 */
final class StraceProcess {
    private final ChildProcesses.Child child;
    /** The contained strace (pids of its own namespace), or null when strace is this program's child. */
    private final @Nullable ContainedProcess contained;
    /** How often a stop signals again the processes the record told since the last round (a fork just then). */
    private static final long ROUND_MS = 100;
    private final List<Thread> outputReaders = new ArrayList<>();
    /** Null until strace ended. */
    private volatile @Nullable Integer exitCode;

    private StraceProcess(ChildProcesses.Child child, @Nullable ContainedProcess contained) {
        this.child = child;
        this.contained = contained;
    }

    /** Starts {@code builder}'s command (strace's) as this program's child, which dies with it. */
    static StraceProcess child(ProcessBuilder builder) throws IOException {
        return new StraceProcess(ChildProcesses.startDyingWithParent(builder, "strace"), null);
    }

    /** strace as the lab's broker started it, contained: its pids are its namespace's. */
    static StraceProcess contained(ContainedProcess contained) {
        Process p = contained.process();
        return new StraceProcess(new ChildProcesses.Child(p,
                Thread.ofPlatform().daemon().name("socketlab-contained-wait").start(() -> ChildProcesses.exitOf(p))),
                contained);
    }

    /** Hands what strace and the program write on standard output and error to {@code output}, by two threads. */
    void pumpOutput(BiConsumer<Boolean, String> output) {
        outputReaders.add(pump(child.process().getInputStream(), false, output));
        outputReaders.add(pump(child.process().getErrorStream(), true, output));
    }

    /** A thread that hands what {@code in} gives to {@code output} until the last process holding the pipe closes it. */
    private static Thread pump(InputStream in, boolean stderr, BiConsumer<Boolean, String> output) {
        return Thread.ofPlatform().daemon().name(stderr ? "socketlab-trace-stderr" : "socketlab-trace-stdout")
                .start(() -> {
                    try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                        char[] buffer = new char[4096];
                        for (int n; (n = reader.read(buffer)) >= 0;)
                            if (n > 0) output.accept(stderr, new String(buffer, 0, n));
                    } catch (IOException e) {
                        // the pipe closed under us (the program was stopped): nothing more to show
                    }
                });
    }

    /** Starts the thread that waits for strace to end, keeps its exit code and then runs {@code then}. */
    void awaitEnd(Runnable then) {
        Thread.ofPlatform().daemon().name("socketlab-trace-wait").start(() -> {
            exitCode = ChildProcesses.exitOf(child.process());
            then.run();
        });
    }

    @Nullable
    Integer exitCode() {
        return exitCode;
    }

    boolean alive() {
        return child.process().isAlive();
    }

    /**
     * The program's processes now, read from this computer's process table; none where strace's pids are not this
     * computer's (a contained run's are its namespace's, NSpid) or once strace ended.
     */
    List<Long> descendantPids() {
        return contained != null || !child.process().isAlive()
                ? List.of()
                : ProcChildren.descendants((int) child.process().pid()).stream().map(Integer::longValue).toList();
    }

    /** Whether strace and the program run contained (their pids are their namespace's). */
    boolean contained() {
        return contained != null;
    }

    int hostPid(int pid) {
        return contained == null ? pid : contained.hostPid(pid);
    }

    void joinKeeper(long millis) throws InterruptedException {
        child.joinKeeper(millis);
    }

    void joinOutput(long millis) throws InterruptedException {
        for (Thread pump : outputReaders) pump.join(millis);
    }

    /**
     * Ends the traced program and every process it started, those that left strace's tree included (a shell's
     * background job re-parented to init, a daemon): SIGTERM to each process strace traces, again every
     * {@link #ROUND_MS} for those the record tells meanwhile, then SIGKILL after {@code graceMillis}; strace ends with
     * the last of them. Returns once strace ended or was killed. {@code recordAlive} gives the processes the record shows
     * alive (strace's pids, this computer's here).
     */
    // strace lives as long as the traced program: told to end, it is awaited for the grace, then killed.
    @AwaitsLongLivedProgram
    void stop(long graceMillis, Supplier<Set<Integer>> recordAlive) throws InterruptedException {
        if (contained != null) {
            // SIGTERM to strace through the namespace's init (strace passes it to the program), then the namespace ends.
            child.process().destroy();
            if (!child.process().waitFor(graceMillis, TimeUnit.MILLISECONDS)) child.process().destroyForcibly();
            return;
        }
        int strace = (int) child.process().pid();
        for (int signal : new int[]{Signals.SIGTERM, Signals.SIGKILL}) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            do {
                // While strace lives its tracees name it as their tracer; once it is gone, nothing is theirs to check.
                ProgramProcesses.signal(strace, recordAlive.get(), signal);
                if (child.process().waitFor(ROUND_MS, TimeUnit.MILLISECONDS)) return;
            } while (System.nanoTime() < deadline);
        }
        child.process().destroyForcibly();
    }
}
