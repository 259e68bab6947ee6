package org.socketlab.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.journal.ThreadEndpoints;
import org.socketlab.syscall.SysCall;

/**
 * The evidence of one checked run that every rule reads (the check file, the journal of the program's real calls, what
 * the lab's sockets saw, how the program ended), and the lookups the rules share: where a verdict points in the
 * journal.
 */
final class Evidence {
    static final String ROOT = "program";
    /** The names of the signals a student's program dies of, by number on Linux. */
    static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(4, "SIGILL"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
            Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"));

    final CheckFile check;
    final List<Event> events;
    final LabResult lab;
    final Judge.Outcome outcome;
    /** The program's calls, with their seq and endpoint. */
    final List<Event> calls = new ArrayList<>();
    /** Each forked process of the program (its endpoint) and its fork: the descriptors it inherited. */
    private final Map<String, Payload.Process> forks = new HashMap<>();
    /** The process (its endpoint) each endpoint's calls were made in: itself, or for a thread the process it is in. */
    private final Map<String, String> processOf = new HashMap<>();
    /**
     * The process that made the program's first socket call, with its threads: the program as the rules judge it. A
     * shell or launcher in front of it ({@code sh run.sh}, a wrapper that forks the client) makes no socket call and
     * is transparent; a JVM's calls are made on a thread that is not its first.
     */
    final String main;
    /**
     * Which socket each number of each process names: {@link SocketIdentities} fed the program's calls and process
     * events with each thread's renamed to its process's (threads share one descriptor table; only processes' ends are
     * journaled, so no thread's end closes its process's numbers).
     */
    private final SocketIdentities sockets = SocketIdentities.fromAnywhere();
    /**
     * The sockets that are a program's own plumbing, not its network: a socketpair's two ends, a Unix or netlink socket
     * (socat's and asyncio's wake-up pairs, the C library's name lookups). Where the record names no socket (strace
     * could not name a Unix socket made in a room of its own) the number still says which socket a call is on.
     */
    private final Set<SocketIdentities.Socket> plumbing = Collections.newSetFromMap(new IdentityHashMap<>());

    Evidence(CheckFile check, List<Event> events, LabResult lab, Judge.Outcome outcome) {
        this.check = check;
        this.events = events;
        this.lab = lab;
        this.outcome = outcome;
        Map<String, Long> forkSeq = new HashMap<>();
        for (Event e : events) {
            if (!e.endpoint().startsWith(ROOT)) continue;
            if (e.payload() instanceof Payload.Call) calls.add(e);
            if (e.payload() instanceof Payload.Process p && Payload.Process.FORKED.equals(p.event())
                    && !forks.containsKey(e.endpoint())) {
                forks.put(e.endpoint(), p);
                forkSeq.put(e.endpoint(), e.seq());
            }
        }
        for (Event e : calls) processOf.computeIfAbsent(e.endpoint(), t -> processOfThread(t, e.seq(), forkSeq));
        for (Event e : events) {
            boolean holding = e.payload() instanceof Payload.Call || e.payload() instanceof Payload.Process;
            if (!e.endpoint().startsWith(ROOT) || !holding) continue; // the kernel's readings change no table
            try {
                sockets.append(inItsProcess(e));
            } catch (RuntimeException unreadable) {
                // arguments this reader cannot take apart (socketpair's sv): no descriptor made that it knows of
            }
        }
        for (Event e : calls) {
            Payload.Call c = call(e);
            String domain = c.arg(CallArg.DOMAIN, "");
            if (c.failed() || !(c.is(SysCall.SOCKETPAIR) || c.is(SysCall.SOCKET) && LOCAL_DOMAINS.contains(domain)))
                continue;
            for (int fd : madeFds(c)) {
                SocketIdentities.Socket made = sockets.made(inItsProcess(e), fd);
                if (made != null) plumbing.add(made);
            }
        }
        main = calls.isEmpty() ? ROOT : process(calls.getFirst());
    }

    private static final Set<String> LOCAL_DOMAINS = Set.of("AF_UNIX", "AF_LOCAL", "AF_NETLINK");

    /** The event as its process's: a thread's calls are made on its process's descriptor table. */
    private Event inItsProcess(Event e) {
        String process = process(e);
        return process.equals(e.endpoint()) ? e : new Event(e.seq(), e.atNs(), process, e.payload());
    }

    /** The socket the call {@code e} is on, in its process ({@link #sockets}); null when it names none. */
    SocketIdentities.@Nullable Socket socketOf(Event e) {
        return call(e).fd() == null ? null : sockets.socketOf(inItsProcess(e));
    }

    /** The socket the call {@code e} made as {@code fd}, in its process; null if none. */
    SocketIdentities.@Nullable Socket made(Event e, int fd) {
        return sockets.made(inItsProcess(e), fd);
    }

    /** The numbers {@code process} held just after event {@code seq}, each with its socket, by number. */
    SortedMap<Integer, SocketIdentities.Socket> heldAfter(String process, long seq) {
        return sockets.heldAt(process, seq + 1);
    }

    /** The descriptors a call made; none where its arguments cannot be taken apart. */
    private static List<Integer> madeFds(Payload.Call c) {
        try {
            return c.madeFds();
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /**
     * Whether the program made any call on a network socket (not only its plumbing: a JVM's or the C library's lookups
     * through nscd's Unix socket come before the program's own code runs).
     */
    static boolean anyNetworkCall(List<Event> events) {
        Set<Long> local = new HashSet<>();
        for (Event e : events) {
            if (!e.endpoint().startsWith(ROOT) || !(e.payload() instanceof Payload.Call c)) continue;
            if (c.is(SysCall.SOCKETPAIR)
                    || c.is(SysCall.SOCKET) && LOCAL_DOMAINS.contains(c.arg(CallArg.DOMAIN, ""))) {
                local.addAll(c.madeInodes());
                continue;
            }
            if (c.inode() == null || !local.contains(c.inode())) return true;
        }
        return false;
    }

    /**
     * Whether the call {@code e} is on (or makes) one of the program's plumbing sockets ({@link #plumbing}): a pattern
     * about network sockets does not read it. A call on a socket the journal never showed made counts as a network one.
     */
    boolean onPlumbing(Event e) {
        Payload.Call c = call(e);
        if (c.is(SysCall.SOCKETPAIR)) return true;
        if (c.is(SysCall.SOCKET)) return LOCAL_DOMAINS.contains(c.arg(CallArg.DOMAIN, ""));
        SocketIdentities.Socket on = socketOf(e);
        return on != null && plumbing.contains(on);
    }

    /**
     * The process a thread's calls are in. strace names a thread by its own id and the journal says nothing of its
     * creation (it shares its creator's descriptors: no fork event): the program's first process or a forked one that
     * existed when the thread made its first call, the one with the highest pid below the thread's (the kernel gives
     * ids in increasing order, so a thread's creator is the latest process started before it).
     */
    private String processOfThread(String endpoint, long firstSeq, Map<String, Long> forkSeq) {
        if (endpoint.equals(ROOT) || forks.containsKey(endpoint)) return endpoint;
        var thread = ThreadEndpoints.of(endpoint); // a thread the journal named (issue 79)
        if (thread.isPresent()) {
            for (var f : forks.entrySet()) if (f.getValue().pid() == thread.get().pid()) return f.getKey();
            return ROOT;
        }
        int pid = pidOf(endpoint);
        String best = ROOT;
        int bestPid = -1;
        for (var f : forkSeq.entrySet()) {
            int p = pidOf(f.getKey());
            if (p < pid && p > bestPid && f.getValue() < firstSeq) {
                best = f.getKey();
                bestPid = p;
            }
        }
        return best;
    }

    /** The pid in an endpoint's name ({@code program-PID}), else -1 (the program's first process). */
    static int pidOf(String endpoint) {
        try {
            return endpoint.startsWith(ROOT + "-") ? Integer.parseInt(endpoint.substring(ROOT.length() + 1)) : -1;
        } catch (NumberFormatException notAPid) {
            return -1;
        }
    }

    /** The process (its endpoint name) that made this event's call: a thread's is the process it belongs to. */
    String process(Event e) {
        return processOf.getOrDefault(e.endpoint(), e.endpoint());
    }

    /** Whether {@code process} was forked by the program (not its first process, not a thread). */
    boolean forked(String process) {
        return forks.containsKey(process);
    }

    /**
     * The sockets the kernel's table showed the main process holding at the end, when that table is the one read:
     * SocketLab reads its first process's, which is the main one unless a shell or launcher started it (then null:
     * judged from the journal).
     */
    @Nullable
    Map<Integer, Long> socketsAtEnd() {
        return main.equals(ROOT) ? outcome.socketsAtEnd() : null;
    }

    /**
     * One step of the calls a pattern reads: a call, or a close the kernel made when the process holding that socket
     * ended ({@code byExit}: a child that ends with exit(0) after its last read has its connection closed all the same,
     * as the textbooks' forking servers do). {@code event} is the call, or the process's last call for a close by exit.
     */
    record Step(String name, Event event, boolean byExit) {
    }

    /**
     * The calls of {@code processes} (each with its threads) in the order they happened, each process's end followed by
     * a close for every socket it still held, when it ended before the run did.
     */
    List<Step> steps(Collection<String> processes) {
        Map<String, Integer> lastCall = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            String p = process(calls.get(i));
            if (processes.contains(p)) lastCall.put(p, i);
        }
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Event e = calls.get(i);
            String p = process(e);
            if (!processes.contains(p)) continue;
            Payload.Call c = call(e);
            if (!onPlumbing(e)) out.add(new Step(c.call(), e, false));
            // What it held just after its last call (made, inherited, or used: a number its calls named).
            if (Integer.valueOf(i).equals(lastCall.get(p)) && ended(p))
                for (SocketIdentities.Socket held : heldAfter(p, e.seq()).values())
                    if (!plumbing.contains(held)) out.add(new Step(SysCall.CLOSE.journalName, e, true));
        }
        return out;
    }

    /**
     * Whether {@code process} ended by itself before the run did (so the kernel closed what it held): the program's
     * first process when it ended with an exit code or a signal before its time limit; a forked one when it is not among the processes still
     * running at the end (a zombie has ended), or every process when the program ended.
     */
    boolean ended(String process) {
        // Ended by its time limit: SocketLab's kill closed what it held, not the program.
        if (process.equals(ROOT) || outcome.childrenAtEnd() == null)
            return outcome.exitCode() != null && !outcome.timedOut();
        int pid = pidOf(process);
        return outcome.childrenAtEnd().stream().noneMatch(c -> c.pid() == pid && !c.zombie());
    }

    /** Every process of the program (each endpoint a forked process, or the first), in the order they first called. */
    Set<String> processes() {
        Set<String> all = new LinkedHashSet<>();
        for (Event e : calls) all.add(process(e));
        return all;
    }

    static Verdict pass(Rule rule, String key, @Nullable Long seq, Object... args) {
        return new Verdict(rule, true, key, strings(args), seq, null);
    }

    static Verdict fail(Rule rule, String key, @Nullable Long seq, Object... args) {
        return new Verdict(rule, false, key, strings(args), seq, null);
    }

    static List<String> strings(Object... args) {
        List<String> s = new ArrayList<>();
        for (Object a : args) s.add(String.valueOf(a));
        return s;
    }

    static Payload.Call call(Event e) {
        return (Payload.Call) e.payload();
    }

    /** The calls of the main process ({@link #main}), every thread of it. */
    List<Event> root() {
        return calls.stream().filter(e -> process(e).equals(main)).toList();
    }

    @Nullable
    Long lastSeq() {
        return events.stream().filter(e -> e.endpoint().startsWith(ROOT)).reduce((a, b) -> b).map(Event::seq)
                .orElse(null);
    }

    /** The seq of the program's last call (its last act before it ended), else of its last event. */
    @Nullable
    Long lastCallSeq() {
        // Long.valueOf: with a bare long on one side, a null lastSeq() would be unboxed (a NullPointerException).
        return calls.isEmpty() ? lastSeq() : Long.valueOf(calls.getLast().seq());
    }

    /** The listening fd of the main process (its first successful listen), or null. */
    @Nullable
    Event listen() {
        return root().stream().filter(e -> call(e).is(SysCall.LISTEN) && !call(e).failed()).findFirst()
                .orElse(null);
    }

    String exitText() {
        return outcome.exitCode() == null ? "?" : String.valueOf(outcome.exitCode());
    }

    String signalName() {
        return SIGNALS.getOrDefault(outcome.signal(), "SIG" + outcome.signal());
    }

    /** The program's accept of the lab client with this local port (the accept's peer), or null. */
    @Nullable
    Event acceptOf(int localPort) {
        String peer = ":" + localPort;
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (c.is(SysCall::accepts) && c.arg(CallArg.PEER, "").endsWith(peer)) return e;
            if (c.is(SysCall.RECVFROM) && c.arg(CallArg.FROM, "").endsWith(peer)) return e;
        }
        return null;
    }

    /** The first accept (or recvfrom) of the program after {@code seq}: a peer's connection when no address shows. */
    @Nullable
    Event firstAcceptAfter(long seq) {
        for (Event e : calls) {
            Payload.Call c = call(e);
            if (e.seq() > seq && !c.failed() && (c.is(SysCall::accepts) || c.is(SysCall.RECVFROM)))
                return e;
        }
        return null;
    }

    @Nullable
    Long seqFor(LabResult.Client client) {
        Event e = client.localPort() == 0 ? null : acceptOf(client.localPort());
        if (e == null) e = firstAcceptAfter(client.afterSeq());
        return e != null ? Long.valueOf(e.seq()) : lastSeq(); // not unboxed: lastSeq() may be null
    }
}
