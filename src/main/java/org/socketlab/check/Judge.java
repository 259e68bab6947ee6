package org.socketlab.check;

import static org.socketlab.check.Evidence.call;
import static org.socketlab.check.Evidence.fail;
import static org.socketlab.check.Evidence.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.SysCall;

/**
 * Judges each rule of a check file from the evidence of one run: the journal of the program's real calls (its main
 * process is the endpoint {@code program}, its other processes and threads {@code program-PID}), what the lab's
 * sockets saw ({@link LabResult}), and how the program ended ({@link Outcome}). Every verdict points at the journal
 * event that shows it when there is one.
 */
final class Judge {
    /**
     * How the run ended: whether the program started at all; its exit code when it ended by itself (null when
     * SocketLab stopped it, a server's normal end); whether its time limit ran out; the sockets its main process still
     * had open when the plays were over, each fd with its socket's inode (null when unknown: it had already ended, or
     * its descriptor table cannot be read); and when SocketLab began to stop it, on the journal's clock ({@code
     * stoppedAtNs}, 0 when it did not: it ended by itself, or is a client): what a server does after the check's
     * SIGTERM (close its listener, return 0) is its clean shutdown.
     */
    record Outcome(boolean started, @Nullable Integer exitCode, boolean timedOut,
            @Nullable Map<Integer, Long> socketsAtEnd, boolean endedDuringPlays, int port,
            @Nullable List<Child> childrenAtEnd, long stoppedAtNs) {
        Outcome(boolean started, @Nullable Integer exitCode, boolean timedOut,
                @Nullable Map<Integer, Long> socketsAtEnd,
                boolean endedDuringPlays) {
            this(started, exitCode, timedOut, socketsAtEnd, endedDuringPlays, 0, null);
        }

        Outcome(boolean started, @Nullable Integer exitCode, boolean timedOut,
                @Nullable Map<Integer, Long> socketsAtEnd, boolean endedDuringPlays, int port,
                @Nullable List<Child> childrenAtEnd) {
            this(started, exitCode, timedOut, socketsAtEnd, endedDuringPlays, port, childrenAtEnd, 0);
        }

        /** Whether {@code e} happened after SocketLab began to stop the program (its SIGTERM). */
        boolean afterStop(Event e) {
            return stoppedAtNs > 0 && e.atNs() >= stoppedAtNs;
        }

        /** The signal that ended the program (strace exits with 128 + N when it dies of signal N), else 0. */
        int signal() {
            return exitCode != null && exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0;
        }
    }

    /** A process the server forked, still there after its last client left: waiting for nothing, or a zombie. */
    record Child(int pid, boolean zombie) {
    }

    /** The reasons that name the signal a program died of. */
    private static final Set<String> KILLED_KEYS = Set.of("check.why.pattern.killed", "check.why.accepted.killed",
            "check.why.listener.killed", "check.why.reset.signal", "check.why.reset.endedBefore",
            "check.why.exit.signal", "check.why.echo.killed");
    /**
     * The reasons whose cause is outside the rule's advice: the program never started, listens on a port of its own, or
     * ended by itself (its code or its signal said); "do not close the listener inside the loop" would send the student
     * after a loop that did nothing wrong.
     */
    /** The reasons a server's run cut by the check's time limit gives of itself: its clients cut, its end. */
    private static final Set<String> CUT_BY_LIMIT = Set.of("check.why.listener.exited", "check.why.listener.killed",
            "check.why.listener.ended", "check.why.echo.differs", "check.why.echo.nothing", "check.why.echo.ended",
            "check.why.echo.killed", "check.why.reset.signal", "check.why.reset.exited", "check.why.reset.died",
            "check.why.reset.endedBefore", "check.why.reset.notServed", "check.why.concurrent.not",
            "check.why.concurrent.notUdp", "check.why.pattern.killed", "check.why.accepted.killed");
    static final Set<String> OWN_ADVICE = Set.of("check.why.notStarted", "check.why.port.wrong",
            "check.why.listener.exited", "check.why.listener.killed", "check.why.listener.ended",
            "check.why.reset.endedBefore", "check.why.echo.ended", "check.why.echo.killed");
    private final Evidence run;
    private final SocketRules sockets;
    private final ExchangeRules exchange;

    Judge(CheckFile check, List<Event> events, LabResult lab, Outcome outcome) {
        this.run = new Evidence(check, events, lab, outcome);
        this.sockets = new SocketRules(run);
        this.exchange = new ExchangeRules(run);
    }

    List<Verdict> verdicts() {
        List<Verdict> out = new ArrayList<>();
        for (CheckFile.RuleEntry entry : run.check.rules()) {
            Verdict v = judge(entry.rule());
            // A cause outside every rule (never started, a hard-coded port) is told with its own advice: a rule's hint
            // about closing or echoing would send the student after the wrong thing.
            boolean ownAdvice = OWN_ADVICE.contains(v.key());
            // A program still at work when the check's time limit ran out was stopped by SocketLab, not by its own
            // bug: "killed by signal 9", or SIGTERM with a hint about SIGPIPE, would send the student after a crash or
            // a signal handler that never failed. A server's run cut by the limit also leaves its clients cut: what
            // they missed, and the end the limit made, is the check's doing.
            if (!v.passed() && run.outcome.timedOut() && (run.outcome.signal() > 0 && KILLED_KEYS.contains(v.key())
                    || run.check.role() == CheckFile.Role.SERVER && CUT_BY_LIMIT.contains(v.key()))) {
                v = fail(v.rule(), "check.why.timeLimit", v.seq(), run.check.limits().seconds());
                ownAdvice = true;
            }
            out.add(new Verdict(v.rule(), v.passed(), v.key(), v.args(), v.seq(), ownAdvice ? null : entry.hint(),
                    entry.weight()));
        }
        return out;
    }

    /**
     * Every verdict failed with one reason ({@code key}, {@code args}) that overrules the evidence: the room ended the
     * program (over its memory), or the record of its calls is not whole (a line the program made too long to read).
     * Each keeps its rule, hint and weight.
     */
    static List<Verdict> overruled(List<Verdict> verdicts, String key, List<String> args) {
        return verdicts.stream().map(v -> new Verdict(v.rule(), false, key, args, null, v.hint(), v.weight())).toList();
    }

    private Verdict judge(Rule rule) {
        if (!run.outcome.started()) {
            Event bound = wrongPort();
            if (bound != null) return wrongPortVerdict(rule, bound);
            return fail(rule, "check.why.notStarted", run.lastSeq(), run.exitText());
        }
        if (rule != Rule.PATTERN && run.check.role() == CheckFile.Role.SERVER) {
            // Every client is refused when the program listens elsewhere: that, not "accepted no connection", is why.
            Event bound = wrongPort();
            if (bound != null) return wrongPortVerdict(rule, bound);
        }
        return switch (rule) {
            case PATTERN -> pattern();
            case ACCEPTED_CLOSED -> sockets.acceptedClosed();
            case NO_FD_AT_EXIT -> sockets.noFdAtExit();
            case LISTENER_OPEN -> sockets.listenerOpen();
            case ECHO -> exchange.echo();
            case SHORT_SEND -> exchange.shortSend();
            case SURVIVES_RESET -> exchange.survivesReset();
            case CONCURRENT -> exchange.concurrent();
            case EXIT_ZERO -> exchange.exitZero();
            case WHOLE_REPLY -> exchange.wholeReply();
            case TIMEOUT_RETRY -> exchange.timeoutRetry();
            case CHILDREN_EXIT -> sockets.childrenExit();
            case CHILD_PATTERN -> sockets.childPattern();
        };
    }

    /** The program's first bind to a port other than the one it was given (a server's hard-coded port), or null. */
    private @Nullable Event wrongPort() {
        if (run.outcome.port() <= 0) return null;
        for (Event e : run.calls) {
            Payload.Call c = call(e);
            if (!c.is(SysCall.BIND) || c.failed()) continue;
            int port = c.port(CallArg.ADDR);
            if (port > 0 && port != run.outcome.port()) return e;
        }
        return null;
    }

    private Verdict wrongPortVerdict(Rule rule, Event bound) {
        return fail(rule, "check.why.port.wrong", bound.seq(), call(bound).port(CallArg.ADDR),
                run.outcome.port());
    }

    private Verdict pattern() {
        // Every process and thread of the program, in the order the calls happened, and only the calls the pattern
        // names: a poll loop, a thread per client or socketserver reach the same calls in their own way. A process that
        // ended holding sockets closed them by its end (the kernel closes an exiting process's descriptors).
        CallPattern p = run.check.pattern();
        List<Evidence.Step> steps = run.steps(run.processes()).stream().filter(s -> p.names(s.name())).toList();
        List<String> names = steps.stream().map(Evidence.Step::name).toList();
        int bad = p.firstMismatch(names);
        long byExit = steps.stream().filter(Evidence.Step::byExit).count();
        if (bad < 0)
            return byExit == 0
                    ? pass(Rule.PATTERN, "check.why.pattern.ok", null, names.size())
                    : pass(Rule.PATTERN, "check.why.pattern.okByExit", null, names.size() - byExit, byExit);
        if (bad >= names.size() && run.outcome.signal() > 0) // cut short by its death, not by its design
            return fail(Rule.PATTERN, "check.why.pattern.killed", run.lastCallSeq(), run.outcome.signal(),
                    run.signalName(), p.source());
        if (bad >= names.size()) {
            if (steps.isEmpty()) return fail(Rule.PATTERN, "check.why.pattern.none", run.lastSeq(), p.source());
            Event last = steps.getLast().event();
            return fail(Rule.PATTERN, "check.why.pattern.tooShort", last.seq(), p.source(), shown(call(last)));
        }
        Evidence.Step off = steps.get(bad);
        return fail(Rule.PATTERN, "check.why.pattern.unexpected", off.event().seq(), off.name(), p.source(),
                off.byExit() ? "exit()" : shown(call(off.event())));
    }

    /** A call as a reason quotes it: its name, its socket and what it returned ({@code read(4) = 0}). */
    static String shown(Payload.Call c) {
        String fd = c.fd() == null ? "" : String.valueOf(c.fd());
        return c.call() + "(" + fd + ") = " + (c.failed() ? "-1 " + c.errnoName() : String.valueOf(c.result()));
    }
}
