package org.socketlab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
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

    Evidence(CheckFile check, List<Event> events, LabResult lab, Judge.Outcome outcome) {
        this.check = check;
        this.events = events;
        this.lab = lab;
        this.outcome = outcome;
        for (Event e : events) if (e.endpoint().startsWith(ROOT) && e.payload() instanceof Payload.Call) calls.add(e);
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

    List<Event> root() {
        return calls.stream().filter(e -> e.endpoint().equals(ROOT)).toList();
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
            if (c.is(SysCall::accepts) && c.args().getOrDefault("peer", "").endsWith(peer)) return e;
            if (c.is(SysCall.RECVFROM) && c.args().getOrDefault("from", "").endsWith(peer)) return e;
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
