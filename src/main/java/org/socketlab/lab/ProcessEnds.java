package org.socketlab.lab;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Signals;

/**
 * The ends of one endpoint's processes: each reaped, its end journaled ({@link Payload.Process}), its sockets out of
 * the endpoint's table (the kernel closed them), once per process and on the endpoint's worker thread. The last
 * process that ended and its event are guarded by the endpoint's own lock, as its current process is.
 */
final class ProcessEnds {
    private final Endpoint endpoint;
    private final String name;
    private final Journal journal;
    private final CallObserver observer;
    private final Map<Integer, Endpoint.SocketInfo> sockets;
    /** Held for writing when the sockets of a process that ended leave the table. */
    private final ReadWriteLock fdTable;
    /** The endpoint's worker. */
    private final Executor worker;
    /** The last process of this endpoint that ended, and the event that journaled its end (null for a thread). */
    private @Nullable EndpointProcess ended;
    private @Nullable Event endedEvent;

    ProcessEnds(Endpoint endpoint, Journal journal, CallObserver observer, Map<Integer, Endpoint.SocketInfo> sockets,
            ReadWriteLock fdTable, Executor worker) {
        this.endpoint = endpoint;
        this.name = endpoint.name();
        this.journal = journal;
        this.observer = observer;
        this.sockets = sockets;
        this.fdTable = fdTable;
        this.worker = worker;
    }

    /** Journals how process {@code pid} ended: killed by a signal, or exited with a code. */
    static Event journalEnd(Journal journal, String name, int pid, EndpointProcess.Exit exit) {
        return journal.append(name, exit.signal() > 0
                ? Payload.Process.killedBy(pid, exit.signal(), Signals.name(exit.signal()))
                : Payload.Process.exited(pid, exit.code()));
    }

    /**
     * The process {@code p} ended (killed, or a signal's default action ended it inside a call): reaped, its end
     * journaled, and its sockets gone from the table (the kernel closed them; the observer then follows their
     * connections as closed ones). Once per process; on the worker thread. Returns the journaled end (null for a thread
     * of another endpoint's process, whose owner journals it).
     */
    @Nullable
    Event processEnded(@Nullable EndpointProcess p) {
        synchronized (endpoint) {
            if (p == null) return null;
            if (p == ended) return endedEvent;
        }
        // Out of the table first: the kernel observer then reads none of them through the process's pidfd, closed below.
        fdTable.writeLock().lock();
        try {
            sockets.clear();
        } finally {
            fdTable.writeLock().unlock();
        }
        EndpointProcess.Exit exit = p.awaitExit();
        // What the kernel sent as it closed the process's sockets (FIN, RST) left before the reap: journaled first.
        observer.reaped(endpoint);
        Event event = exit == null ? null : journalEnd(journal, name, p.pid(), exit);
        // A forked child its parent has not waited for: ps shows it Z, read now from /proc.
        if (event != null && p.forkedFrom() != 0 && p.processState() == 'Z')
            journal.append(name, Payload.Process.zombie(p.pid(), p.forkedFrom()));
        remember(p, event);
        observer.processEnded(endpoint, p.pid());
        return event;
    }

    /**
     * Ends the endpoint's process now, its sockets already closed ({@link Endpoint#endProcess}): journaled as any end.
     * A thread of another endpoint's process is only let go (that endpoint ends the process). On the worker thread.
     */
    void endNow() {
        EndpointProcess p = endpoint.startedProcess();
        if (p == null) return;
        if (p.isThread()) {
            endpoint.forget(p);
            return;
        }
        EndpointProcess.Exit exit = p.end(2_000);
        observer.reaped(endpoint); // what the kernel sent as it closed the process's sockets comes first
        Event event = journalEnd(journal, name, p.pid(), exit);
        remember(p, event);
        observer.processEnded(endpoint, p.pid());
    }

    /** The process {@code pid} ended, seen by another endpoint that ran in it: its end is journaled now, if it is ours. */
    void ownerEnded(int pid) {
        EndpointProcess p = endpoint.startedProcess();
        if (p == null || p.pid() != pid) return;
        try {
            worker.execute(() -> processEnded(p));
        } catch (RejectedExecutionException closing) {
            // the endpoint is closing: its close reaps the process
        }
    }

    /** The parent's waitpid took this forked child's status: journaled {@link Payload.Process#REAPED}, on the worker. */
    void reapedBy(int childPid, int status) {
        try {
            worker.execute(() -> {
                EndpointProcess p = endpoint.startedProcess();
                EndpointProcess gone = p != null && p.pid() == childPid ? p : ended;
                if (gone == null || gone.pid() != childPid) return;
                gone.reapedWith(status);
                processEnded(gone);
                EndpointProcess.Exit exit = EndpointProcess.Exit.ofStatus(status);
                journal.append(name, Payload.Process.reaped(childPid, gone.forkedFrom(),
                        exit.signal() > 0 ? null : exit.code(), exit.signal() > 0 ? exit.signal() : null,
                        exit.signal() > 0 ? Signals.name(exit.signal()) : null));
            });
        } catch (RejectedExecutionException closing) {
            // the endpoint is closing: nothing more is journaled of it
        }
    }

    /** {@code p} ended with {@code event}: the endpoint's next call starts a new process. */
    private void remember(EndpointProcess p, @Nullable Event event) {
        synchronized (endpoint) {
            endpoint.forget(p);
            ended = p;
            endedEvent = event;
        }
    }
}
