package org.socketlab.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.socketlab.syscall.AwaitsLongLivedProgram;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.ProcessStarts;
import org.socketlab.syscall.TrustedPrograms;

/**
 * Starts helper programs (tcpdump) so that they die with SocketLab even when it is killed with SIGKILL and no
 * shutdown hook runs: on Linux the command runs as {@code setpriv --pdeathsig KILL -- command...} (util-linux), so
 * the kernel sends the child SIGKILL when its parent ends. Always an argument list, never a shell.
 */
public final class ChildProcesses {

    /** A started child and the thread it was started from, which ends only after the child has ended. */
    public record Child(Process process, Thread keeper) {
        /** Waits (at most {@code millis}) for the keeper thread, after the process has ended. */
        public void joinKeeper(long millis) throws InterruptedException {
            keeper.join(millis);
        }
    }

    private ChildProcesses() {
    }

    /** util-linux's setpriv, on Linux. */
    public static Optional<Path> setpriv() {
        return Os.current() == Os.LINUX ? TrustedPrograms.find("setpriv") : Optional.empty();
    }

    /**
     * The command wrapped to die with its parent. Without setpriv (not Linux, or util-linux missing) it is the
     * command itself: a normal exit still stops it (shutdown hook), and tcpdump ends at its next packet when writing
     * to the dead program's pipe fails.
     */
    static List<String> dyingWithParent(Optional<Path> setpriv, List<String> command) {
        if (setpriv.isEmpty()) return command;
        List<String> wrapped = new ArrayList<>(List.of(setpriv.get().toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    /**
     * Starts {@code builder}'s command so that it dies with this program. Linux sends the parent-death signal when
     * the parent <em>thread</em> ends, so the child is started from a thread of its own that waits for it and ends
     * with it: a child started from a short-lived thread (a pool worker) would otherwise be killed with that thread.
     */
    public static Child startDyingWithParent(ProcessBuilder builder, String name) throws IOException {
        builder.command(dyingWithParent(setpriv(), builder.command()));
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread keeper = Thread.ofPlatform().daemon().name("socketlab-child-" + name).start(() -> {
            Process process;
            try {
                process = ProcessStarts.start(builder);
            } catch (Throwable t) {
                started.completeExceptionally(t);
                return;
            }
            started.complete(process);
            exitOf(process); // this thread must outlive the child

        });
        try {
            return new Child(started.get(), keeper);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command().getFirst());
        }
    }

    /**
     * Waits for {@code p}'s end however often this thread is interrupted: a child that dies with this program (tcpdump,
     * strace, the window run again) lives as long as what it serves, its keeper thread must outlive it, and its
     * outputs have readers of their own.
     */
    @AwaitsLongLivedProgram
    public static int exitOf(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
