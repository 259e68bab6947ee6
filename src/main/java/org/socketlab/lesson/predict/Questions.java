package org.socketlab.lesson.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.Step;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/**
 * The questions of a lesson in predict mode: the lesson file's own for the steps that have some, else one built from
 * what the step's call can really do on its socket as the lesson left it ({@link PossibleOutcomes}: its kind, whether
 * it is bound, listening, connected, non-blocking), the step's expected outcome among those. Every call is asked the
 * same way, and its options do not depend on which of them is right. A step that only makes a socket, sets a flag or
 * resets an endpoint asks nothing.
 */
public final class Questions {
    private Questions() {
    }

    /** Per step, in lesson order, the questions asked before it (often one, sometimes none). */
    public static List<List<Question>> of(Lesson lesson) {
        Map<String, PossibleOutcomes.Situation> sockets = new HashMap<>();
        Map<String, Set<String>> catching = new HashMap<>();
        List<List<Question>> all = new ArrayList<>();
        for (Step step : lesson.steps()) {
            List<Question> own = lesson.questions().get(step.number());
            // A step run together with the one before it is asked nothing: a person answering would delay it.
            // The return of a waiting call the step just before asked about (a signal, a child's exit) is not asked
            // again: it was that question's answer.
            boolean answered = step.kind() == Step.Kind.FINISH && lesson.questions().get(step.number() - 1) != null;
            if (lesson.toldAt(step.number()).together() || answered) all.add(List.of());
            else if (own != null) all.add(own);
            else {
                Question q = built(step, situationOf(step, sockets, catching));
                all.add(q == null ? List.of() : List.of(q));
            }
            follow(step, sockets);
            followSignals(step, catching);
        }
        return all;
    }

    /**
     * Which signals each endpoint catches with a handler installed without SA_RESTART (a {@code signal} step's handler
     * is its value: 2 is on_signal without it, see {@link Step}).
     */
    private static void followSignals(Step step, Map<String, Set<String>> catching) {
        if (!step.is(SysCall.SIGNAL) || step.data() == null || step.value() == null) return;
        Set<String> caught = catching.computeIfAbsent(step.endpoint(), e -> new HashSet<>());
        if (step.value() == CATCH_WITHOUT_RESTART) caught.add(step.data());
        else caught.remove(step.data());
    }

    /** A {@code signal} step's handler value for on_signal without SA_RESTART. */
    private static final int CATCH_WITHOUT_RESTART = 2;

    /** Per step, in lesson order, the situation of the socket it acts on before it (as the lesson expects it). */
    static List<PossibleOutcomes.Situation> situations(Lesson lesson) {
        Map<String, PossibleOutcomes.Situation> sockets = new HashMap<>();
        Map<String, Set<String>> catching = new HashMap<>();
        List<PossibleOutcomes.Situation> all = new ArrayList<>();
        for (Step step : lesson.steps()) {
            all.add(situationOf(step, sockets, catching));
            follow(step, sockets);
            followSignals(step, catching);
        }
        return all;
    }

    private static final PossibleOutcomes.Situation UNKNOWN = new PossibleOutcomes.Situation(
            PossibleOutcomes.Kind.TCP, PossibleOutcomes.Phase.FRESH, false);

    /** The situation of the socket the step acts on, before it; a call with MSG_DONTWAIT does not block either. */
    private static PossibleOutcomes.Situation situationOf(Step step, Map<String, PossibleOutcomes.Situation> sockets,
            Map<String, Set<String>> catching) {
        PossibleOutcomes.Situation s = step.socket() == null ? UNKNOWN : sockets.getOrDefault(step.socket(), UNKNOWN);
        s = s.interruptible(!catching.getOrDefault(step.endpoint(), Set.of()).isEmpty());
        return step.flags().contains(MsgFlag.MSG_DONTWAIT) ? with(s, s.phase(), true) : s;
    }

    /** Where each named socket stands after the step, as the lesson expects it (the questions are built before the run). */
    private static void follow(Step step, Map<String, PossibleOutcomes.Situation> sockets) {
        if (step.kind() == Step.Kind.RESET || step.kind() == Step.Kind.NETWORK || step.kind() == Step.Kind.HAND_OVER
                || step.kind() == Step.Kind.KILL || step.kind() == Step.Kind.FORK || step.kind() == Step.Kind.EXIT)
            return;
        String call = step.call();
        PossibleOutcomes.Situation s = step.socket() == null ? null : sockets.get(step.socket());
        Expect.Result r = step.expect().result();
        boolean ok = r instanceof Expect.Result.AnyFd || r instanceof Expect.Result.Exact x && x.value() >= 0
                || r instanceof Expect.Result.Between;
        String errno = r instanceof Expect.Result.Exact x && x.value() == -1 ? x.errno() : null;
        switch (SysCall.named(call)) {
            case SOCKET -> {
                if (step.as() != null)
                    sockets.put(step.as(), new PossibleOutcomes.Situation(kindOf(step.domain(), step.type()),
                            PossibleOutcomes.Phase.FRESH, false));
            }
            case SOCKETPAIR -> {
                for (String name : step.sockets())
                    sockets.put(name, new PossibleOutcomes.Situation(kindOf(Domain.AF_UNIX, step.type()),
                            PossibleOutcomes.Phase.CONNECTED, false));
            }
            case BIND -> {
                if (s != null && ok && s.phase() == PossibleOutcomes.Phase.FRESH)
                    sockets.put(step.socket(), with(s, PossibleOutcomes.Phase.BOUND, s.nonBlocking()));
            }
            case LISTEN -> {
                if (s != null && ok)
                    sockets.put(step.socket(), with(s, PossibleOutcomes.Phase.LISTENING, s.nonBlocking()));
            }
            case CONNECT -> {
                if (s == null) return;
                Errno failed = Errno.named(errno);
                PossibleOutcomes.Phase next = ok || step.kind() == Step.Kind.START || failed == Errno.EISCONN
                        ? PossibleOutcomes.Phase.CONNECTED
                        : failed != null && failed.connectUnderway()
                                ? PossibleOutcomes.Phase.CONNECTING
                                : s.kind() == PossibleOutcomes.Kind.TCP
                                        ? PossibleOutcomes.Phase.CONNECT_FAILED
                                        : s.phase();
                sockets.put(step.socket(), with(s, next, s.nonBlocking()));
            }
            case ACCEPT -> {
                if (s != null && step.as() != null)
                    sockets.put(step.as(), new PossibleOutcomes.Situation(s.kind(), PossibleOutcomes.Phase.CONNECTED,
                            false)); // Linux's accept() does not pass O_NONBLOCK on
            }
            case SETSOCKOPT -> {
                if (s != null && ok && step.option() != null && step.option().isTimeout()) {
                    boolean on = step.value() != null && step.value() > 0;
                    boolean recv = step.option() == SocketOption.SO_RCVTIMEO;
                    sockets.put(step.socket(), new PossibleOutcomes.Situation(s.kind(), s.phase(), s.nonBlocking(),
                            recv ? on : s.recvTimeout(), recv ? s.sendTimeout() : on));
                }
            }
            case FCNTL -> {
                if (s != null && step.nonBlocking() != null)
                    sockets.put(step.socket(), with(s, s.phase(), step.nonBlocking()));
            }
            case SHUTDOWN -> {
                if (s != null && ok && step.how() != ShutdownHow.SHUT_RD
                        && s.phase() == PossibleOutcomes.Phase.CONNECTED)
                    sockets.put(step.socket(), with(s, PossibleOutcomes.Phase.SENDING_SHUT, s.nonBlocking()));
            }
            case CLOSE -> {
                if (ok && step.socket() != null) sockets.remove(step.socket());
            }
            case null, default -> {
            }
        }
    }

    private static PossibleOutcomes.Situation with(PossibleOutcomes.Situation s, PossibleOutcomes.Phase phase,
            boolean nonBlocking) {
        return new PossibleOutcomes.Situation(s.kind(), phase, nonBlocking, s.recvTimeout(), s.sendTimeout());
    }

    static PossibleOutcomes.Kind kindOf(@Nullable Domain domain, @Nullable SockType type) {
        if (type == SockType.SOCK_SEQPACKET) return PossibleOutcomes.Kind.LOCAL_STREAM;
        if (type != SockType.SOCK_STREAM) return PossibleOutcomes.Kind.DATAGRAM;
        return domain == Domain.AF_UNIX ? PossibleOutcomes.Kind.LOCAL_STREAM : PossibleOutcomes.Kind.TCP;
    }

    /** The question built for one step on a socket in {@code s}, or null when it asks nothing. */
    static @Nullable Question built(Step step, PossibleOutcomes.Situation s) {
        if (step.kind() == Step.Kind.RESET || step.kind() == Step.Kind.NETWORK || step.kind() == Step.Kind.HAND_OVER
                || step.kind() == Step.Kind.KILL || step.kind() == Step.Kind.FORK || step.kind() == Step.Kind.EXIT
                || step.is(SysCall.WAITPID))
            return null;
        // A call its process dies inside returns nothing the journal could hold an answer against: the lesson file's
        // own questions ask about it.
        if (step.expect().result() instanceof Expect.Result.Killed) return null;
        String call = step.call();
        if (SysCall.SHUTDOWN.is(call) && !step.expect().states().isEmpty()) return state(step);
        return switch (PossibleOutcomes.asks(call, s)) {
            case NOTHING -> null;
            case WIRE -> wire(step.number(), call, s);
            case RESULT -> result(step, s);
        };
    }

    /**
     * The question asked before a call the student makes in the free lab (no lesson, so no expectation): the options
     * are what that call can do on the socket as it stands now ({@link PossibleOutcomes}). Null when the call asks
     * nothing (socket, fcntl, getsockopt, the close of a socket on no wire).
     *
     * @param number the question's number in the session (1, 2, ...), journaled as its {@code step}
     */
    public static @Nullable Question forCall(int number, Request request, CallSituation situation) {
        PossibleOutcomes.Situation s = situation.outcomes();
        if (request instanceof Request.Recv r && r.flags().contains(MsgFlag.MSG_DONTWAIT)
                || request instanceof Request.RecvFrom f && f.flags().contains(MsgFlag.MSG_DONTWAIT)
                || request instanceof Request.Send d && d.flags().contains(MsgFlag.MSG_DONTWAIT)
                || request instanceof Request.SendTo t && t.flags().contains(MsgFlag.MSG_DONTWAIT))
            s = with(s, s.phase(), true);
        String call = request.call();
        int watched = request instanceof Request.Poll p
                ? p.fds().size()
                : request instanceof Request.Select sel ? sel.fds().size() : 0;
        return switch (PossibleOutcomes.asks(call, s)) {
            case NOTHING -> null;
            case WIRE -> wire(number, call, s);
            case RESULT -> {
                List<Option> row = PossibleOutcomes.row(call, s, watched);
                yield row.size() < 2
                        ? null
                        : new Question(number, Question.Topic.RESULT, prompt(call), shuffled(row, number), null, null,
                                null);
            }
        };
    }

    /** Every call is asked the same way, whether it returns at once or waits: the prompt never tells which. */
    private static Wording prompt(String call) {
        return Wording.Key.of("predict.prompt.result", call);
    }

    /**
     * "connect() is called now. What happens?": the options are what connect() can do on that socket in that state, the
     * lesson's expected outcome among them in its own words (a byte count as a number); the same options whichever is
     * right.
     */
    private static @Nullable Question result(Step step, PossibleOutcomes.Situation s) {
        String call = step.call();
        List<Option> row = new ArrayList<>(PossibleOutcomes.row(call, s, step.sockets().size()));
        List<Claim> expected = new ArrayList<>();
        if (step.kind() == Step.Kind.START) expected.add(new Claim.Blocks());
        else
            if (step.expect().result() instanceof Expect.Result.None)
                step.expect().oneOf().forEach(o -> expected.add(new Claim.Returns(o.result())));
            else
                expected.add(new Claim.Returns(step.expect().result()));
        Set<Integer> placed = new HashSet<>();
        for (Claim e : expected) {
            int at = placeOf(row, e, placed);
            Option said = e instanceof Claim.Returns r ? PossibleOutcomes.option(r.result()) : null;
            if (at >= 0) {
                if (said != null && !(claimOf(row.get(at)).text().equals(e.text()))) row.set(at, said);
                placed.add(at);
                continue;
            }
            // An outcome the table does not hold for this call here (QuestionsTableTest keeps the shipped lessons
            // free of it): it takes the place of the last distractor.
            for (int i = row.size() - 1; i >= 0; i--)
                if (!placed.contains(i)) {
                    row.set(i, said != null ? said : PossibleOutcomes.waits(call));
                    placed.add(i);
                    break;
                }
            if (row.isEmpty() && said != null) row.add(said);
        }
        if (distinct(row).size() < 2) return null;
        Claim one = expected.size() == 1 ? expected.getFirst() : null;
        // A finish step makes no call: it asks what the call already waiting returns, never "is called now".
        Wording prompt = step.kind() == Step.Kind.FINISH ? Wording.Key.of("predict.prompt.finish", call) : prompt(call);
        return new Question(step.number(), Question.Topic.RESULT, prompt, shuffled(distinct(row), step.number()), null,
                one, null);
    }

    /**
     * Where the expected outcome sits in the row: the same claim, or the row's byte count for an exact count or a
     * range of them; -1 when the row does not hold it.
     */
    static int placeOf(List<Option> row, Claim expected, Set<Integer> taken) {
        for (int i = 0; i < row.size(); i++)
            if (!taken.contains(i) && claimOf(row.get(i)).text().equals(expected.text())) return i;
        boolean count = expected instanceof Claim.Returns r
                && (r.result() instanceof Expect.Result.Exact x && x.value() > 0
                        || r.result() instanceof Expect.Result.Between);
        if (count)
            for (int i = 0; i < row.size(); i++)
                if (!taken.contains(i) && row.get(i).claim() instanceof Claim.Returns rr
                        && rr.result() instanceof Expect.Result.Between)
                    return i;
        return -1;
    }

    /** close() or shutdown() of a TCP socket: what it can put on the wire from the state it is in. */
    private static Question wire(int number, String call, PossibleOutcomes.Situation s) {
        List<Option> options = new ArrayList<>();
        for (WireKind k : PossibleOutcomes.wire(call, s))
            options.add(new Option(Wording.Key.of("predict.wire." + k.name()), new Claim.Wire(k)));
        return new Question(number, Question.Topic.WIRE, Wording.Key.of("predict.prompt.wire", call),
                shuffled(options, number), null, null, null);
    }

    /** shutdown() with a state the lesson expects: which state will that socket be in? */
    private static Question state(Step step) {
        // The socket the call acts on, when the lesson expects its state: the one the student has in mind.
        Map.Entry<String, SocketState> first = step.expect().states().containsKey(step.socket())
                ? Map.entry(step.socket(), step.expect().states().get(step.socket()))
                : new TreeMap<>(step.expect().states()).firstEntry();
        String socket = first.getKey();
        List<Option> options = new ArrayList<>();
        options.add(stateOption(socket, first.getValue()));
        for (SocketState s : List.of(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSED, TcpState.TIME_WAIT,
                TcpState.ESTABLISHED))
            if (options.size() < Question.MAX_OPTIONS && !s.equals(first.getValue()))
                options.add(stateOption(socket, s));
        return new Question(step.number(), Question.Topic.STATE,
                Wording.Key.of("predict.prompt.state", step.call(), socket),
                shuffled(options, step.number()), null, new Claim.State(socket, first.getValue()), null);
    }

    private static Option stateOption(String socket, SocketState state) {
        return new Option(Wording.Key.of("predict.option.state", state.journalName()), new Claim.State(socket, state));
    }

    /** The claim of an option made here: each has one (only a lesson file's own questions have none). */
    private static Claim claimOf(Option o) {
        return Objects.requireNonNull(o.claim());
    }

    /** Options that claim the same thing once, the first (the expected one) kept; at most four. */
    private static List<Option> distinct(List<Option> options) {
        Map<String, Option> byClaim = new LinkedHashMap<>();
        for (Option o : options) byClaim.putIfAbsent(claimOf(o).text(), o);
        return byClaim.values().stream().limit(Question.MAX_OPTIONS).toList();
    }

    /** The same order for the same step every time, but the expected answer is not always first. */
    private static List<Option> shuffled(List<Option> options, int seed) {
        List<Option> rotated = new ArrayList<>(options);
        Collections.rotate(rotated, seed % options.size());
        return rotated;
    }
}
