package org.socketlab.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.BrokerStarted;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SysCall;

/**
 * Starts the lab's endpoint processes, all from one thread that lives as long as the lab: PR_SET_PDEATHSIG, which
 * ends an endpoint when SocketLab ends, fires when the <em>thread</em> that started it ends, so a worker thread (or a
 * pool's) would take its endpoints with it.
 */
final class EndpointProcesses implements AutoCloseable {
    private final Libc libc;
    /** Processes started before their endpoint's first call ({@link #startAhead}), by endpoint name. */
    private final Map<String, Future<EndpointProcess>> startedAhead = new ConcurrentHashMap<>();
    /** Endpoints whose process was started ahead or taken (or found none): none is started ahead for them again. */
    private final Set<String> askedFor = ConcurrentHashMap.newKeySet();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "socketlab-endpoint-starter");
        t.setDaemon(true);
        return t;
    });

    EndpointProcesses(Libc libc) {
        this.libc = libc;
    }

    /** Starts the endpoint {@code name}'s process; refused, saying what to build, when the program is not there. */
    EndpointProcess start(String name) {
        Path program = EndpointProcess.program()
                .orElseThrow(() -> new LocalizedException("lab.endpoint.noProgram", EndpointProcess.PROGRAM));
        try {
            return starter.submit(() -> EndpointProcess.start(libc, program, name)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the endpoint {@code name}'s process now, in the background (on the same thread, for the same reason), for
     * {@link #takeStartedAhead} at the endpoint's first call: a new process waits to be scheduled (on a busy machine
     * for milliseconds), and the first call then need not. Nothing when the program is not there ({@link #start} then
     * says so at the first call).
     */
    synchronized void startAhead(String name) {
        // Never for an endpoint that asked for its process already, nor twice: a second would idle until the lab ends.
        if (!askedFor.add(name) || starter.isShutdown()) return;
        // Looked for on the starter's thread too: the window asks from the FX thread (Lab#beginBackground).
        startedAhead.put(name, starter.submit(() -> EndpointProcess.program()
                .map(program -> EndpointProcess.start(libc, program, name)).orElse(null)));
    }

    /** The process {@link #startAhead} started for {@code name}, once (null if none, or it could not start). */
    @Nullable
    EndpointProcess takeStartedAhead(String name) {
        Future<EndpointProcess> early;
        synchronized (this) {
            askedFor.add(name);
            early = startedAhead.remove(name);
        }
        if (early == null) return null;
        try {
            return early.get();
        } catch (ExecutionException e) {
            return null; // started again at the call, which says why it cannot be
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Starts the endpoint {@code name}'s process on the lab's second host: the broker starts it there (this program may
     * not enter another namespace), with one end of a new channel; it is the broker's child, which reports its end.
     */
    EndpointProcess startOn(SecondHost host, String name) {
        PlatformConstants c = libc.constants();
        Libc.PairResult pair = libc.socketpair(c.afUnix(), c.sockStream() | c.sockCloexec(), 0);
        if (pair.result().failed())
            throw new LocalizedException("lab.endpoint.failed", name, SysCall.SOCKETPAIR.journalName,
                    pair.result().errno());
        int ours = pair.fds()[0], theirs = pair.fds()[1];
        BrokerStarted started;
        try {
            started = host.startEndpoint(name, theirs);
        } catch (IOException e) {
            libc.close(ours);
            throw new LocalizedException("lab.endpoint.failed", name, "endpoint",
                    String.valueOf(e.getMessage()));
        } finally {
            libc.close(theirs);
        }
        int pid = started.startedPid();
        if (pid <= 0) {
            libc.close(ours);
            throw new LocalizedException("lab.endpoint.failed", name, "endpoint", said(started.process()));
        }
        CompletableFuture<EndpointProcess.Exit> ended = started.process().onExit().thenApply(p -> {
            closeQuietly(p);
            int status = p.exitValue();
            return status > 128 ? new EndpointProcess.Exit(-1, status - 128) : new EndpointProcess.Exit(status, -1);
        });
        return EndpointProcess.startedElsewhere(libc, name, pid, ours, ended);
    }

    /** What the broker said of a request it refused (its one line), or "-". */
    private static String said(Process p) {
        try {
            // A refused request has answered already: its words are read at once, or not at all.
            String line = HelperRun.finish(p, "endpoint", Duration.ofSeconds(10)).err().strip();
            return line.isEmpty() ? "-" : line;
        } catch (IOException e) {
            return "-";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "-";
        }
    }

    /** The broker's pipes for a program's output (an endpoint writes nothing there). */
    private static void closeQuietly(Process p) {
        try {
            p.getInputStream().close();
            p.getErrorStream().close();
        } catch (IOException ignored) {
            // nothing to do with a pipe that would not close
        }
    }

    /** Ends the process started ahead for {@code name}, if no endpoint took it (it made no call: nothing is journaled). */
    void endStartedAhead(String name) {
        EndpointProcess unused = takeStartedAhead(name);
        if (unused != null) unused.end(2_000);
    }

    /** Ends a process started ahead that no endpoint took (it made no call: nothing of it is journaled). */
    @Override
    public void close() {
        synchronized (this) {
            starter.shutdown(); // first: nothing is started ahead from now on (startAhead asks under the same lock)
        }
        for (String name : List.copyOf(startedAhead.keySet())) endStartedAhead(name);
        try {
            starter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
