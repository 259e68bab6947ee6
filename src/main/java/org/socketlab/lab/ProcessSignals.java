package org.socketlab.lab;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Signals;

/**
 * Signals SocketLab sends to an endpoint's process with kill(2), each journaled first ({@link Payload.Process#SIGNAL}):
 * the process's end is then awaited when the signal ends it, else the kernel's taking of it.
 */
final class ProcessSignals {
    /** How long the kernel may take to deliver a signal a process lives through (generous: a loaded machine). */
    private static final long SIGNAL_TAKEN_MS = 10_000;

    private final Endpoint endpoint;
    private final String name;
    private final Journal journal;
    private final ProcessEnds ends;
    /** The endpoint's worker. */
    private final Executor worker;

    ProcessSignals(Endpoint endpoint, Journal journal, ProcessEnds ends, Executor worker) {
        this.endpoint = endpoint;
        this.name = endpoint.name();
        this.journal = journal;
        this.ends = ends;
        this.worker = worker;
    }

    /** The endpoint's own process, for a signal or an exit: refused without one, or for a thread of another's. */
    EndpointProcess killable() {
        EndpointProcess p = endpoint.startedProcess();
        if (p == null) throw new LocalizedException("lab.kill.notStarted", name);
        if (p.isThread()) throw new LocalizedException("lab.kill.thread", name, String.valueOf(p.pid()));
        return p;
    }

    /** {@link Endpoint#kill}: journaled, sent, then its end or its taking awaited. */
    CompletableFuture<Event> kill(int signal) {
        if (!Endpoint.KILL_SIGNALS.contains(signal))
            throw new LocalizedException("lab.kill.signal", Signals.name(signal));
        EndpointProcess p = killable();
        boolean endsIt = p.endsOn(signal);
        Event sent = journal.append(name, Payload.Process.signalled(p.pid(), signal, Signals.name(signal)));
        p.kill(signal);
        if (!endsIt) return CompletableFuture.supplyAsync(() -> {
            if (!p.awaitSignalTaken(signal, SIGNAL_TAKEN_MS))
                throw new LocalizedException("lab.kill.notTaken", Signals.name(signal), String.valueOf(p.pid()));
            return sent;
        });
        // On the worker: after a call the signal ended (its own thread journals that), before any later call.
        return CompletableFuture.supplyAsync(() -> ends.processEnded(p), worker);
    }
}
