package org.socketlab.check;

import static org.socketlab.check.Evidence.ROOT;
import static org.socketlab.check.Evidence.call;
import static org.socketlab.check.Evidence.fail;
import static org.socketlab.check.Evidence.pass;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.syscall.SysCall;

/**
 * The rules about the program's own sockets and processes: accepted sockets closed, nothing open at exit, the
 * listener kept open, forked children following their pattern and ending.
 */
final class SocketRules {
    private final Evidence run;

    SocketRules(Evidence run) {
        this.run = run;
    }

    Verdict acceptedClosed() {
        // The kernel's own table of the main process's descriptors once every client left: an accepted socket still
        // there is a leak (a fork server's parent that never closes its copy, a thread that forgot, a dup kept). A
        // socket is followed by its inode where the journal names it: a number an accepted socket had may hold another
        // socket by now (closed and reused), and an accepted socket may be held under another number (dup). A program
        // that already ended is judged from its journal: the accepted sockets its main process never closed.
        Map<Integer, Event> lastAccept = new HashMap<>();
        Map<Long, Event> acceptedInodes = new HashMap<>();
        Set<Long> madeBySocket = new HashSet<>();
        int accepted = 0;
        for (Event e : run.calls) {
            Payload.Call c = call(e);
            boolean inMain = run.process(e).equals(run.main); // its threads share its table
            if (c.is(SysCall::accepts) && !c.failed()) {
                accepted++;
                int fd = (int) c.result();
                if (inMain || !lastAccept.containsKey(fd)) lastAccept.put(fd, e);
                Long inode = c.inodeOf(fd);
                if (inode != null) acceptedInodes.putIfAbsent(inode, e);
            }
            if (c.is(SysCall.SOCKET) && !c.failed()) {
                madeBySocket.add(c.inodeOf((int) c.result()));
                // The number now names the socket() one: an earlier accept's socket is not found under it any more.
                if (inMain) lastAccept.remove((int) c.result());
            }
        }
        // A socket is made once: an inode a socket() call made was not an accept's. strace's line for an accept can be
        // read after the program closed that fd and reused its number (a contained run's fds are read then), so the
        // inode read for it is the newer socket's; that accept's socket is then known by its number only.
        acceptedInodes.keySet().removeAll(madeBySocket);
        if (accepted == 0) return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.none", run.lastSeq());
        Map<Integer, Event> where = new HashMap<>();
        Map<Integer, Long> atEnd = run.socketsAtEnd();
        if (atEnd != null) {
            for (var held : atEnd.entrySet()) {
                Event byInode = held.getValue() == null ? null : acceptedInodes.get(held.getValue());
                Event byNumber = lastAccept.get(held.getKey());
                // The number's last accept counts only when the journal does not say which socket it made.
                if (byInode != null) where.put(held.getKey(), byInode);
                else
                    if (byNumber != null && call(byNumber).inodeOf(held.getKey()) == null)
                        where.put(held.getKey(), byNumber);
            }
        } else {
            where.putAll(acceptedStillHeld());
        }
        List<Integer> leaked = where.keySet().stream().sorted().toList();
        if (leaked.isEmpty()) return pass(Rule.ACCEPTED_CLOSED, "check.why.accepted.ok", null, accepted);
        if (atEnd == null && run.outcome.signal() > 0) // it died holding the connection it was serving
            return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.killed", run.lastCallSeq(), run.outcome.signal(),
                    run.signalName(), leaked.getFirst());
        return fail(Rule.ACCEPTED_CLOSED, "check.why.accepted.leaked",
                Objects.requireNonNull(where.get(leaked.getFirst())).seq(),
                leaked.size(), leaked.getFirst(), accepted);
    }

    /** The main process's accepted sockets it still held after its last call, by number, each with its accept. */
    private Map<Integer, Event> acceptedStillHeld() {
        List<Event> root = run.root();
        if (root.isEmpty()) return Map.of();
        Map<SocketIdentities.Socket, Integer> held = new HashMap<>();
        run.heldAfter(run.main, root.getLast().seq()).forEach((fd, socket) -> held.putIfAbsent(socket, fd));
        Map<Integer, Event> still = new HashMap<>();
        for (Event e : root) {
            Payload.Call c = call(e);
            if (c.failed() || !c.is(SysCall::accepts)) continue;
            SocketIdentities.Socket made = run.made(e, (int) c.result());
            if (made != null && held.containsKey(made)) still.put(held.get(made), e);
        }
        return still;
    }

    Verdict noFdAtExit() {
        if (run.outcome.exitCode() == null)
            return fail(Rule.NO_FD_AT_EXIT, "check.why.notEnded", run.lastSeq(), run.check.limits().seconds());
        // The sockets its socket() and accept() calls made that it still held after its last call, first made first.
        List<Event> root = run.root();
        Set<SocketIdentities.Socket> held = root.isEmpty()
                ? Set.of()
                : Set.copyOf(run.heldAfter(run.main, root.getLast().seq()).values());
        for (Event e : root) {
            Payload.Call c = call(e);
            if (c.failed() || !(c.is(SysCall.SOCKET) || c.is(SysCall::accepts))) continue;
            int fd = (int) c.result();
            SocketIdentities.Socket made = run.made(e, fd);
            if (made != null && held.contains(made))
                return fail(Rule.NO_FD_AT_EXIT, "check.why.noFd.open", e.seq(), fd, c.call());
        }
        return pass(Rule.NO_FD_AT_EXIT, "check.why.noFd.ok", null);
    }

    Verdict listenerOpen() {
        Event listen = run.listen();
        if (listen == null) return fail(Rule.LISTENER_OPEN, "check.why.listener.none", run.lastSeq());
        int fd = Objects.requireNonNull(call(listen).fd()); // a listen names its socket
        Long inode = call(listen).inode();
        // The listening socket itself, whatever number names it (Evidence's resolver: by inode where told).
        SocketIdentities.Socket listener = run.socketOf(listen);
        Event closed = null, shutdown = null;
        for (Event e : run.root()) {
            if (e.seq() > listen.seq() && call(e).is(SysCall.CLOSE) && listener != null
                    && run.socketOf(e) == listener) {
                // Closed once SocketLab had stopped sending clients and sent its SIGTERM: the server's clean shutdown.
                if (run.outcome.afterStop(e)) shutdown = e;
                else closed = e;
                break;
            }
        }
        long accepts = run.calls.stream().filter(e -> call(e).is(SysCall::accepts) && !call(e).failed()).count();
        // A program that ended: the cause is that it ended (its code or its signal), where it stopped accepting.
        if (run.outcome.endedDuringPlays() && run.outcome.exitCode() != null) {
            // Long.valueOf: with a bare long on one side, a null seq would be unboxed (a NullPointerException).
            Long where = closed != null ? Long.valueOf(closed.seq()) : run.lastCallSeq();
            if (run.outcome.signal() > 0)
                return fail(Rule.LISTENER_OPEN, "check.why.listener.killed", where, run.outcome.signal(),
                        run.signalName(),
                        accepts);
            return fail(Rule.LISTENER_OPEN, "check.why.listener.exited", where, run.outcome.exitCode(), accepts);
        }
        if (closed != null) return fail(Rule.LISTENER_OPEN, "check.why.listener.closed", closed.seq(), fd);
        if (run.outcome.endedDuringPlays())
            return fail(Rule.LISTENER_OPEN, "check.why.listener.ended", run.lastSeq(), run.exitText());
        Map<Integer, Long> atEnd = run.socketsAtEnd();
        if (atEnd != null && !(inode != null ? atEnd.containsValue(inode) : atEnd.containsKey(fd)))
            return fail(Rule.LISTENER_OPEN, "check.why.listener.gone", listen.seq(), fd);
        if (shutdown != null)
            return pass(Rule.LISTENER_OPEN, "check.why.listener.okShutdown", shutdown.seq(), fd, accepts);
        return pass(Rule.LISTENER_OPEN, "check.why.listener.ok", listen.seq(), fd, accepts);
    }

    /**
     * Each process the program forked that made a call the child pattern names must follow it: its own calls, those of
     * its threads with them, in order, with the sockets it held closed by its end when it ended (a child that serves and
     * calls exit has its connection closed by the kernel). What a fork assignment asks: threads are not children.
     */
    Verdict childPattern() {
        // The loader refuses a check file with this rule and no childPattern.
        CallPattern p = Objects.requireNonNull(run.check.childPattern());
        Map<String, List<Evidence.Step>> byChild = new LinkedHashMap<>();
        for (String child : run.processes()) {
            if (child.equals(run.main) || !run.forked(child)) continue;
            List<Evidence.Step> own = run.steps(Set.of(child)).stream().filter(s -> p.names(s.name())).toList();
            if (own.stream().anyMatch(s -> !s.byExit())) byChild.put(child, own);
        }
        if (byChild.isEmpty()) return fail(Rule.CHILD_PATTERN, "check.why.child.none", run.lastCallSeq(), p.source());
        for (List<Evidence.Step> own : byChild.values()) {
            List<String> names = own.stream().map(Evidence.Step::name).toList();
            int bad = p.firstMismatch(names);
            if (bad < 0) continue;
            if (bad >= names.size())
                return fail(Rule.CHILD_PATTERN, "check.why.child.tooShort", own.getLast().event().seq(), p.source());
            return fail(Rule.CHILD_PATTERN, "check.why.child.unexpected", own.get(bad).event().seq(), names.get(bad),
                    p.source());
        }
        return pass(Rule.CHILD_PATTERN, "check.why.child.ok", null, byChild.size());
    }

    Verdict childrenExit() {
        // The main process itself, when a shell or launcher started it, is not one of the children it forked.
        int mainPid = Evidence.pidOf(run.main);
        List<Judge.Child> left = run.outcome.childrenAtEnd() == null
                ? null
                : run.outcome.childrenAtEnd().stream().filter(c -> c.pid() != mainPid).toList();
        long forks = run.events.stream().map(Event::endpoint).filter(p -> p.startsWith(ROOT + "-")).distinct().count();
        if (left == null || left.isEmpty()) return pass(Rule.CHILDREN_EXIT, "check.why.children.ok", null, forks);
        List<Judge.Child> zombies = left.stream().filter(Judge.Child::zombie).toList();
        Judge.Child first = zombies.isEmpty() ? left.getFirst() : zombies.getFirst();
        // The child's own first call (strace's clone is not journaled as a call): where that process began.
        String child = ROOT + "-" + first.pid();
        Long seq = run.calls.stream().filter(e -> e.endpoint().equals(child)).map(Event::seq).findFirst()
                .orElse(run.lastSeq());
        if (!zombies.isEmpty())
            return fail(Rule.CHILDREN_EXIT, "check.why.children.zombies", seq, zombies.size(), first.pid());
        return fail(Rule.CHILDREN_EXIT, "check.why.children.alive", seq, left.size(), first.pid());
    }
}
