package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysCall;

/** Everything one run of a lesson keeps between its steps: the named sockets, their descriptors, the waiting calls. */
final class LessonRun {
    /**
     * A socket the lesson named: the endpoint that holds it (a hand-over moves it), the number it was made as, and the
     * socket itself ({@link SocketIdentities}: followed by its inode after its number went to another one; null if the
     * journal did not show its making call).
     */
    record Named(String endpoint, int fd, boolean tcp, SocketIdentities.@Nullable Socket socket) {
    }

    /** A call left running by a {@code "wait": false} step. */
    record Waiting(Step step, CompletableFuture<Event> future) {
    }

    final Lab lab;
    final int port;
    final Map<String, Integer> open = new HashMap<>();
    final Map<String, Named> named = new HashMap<>();
    /** Which socket each event of the lab's journal is about, fed as the run reads it ({@link #sockets}). */
    private final SocketIdentities sockets = SocketIdentities.fromAnywhere();
    private long fedUpTo = -1;
    final Map<String, Boolean> tcpByName = new HashMap<>();
    final Map<String, Waiting> waiting = new HashMap<>();
    /** Per step number, the journal size just before its narration: where a segment count starts. */
    final Map<Integer, Long> stepStart = new HashMap<>();
    /** Per step number, what its call returned (a later send may go on where a partial one stopped). */
    final Map<Integer, Long> results = new HashMap<>();
    /** Per socket name, where its last recvfrom() said the datagram came from: a reply's {@code {from}}. */
    final Map<String, SockAddr> lastFrom = new HashMap<>();

    /** The run's waits, which follow TCP's timers when the link loses a segment (issue 76 item 4). */
    final TcpWait tcp;

    LessonRun(Lab lab, int port) {
        this.lab = lab;
        this.port = port;
        this.tcp = new TcpWait(lab.journal(), lab.journal().size(), TcpTimers.ofThisNetwork());
    }

    int fdOf(Step step) {
        if (step.socket() == null) return -1;
        Integer fd = open.get(step.socket());
        if (fd == null) throw new LocalizedException("lesson.mismatch.noSocket", step.socket());
        return fd;
    }

    /** Records what a finished call did to the names: a new descriptor, or one released. */
    void took(Step step, int fd, Event event) {
        Payload.Call call = (Payload.Call) event.payload();
        if (step.is(SysCall.SOCKETPAIR)) {
            List<Integer> made = call.madeFds();
            for (int i = 0; i < made.size() && i < step.sockets().size(); i++)
                name(step, step.sockets().get(i), made.get(i), true, event);
        } else if (step.as() != null && call.result() >= 0) {
            // A connected kind (TCP, AF_UNIX) starts CLOSED; a datagram one UNBOUND.
            boolean tcp = step.type() != null
                    ? step.type() == SockType.SOCK_STREAM || step.domain() == Domain.AF_UNIX
                    : tcpByName.getOrDefault(step.socket(), true);
            name(step, step.as(), (int) call.result(), tcp, event);
        }
        // The closed socket's name, not any name with its number: every endpoint process has its own fd 3.
        if (step.is(SysCall.CLOSE) && step.socket() != null) open.remove(step.socket(), fd);
        String from = call.arg(CallArg.FROM);
        if (step.is(SysCall.RECVFROM) && call.result() >= 0 && from != null && step.socket() != null)
            lastFrom.put(step.socket(),
                    SockAddr.parse(from, Step.required(step.addressDomain(), "socket", step.call())));
    }

    private void name(Step step, String as, int newFd, boolean tcp, Event event) {
        SocketIdentities ids = sockets();
        SocketIdentities.Socket made = ids.made(event, newFd);
        named.put(as, new Named(step.endpoint(), newFd, tcp, made != null ? made : ids.socketOf(event)));
        tcpByName.put(as, tcp);
        open.put(as, newFd);
    }

    /** Which socket each event of the lab's journal is about, fed with the events journaled since it was last asked. */
    SocketIdentities sockets() {
        for (Event e : lab.journal().after(fedUpTo)) {
            sockets.append(e);
            fedUpTo = e.seq();
        }
        return sockets;
    }

    /** Whether event {@code e} (of the lab's journal, fed by {@link #sockets} first) is about the named socket {@code n}. */
    boolean about(Named n, Event e) {
        return n.socket() != null && sockets.socketOf(e) == n.socket();
    }

    /**
     * Whether the named socket can no longer be told from a newer one: its inode is not known and another socket took
     * its number (the journal's kernel events then cannot say which of the two they are about).
     */
    boolean lostToReuse(Named n) {
        SocketIdentities.Socket now = sockets().socketAt(n.endpoint(), n.fd(), Long.MAX_VALUE);
        return n.socket() == null || n.socket().inode() == null && now != null && now != n.socket();
    }

    /** The descriptors of the sockets a poll step watches, in its order. */
    List<Integer> pollFds(Step step) {
        List<Integer> fds = new ArrayList<>();
        for (String name : step.sockets()) {
            Integer fd = open.get(name);
            if (fd == null) throw new LocalizedException("lesson.mismatch.noSocket", name);
            fds.add(fd);
        }
        return fds;
    }

    /** A hand-over: the socket's kernel events and calls are journaled under its new endpoint from now on. */
    void handedOver(String name, String to) {
        named.computeIfPresent(name, (k, n) -> new Named(to, n.fd(), n.tcp(), n.socket()));
    }

    /** Per child endpoint of a fork step, its pid (waitpid's argument, also after the child ended). */
    final Map<String, Integer> pids = new HashMap<>();

    /** A fork step: each pair of {@link Step#sockets} names the parent's socket and the child's copy (same fd, inode). */
    void forked(Step step, int childPid) {
        String child = Step.required(step.handTo(), "fork", "fork");
        pids.put(child, childPid);
        List<String> pairs = step.sockets();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            Named parent = named.get(pairs.get(i));
            Integer fd = open.get(pairs.get(i));
            if (parent == null || fd == null) throw new LocalizedException("lesson.mismatch.noSocket", pairs.get(i));
            named.put(pairs.get(i + 1), new Named(child, fd, parent.tcp(), parent.socket())); // one socket, two holders
            tcpByName.put(pairs.get(i + 1), parent.tcp());
            open.put(pairs.get(i + 1), fd);
        }
    }

    /** A waitpid step's request: its child's pid in this run (or -1). */
    Request waitpid(Step step) {
        String child = Step.required(step.data(), "waitpid", "waitpid");
        Integer pid = child.equals("-1") ? Integer.valueOf(-1) : pids.get(child);
        if (pid == null) throw new LocalizedException("lesson.mismatch.noSocket", child);
        return new Request.WaitPid(pid, step.value() != null && step.value() == 1);
    }

    /** After a reset the endpoint has no sockets left. */
    void resetDone(String endpoint) {
        open.keySet().removeIf(name -> named.get(name) != null && named.get(name).endpoint().equals(endpoint));
    }
}
