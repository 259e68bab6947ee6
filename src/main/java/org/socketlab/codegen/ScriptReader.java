package org.socketlab.codegen;

import static org.socketlab.codegen.CallArgs.enumOf;
import static org.socketlab.codegen.CallArgs.intOf;
import static org.socketlab.codegen.CallArgs.sockType;
import static org.socketlab.codegen.CallArgs.typeFlags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.codegen.CodeScript.Step;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.ThreadEndpoints;
import org.socketlab.story.Launchers;
import org.socketlab.story.LibraryCalls;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SysCall;

/**
 * Reads a journal's calls as {@link CodeScript} steps: follows each socket from the call that made it to its close
 * (its domain, type, role, blocking mode), names it by its whole life, and keeps the calls up to the cursor.
 */
final class ScriptReader {

    /** A socket from the call that made it to its close, named once its whole life is known. */
    static final class Life {
        final String endpoint;
        final Domain domain;
        final SockType type;
        final boolean accepted;
        boolean listens, nonBlocking;
        int backlog;
        Op.Sock sock;
        /** Who sent the datagram its last successful recvfrom() got: a later sendto() there is a reply. */
        String lastFrom;

        Life(String endpoint, Domain domain, SockType type, boolean accepted) {
            this.endpoint = endpoint;
            this.domain = domain;
            this.type = type;
            this.accepted = accepted;
        }

        String role() {
            return listens ? "listener" : accepted ? "conn" : "sock";
        }
    }

    /** A call read in the first pass, before the sockets have names. */
    record Raw(Event event, Payload.Call call, Life life, Life made, boolean nonBlocking, String after,
            Life pairOther, List<Life> polled, boolean reply) {
        Raw(Event event, Payload.Call call, Life life, Life made, boolean nonBlocking, String after, Life pairOther,
                List<Life> polled) {
            this(event, call, life, made, nonBlocking, after, pairOther, polled, false);
        }
    }

    private final Map<String, Map<Integer, Life>> open = new HashMap<>();
    /** A traced program's processes by pid: the endpoint whose fork made each (its children are written inside it). */
    private final Map<Integer, String> endpointOfPid = new HashMap<>();
    /** The endpoints that made a socket call: only a thread among them is written (issue 79). */
    private final Set<String> calling = new HashSet<>();
    /** The children made by a lab endpoint's fork() call: its own endpoint, its own program (a pane of the window). */
    private final Set<Integer> forkCalls = new HashSet<>();
    private final List<CodeScript.Fork> forks = new ArrayList<>();
    /** Per endpoint, how many of its calls act on a socket this journal does not show it having (a thread's). */
    private final Map<String, Integer> unwritten = new LinkedHashMap<>();
    private final List<Life> lives = new ArrayList<>();
    private final ScriptPlaces places = new ScriptPlaces();

    CodeScript read(List<Event> all, long upTo) {
        // A launcher (a shell that makes no socket call) has no program; each process it started has its own.
        Launchers launchers = new Launchers();
        launchers.learnAll(all);
        List<Event> events = launchers.visible(all);
        Map<String, String> launcherOf = new LinkedHashMap<>();
        for (Event e : events)
            if (e.payload() instanceof Payload.Process p && Payload.Process.LAUNCHED.equals(p.event())) {
                String name = launchers.launcher(p.pid());
                if (name != null) launcherOf.put(e.endpoint(), name);
            }
        List<Raw> raws = new ArrayList<>();
        LinkedHashSet<String> endpoints = new LinkedHashSet<>();
        String previous = null;
        // Every call is read, so a socket is named and typed by its whole life (the listener is "listener" while
        // the cursor is still on its bind); only the calls up to the cursor become steps.
        // The calls a traced program's C library made on its own inside getaddrinfo() are no line of the program.
        Set<Long> library = LibraryCalls.of(events);
        // A child's first calls may be journaled before its fork (strace prints the clone's result when the parent's
        // call returns, and the child may have run first): its fork is taken at whichever comes first.
        Map<String, Payload.Process> forkOf = new HashMap<>();
        for (Event e : events) {
            if (e.payload() instanceof Payload.Call c && c.is(SysCall.FORK) && c.result() > 0)
                forkCalls.add((int) c.result());
            if (e.payload() instanceof Payload.Process p && (Payload.Process.FORKED.equals(p.event())
                    || Payload.Process.THREAD.equals(p.event())))
                forkOf.putIfAbsent(e.endpoint(), p);
            // A process a launcher started is a parent by its own endpoint (not the launcher's, the first process).
            if (e.payload() instanceof Payload.Process p && (Payload.Process.STARTED.equals(p.event())
                    || Payload.Process.LAUNCHED.equals(p.event())))
                endpointOfPid.putIfAbsent(p.pid(), e.endpoint());
            if (e.payload() instanceof Payload.Call) calling.add(e.endpoint());
        }
        for (Event e : events) {
            Payload.Process fork = forkOf.get(e.endpoint());
            if (fork != null && e.seq() <= upTo && (e.payload() == fork || e.payload() instanceof Payload.Call)) {
                forkOf.remove(e.endpoint());
                forked(e, fork);
            }
            if (!(e.payload() instanceof Payload.Call c) || library.contains(e.seq())) continue;
            Raw raw = first(e, c, previous);
            if (raw == null && c.fd() != null && e.seq() <= upTo && !c.is(SysCall.SOCKET))
                unwritten.merge(e.endpoint(), 1, Integer::sum);
            if (raw == null || e.seq() > upTo) continue;
            raws.add(raw);
            endpoints.add(e.endpoint());
            previous = e.endpoint();
        }
        name();
        List<Step> steps = new ArrayList<>();
        for (Raw r : raws) {
            Op op = CallOps.of(r, places);
            if (op == null) continue;
            Payload.Call c = r.call();
            steps.add(new Step(r.event().seq(), r.event().endpoint(), op, c.result(), c.errno(), c.errnoName(),
                    r.nonBlocking(),
                    r.after(), c));
        }
        // A traced program's forked children are written inside their parent, at the fork: no program of their own.
        // A process whose calls are all its threads' (a JVM's main runs on a thread the launcher started) is the
        // program its threads are written in: it takes the place of its first thread with a call.
        List<String> ordered = new ArrayList<>();
        for (String endpoint : endpoints) {
            CodeScript.Fork thread = forks.stream().filter(f -> f.thread() && f.child().equals(endpoint)).findFirst()
                    .orElse(null);
            String program = thread == null ? endpoint : thread.parent();
            if (!ordered.contains(program)) ordered.add(program);
        }
        endpoints.clear();
        endpoints.addAll(ordered);
        for (CodeScript.Fork f : forks) endpoints.remove(f.child());
        launcherOf.keySet().retainAll(endpoints);
        return new CodeScript(places.places(), List.copyOf(endpoints), steps, forks, unwritten, launcherOf);
    }

    /**
     * A process forked: a traced program's child holds its parent's sockets (the same variables in a C program), and
     * is written inside its parent's program. A lab endpoint's fork() is its own call and its child its own pane and
     * program, as before.
     */
    private void forked(Event e, Payload.Process p) {
        if (forkCalls.contains(p.pid()) || p.parentPid() == null) return;
        if (Payload.Process.THREAD.equals(p.event())) {
            threadStarted(e, p);
            return;
        }
        String parent = endpointOfPid.getOrDefault(p.parentPid(), p.role());
        endpointOfPid.put(p.pid(), e.endpoint());
        if (parent == null || parent.equals(e.endpoint())) return;
        open.put(e.endpoint(), new HashMap<>(open.getOrDefault(parent, Map.of())));
        forks.add(new CodeScript.Fork(e.seq(), parent, e.endpoint(), p.pid()));
    }

    /**
     * A thread started in a traced program's process (issue 79): it uses the process's table of descriptors (the same
     * map, not a copy: a socket one thread accepts is the other's by the same number), and its calls are the function
     * the process starts there, inside the process's program.
     */
    private void threadStarted(Event e, Payload.Process p) {
        String process = ThreadEndpoints.of(e.endpoint())
                .map(t -> endpointOfPid.getOrDefault(t.pid(), "program-" + t.pid()))
                .orElse(endpointOfPid.get(p.parentPid()));
        // A thread with no socket call (a JVM's own) is no line of the program.
        if (process == null || process.equals(e.endpoint()) || !calling.contains(e.endpoint())) return;
        open.put(e.endpoint(), open.computeIfAbsent(process, k -> new HashMap<>()));
        forks.add(new CodeScript.Fork(e.seq(), process, e.endpoint(), p.pid(), true));
    }

    private Raw first(Event e, Payload.Call c, String previous) {
        Map<Integer, Life> mine = open.computeIfAbsent(e.endpoint(), k -> new HashMap<>());
        String after = previous != null && !previous.equals(e.endpoint()) ? previous : null;
        if (c.is(SysCall.SOCKET)) return socketMade(e, c, mine, after);
        if (c.is(SysCall.SOCKETPAIR)) return pairMade(e, c, mine, after);
        if (c.is(SysCall.POLL) || c.is(SysCall.SELECT)) return watching(e, c, mine, after);
        // No socket: a signal's disposition, a lookup (its numeric service a program argument), a process call.
        Op.GetAddrInfo.port(c).ifPresent(port -> places.place(false, port, null));
        if (c.is(SysCall.SIGNAL) || c.is(SysCall.GETADDRINFO) || c.is(SysCall.FORK) || c.is(SysCall.WAITPID)
                || c.is(SysCall.SIGPROCMASK))
            return new Raw(e, c, null, null, false, after, null, List.of());
        if (c.is(SysCall.UNLINK)) {
            String path = c.arg(CallArg.PATH);
            if (path == null) return null;
            places.place(true, 0, path);
            return new Raw(e, c, null, null, false, after, null, List.of());
        }
        Life life = c.fd() == null ? null : mine.get(c.fd());
        if (life == null) return null; // a socket this journal does not show being made
        boolean nonBlocking = life.nonBlocking;
        Life made = null;
        switch (c.sysCall()) {
            case LISTEN -> {
                if (!c.failed()) {
                    life.listens = true;
                    life.backlog = intOf(c.arg(CallArg.BACKLOG), 128);
                }
            }
            case ACCEPT, ACCEPT4 -> {
                if (!c.failed()) {
                    made = new Life(e.endpoint(), life.domain, life.type, true);
                    made.nonBlocking = typeFlags(c.arg(CallArg.FLAGS)).contains("SOCK_NONBLOCK");
                    lives.add(made);
                    mine.put((int) c.result(), made);
                }
            }
            case FCNTL -> {
                if (!c.failed()) life.nonBlocking = "O_NONBLOCK".equals(c.arg(CallArg.ARG));
            }
            case CLOSE -> mine.remove(c.fd());
            case RECVFROM -> {
                if (!c.failed() && c.arg(CallArg.FROM) != null) life.lastFrom = c.arg(CallArg.FROM);
            }
            case SENDTO -> {
                // To whoever the last recvfrom() heard from: a reply. That address (often a port the sender's
                // kernel chose) is no argument of the program: it keeps what recvfrom() gave and answers there.
                String to = c.arg(CallArg.ADDR);
                if (to != null && to.equals(life.lastFrom))
                    return new Raw(e, c, life, null, nonBlocking, after, null, List.of(), true);
                places.addr(life.domain, to);
            }
            case BIND, CONNECT -> places.addr(life.domain, c.arg(CallArg.ADDR));
            case null, default -> {
            }
        }
        return new Raw(e, c, life, made, nonBlocking, after, null, List.of());
    }

    private Raw socketMade(Event e, Payload.Call c, Map<Integer, Life> mine, String after) {
        Optional<Domain> domain = enumOf(Domain.class, c.arg(CallArg.DOMAIN));
        Optional<SockType> type = sockType(c.arg(CallArg.TYPE));
        if (domain.isEmpty() || type.isEmpty()) return null;
        Life made = new Life(e.endpoint(), domain.get(), type.get(), false);
        made.nonBlocking = typeFlags(c.arg(CallArg.TYPE)).contains("SOCK_NONBLOCK");
        lives.add(made);
        if (!c.failed()) mine.put((int) c.result(), made);
        return new Raw(e, c, made, made, false, after, null, List.of());
    }

    private Raw pairMade(Event e, Payload.Call c, Map<Integer, Life> mine, String after) {
        Optional<Domain> domain = enumOf(Domain.class, c.arg(CallArg.DOMAIN));
        Optional<SockType> type = sockType(c.arg(CallArg.TYPE));
        if (domain.isEmpty() || type.isEmpty()) return null;
        Life one = new Life(e.endpoint(), domain.get(), type.get(), false), two = null;
        lives.add(one);
        List<Integer> fds = c.madeFds();
        if (fds.size() == 2) {
            two = new Life(e.endpoint(), domain.get(), type.get(), false);
            lives.add(two);
            mine.put(fds.get(0), one);
            mine.put(fds.get(1), two);
        }
        return new Raw(e, c, one, one, false, after, two, List.of());
    }

    /** poll() or select(): the sockets it watches, the first its own. */
    private Raw watching(Event e, Payload.Call c, Map<Integer, Life> mine, String after) {
        List<Life> watched = new ArrayList<>();
        // poll's fds=[{fd=3, ...}], select's readfds=[3 4]
        Matcher fd = c.is(SysCall.POLL)
                ? Pattern.compile("fd=(\\d+)").matcher(c.arg(CallArg.FDS, ""))
                : Pattern.compile("(\\d+)").matcher(c.arg(CallArg.READFDS, ""));
        while (fd.find()) {
            Life l = mine.get(Integer.parseInt(fd.group(1)));
            if (l == null) return null; // a socket this journal does not show being made
            watched.add(l);
        }
        if (watched.isEmpty()) return null;
        return new Raw(e, c, watched.getFirst(), null, watched.getFirst().nonBlocking, after, null, watched);
    }

    /** Names every socket by its role, numbering the second and later ones of a role in each program. */
    private void name() {
        Map<String, Integer> seen = new HashMap<>();
        for (Life l : lives) {
            int n = seen.merge(l.endpoint + "/" + l.role(), 1, Integer::sum);
            l.sock = new Op.Sock(n == 1 ? l.role() : l.role() + n, l.domain, l.type, l.listens, l.backlog,
                    l.accepted);
        }
    }
}
