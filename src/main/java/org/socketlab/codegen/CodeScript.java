package org.socketlab.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.SysCall;

/**
 * A journal read as programs: every call each endpoint made, with its real arguments and what the kernel answered,
 * in journal order. Each endpoint's steps are one program; where the session turned from another endpoint to this
 * one, the step says so ({@link Step#after()}), so a program can wait there and a pair of programs can be run in
 * the lesson's order. Calls that were never made (a cancelled wait) are not in the journal as calls, so not here.
 *
 * @param places    the distinct ports and Unix paths the session named, in order of first use: the programs'
 *                  arguments, the same position in every program of the session
 * @param endpoints the endpoints in order of their first call
 * @param launchers per traced endpoint a launcher started (issue 79), the launcher's name: a shell that makes no socket
 *                  call, so no program of its own, said in a comment of each program it started
 */
public record CodeScript(List<Place> places, List<String> endpoints, List<Step> steps, List<Fork> forks,
        Map<String, Integer> unwritten, Map<String, String> launchers) {

    public CodeScript {
        places = List.copyOf(places);
        endpoints = List.copyOf(endpoints);
        steps = List.copyOf(steps);
        forks = List.copyOf(forks);
        unwritten = Collections.unmodifiableMap(new LinkedHashMap<>(unwritten));
        launchers = Map.copyOf(launchers);
    }

    public CodeScript(List<Place> places, List<String> endpoints, List<Step> steps, List<Fork> forks,
            Map<String, Integer> unwritten) {
        this(places, endpoints, steps, forks, unwritten, Map.of());
    }

    public CodeScript(List<Place> places, List<String> endpoints, List<Step> steps) {
        this(places, endpoints, steps, List.of(), Map.of());
    }

    /**
     * A traced program's fork: {@code child} (process {@code pid}) began as a copy of {@code parent} at event
     * {@code seq}; its calls are written inside its parent's program, in the branch the child takes. A {@code thread}
     * (issue 79) began there in {@code parent}'s process, sharing its sockets; its calls are the function it runs.
     */
    public record Fork(long seq, String parent, String child, int pid, boolean thread) {
        public Fork(long seq, String parent, String child, int pid) {
            this(seq, parent, child, pid, false);
        }
    }

    /**
     * A program argument: a port (for AF_INET and AF_INET6 addresses) or a Unix-domain path.
     *
     * @param var the variable that holds it in a program ({@code port}, {@code path}, {@code port2}...)
     */
    public record Place(int index, String var, boolean path, int port, String pathText) {
        /** The value the session used, as given on a command line. */
        public String value() {
            return path ? pathText : String.valueOf(port);
        }
    }

    /**
     * One call of one endpoint.
     *
     * @param nonBlocking the socket had O_NONBLOCK when the call was made
     * @param after       the endpoint whose call came just before this one, when it was another; else null
     * @param made        the journaled call itself
     */
    public record Step(long seq, String endpoint, Op op, long result, Integer errno, String errnoName,
            boolean nonBlocking,
            String after, Payload.Call made) {
        public boolean failed() {
            return result == -1;
        }
        public String call() {
            return Op.call(op);
        }
        /** The call as the journal writes it, strace-like (written when asked: a long session has thousands). */
        public String line() {
            return CallFormat.line(made);
        }
    }

    /**
     * The steps of one endpoint: its program. A child it forked ({@link #forks}) comes at the fork, between a step of
     * {@link Op.Child} that opens its branch and one that closes it, with its own steps (and its children) inside.
     */
    public List<Step> of(String endpoint) {
        List<Step> own = steps.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
        List<Fork> mine = forks.stream().filter(f -> f.parent().equals(endpoint)).toList();
        if (mine.isEmpty()) return own;
        List<Step> program = new ArrayList<>();
        int next = 0;
        for (Step s : own) {
            while (next < mine.size() && mine.get(next).seq() < s.seq()) branch(program, mine.get(next++));
            program.add(s);
        }
        while (next < mine.size()) branch(program, mine.get(next++));
        return program;
    }

    private void branch(List<Step> program, Fork f) {
        Payload.Call fork = new Payload.Call(SysCall.FORK.journalName, null, Map.of(), f.pid(), null, null, null, 0);
        program.add(new Step(f.seq(), f.parent(), new Op.Child(f.child(), f.pid(), true, f.thread()), f.pid(), null,
                null, false,
                null, fork));
        program.addAll(of(f.child()));
        program.add(new Step(-f.seq(), f.parent(), new Op.Child(f.child(), f.pid(), false, f.thread()), 0, null, null,
                false, null,
                fork));
    }

    /** Every call of the journal. */
    public static CodeScript of(List<Event> events) {
        return upTo(events, Long.MAX_VALUE);
    }

    /** The calls journaled up to and including {@code seq}: the session as it was at that moment. */
    public static CodeScript upTo(List<Event> events, long seq) {
        return new ScriptReader().read(events, seq);
    }
}
