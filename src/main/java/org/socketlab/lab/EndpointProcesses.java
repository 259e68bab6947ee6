package org.socketlab.lab;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;

/**
 * Starts the lab's endpoint processes, all from one thread that lives as long as the lab: PR_SET_PDEATHSIG, which
 * ends an endpoint when SocketLab ends, fires when the <em>thread</em> that started it ends, so a worker thread (or a
 * pool's) would take its endpoints with it.
 */
final class EndpointProcesses implements AutoCloseable {
    private final Libc libc;
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

    @Override
    public void close() {
        starter.shutdown();
        try {
            starter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
