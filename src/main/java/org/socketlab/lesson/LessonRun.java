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
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysCall;

/** Everything one run of a lesson keeps between its steps: the named sockets, their descriptors, the waiting calls. */
final class LessonRun {
    /**
     * A socket the lesson named: where its kernel events are journaled. {@code sinceSeq} is the call that made it;
     * {@code staleFromSeq} is set once a later socket of the same endpoint got the same fd number. {@code inode} is the
     * kernel's inode of the socket (null where unknown): kernel events that carry it are matched by it, so a socket
     * stays followed after its fd number went to another one.
     */
    record Named(String endpoint, int fd, boolean tcp, long sinceSeq, long staleFromSeq, @Nullable Long inode) {
        Named stale(long seq) {
            return new Named(endpoint, fd, tcp, sinceSeq, seq, inode);
        }
    }

    /** A call left running by a {@code "wait": false} step. */
    record Waiting(Step step, CompletableFuture<Event> future) {
    }

    final Lab lab;
    final int port;
    final Map<String, Integer> open = new HashMap<>();
    final Map<String, Named> named = new HashMap<>();
    final Map<String, Boolean> tcpByName = new HashMap<>();
    final Map<String, Waiting> waiting = new HashMap<>();
    /** Per step number, the journal size just before its narration: where a segment count starts. */
    final Map<Integer, Long> stepStart = new HashMap<>();
    /** Per step number, what its call returned (a later send may go on where a partial one stopped). */
    final Map<Integer, Long> results = new HashMap<>();
    /** Per socket name, where its last recvfrom() said the datagram came from: a reply's {@code {from}}. */
    final Map<String, SockAddr> lastFrom = new HashMap<>();

    LessonRun(Lab lab, int port) {
        this.lab = lab;
        this.port = port;
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
        {
            named.replaceAll((name,
                    n) -> n.endpoint().equals(step.endpoint()) && n.fd() == newFd
                            && n.staleFromSeq() == Long.MAX_VALUE
                                    ? n.stale(event.seq())
                                    : n);
            Long inode = lab.endpoint(step.endpoint()).sockets().stream()
                    .filter(i -> i.fd() == newFd && i.inode() > 0)
                    .map(i -> (Long) i.inode()).findFirst().orElse(null); // the fd is still this socket's: the run waits for each call
            // The 50 ms sampler may journal the new socket's first state just before the call's own event: with the
            // inode to tell sockets apart, the socket's events are followed from the step's narration on.
            long since = inode != null ? stepStart.getOrDefault(step.number(), event.seq()) : event.seq();
            named.put(as, new Named(step.endpoint(), newFd, tcp, since, Long.MAX_VALUE, inode));
            tcpByName.put(as, tcp);
            open.put(as, newFd);
        }
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
        named.computeIfPresent(name,
                (k, n) -> new Named(to, n.fd(), n.tcp(), n.sinceSeq(), n.staleFromSeq(), n.inode()));
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
            named.put(pairs.get(i + 1), new Named(child, fd, parent.tcp(), parent.sinceSeq(), Long.MAX_VALUE,
                    parent.inode()));
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
