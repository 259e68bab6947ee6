package org.socketlab.lab;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * fork() of an endpoint's process (issue 39): one real fork in the endpoint program, the child made an endpoint of the
 * lab with its parent's descriptors (the same sockets, by inode), journaled as the parent's call and the child's
 * {@link Payload.Process#FORKED}.
 */
final class Forking {
    private Forking() {
    }

    /** Forks {@code p}, {@code parent}'s process, into {@code child}; on {@code parent}'s worker. The fork call's event. */
    static Event fork(Endpoint parent, EndpointProcess p, Endpoint child, Map<Integer, Endpoint.SocketInfo> sockets,
            Journal journal, Libc libc, ReadWriteLock fdTable) {
        long entered = journal.now();
        EndpointProcess.Forked forked;
        Map<Integer, Long> inherited = new TreeMap<>();
        // The child's table is its parent's at the moment of the fork: no close in between, none the observer sees half.
        fdTable.writeLock().lock();
        try {
            forked = p.fork(child.name());
            if (forked.child() != null) {
                for (Endpoint.SocketInfo info : sockets.values()) {
                    child.adopt(info);
                    inherited.put(info.fd(), info.inode());
                }
                child.becomeForked(forked.child());
            }
        } finally {
            fdTable.writeLock().unlock();
        }
        SysResult r = forked.result();
        Event call = journal.append(parent.name(), new Payload.Call(SysCall.FORK.journalName, null, Map.of(), r.value(),
                r.failed() ? r.errno() : null, r.failed() ? libc.errnos().name(r.errno()) : null, null, 0, null,
                entered,
                null, List.of(), p.pid()));
        if (forked.child() != null)
            journal.append(child.name(), Payload.Process.forked(forked.child().pid(), p.pid(),
                    Payload.Process.roleOf(child.name()), inherited));
        return call;
    }

    /**
     * A waitpid of {@code parent} that reaped a child, or a sigprocmask during which its SIGCHLD handler reaped some: each
     * child's endpoint journals it gone.
     */
    static void reaped(List<Endpoint> endpoints, Endpoint parent, Payload.Call call) {
        String byHandler = call.arg(CallArg.REAPED);
        if (call.is(SysCall.SIGPROCMASK) && byHandler != null) {
            for (String pair : byHandler.replaceAll("[\\[\\]]", "").split(" ")) {
                String[] pidStatus = pair.split(":");
                if (pidStatus.length != 2) continue;
                int childPid = Integer.parseInt(pidStatus[0]), status = Integer.parseInt(pidStatus[1]);
                for (Endpoint e : endpoints) if (e != parent) e.reapedBy(childPid, status);
            }
            return;
        }
        if (!call.is(SysCall.WAITPID) || call.result() <= 0) return;
        int childPid = (int) call.result();
        int status = WaitStatus.parse(call.arg(CallArg.WSTATUS)).orElse(0);
        for (Endpoint e : endpoints) if (e != parent) e.reapedBy(childPid, status);
    }

    /** Why a fork made no child: the failure that stopped it, or the fork's own -1 and errno. */
    static RuntimeException failed(String childName, Event event, Throwable failure) {
        if (failure instanceof RuntimeException r) return r;
        if (failure != null) return new CompletionException(failure);
        Payload.Call call = (Payload.Call) event.payload();
        return new LocalizedException("lab.endpoint.failed", childName, SysCall.FORK.journalName,
                call.errnoName() == null ? "?" : call.errnoName());
    }

    /** A forked child's process that ended is not started again: it was its parent's, not SocketLab's. */
    static EndpointProcess neverRestarted(String child) {
        throw new LocalizedException("lab.fork.childEnded", child);
    }

    /** The child once {@code forked} is journaled; a fork that made none removes it (and says why). */
    static CompletableFuture<Endpoint> childOf(Supplier<CompletableFuture<Event>> fork, Endpoint child,
            Consumer<String> remove) {
        CompletableFuture<Event> forked;
        try {
            forked = fork.get();
        } catch (RuntimeException refused) {
            remove.accept(child.name());
            throw refused;
        }
        return forked.handle((event, failure) -> {
            if (failure == null && child.pid() != 0) return child;
            remove.accept(child.name());
            throw failed(child.name(), event, failure);
        });
    }

    /** Refuses a child's name another endpoint has (a fork's child needs its own). */
    static void refuseTaken(@Nullable Endpoint holder, String childName) {
        if (holder != null) throw new LocalizedException("lab.fork.nameTaken", childName);
    }

    /** Whether an endpoint's name may go to a new child: a forked child whose process ended, with no socket left. */
    static boolean reusable(Endpoint e) {
        return e.pid() == 0 && e.sockets().isEmpty() && e.forkedChild();
    }

    /** {@code server-2}, {@code server-3}...: the first name of {@code parent}'s kind no endpoint has. */
    static String childName(Set<String> taken, String parent) {
        String base = parent.replaceFirst("-[0-9]+$", "");
        int n = 2;
        while (taken.contains(base + "-" + n)) n++;
        return base + "-" + n;
    }
}
